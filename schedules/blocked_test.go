package schedules_test

import (
	"context"
	"fmt"
	"io"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/newsetl/newsetl/extract"
	"github.com/newsetl/newsetl/record"
	"github.com/newsetl/newsetl/schedules"
	"github.com/newsetl/newsetl/schedules/schedulestest"
)

// A source whose every page is blocked (a 412, a 200 challenge page) ends
// failed, counts the pages as blocked in its run record and in /metrics,
// and stores no article.
func TestBlockedPagesAreCountedAndEndFailed(t *testing.T) {
	ctx := context.Background()
	store := &schedulestest.Store{}
	in := &schedules.Ingester{Store: store}
	run, err := in.Run(ctx, schedules.Job{Source: "gov", Kind: "html", Extractor: extractFunc(func(ctx context.Context, sink extract.Sink) error {
		for _, b := range []*extract.BlockedError{
			{URL: "http://gov.test/a/1.html", Status: 412, Marker: "HTTP 412"},
			{URL: "http://gov.test/a/2.html", Status: 200, Marker: "just a moment..."},
		} {
			sink.PageError(b.URL, fmt.Errorf("source gov: article %s: %w", b.URL, b))
		}
		return nil
	})})
	if err != nil {
		t.Fatal(err)
	}
	if run.Status != record.StatusFailed || run.PagesBlocked != 2 || run.Errors != 2 || run.ArticlesNew != 0 {
		t.Errorf("run = %s blocked=%d; want failed with 2 blocked pages and no article", counts(run), run.PagesBlocked)
	}
	if n := len(store.Articles("gov")); n != 0 {
		t.Errorf("%d articles stored from blocked pages", n)
	}
	errs := store.RunErrors()
	if len(errs) != 2 || !strings.Contains(errs[1].Error, "blocked") || !strings.Contains(errs[1].Error, "just a moment...") || errs[1].URL != "http://gov.test/a/2.html" {
		t.Errorf("recorded errors = %+v, want each blocked page with its URL and marker", errs)
	}

	m := schedules.NewMetrics()
	m.Observe(run)
	rr := httptest.NewRecorder()
	m.Handler().ServeHTTP(rr, httptest.NewRequest("GET", "/metrics", nil))
	body, _ := io.ReadAll(rr.Body)
	if !strings.Contains(string(body), `newsetl_pages_blocked_total{source="gov"} 2`) {
		t.Errorf("/metrics has no blocked count of 2 for gov:\n%s", grepLines(string(body), "blocked"))
	}

	// One article read beside a blocked page: partial, not failed.
	partial, err := in.Run(ctx, schedules.Job{Source: "mem", Extractor: extractFunc(func(ctx context.Context, sink extract.Sink) error {
		sink.PageError("http://mem.test/x", &extract.BlockedError{URL: "http://mem.test/x", Status: 403, Marker: "HTTP 403"})
		return sink.Document(ctx, doc(1, "There were 27,000 beds."))
	})})
	if err != nil || partial.Status != record.StatusPartial || partial.PagesBlocked != 1 || partial.ArticlesNew != 1 {
		t.Errorf("one blocked, one read: %s blocked=%d, %v; want partial", counts(partial), partial.PagesBlocked, err)
	}
}

// A run that read nothing but recorded only warnings (a list date that
// does not parse, every article outside the window) is partial, not failed.
func TestWarningsAloneDoNotFailARun(t *testing.T) {
	in := &schedules.Ingester{Store: &schedulestest.Store{}}
	run, err := in.Run(context.Background(), schedules.Job{Source: "gov", Extractor: extractFunc(func(ctx context.Context, sink extract.Sink) error {
		sink.PageError("http://gov.test/a/1.html", extract.Warn(fmt.Errorf("source gov: list page http://gov.test/: entry http://gov.test/a/1.html: list date %q matches no layout", "3rd of March")))
		return nil
	})})
	if err != nil || run.Status != record.StatusPartial || run.Errors != 1 || !strings.Contains(run.FirstError, "warning: ") {
		t.Errorf("warning only: %s first %q, %v; want partial", counts(run), run.FirstError, err)
	}
}

// A page whose canonical URL is an article another source already holds
// is refused with an error naming both sources; the other source's article
// and facts stay as they were. The date's source is stored with the
// article.
func TestCanonicalCollisionWithAnotherSourceIsRefused(t *testing.T) {
	ctx := context.Background()
	store := &schedulestest.Store{}
	in := &schedules.Ingester{Store: store}
	owned := doc(1, "There were 27,000 beds.")
	owned.Source, owned.DateSource = "nhc", extract.DateByline
	if _, err := in.Run(ctx, schedules.Job{Source: "nhc", Extractor: &pagesSource{docs: []extract.Document{owned}}}); err != nil {
		t.Fatal(err)
	}
	facts := len(store.Facts("nhc"))

	hostile := owned
	hostile.Source, hostile.Text = "blog", "There were 3 beds."
	run, err := in.Run(ctx, schedules.Job{Source: "blog", Extractor: &pagesSource{docs: []extract.Document{hostile}}})
	if err != nil {
		t.Fatal(err)
	}
	if run.ArticlesNew != 0 || run.Errors != 1 || run.Status != record.StatusFailed {
		t.Errorf("hostile run = %s; want the article refused", counts(run))
	}
	if msg := run.FirstError; !strings.Contains(msg, "source blog") || !strings.Contains(msg, "source nhc") || !strings.Contains(msg, owned.URL) {
		t.Errorf("error %q should name both sources and the URL", msg)
	}
	arts := store.Articles("nhc")
	if len(arts) != 1 || arts[0].Body != owned.Text || len(store.Facts("nhc")) != facts || len(store.Articles("blog")) != 0 {
		t.Errorf("the first source's article changed: %+v", arts)
	}
	if arts[0].DateSource != extract.DateByline {
		t.Errorf("date_source %q, want %q", arts[0].DateSource, extract.DateByline)
	}

	// The same source again: its own article, no collision.
	again, err := in.Run(ctx, schedules.Job{Source: "nhc", Extractor: &pagesSource{docs: []extract.Document{owned}}})
	if err != nil || again.Errors != 0 || again.ArticlesUnchanged != 1 {
		t.Errorf("rerun of the owner: %s, %v", counts(again), err)
	}
}

func grepLines(s, word string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, word) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
