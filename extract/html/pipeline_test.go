package html_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsetl/newsetl/config"
	"github.com/newsetl/newsetl/extract"
	"github.com/newsetl/newsetl/extract/extracttest"
)

// A walk reads the next list page while the entries of the last are still
// being fetched. When max_articles stops it, the documents are the first
// max_articles of the list, in list order; every list page it fetched is
// counted (one read ahead of the stop too), and nothing is counted that
// the server did not serve. (Entries already fetched ahead of the stop,
// at most pipelineAhead×workers, are dropped unreported, as
// extract.Ordered's are.)
func TestMaxArticlesStopsTheWalkAndCountsEveryFetch(t *testing.T) {
	var mu sync.Mutex
	var served []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		served = append(served, r.URL.Path)
		mu.Unlock()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		switch {
		case strings.HasPrefix(r.URL.Path, "/list_"):
			var n int
			fmt.Sscanf(r.URL.Path, "/list_%d.html", &n)
			var b strings.Builder
			b.WriteString(`<ul class="news">`)
			for i := range 9 {
				fmt.Fprintf(&b, `<li><a href="/a/%d_%d.html">%d</a></li>`, n, i, i)
			}
			b.WriteString(`</ul>`)
			if n < 6 {
				fmt.Fprintf(&b, `<div class="pager"><a class="next" href="/list_%d.html">Next</a></div>`, n+1)
			}
			fmt.Fprint(w, pageHTML("新闻 - 国资委", b.String()))
		case strings.HasPrefix(r.URL.Path, "/a/"):
			fmt.Fprint(w, pageHTML("Report "+r.URL.Path+" - SASAC", `<div class="meta">2021-12-20</div>
<div class="content"><p>Report `+r.URL.Path+`: 1,154 medical institutions completed the reform, 99.6 percent of the total.</p>
<p>全国共有医疗机构1154家，完成率达到99.6%。</p></div>`))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	for _, max := range []int{5, 13, 40} {
		t.Run(fmt.Sprint("max_articles ", max), func(t *testing.T) {
			mu.Lock()
			served = nil
			mu.Unlock()
			f := extract.NewFetcher(config.Fetch{UserAgent: "t", Timeout: 2 * time.Second, RequestsPerSecond: 1e6, MaxPerHost: 4,
				RetryBackoff: time.Millisecond, MaxBodyBytes: 1 << 20, IgnoreRobots: true}, nil, extract.AllowPrivate())
			x, err := extract.Build(source(t, "c", fmt.Sprintf(`
list_url: %s/list_1.html
max_articles: %d
selectors: {links: ul.news a, next_page: .pager a.next, date: div.meta, body: div.content}
date_format: "2006-01-02"
`, srv.URL, max)), f)
			if err != nil {
				t.Fatal(err)
			}
			rec := &extracttest.Recorder{}
			if err := x.Extract(context.Background(), extract.Window{}, rec); err != nil {
				t.Fatal(err)
			}
			if len(rec.Docs) != max {
				t.Fatalf("%d documents, want %d", len(rec.Docs), max)
			}
			for i, d := range rec.Docs {
				if want := fmt.Sprintf("%s/a/%d_%d.html", srv.URL, 1+i/9, i%9); d.URL != want {
					t.Fatalf("document %d is %s, want %s (list order)", i, d.URL, want)
				}
			}
			mu.Lock()
			defer mu.Unlock()
			counted := map[string]bool{}
			for _, p := range rec.Pages {
				counted[strings.TrimPrefix(p, srv.URL)] = true
			}
			servedSet := map[string]bool{}
			for _, p := range served {
				servedSet[p] = true
				if strings.HasPrefix(p, "/list_") && !counted[p] {
					t.Errorf("list page %s was fetched but not counted", p)
				}
			}
			for p := range counted {
				if !servedSet[p] {
					t.Errorf("%s counted but never served", p)
				}
			}
			if extra := len(served) - len(counted); extra < 0 || extra > 4*4 {
				t.Errorf("%d requests served and not counted, want at most 16 (4×workers read ahead)", extra)
			}
		})
	}
}
