package schedules_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/newsetl/newsetl/config"
	"github.com/newsetl/newsetl/extract"
	"github.com/newsetl/newsetl/record"
	"github.com/newsetl/newsetl/schedules"
	"github.com/newsetl/newsetl/schedules/schedulestest"
)

// pagesOverHTTP fetches its pages in turn through a real Fetcher, sending
// each failure to sink.PageError and going on, as the kinds do.
type pagesOverHTTP struct {
	fetch *extract.Fetcher
	urls  []string
}

func (p *pagesOverHTTP) Extract(ctx context.Context, w extract.Window, sink extract.Sink) error {
	for i, u := range p.urls {
		page, err := p.fetch.Get(ctx, u)
		if err != nil {
			sink.PageError(u, fmt.Errorf("source shut: article %s: %w", u, err))
			continue
		}
		sink.PageFetched(page.URL)
		d := extract.Document{Source: "shut", URL: page.URL, Title: "t", Lang: "en", FetchedAt: page.FetchedAt,
			PublishedAt: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), Text: fmt.Sprintf("There were %d,000 beds in 2025.", i+1)}
		if err := sink.Document(ctx, d); err != nil {
			return err
		}
	}
	return nil
}

// SIGTERM (the daemon's context ending) in the middle of a run: the fetches
// it cancels are no page errors, the run is recorded as stopped with the
// article it read, and no "context canceled" error row is written.
func TestShutdownMidRunIsNoFailure(t *testing.T) {
	inFlight := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt":
			w.WriteHeader(http.StatusNotFound)
		case "/news/2.html", "/news/3.html":
			select {
			case inFlight <- struct{}{}:
			default:
			}
			<-r.Context().Done() // a slow page: only the stop ends it
		default:
			w.Write([]byte("page one"))
		}
	}))
	defer srv.Close()
	fetcher := extract.NewFetcher(config.Fetch{UserAgent: "newsetl-test", Timeout: time.Minute, RequestsPerSecond: 1000,
		Retries: 2, RetryBackoff: 10 * time.Millisecond, MaxBodyBytes: 1 << 20}, nil, extract.AllowPrivate())
	x := &pagesOverHTTP{fetch: fetcher, urls: []string{srv.URL + "/news/1.html", srv.URL + "/news/2.html", srv.URL + "/news/3.html"}}

	store := &schedulestest.Store{}
	metrics := schedules.NewMetrics()
	d := &schedules.Daemon{Ingester: &schedules.Ingester{Store: store}, Metrics: metrics}
	ctx, sigterm := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- d.Run(ctx, []schedules.Scheduled{{Job: schedules.Job{Source: "shut", Kind: "test", Extractor: x}, Spec: "@every 1s", Schedule: every(t, "@every 1s").Schedule}}, nil, 30*time.Second)
	}()
	<-inFlight // page 2 is being fetched
	sigterm()
	if err := <-done; err != nil {
		t.Fatalf("daemon: %v", err)
	}
	runs := store.Runs()
	if len(runs) != 1 {
		t.Fatalf("runs = %+v, want the one that was stopped", runs)
	}
	r := runs[0]
	if r.Status != record.StatusStopped || r.Errors != 0 || r.FirstError != "" || r.ArticlesNew != 1 {
		t.Errorf("stopped run: status %s, errors %d, first error %q, new %d; want stopped, 0, \"\", 1", r.Status, r.Errors, r.FirstError, r.ArticlesNew)
	}
	for _, e := range store.RunErrors() {
		if strings.Contains(e.Error, "context canceled") {
			t.Errorf("error row %q: a shutdown recorded as a failure", e.Error)
		}
	}
	if len(store.Articles("shut")) != 1 {
		t.Errorf("articles stored = %d, want the one read before the stop", len(store.Articles("shut")))
	}
}
