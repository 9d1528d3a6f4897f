package load_test

import (
	"context"
	"fmt"
	"sort"
	"testing"
	"time"

	"github.com/newsetl/newsetl/config"
	"github.com/newsetl/newsetl/extract"
	"github.com/newsetl/newsetl/load"
	"github.com/newsetl/newsetl/load/loadtest"
	"github.com/newsetl/newsetl/record"
	"github.com/newsetl/newsetl/schedules"
	"github.com/newsetl/newsetl/stories"
)

// storyArticle is an article version with facts of the given (value, kind) pairs.
func storyArticle(id uint64, source, url, lang, published string, version uint64, figs ...stories.Figure) (record.Article, []record.Fact) {
	at, err := time.Parse("2006-01-02", published)
	if err != nil {
		panic(err)
	}
	a := record.Article{ArticleID: id, Source: source, URL: url, Title: fmt.Sprintf("title %d", id), PublishedAt: at, Lang: lang,
		Body: "body", ContentHash: fmt.Sprintf("h%d-%d", id, version), FetchedAt: at, Version: version}
	var facts []record.Fact
	for i, f := range figs {
		facts = append(facts, record.Fact{FactID: id*1000 + version*100 + uint64(i), ArticleID: id, Version: version, Source: source, URL: url,
			PublishedAt: at, Lang: lang, Figure: fmt.Sprint(f.Value), Value: f.Value, Kind: f.Kind, Position: uint32(i)})
	}
	return a, facts
}

func counts(vals ...float64) []stories.Figure {
	out := make([]stories.Figure, len(vals))
	for i, v := range vals {
		out[i] = stories.Figure{Value: v, Kind: "count"}
	}
	return out
}

// storyOf reads story_links_latest.
func storyOf(t *testing.T, s *load.Store) map[uint64]uint64 {
	t.Helper()
	rows, err := s.Conn().Query(context.Background(), "SELECT article_id, story_id FROM "+s.Database()+".story_links_latest")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[uint64]uint64{}
	for rows.Next() {
		var a, st uint64
		if err := rows.Scan(&a, &st); err != nil {
			t.Fatal(err)
		}
		out[a] = st
	}
	return out
}

