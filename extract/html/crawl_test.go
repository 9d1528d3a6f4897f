package html_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/newsetl/newsetl/config"
	"github.com/newsetl/newsetl/extract"
	"github.com/newsetl/newsetl/extract/extracttest"
)

// The articles of a list page are fetched concurrently, never more at once
// than fetch.max_per_host, and handed over in list order: the documents,
// pages and errors are those of a one-at-a-time crawl, in the same order.
func TestCrawlIsConcurrentWithinMaxPerHostAndOrdered(t *testing.T) {
	var inFlight, peak atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := inFlight.Add(1)
		defer inFlight.Add(-1)
		for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		switch {
		case strings.HasPrefix(r.URL.Path, "/list_"):
			var b strings.Builder
			page := strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/list_"), ".html")
			b.WriteString(`<ul class="news">`)
			for i := range 12 {
				fmt.Fprintf(&b, `<li><a href="/a/%s_%d.html">%d</a></li>`, page, i, i)
			}
			b.WriteString(`</ul>`)
			if page == "1" {
				b.WriteString(`<div class="pager"><a class="next" href="/list_2.html">Next</a></div>`)
			}
			fmt.Fprint(w, pageHTML("News - Ministry", b.String()))
		case strings.HasSuffix(r.URL.Path, "_5.html"):
			http.NotFound(w, r) // one missing article per list page
		case strings.HasPrefix(r.URL.Path, "/a/"):
			time.Sleep(3 * time.Millisecond) // long enough for fetches to overlap
			fmt.Fprint(w, pageHTML("Report "+r.URL.Path+" - Ministry", `<div class="meta">2021-12-20</div>
<div class="content"><p>Report `+r.URL.Path+`: 1,154 medical institutions completed the reform, 99.6 percent of the total.</p>
<p>报告：全国共有医疗机构1154家，完成率达到99.6%。</p></div>`))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	crawl := func(maxPerHost int) *extracttest.Recorder {
		f := extract.NewFetcher(config.Fetch{UserAgent: "t", Timeout: 2 * time.Second, RequestsPerSecond: 1e6, MaxPerHost: maxPerHost,
			RetryBackoff: time.Millisecond, MaxBodyBytes: 1 << 20, IgnoreRobots: true}, nil, extract.AllowPrivate())
		x, err := extract.Build(source(t, "c", fmt.Sprintf(`
list_url: %s/list_1.html
selectors: {links: ul.news a, next_page: .pager a.next, date: div.meta, body: div.content}
date_format: "2006-01-02"
`, srv.URL)), f)
		if err != nil {
			t.Fatal(err)
		}
		rec := &extracttest.Recorder{}
		peak.Store(0)
		if err := x.Extract(context.Background(), extract.Window{}, rec); err != nil {
			t.Fatal(err)
		}
		return rec
	}
	seq := crawl(1)
	if p := peak.Load(); p != 1 {
		t.Fatalf("max_per_host 1: %d requests at once", p)
	}
	par := crawl(4)
	if p := peak.Load(); p < 2 || p > 4 {
		t.Errorf("max_per_host 4: at most %d requests at once, want 2 to 4", p)
	}
	if len(seq.Docs) != 22 || len(seq.Errors) != 2 || len(seq.Pages) != 24 {
		t.Fatalf("sequential crawl: %d docs, %d errors, %d pages; want 22, 2, 24", len(seq.Docs), len(seq.Errors), len(seq.Pages))
	}
	describe := func(r *extracttest.Recorder) string {
		var b strings.Builder
		for _, d := range r.Docs {
			fmt.Fprintf(&b, "%s|%s|%s|%d\n", d.URL, d.Title, d.PublishedAt.Format("2006-01-02"), len(d.Text))
		}
		fmt.Fprintln(&b, strings.Join(r.Pages, "\n"))
		for _, e := range r.Errors {
			fmt.Fprintln(&b, e)
		}
		return b.String()
	}
	if a, b := describe(seq), describe(par); a != b {
		t.Errorf("concurrent crawl differs from the sequential one:\n%s\nwant\n%s", b, a)
	}
	if got := par.Docs[0].Title; got != "Report /a/1_0.html" {
		t.Errorf("first title %q: the site's name is not stripped as in list order", got)
	}
}
