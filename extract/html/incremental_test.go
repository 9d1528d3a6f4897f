package html_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsetl/newsetl/config"
	"github.com/newsetl/newsetl/extract"
	"github.com/newsetl/newsetl/record"
	"github.com/newsetl/newsetl/schedules"
	"github.com/newsetl/newsetl/schedules/schedulestest"
)

// validatingSite serves pages with an ETag (a hash of the body) and
// answers If-None-Match with 304, logging every request as
// "path conditional|plain status".
type validatingSite struct {
	mu    sync.Mutex
	pages map[string]string
	log   []string
}

func (v *validatingSite) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	v.mu.Lock()
	body, ok := v.pages[r.URL.Path]
	v.mu.Unlock()
	kind := "plain"
	if r.Header.Get("If-None-Match") != "" {
		kind = "conditional"
	}
	status := http.StatusOK
	etag := fmt.Sprintf(`"%x"`, sha256.Sum256([]byte(body)))
	switch {
	case !ok:
		status = http.StatusNotFound
	case r.Header.Get("If-None-Match") == etag:
		status = http.StatusNotModified
	}
	v.mu.Lock()
	v.log = append(v.log, fmt.Sprintf("%s %s %d", r.URL.Path, kind, status))
	v.mu.Unlock()
	if status == http.StatusNotFound {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("ETag", etag)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader([]byte(body)))
}

// requests returns the requests since the last call, sorted (articles are
// fetched concurrently).
func (v *validatingSite) requests() []string {
	v.mu.Lock()
	defer v.mu.Unlock()
	out := v.log
	v.log = nil
	slices.Sort(out)
	return out
}

func incrementalList(n int, links ...string) string {
	var b strings.Builder
	b.WriteString(`<ul class="news">`)
	for _, l := range links {
		fmt.Fprintf(&b, `<li><a href="/a/%s.html">%s</a></li>`, l, l)
	}
	b.WriteString(`</ul>`)
	if n == 1 {
		b.WriteString(`<div class="pager"><a class="next" href="/list_2.html">Next</a></div>`)
	}
	return pageHTML(fmt.Sprintf("News %d", n), b.String())
}

func incrementalArticle(name string) string {
	return pageHTML(name, fmt.Sprintf(`<h1 class="title">Report %s</h1><div class="meta">2021-12-20</div>
<div class="content"><p>In report %s, 1,154 medical institutions completed the reform, 99.6 percent of the total.</p></div>`, name, name))
}