// TestLinkerStoriesAgainstClickHouse writes an English and a Chinese
// version of one release (two hosts of one registrable domain), an
// unrelated release of the same publisher the same day sharing two
// figures, and a release of another publisher with the same figures; it
// links them through load.Store and checks story_links, stories and
// facts_by_story; then a revision of the Chinese version that no longer
// matches splits the story.
func TestLinkerStoriesAgainstClickHouse(t *testing.T) {
	ctx := context.Background()
	s := loadtest.Store(t)
	db := s.Database()
	cfg, err := config.Parse([]byte(`sources:
  - {name: sasac-en, kind: html, list_url: "http://en.sasac.gov.cn/n/index.html"}
  - {name: sasac-zh, kind: html, list_url: "http://www.sasac.gov.cn/n/index.html"}
  - {name: other, kind: html, publisher: Other.example, list_url: "http://www.sasac.gov.cn/other/"}
`), "stories.yaml", func(string) (string, bool) { return "", false })
	if err != nil {
		t.Fatal(err)
	}
	pubs, err := stories.NewPublishers(cfg.Sources)
	if err != nil {
		t.Fatal(err)
	}
	shared := append(counts(1154, 228, 359, 202, 360), stories.Figure{Value: 99.6, Kind: "percent"})
	en, enF := storyArticle(300, "sasac-en", "http://en.sasac.gov.cn/a/1.html", "en", "2021-12-20", 1, append(shared, counts(4)...)...)
	zh, zhF := storyArticle(200, "sasac-zh", "http://www.sasac.gov.cn/a/1.html", "zh", "2021-12-21", 1, append(shared, counts(27000)...)...)
	note, noteF := storyArticle(100, "sasac-en", "http://en.sasac.gov.cn/a/2.html", "en", "2021-12-20", 1,
		append(counts(2023), stories.Figure{Value: 5, Kind: "percent"})...)
	noteZh, noteZhF := storyArticle(150, "sasac-zh", "http://www.sasac.gov.cn/a/2.html", "zh", "2021-12-20", 1,
		append(counts(2023), stories.Figure{Value: 5, Kind: "percent"})...)
	other, otherF := storyArticle(50, "other", "http://other.example/x.html", "en", "2021-12-20", 1, shared...)
	linker := stories.NewLinker(s, stories.DefaultRule(), pubs, nil)
	// The English version and the notes first (one run), then the Chinese
	// version and the other publisher's (a second run): the later call
	// finds the earlier articles.
	if err := s.WriteVersions(ctx, []record.Article{en, note}, append(enF, noteF...)); err != nil {
		t.Fatal(err)
	}
	if err := linker.LinkStories(ctx, []record.Article{en, note}); err != nil {
		t.Fatal(err)
	}
	if err := s.WriteVersions(ctx, []record.Article{zh, noteZh, other}, append(append(zhF, noteZhF...), otherF...)); err != nil {
		t.Fatal(err)
	}
	if err := linker.LinkStories(ctx, []record.Article{zh, noteZh, other}); err != nil {
		t.Fatal(err)
	}
	got := storyOf(t, s)
	want := map[uint64]uint64{300: 200, 200: 200, 100: 100, 150: 150, 50: 50}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("story of each article = %v, want %v (EN and ZH one story; the notes sharing 2023 and 5%% alone; the other publisher alone)", got, want)
	}

	// stories: one row for the EN/ZH story, the representative (7 facts
	// each: the earlier, English) first.
	var publisher string
	var n uint64
	var langs, titles, sources []string
	var first time.Time
	if err := s.Conn().QueryRow(ctx, "SELECT publisher, articles, languages, titles, sources, first_published FROM "+db+
		".stories WHERE story_id = 200").Scan(&publisher, &n, &langs, &titles, &sources, &first); err != nil {
		t.Fatal(err)
	}
	if publisher != "sasac.gov.cn" || n != 2 || fmt.Sprint(langs) != "[en zh]" || fmt.Sprint(titles) != "[title 300 title 200]" ||
		fmt.Sprint(sources) != "[sasac-en sasac-zh]" || first.Format("2006-01-02") != "2021-12-20" {
		t.Errorf("story 200: publisher %q, %d articles, languages %v, titles %v, sources %v, first %v", publisher, n, langs, titles, sources, first)
	}
	if n := loadtest.Count(t, s, "SELECT count() FROM "+db+".stories"); n != 4 {
		t.Errorf("stories has %d rows, want 4", n)
	}
	// facts_by_story: the English version's 7 facts, and the Chinese
	// version's one figure the English lacks (27000); 6 shared ones once.
	if n := loadtest.Count(t, s, "SELECT count() FROM "+db+".facts_by_story WHERE story_id = 200"); n != 8 {
		t.Errorf("facts_by_story has %d facts of story 200, want 8", n)
	}
	if n := loadtest.Count(t, s, "SELECT count() FROM "+db+".facts_by_story WHERE story_id = 200 AND article_id = 200"); n != 1 {
		t.Errorf("facts_by_story takes %d facts from the Chinese version, want 1 (27000)", n)
	}
	if n := loadtest.Count(t, s, "SELECT count() FROM "+db+".facts_by_story"); n != 8+2+2+6 {
		t.Errorf("facts_by_story has %d rows, want 18", n)
	}

	// A revision of the Chinese version that keeps only two shared figures
	// is no longer a version of the English one: the story splits.
	zh2, zh2F := storyArticle(200, "sasac-zh", "http://www.sasac.gov.cn/a/1.html", "zh", "2021-12-21", 2, counts(1154, 228, 7, 8, 9, 10)...)
	if err := s.WriteVersions(ctx, []record.Article{zh2}, zh2F); err != nil {
		t.Fatal(err)
	}
	if err := linker.LinkStories(ctx, []record.Article{zh2}); err != nil {
		t.Fatal(err)
	}
	got = storyOf(t, s)
	want = map[uint64]uint64{300: 300, 200: 200, 100: 100, 150: 150, 50: 50}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("after the revision: story of each article = %v, want %v", got, want)
	}
	if n := loadtest.Count(t, s, "SELECT count() FROM "+db+".facts_by_story"); n != 7+6+2+2+6 {
		t.Errorf("facts_by_story has %d rows after the split, want 23", n)
	}
}

