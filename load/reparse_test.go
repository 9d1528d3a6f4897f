package load_test

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"testing"
	"time"

	"github.com/newsetl/newsetl/extract"
	"github.com/newsetl/newsetl/load"
	"github.com/newsetl/newsetl/load/loadtest"
	"github.com/newsetl/newsetl/record"
	"github.com/newsetl/newsetl/schedules"
	"github.com/newsetl/newsetl/transform"
)

// reparseBodies are press-release sentences in English and Chinese, each
// with several figures of which some are percentages.
var reparseBodies = []struct{ lang, text string }{
	{"en", "Retail sales rose 3.2 percent in October from a year earlier to 4.1 trillion yuan. Online sales of physical goods grew 8.6 percent, accounting for 26.5 percent of the total."},
	{"en", "The city added 12,300 new jobs in the third quarter. The unemployment rate fell to 5.1 percent, down 0.2 percentage points."},
	{"en", "More than 1,200 hospitals joined the programme in 2025, and 86 percent of counties now have a public clinic."},
	{"zh", "10月份，社会消费品零售总额41000亿元，同比增长3.2%。其中，实物商品网上零售额增长8.6%，占社会消费品零售总额的比重为26.5%。"},
	{"zh", "前三季度，全国城镇新增就业1100万人。9月份，全国城镇调查失业率为5.1%，比上月下降0.2个百分点。"},
	{"zh", "2025年全年粮食总产量69000万吨，比上年增长1.3%。"},
}

// oldParser stands for the parser before a change: it missed every percentage.
var oldParser = schedules.Parser{Version: "test-old", Parse: func(text string, opts transform.Options) []transform.Figure {
	var out []transform.Figure
	for _, f := range transform.Parse(text, opts) {
		if f.Kind != transform.KindPercent {
			out = append(out, f)
		}
	}
	return out
}}

// storeOldVersions writes n articles over two sources as ingest would
// have with oldParser, and returns them.
func storeOldVersions(t *testing.T, s *load.Store, n int) []record.Article {
	t.Helper()
	ctx := context.Background()
	var arts []record.Article
	var facts []record.Fact
	for i := range n {
		b := reparseBodies[i%len(reparseBodies)]
		src := []string{"stats-en", "stats-zh"}[i%2]
		d := extract.Document{Source: src, URL: fmt.Sprintf("https://stats.example.gov/%s/release-%03d.html", src, i),
			Title: fmt.Sprintf("Release %d", i), Lang: b.lang, Text: b.text,
			PublishedAt: time.Date(2025, time.Month(1+i%12), 1+i%28, 0, 0, 0, 0, time.UTC),
			FetchedAt:   time.Date(2026, 11, 1, 8, 0, i, 0, time.UTC)}
		id, hash, v := d.ID(), d.ContentHash(), uint64(d.FetchedAt.UnixMilli())
		arts = append(arts, record.Article{ArticleID: id, Source: src, URL: d.URL, Title: d.Title, PublishedAt: d.PublishedAt,
			Lang: d.Lang, Body: d.Text, ContentHash: hash, FetchedAt: d.FetchedAt, Version: v, ParserVersion: oldParser.Version})
		facts = append(facts, oldParser.Facts(d, id, hash, v)...)
	}
	if err := s.WriteVersions(ctx, arts, facts); err != nil {
		t.Fatal(err)
	}
	return arts
}

// wantCurrent is the (article id, position, figure) of every fact the
// current parser makes of arts.
func wantCurrent(arts []record.Article) []string {
	var out []string
	for _, a := range arts {
		d := extract.Document{Source: a.Source, URL: a.URL, Lang: a.Lang, Text: a.Body, PublishedAt: a.PublishedAt}
		for _, f := range schedules.CurrentParser.Facts(d, a.ArticleID, a.ContentHash, a.Version+1) {
			out = append(out, fmt.Sprintf("%d/%d/%d/%s/%s", f.ArticleID, f.Version, f.Position, f.Figure, schedules.CurrentParser.Version))
		}
	}
	sort.Strings(out)
	return out
}

func latestFacts(t *testing.T, s *load.Store) []string {
	t.Helper()
	rows, err := s.Conn().Query(context.Background(),
		"SELECT article_id, version, position, figure, parser_version FROM "+s.Database()+".facts_latest")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id, v uint64
		var pos uint32
		var fig, pv string
		if err := rows.Scan(&id, &v, &pos, &fig, &pv); err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprintf("%d/%d/%d/%s/%s", id, v, pos, fig, pv))
	}
	sort.Strings(out)
	return out
}