// A second ingest of an unchanged site costs one 304 for its first list
// page and nothing else; when a list page changes, its new article is
// fetched and the known ones are asked for conditionally (304).
func TestUnchangedListPagesCostA304(t *testing.T) {
	site := &validatingSite{pages: map[string]string{
		"/list_1.html": incrementalList(1, "a1", "a2", "a3"),
		"/list_2.html": incrementalList(2, "b1", "b2", "b3"),
	}}
	for _, a := range []string{"a1", "a2", "a3", "b1", "b2", "b3", "a0"} {
		site.pages["/a/"+a+".html"] = incrementalArticle(a)
	}
	srv := httptest.NewServer(site)
	defer srv.Close()
	f := extract.NewFetcher(config.Fetch{UserAgent: "t", Timeout: 2 * time.Second, RequestsPerSecond: 1000, MaxPerHost: 4,
		RetryBackoff: time.Millisecond, MaxBodyBytes: 1 << 20, IgnoreRobots: true}, nil,
		extract.AllowPrivate(), extract.WithPageStates(schedules.PageStates()))
	x, err := extract.Build(source(t, "inc", fmt.Sprintf(`
list_url: %s/list_1.html
selectors: {links: ul.news a, next_page: .pager a.next, title: h1.title, date: div.meta, body: div.content}
date_format: "2006-01-02"
`, srv.URL)), f)
	if err != nil {
		t.Fatal(err)
	}
	store := &schedulestest.Store{}
	in := &schedules.Ingester{Store: store}
	job := schedules.Job{Source: "inc", Kind: "html", Extractor: x}
	run := func(name, wantRun string, want ...string) {
		t.Helper()
		r, err := in.Run(context.Background(), job)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got := runCounts(r); got != wantRun {
			t.Errorf("%s: run %s, want %s", name, got, wantRun)
		}
		slices.Sort(want)
		if got := site.requests(); !slices.Equal(got, want) {
			t.Errorf("%s: requests\n%s\nwant\n%s", name, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}

	run("first run", "ok pages=8 new=6 unchanged=0",
		"/list_1.html plain 200", "/list_2.html plain 200",
		"/a/a1.html plain 200", "/a/a2.html plain 200", "/a/a3.html plain 200",
		"/a/b1.html plain 200", "/a/b2.html plain 200", "/a/b3.html plain 200")
	run("unchanged site", "ok pages=1 new=0 unchanged=0", "/list_1.html conditional 304")

	site.mu.Lock()
	site.pages["/list_1.html"] = incrementalList(1, "a0", "a1", "a2", "a3")
	site.mu.Unlock()
	run("a new article", "ok pages=6 new=1 unchanged=3",
		"/list_1.html conditional 200", "/a/a0.html plain 200",
		"/a/a1.html conditional 304", "/a/a2.html conditional 304", "/a/a3.html conditional 304",
		"/list_2.html conditional 304")
	run("unchanged again", "ok pages=1 new=0 unchanged=0", "/list_1.html conditional 304")
	if n := len(store.Articles("inc")); n != 7 {
		t.Errorf("%d articles stored, want 7", n)
	}
}

// A list page whose entry failed is not kept: the next run reads it again
// and retries the entry.
func TestListPageWithAFailedEntryIsReadAgain(t *testing.T) {
	site := &validatingSite{pages: map[string]string{
		"/list_1.html": incrementalList(2, "a1", "a2"),
		"/a/a1.html":   incrementalArticle("a1"),
	}}
	srv := httptest.NewServer(site)
	defer srv.Close()
	f := extract.NewFetcher(config.Fetch{UserAgent: "t", Timeout: 2 * time.Second, RequestsPerSecond: 1000,
		RetryBackoff: time.Millisecond, MaxBodyBytes: 1 << 20, IgnoreRobots: true}, nil,
		extract.AllowPrivate(), extract.WithPageStates(schedules.PageStates()))
	x, err := extract.Build(source(t, "inc", fmt.Sprintf(`
list_url: %s/list_1.html
selectors: {links: ul.news a, title: h1.title, date: div.meta, body: div.content}
date_format: "2006-01-02"
`, srv.URL)), f)
	if err != nil {
		t.Fatal(err)
	}
	in := &schedules.Ingester{Store: &schedulestest.Store{}}
	job := schedules.Job{Source: "inc", Kind: "html", Extractor: x}
	if r, _ := in.Run(context.Background(), job); runCounts(r) != "partial pages=2 new=1 unchanged=0" {
		t.Fatalf("first run: %s", runCounts(r))
	}
	site.requests()
	site.mu.Lock()
	site.pages["/a/a2.html"] = incrementalArticle("a2") // the missing page appears
	site.mu.Unlock()
	r, err := in.Run(context.Background(), job)
	if err != nil || runCounts(r) != "ok pages=3 new=1 unchanged=1" {
		t.Fatalf("second run: %s, %v", runCounts(r), err)
	}
	want := []string{"/a/a1.html conditional 304", "/a/a2.html plain 200", "/list_1.html plain 200"}
	if got := site.requests(); !slices.Equal(got, want) {
		t.Errorf("second run requests %v, want %v", got, want)
	}
}

func runCounts(r record.Run) string {
	return fmt.Sprintf("%s pages=%d new=%d unchanged=%d", r.Status, r.PagesFetched, r.ArticlesNew, r.ArticlesUnchanged)
}
