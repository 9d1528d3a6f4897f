package schedules_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/newsetl/newsetl/config"
	"github.com/newsetl/newsetl/extract"
	_ "github.com/newsetl/newsetl/extract/html"
	"github.com/newsetl/newsetl/load/loadtest"
	"github.com/newsetl/newsetl/record"
	"github.com/newsetl/newsetl/schedules"
)

// archiveJob is the generated 4-month archive (scripts/genarchive) as an
// html source, paginated newest first with the date of each entry.
func archiveJob(t *testing.T) schedules.Job {
	srv := httptest.NewServer(http.FileServer(http.Dir("../testdata/site")))
	t.Cleanup(srv.Close)
	opts := strings.ReplaceAll(`
list_url: SITE/archive/index.html
max_pages: 2
selectors:
  item: "ul.list > li.item"
  links: a
  item_date: span.date
  next_page: div.pages a.next
  title: h1.title
  date: div.meta
  body: div.content
`, "SITE", srv.URL)
	var n yaml.Node
	if err := yaml.Unmarshal([]byte(opts), &n); err != nil {
		t.Fatal(err)
	}
	src := config.Source{Name: "archive", Kind: "html", Lang: "en", Options: n.Content[0], File: "test", Line: 1}
	f := extract.NewFetcher(config.Fetch{UserAgent: "t", Timeout: 5 * time.Second, RequestsPerSecond: 1000, RetryBackoff: time.Millisecond, MaxBodyBytes: 1 << 20}, nil, extract.WithPageStates(schedules.PageStates()), extract.AllowPrivate())
	x, err := extract.Build(src, f)
	if err != nil {
		t.Fatal(err)
	}
	return schedules.Job{Source: "archive", Kind: "html", Extractor: x}
}

// cancelAfter cancels a backfill once n partitions have finished.
type cancelAfter struct {
	n, done int
	cancel  context.CancelFunc
	spans   []string
}

func (c *cancelAfter) Start(total, skipped int) {}
func (c *cancelAfter) PartitionDone(span schedules.Span, run record.Run) {
	c.done++
	c.spans = append(c.spans, span.String())
	if c.done == c.n {
		c.cancel()
	}
}
func (c *cancelAfter) Finish() {}

func TestBackfillResumesAndNeverDuplicates(t *testing.T) {
	store := loadtest.Store(t)
	db := store.Database()
	job := archiveJob(t)
	from, to := date("2021-09-15"), date("2021-12-10")
	// The archive has 4 articles from 09-15 to 09-30, 9 in October, 9 in
	// November and 3 from 12-01 to 12-10.
	const inWindow = 25
	count := func(q string) uint64 { return loadtest.Count(t, store, strings.ReplaceAll(q, "DB", db)) }

	// First run, killed after two of its four month partitions.
	ctx, cancel := context.WithCancel(context.Background())
	stopper := &cancelAfter{n: 2, cancel: cancel}
	b := &schedules.Backfill{Ingester: &schedules.Ingester{Store: store}, Concurrency: 1, Progress: stopper}
	res, err := b.Run(ctx, job, from, to)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("interrupted backfill returned %v, want context.Canceled", err)
	}
	if res.Partitions != 4 || res.Done != 2 {
		t.Fatalf("interrupted backfill: %+v, want 4 partitions, 2 done", res)
	}
	if got := strings.Join(stopper.spans, " "); got != "2021-09-15..2021-09-30 2021-10-01..2021-10-31" {
		t.Errorf("partitions ran in order %s", got)
	}
	if n := count("SELECT count() FROM DB.articles_latest"); n != 4+9 {
		t.Errorf("after the interruption %d articles are loaded, want 13 (September and October)", n)
	}

	// Rerun: the two finished partitions are skipped, the rest load.
	b.Progress = nil
	res, err = b.Run(context.Background(), job, from, to)
	if err != nil {
		t.Fatal(err)
	}
	if res.Skipped != 2 || res.Done != 2 || res.Failed != 0 || res.Articles != 9+3 {
		t.Errorf("resumed backfill: %+v, want 2 skipped, 2 done, 12 articles written", res)
	}
	if n := count("SELECT count() FROM DB.articles_latest"); n != inWindow {
		t.Errorf("articles_latest has %d rows, want %d", n, inWindow)
	}
	if n := count("SELECT count() FROM DB.articles_latest WHERE published_at < toDateTime('2021-09-15 00:00:00', 'UTC') OR published_at >= toDateTime('2021-12-11 00:00:00', 'UTC')"); n != 0 {
		t.Errorf("%d articles outside the window were loaded", n)
	}
	if n := count("SELECT count() FROM DB.articles"); n != inWindow {
		t.Errorf("articles has %d rows after resuming, want %d (nothing written twice)", n, inWindow)
	}
	facts := count("SELECT count() FROM DB.facts_latest")
	if facts == 0 || count("SELECT uniqExact(fact_id) FROM DB.facts_latest") != facts {
		t.Errorf("facts_latest has %d rows, duplicates or none", facts)
	}
	if n := count("SELECT count() FROM DB.backfill_partitions FINAL WHERE status = 'done'"); n != 4 {
		t.Errorf("%d partitions recorded done, want 4", n)
	}

	// A third run has nothing to do.
	res, err = b.Run(context.Background(), job, from, to)
	if err != nil || res.Skipped != 4 || res.Done != 0 {
		t.Errorf("third run: %+v, %v; want all 4 skipped", res, err)
	}

	// --force reloads every partition and rewrites the articles; the views
	// still show each article and fact once.
	before := count("SELECT max(version) FROM DB.articles")
	b.Force = true
	res, err = b.Run(context.Background(), job, from, to)
	if err != nil {
		t.Fatal(err)
	}
	if res.Done != 4 || res.Articles != inWindow {
		t.Errorf("forced run: %+v, want 4 partitions done and %d articles rewritten", res, inWindow)
	}
	// Background merges may already have folded the old versions away, so
	// count the articles whose current version is newer than before.
	if n := loadtest.Count(t, store, "SELECT count() FROM "+db+".articles_latest WHERE version > ?", before); n != inWindow {
		t.Errorf("%d articles have a new version after --force, want all %d", n, inWindow)
	}
	if n := count("SELECT count() FROM DB.articles_latest"); n != inWindow {
		t.Errorf("articles_latest has %d rows after --force, want %d", n, inWindow)
	}
	if n := count("SELECT count() FROM DB.facts_latest"); n != facts {
		t.Errorf("facts_latest has %d rows after --force, had %d", n, facts)
	}
}

func date(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}