// TestStoriesShowUnlinkedArticles checks that an article the linker never
// saw (stored before migration 16) is a story of its own in stories and
// facts_by_story.
func TestStoriesShowUnlinkedArticles(t *testing.T) {
	ctx := context.Background()
	s := loadtest.Store(t)
	a, f := storyArticle(7, "x", "http://x.example/1", "en", "2022-01-02", 1, counts(1, 2, 3)...)
	if err := s.WriteVersions(ctx, []record.Article{a}, f); err != nil {
		t.Fatal(err)
	}
	var story, n uint64
	var pub string
	if err := s.Conn().QueryRow(ctx, "SELECT story_id, articles, publisher FROM "+s.Database()+".stories").Scan(&story, &n, &pub); err != nil {
		t.Fatal(err)
	}
	if story != 7 || n != 1 || pub != "" {
		t.Errorf("unlinked article: story %d, %d articles, publisher %q; want story 7, 1 article, no publisher", story, n, pub)
	}
	if n := loadtest.Count(t, s, "SELECT count() FROM "+s.Database()+".facts_by_story WHERE story_id = 7"); n != 3 {
		t.Errorf("facts_by_story has %d facts of the unlinked article, want 3", n)
	}
}

// TestSourceHealth writes runs of two sources and checks source_health
// and source_health_daily.
func TestSourceHealth(t *testing.T) {
	ctx := context.Background()
	s := loadtest.Store(t)
	db := s.Database()
	at := func(h int) time.Time { return time.Date(2024, 3, 5, h, 0, 0, 0, time.UTC) }
	runs := []record.Run{
		{RunID: "1", Source: "a", Kind: "html", StartedAt: at(1), FinishedAt: at(1).Add(time.Minute), Status: record.StatusOK, PagesFetched: 9, ArticlesNew: 3, FactsWritten: 30},
		{RunID: "2", Source: "a", Kind: "html", StartedAt: at(2), FinishedAt: at(2).Add(time.Minute), Status: record.StatusPartial, PagesFetched: 9, Errors: 1, FirstError: "page 404"},
		{RunID: "3", Source: "a", Kind: "html", StartedAt: at(3), FinishedAt: at(3).Add(time.Minute), Status: record.StatusFailed, Errors: 1, FirstError: "list page: 500"},
		{RunID: "4", Source: "a", Kind: "reparse", StartedAt: at(4), FinishedAt: at(4), Status: record.StatusOK, ArticlesChanged: 3},
		{RunID: "5", Source: "b", Kind: "feed", StartedAt: at(1).AddDate(0, 0, -10), FinishedAt: at(1).AddDate(0, 0, -10), Status: record.StatusFailed, Errors: 4},
		{RunID: "6", Source: "b", Kind: "feed", StartedAt: at(1), FinishedAt: at(1), Status: record.StatusOK, PagesFetched: 4},
	}
	for _, r := range runs {
		if err := s.WriteRun(ctx, r, nil); err != nil {
			t.Fatal(err)
		}
	}
	type health struct {
		Source, Status, Error string
		Last                  time.Time
		Runs, Failed, Errors  uint64
		Rate, Rate7           float64
	}
	rows, err := s.Conn().Query(ctx, "SELECT source, last_status, last_error, last_run_at, runs, failed_runs, errors, error_rate, error_rate_7d FROM "+
		db+".source_health ORDER BY source")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []health
	for rows.Next() {
		var h health
		if err := rows.Scan(&h.Source, &h.Status, &h.Error, &h.Last, &h.Runs, &h.Failed, &h.Errors, &h.Rate, &h.Rate7); err != nil {
			t.Fatal(err)
		}
		got = append(got, h)
	}
	want := []health{
		{"a", "failed", "list page: 500", at(3), 3, 1, 2, 2.0 / 20, 2.0 / 20},
		{"b", "ok", "", at(1), 2, 1, 4, 4.0 / 8, 0},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("source_health:\n got %+v\nwant %+v", got, want)
	}
	var days []string
	drows, err := s.Conn().Query(ctx, "SELECT concat(source, ' ', toString(day), ' ', toString(runs), ' ', toString(failed_runs), ' ', toString(facts_written)) FROM "+
		db+".source_health_daily ORDER BY source, day")
	if err != nil {
		t.Fatal(err)
	}
	defer drows.Close()
	for drows.Next() {
		var d string
		if err := drows.Scan(&d); err != nil {
			t.Fatal(err)
		}
		days = append(days, d)
	}
	sort.Strings(days)
	if fmt.Sprint(days) != "[a 2024-03-05 3 1 30 b 2024-02-24 1 1 0 b 2024-03-05 1 0 0]" {
		t.Errorf("source_health_daily: %q", days)
	}
}

