// Package extracttest is test support for source kinds: a Sink that
// records everything an extraction hands it.
package extracttest

import (
	"context"
	"sync"

	"github.com/newsetl/newsetl/extract"
	"github.com/newsetl/newsetl/transform/stats"
)

// Recorder is an extract.Sink that keeps everything, in order. Set Refuse
// to make Document and Observations fail (a loader that went away). It is
// safe for concurrent use; read its fields once the extraction returned.
type Recorder struct {
	mu sync.Mutex

	Docs []extract.Document
	Obs  []stats.Observation
	// Errs holds the last page error of each URL; Errors all of them in order.
	Errs   map[string]error
	Errors []error
	// Pages lists the URLs fetched; Unchanged those skipped as unchanged,
	// and NotModified how many of those the server answered with 304.
	Pages       []string
	Unchanged   []string
	NotModified int

	// DocCount and ObsCount count what was handed over; with Discard set
	// nothing else is kept (a benchmark's memory stays flat).
	DocCount, ObsCount int
	Discard            bool

	Refuse error
}

var _ extract.Sink = (*Recorder)(nil)

// Document implements extract.Sink.
func (r *Recorder) Document(_ context.Context, d extract.Document) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.DocCount++
	if !r.Discard {
		r.Docs = append(r.Docs, d)
	}
	return r.Refuse
}

// Observations implements extract.Sink.
func (r *Recorder) Observations(_ context.Context, obs []stats.Observation) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.ObsCount += len(obs)
	if !r.Discard {
		r.Obs = append(r.Obs, obs...)
	}
	return r.Refuse
}

// PageError implements extract.Sink.
func (r *Recorder) PageError(url string, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.Errs == nil {
		r.Errs = map[string]error{}
	}
	r.Errs[url] = err
	r.Errors = append(r.Errors, err)
}

// PageFetched implements extract.Sink.
func (r *Recorder) PageFetched(url string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.Pages = append(r.Pages, url)
}

// Fetched is how many pages were fetched.
func (r *Recorder) Fetched() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.Pages)
}

// PageUnchanged implements extract.Sink.
func (r *Recorder) PageUnchanged(url string, notModified bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.Unchanged = append(r.Unchanged, url)
	if notModified {
		r.NotModified++
	}
}

// States is an extract.PageStates over a fixed map, by URL: what a test
// says an earlier run saw.
type States map[string]extract.PageState

// Previous implements extract.PageStates.
func (s States) Previous(_ context.Context, url string) (extract.PageState, bool) {
	p, ok := s[url]
	return p, ok
}