func TestReparseWritesNewVersionsTheViewsShowAlone(t *testing.T) {
	ctx := context.Background()
	s := loadtest.Store(t)
	arts := storeOldVersions(t, s, 12)
	oldFacts := loadtest.Count(t, s, "SELECT count() FROM "+s.Database()+".facts_latest")
	want := wantCurrent(arts)
	if uint64(len(want)) <= oldFacts {
		t.Fatalf("the current parser makes %d facts, the old one %d: the test needs a parser change that adds figures", len(want), oldFacts)
	}

	r := &schedules.Reparse{Store: s, Stored: s, Batch: 5}
	res, err := r.Run(ctx, nil, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Articles != len(arts) || res.Facts != len(want) {
		t.Fatalf("reparse: %d articles, %d facts; want %d, %d", res.Articles, res.Facts, len(arts), len(want))
	}
	if got := latestFacts(t, s); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("facts_latest after reparse:\n got %d %v\nwant %d %v", len(got), got, len(want), want)
	}
	// The article rows carry the new version and parser, the same content hash.
	for _, a := range arts {
		var v uint64
		var pv, hash string
		if err := s.Conn().QueryRow(ctx, "SELECT version, parser_version, content_hash FROM "+s.Database()+".articles_latest WHERE article_id = ?",
			a.ArticleID).Scan(&v, &pv, &hash); err != nil {
			t.Fatal(err)
		}
		if v != a.Version+1 || pv != schedules.CurrentParser.Version || hash != a.ContentHash {
			t.Errorf("article %s: version %d parser %q hash %s; want %d %q %s", a.URL, v, pv, hash, a.Version+1, schedules.CurrentParser.Version, a.ContentHash)
		}
	}
	// One run per source, recorded.
	if n := loadtest.Count(t, s, "SELECT count() FROM "+s.Database()+".ingest_runs WHERE kind = 'reparse' AND status = 'ok'"); n != 2 {
		t.Errorf("reparse runs recorded: %d, want 2 (one per source)", n)
	}
	if n := loadtest.Count(t, s, "SELECT sum(facts_written) FROM "+s.Database()+".ingest_runs WHERE kind = 'reparse'"); n != uint64(len(want)) {
		t.Errorf("reparse runs record %d facts, want %d", n, len(want))
	}
	// A second reparse with the same parser finds nothing to do.
	res, err = r.Run(ctx, nil, time.Time{})
	if err != nil || res.Articles != 0 {
		t.Fatalf("second reparse: %d articles, %v; want 0, nil", res.Articles, err)
	}
}

func TestReparseSelectsSourceAndDate(t *testing.T) {
	ctx := context.Background()
	s := loadtest.Store(t)
	arts := storeOldVersions(t, s, 24)
	since := time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)
	want := 0
	for _, a := range arts {
		if a.Source == "stats-zh" && !a.PublishedAt.Before(since) {
			want++
		}
	}
	res, err := (&schedules.Reparse{Store: s, Stored: s}).Run(ctx, []string{"stats-zh"}, since)
	if err != nil {
		t.Fatal(err)
	}
	if res.Articles != want || want == 0 {
		t.Fatalf("reparse of stats-zh since %s: %d articles, want %d", since.Format("2006-01-02"), res.Articles, want)
	}
	if n := loadtest.Count(t, s, "SELECT count() FROM "+s.Database()+".articles_latest WHERE parser_version = ?", schedules.CurrentParser.Version); n != uint64(want) {
		t.Fatalf("%d articles at the current parser, want %d", n, want)
	}
}

// killingStore writes the facts of the killAt-th WriteVersions call, then
// cancels the reparse before its article rows: a process killed between
// the two inserts.
type killingStore struct {
	*load.Store
	calls, killAt int
	cancel        context.CancelFunc
}

func (k *killingStore) WriteVersions(ctx context.Context, arts []record.Article, facts []record.Fact) error {
	k.calls++
	if k.calls == k.killAt {
		if err := k.Store.WriteFacts(ctx, facts); err != nil {
			return err
		}
		k.cancel()
		return context.Canceled
	}
	return k.Store.WriteVersions(ctx, arts, facts)
}

func TestReparseKilledAndRerunLeavesNoDuplicates(t *testing.T) {
	s := loadtest.Store(t)
	arts := storeOldVersions(t, s, 12)
	want := wantCurrent(arts)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	k := &killingStore{Store: s, killAt: 2, cancel: cancel}
	res, err := (&schedules.Reparse{Store: k, Stored: s, Batch: 4}).Run(ctx, nil, time.Time{})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("killed reparse: %d articles, %v; want context.Canceled", res.Articles, err)
	}
	if n := loadtest.Count(t, s, "SELECT count() FROM "+s.Database()+".articles_latest WHERE parser_version = ?", schedules.CurrentParser.Version); n != 4 {
		t.Fatalf("killed reparse committed %d articles, want 4 (the first batch)", n)
	}
	if n := loadtest.Count(t, s, "SELECT count() FROM "+s.Database()+".ingest_runs WHERE kind = 'reparse' AND status = 'stopped'"); n == 0 {
		t.Error("the killed reparse recorded no stopped run")
	}

	res, err = (&schedules.Reparse{Store: s, Stored: s, Batch: 4}).Run(context.Background(), nil, time.Time{})
	if err != nil || res.Articles != 8 {
		t.Fatalf("rerun: %d articles, %v; want the 8 not committed, nil", res.Articles, err)
	}
	if got := latestFacts(t, s); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("facts_latest after a killed reparse and its rerun:\n got %d %v\nwant %d %v", len(got), got, len(want), want)
	}
	// The half-written batch was rewritten with the same keys: the table
	// holds each current fact once once its parts are folded.
	db := s.Database()
	if n := loadtest.Count(t, s, "SELECT count() FROM "+db+".facts FINAL WHERE parser_version = ?", schedules.CurrentParser.Version); n != uint64(len(want)) {
		t.Fatalf("facts FINAL at the current parser: %d rows, want %d", n, len(want))
	}
}