// TestReparseRelinksStories stores the English and the Chinese version of
// a release as a parser that missed every percentage made them (one shared
// figure: two stories), then reparses: the new facts share four figures
// and the reparse links the versions into one story.
func TestReparseRelinksStories(t *testing.T) {
	ctx := context.Background()
	s := loadtest.Store(t)
	pubs, err := stories.NewPublishers(nil) // no config: each article's URL tells
	if err != nil {
		t.Fatal(err)
	}
	linker := stories.NewLinker(s, stories.DefaultRule(), pubs, nil)
	var arts []record.Article
	var facts []record.Fact
	for i, b := range []struct{ lang, url string }{{"en", "https://en.stats.example.gov/r/1.html"}, {"zh", "https://www.stats.example.gov/r/1.html"}} {
		d := extract.Document{Source: "stats-" + b.lang, URL: b.url, Title: "Retail sales", Lang: b.lang, Text: reparseBodies[i*3].text,
			PublishedAt: time.Date(2025, 11, 14, 0, 0, 0, 0, time.UTC), FetchedAt: time.Date(2026, 11, 1, 8, 0, i, 0, time.UTC)}
		id, hash, v := d.ID(), d.ContentHash(), uint64(d.FetchedAt.UnixMilli())
		arts = append(arts, record.Article{ArticleID: id, Source: d.Source, URL: d.URL, Title: d.Title, PublishedAt: d.PublishedAt,
			Lang: d.Lang, Body: d.Text, ContentHash: hash, FetchedAt: d.FetchedAt, Version: v, ParserVersion: oldParser.Version})
		facts = append(facts, oldParser.Facts(d, id, hash, v)...)
	}
	if err := s.WriteVersions(ctx, arts, facts); err != nil {
		t.Fatal(err)
	}
	if err := linker.LinkStories(ctx, arts); err != nil {
		t.Fatal(err)
	}
	if got := storyOf(t, s); got[arts[0].ArticleID] == got[arts[1].ArticleID] {
		t.Fatalf("the old facts (no percentages) linked the versions: %v", got)
	}
	r := &schedules.Reparse{Store: s, Stored: s, Stories: linker}
	if _, err := r.Run(ctx, nil, time.Time{}); err != nil {
		t.Fatal(err)
	}
	got := storyOf(t, s)
	want := min(arts[0].ArticleID, arts[1].ArticleID)
	if got[arts[0].ArticleID] != want || got[arts[1].ArticleID] != want {
		t.Errorf("after the reparse: stories %v, want both in story %d", got, want)
	}
	if n := loadtest.Count(t, s, "SELECT count() FROM "+s.Database()+".stories WHERE articles = 2 AND publisher = 'example.gov'"); n != 1 {
		t.Errorf("stories has %d two-version stories of example.gov, want 1", n)
	}
}
