package extract

import (
	"context"

	"github.com/newsetl/newsetl/transform/stats"
)

// Sink receives everything an extraction produces: documents (each with
// the state of its page), statistics observations, and what happened to
// each page fetched. Every kind writes to a Sink and to nothing else; the
// Ingester (package schedules) implements it for runs, and
// extract/extracttest.Recorder for tests.
//
// An extraction calls its sink from one goroutine at a time; a sink shared
// by concurrent extractions must lock.
type Sink interface {
	// Document hands over one document. A non-nil error (the context
	// ended, the loader failed) stops the extraction, which returns it.
	Document(ctx context.Context, d Document) error
	// Observations hands over statistics read from one page or file. A
	// non-nil error stops the extraction, as Document's does.
	Observations(ctx context.Context, obs []stats.Observation) error
	// PageError records the failure of one page; the extraction goes on.
	// err already names the source and URL.
	PageError(url string, err error)
	// PageFetched counts one page fetched over HTTP (a 304 answer included).
	PageFetched(url string)
	// PageUnchanged counts a page skipped unread because it did not change
	// since the last run: the server answered 304 to a conditional request
	// (notModified) or the body's hash equals the stored one.
	PageUnchanged(url string, notModified bool)
}

// PageStates tells the Fetcher what an earlier run saw of a page, so that
// FetchArticle can send a conditional request and recognise an unchanged
// body. It is handed to the Fetcher when it is built (WithPageStates), the
// way a crawler is handed its visited-URL storage, so that no kind needs
// to know where page states are kept.
//
// ctx is the extraction's context: an implementation may scope its answers
// to the run that ctx belongs to (the Ingester answers from the states of
// the running source, and with nothing for a forced run). It must be safe
// for concurrent use.
type PageStates interface {
	Previous(ctx context.Context, url string) (PageState, bool)
}
