package feed_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/newsetl/newsetl/config"
	"github.com/newsetl/newsetl/extract"
	"github.com/newsetl/newsetl/extract/extracttest"
)

// Items are fetched on several workers (fetch.max_per_host 4) and handed
// over in feed order: the documents, pages and errors (a missing page, an
// item with a bad link) are the one-at-a-time crawl's, in the same order.
func TestConcurrentItemsKeepFeedOrder(t *testing.T) {
	srv := serve(t)
	crawl := func(maxPerHost int, feedPath string) *extracttest.Recorder {
		f := extract.NewFetcher(config.Fetch{UserAgent: "t", Timeout: 2 * time.Second, RequestsPerSecond: 1e6, MaxPerHost: maxPerHost,
			RetryBackoff: time.Millisecond, MaxBodyBytes: 1 << 20}, nil, extract.AllowPrivate())
		x, err := extract.Build(source(t, "order", "feed_url: "+srv.URL+feedPath), f)
		if err != nil {
			t.Fatal(err)
		}
		var rec extracttest.Recorder
		if err := x.Extract(context.Background(), extract.Window{}, &rec); err != nil {
			t.Fatal(err)
		}
		return &rec
	}
	describe := func(r *extracttest.Recorder) string {
		var b strings.Builder
		for _, d := range r.Docs {
			fmt.Fprintf(&b, "%s|%s|%s|%s|%d\n", d.URL, d.Title, d.PublishedAt.Format(time.RFC3339), d.Lang, len(d.Text))
		}
		fmt.Fprintln(&b, strings.Join(r.Pages, "\n"))
		for _, e := range r.Errors {
			fmt.Fprintln(&b, e)
		}
		return b.String()
	}
	for _, path := range []string{"/feeds/sasac-en.xml", "/feeds/chinadaily.atom", "/feeds/with-404.xml"} {
		seq, par := crawl(1, path), crawl(4, path)
		if len(seq.Docs) == 0 {
			t.Fatalf("%s: no documents", path)
		}
		if a, b := describe(seq), describe(par); a != b {
			t.Errorf("%s: concurrent crawl differs from the sequential one:\n%s\nwant\n%s", path, b, a)
		}
	}
}
