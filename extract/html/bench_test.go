package html_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/newsetl/newsetl/config"
	"github.com/newsetl/newsetl/extract"
	"github.com/newsetl/newsetl/extract/extracttest"
	"github.com/newsetl/newsetl/internal/getloop"
)

// generatedSite serves lists list pages of 9 article links each (10 pages
// per list page in all), articles of about 4 KB in a government-site layout.
func generatedSite(lists int) *httptest.Server {
	para := strings.Repeat("As of the end of November 2021, the completion rate of the reform of 1,154 medical institutions reached 99.6 percent, and 27,000 beds were added. ", 4)
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		var b strings.Builder
		b.WriteString(`<!DOCTYPE html><html lang="en"><head><title>News</title><link rel="stylesheet" href="/s.css"></head><body><div class="nav"><a href="/">Home</a><a href="/about">About</a></div>`)
		switch {
		case strings.HasPrefix(r.URL.Path, "/list_"):
			n, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/list_"), ".html"))
			b.WriteString(`<ul class="news">`)
			for i := range 9 {
				fmt.Fprintf(&b, `<li><a href="/a/%d_%d.html">Article %d of page %d</a> <span>2021-12-20</span></li>`, n, i, i, n)
			}
			b.WriteString(`</ul>`)
			if n < lists {
				fmt.Fprintf(&b, `<div class="pager"><a class="next" href="/list_%d.html">Next</a></div>`, n+1)
			}
		case strings.HasPrefix(r.URL.Path, "/a/"):
			fmt.Fprintf(&b, `<h1 class="title">Article %s</h1><div class="meta">Source: SASAC | Date: 2021-12-20</div><div class="content">`, r.URL.Path)
			for range 6 {
				fmt.Fprintf(&b, "<p>%s</p>", para)
			}
			b.WriteString(`</div><div class="share">Share</div><ul class="related"><li><a href="/x">Related</a></li></ul>`)
		default:
			http.NotFound(w, r)
			return
		}
		b.WriteString(`<div class="footer"><a href="/privacy">Privacy</a></div></body></html>`)
		w.Write([]byte(b.String()))
	}))
}

// BenchmarkCrawl crawls a generated loopback site with the rate limit
// lifted (max_per_host 4) and, in the same iteration, fetches the same
// pages with a plain Go GET loop on 4 goroutines (the reference: what the
// loopback server and HTTP stack allow). It reports both in pages/s, their
// ratio, and the peak heap in use. Run with -benchtime=3x; compare
// pages=1000 and pages=10000: the peak heap must not grow with the number
// of pages.
func BenchmarkCrawl(b *testing.B) {
	const parallel = 4
	for _, pages := range []int{1000, 10000} {
		b.Run("pages="+strconv.Itoa(pages), func(b *testing.B) {
			lists := pages / 10
			srv := generatedSite(lists)
			defer srv.Close()
			f := extract.NewFetcher(config.Fetch{UserAgent: "bench", Timeout: 10 * time.Second, RequestsPerSecond: 1e9, MaxPerHost: parallel,
				RetryBackoff: time.Millisecond, MaxBodyBytes: 1 << 20, IgnoreRobots: true}, nil, extract.AllowPrivate())
			src := source(b, "bench", fmt.Sprintf(`
list_url: %s/list_1.html
max_pages: %d
selectors: {links: ul.news a, next_page: .pager a.next, title: h1.title, date: div.meta, body: div.content}
date_format: "2006-01-02"
`, srv.URL, lists))
			x, err := extract.Build(src, f)
			if err != nil {
				b.Fatal(err)
			}
			var urls []string
			for n := 1; n <= lists; n++ {
				urls = append(urls, fmt.Sprintf("%s/list_%d.html", srv.URL, n))
				for i := range 9 {
					urls = append(urls, fmt.Sprintf("%s/a/%d_%d.html", srv.URL, n, i))
				}
			}
			// Keep-alive for every goroutine (http.DefaultTransport keeps 2 idle
			// connections per host).
			client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: parallel}}
			var peak atomic.Uint64
			stop := make(chan struct{})
			go func() {
				var m runtime.MemStats
				for {
					runtime.ReadMemStats(&m)
					if m.HeapInuse > peak.Load() {
						peak.Store(m.HeapInuse)
					}
					select {
					case <-stop:
						return
					case <-time.After(20 * time.Millisecond):
					}
				}
			}()
			b.ResetTimer()
			var crawlTime, refTime time.Duration
			var total int64
			for range b.N {
				start := time.Now()
				c := extracttest.Recorder{Discard: true}
				if err := x.Extract(context.Background(), extract.Window{}, &c); err != nil {
					b.Fatal(err)
				}
				crawlTime += time.Since(start)
				if len(c.Pages) != pages || c.DocCount != lists*9 || len(c.Errors) != 0 {
					b.Fatalf("crawled %d pages, %d documents, %d errors; want %d, %d, 0", len(c.Pages), c.DocCount, len(c.Errors), pages, lists*9)
				}
				total += int64(len(c.Pages))
				start = time.Now()
				if err := getloop.Run(context.Background(), client, urls, parallel); err != nil {
					b.Fatal(err)
				}
				refTime += time.Since(start)
			}
			b.StopTimer()
			close(stop)
			b.ReportMetric(float64(total)/crawlTime.Seconds(), "pages/s")
			b.ReportMetric(float64(total)/refTime.Seconds(), "ref-pages/s")
			b.ReportMetric(refTime.Seconds()/crawlTime.Seconds(), "ratio")
			b.ReportMetric(float64(peak.Load())/(1<<20), "peak-heap-MB")
		})
	}
}
