package schedules

import (
	"context"
	"time"

	"github.com/newsetl/newsetl/extract"
	"github.com/newsetl/newsetl/record"
)

// PageStates is what the Fetcher is built with (extract.WithPageStates) so
// that its article fetches are conditional on what earlier runs stored.
// It answers from the page states that Ingester.Run loaded for the run
// the context belongs to: nothing outside a run, nothing for a forced run,
// and never another source's state, so runs of several sources can share
// one Fetcher.
func PageStates() extract.PageStates { return runPages{} }

type runPages struct{}

type runKey struct{}

// withRun scopes ctx to the run of s, with a place for the list pages'
// states the run keeps (keptPages).
func withRun(ctx context.Context, s *runSink) context.Context {
	ctx = context.WithValue(ctx, runKey{}, s)
	return context.WithValue(ctx, keptKey{}, &keptPages{source: s.rec.run.Source})
}

// Previous implements extract.PageStates.
func (runPages) Previous(ctx context.Context, url string) (extract.PageState, bool) {
	s, _ := ctx.Value(runKey{}).(*runSink)
	if s == nil {
		return extract.PageState{}, false
	}
	p, ok := s.pages.get(url)
	if !ok {
		return extract.PageState{}, false
	}
	return extract.PageState{URL: p.URL, ETag: p.ETag, LastModified: p.LastModified, Hash: p.BodyHash}, true
}

// pageRow is the fetch_state row of a document's page state.
func pageRow(source string, s *extract.PageState, at time.Time) record.PageState {
	return record.PageState{Source: source, URL: s.URL, ETag: s.ETag, LastModified: s.LastModified, BodyHash: s.Hash, FetchedAt: at}
}
