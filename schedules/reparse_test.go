package schedules_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/newsetl/newsetl/extract"
	"github.com/newsetl/newsetl/record"
	"github.com/newsetl/newsetl/schedules"
	"github.com/newsetl/newsetl/schedules/schedulestest"
	"github.com/newsetl/newsetl/transform"
)

// memStored is a schedules.StoredArticles over articles held in memory:
// the stale ones are those another parser version made.
type memStored struct{ arts []record.Article }

func (m memStored) StaleArticles(ctx context.Context, _ []string, _ time.Time, pv string, fn func(record.Article) error) error {
	for _, a := range m.arts {
		if a.ParserVersion != pv {
			if err := fn(a); err != nil {
				return err
			}
		}
	}
	return nil
}

func (m memStored) CountStaleArticles(_ context.Context, _ []string, _ time.Time, pv string) (int, error) {
	n := 0
	for _, a := range m.arts {
		if a.ParserVersion != pv {
			n++
		}
	}
	return n, nil
}

// storedArticles makes n stored articles of the given body size (English
// and Chinese goldens' paragraphs, repeated), stored by parser "old".
func storedArticles(t testing.TB, n, size int) []record.Article {
	var arts []record.Article
	for i, d := range manyDocs(t, n) {
		if len(arts) == n {
			break
		}
		if strings.Contains(d.Text, "was revised") || (i > 0 && d.URL == arts[len(arts)-1].URL) {
			continue // one version per article
		}
		for len(d.Text) < size {
			d.Text += "\n" + d.Text
		}
		arts = append(arts, record.Article{ArticleID: d.ID(), Source: []string{"stats-en", "stats-zh"}[i%2], URL: d.URL, Title: d.Title,
			PublishedAt: d.PublishedAt, Lang: d.Lang, Body: d.Text, ContentHash: d.ContentHash(), FetchedAt: d.FetchedAt,
			Version: uint64(d.FetchedAt.UnixMilli()), ParserVersion: "old"})
	}
	return arts
}

// A reparse writes every stale article once at its stored version + 1,
// with the facts the parser makes of it (the same as a serial parse), in
// batches of Batch articles, each batch's facts with the article rows that
// commit them; articles the current parser made are left alone.
func TestReparseWritesEachStaleArticleOnceInBatches(t *testing.T) {
	arts := storedArticles(t, 47, 0)
	arts[3].ParserVersion = schedules.CurrentParser.Version // already current
	mem := &schedulestest.Store{}
	store := &writeLog{Store: mem}
	r := &schedules.Reparse{Store: store, Stored: memStored{arts}, Batch: 10, Log: quiet}
	res, err := r.Run(context.Background(), nil, time.Time{})
	if err != nil || res.Articles != 46 {
		t.Fatalf("reparse: %d articles, %v; want 46", res.Articles, err)
	}
	want := map[uint64][]uint64{} // article id → the facts the current parser makes of it
	for i, a := range arts {
		if i == 3 {
			continue
		}
		d := extract.Document{Source: a.Source, URL: a.URL, Title: a.Title, PublishedAt: a.PublishedAt, Lang: a.Lang, Text: a.Body}
		for _, f := range schedules.CurrentParser.Facts(d, a.ArticleID, a.ContentHash, a.Version+1) {
			want[a.ArticleID] = append(want[a.ArticleID], f.FactID)
		}
	}
	var sizes []int
	written := map[uint64]int{}
	facts := 0
	for _, w := range store.writes {
		arts, fs, _ := strings.Cut(strings.TrimPrefix(w, "v "), "|")
		ids := strings.Fields(arts)
		sizes = append(sizes, len(ids))
		facts += len(strings.Fields(fs))
		for _, id := range ids {
			var a, v uint64
			fmt.Sscanf(id, "%x/%d", &a, &v)
			written[a]++
		}
	}
	if fmt.Sprint(sizes) != "[10 10 10 10 6]" {
		t.Errorf("batches of %v articles, want [10 10 10 10 6]", sizes)
	}
	if len(written) != 46 || written[arts[3].ArticleID] != 0 {
		t.Errorf("%d articles written, the current one %d times; want 46 and 0", len(written), written[arts[3].ArticleID])
	}
	wantFacts := 0
	for _, ids := range want {
		wantFacts += len(ids)
	}
	if facts != wantFacts || res.Facts != wantFacts || wantFacts == 0 {
		t.Errorf("%d facts written (result says %d), want %d", facts, res.Facts, wantFacts)
	}
	for _, a := range mem.Articles("stats-en") {
		if a.ParserVersion != schedules.CurrentParser.Version || a.Version != uint64(a.FetchedAt.UnixMilli())+1 {
			t.Errorf("%s: version %d parser %q; want stored + 1, %q", a.URL, a.Version, a.ParserVersion, schedules.CurrentParser.Version)
		}
	}
	for _, f := range append(mem.Facts("stats-en"), mem.Facts("stats-zh")...) {
		found := false
		for _, id := range want[f.ArticleID] {
			found = found || id == f.FactID
		}
		if !found {
			t.Errorf("fact %x of article %s is not one the parser makes of it", f.FactID, f.URL)
		}
	}
}

// Long bodies cut a batch short: however many articles Batch allows, a
// batch holds about 32 MiB of body text (three batches in memory at most).
func TestReparseBatchesAreBoundedByText(t *testing.T) {
	arts := storedArticles(t, 40, 1<<20) // 1–2 MiB each
	total := 0
	for _, a := range arts {
		total += len(a.Body)
	}
	store := &writeLog{Store: &schedulestest.Store{}}
	noFigures := schedules.Parser{Version: "no-figures", Parse: func(string, transform.Options) []transform.Figure { return nil }}
	res, err := (&schedules.Reparse{Store: store, Stored: memStored{arts}, Parser: noFigures, Log: quiet}).Run(context.Background(), nil, time.Time{})
	if err != nil || res.Articles != len(arts) || res.Bytes != total {
		t.Fatalf("reparse: %d articles, %d bytes, %v; want %d, %d", res.Articles, res.Bytes, err, len(arts), total)
	}
	if want := (total + 32<<20 - 1) / (32 << 20); len(store.writes) < want || len(store.writes) > want+1 {
		t.Errorf("%d batches for %d MiB of text, want about %d (32 MiB each)", len(store.writes), total>>20, want)
	}
}
