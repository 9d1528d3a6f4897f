package html_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/newsetl/newsetl/config"
	"github.com/newsetl/newsetl/extract"
	"github.com/newsetl/newsetl/extract/extracttest"
	"github.com/newsetl/newsetl/extract/html"
)

const page = `<!DOCTYPE html><html lang="en-US"><head><title>%s</title></head><body>
<nav><a href="/about.html">About</a><a href="/list.html">News</a></nav>%s
<footer><a href="/contact.html">Contact</a></footer></body></html>`

func pageHTML(title, body string) string {
	return strings.Replace(strings.Replace(page, "%s", title, 1), "%s", body, 1)
}

var site = map[string]string{
	"/list.html": pageHTML("News", `<ul class="news"><li><a href="a/1.html">One</a></li><li><a href="/a/2.html">Two</a></li>
		<li><a href="a/1.html#comments">One again</a></li></ul><div class="pager"><a class="next" href="list_2.html">Next</a></div>`),
	"/list_2.html": pageHTML("News 2", `<ul class="news"><li><a href="a/nodate.html">No date</a></li><li><a href="a/gone.html">Gone</a></li>
		<li><a href="a/nobody.html">No body</a></li><li><a href="http://127.0.0.1:1/elsewhere.html">Elsewhere</a></li></ul>
		<div class="pager"><a class="next" href="list.html">Back to the start</a></div>`),
	"/a/1.html": pageHTML("One", `<h1 class="title">Beds grow</h1><div class="meta">Source: NHC | Date: 2021-12-20</div>
		<div class="content"><p>There were 27,000 beds.</p><div class="ad">Buy now</div><p>Up 3.2 percent.</p></div>
		<div class="related"><a href="/a/2.html">Related</a></div>`),
	"/a/2.html": pageHTML("Two", `<link rel="canonical" href="/a/2.html?from=list"><h1 class="title">Second</h1>
		<div class="meta">Date: 2021-11-02</div><div class="content"><p>As of the end of 2020, 1,154 institutions.</p></div>`),
	"/a/nodate.html": pageHTML("No date", `<h1 class="title">Undated</h1><div class="meta">Source: NHC</div><div class="content"><p>Text.</p></div>`),
	"/a/nobody.html": pageHTML("No body", `<h1 class="title">Other markup</h1><div class="meta">Date: 2021-11-02</div><article><p>Text.</p></article>`),
}

func serve(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, ok := site[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	return srv
}

func source(t testing.TB, name, yamlOpts string) config.Source {
	var n yaml.Node
	if err := yaml.Unmarshal([]byte(yamlOpts), &n); err != nil {
		t.Fatal(err)
	}
	return config.Source{Name: name, Kind: "html", Options: n.Content[0], Line: 3, File: "test.yaml"}
}

func fetcher() *extract.Fetcher {
	return extract.NewFetcher(config.Fetch{UserAgent: "t", Timeout: 2 * time.Second, RequestsPerSecond: 1000,
		RetryBackoff: time.Millisecond, MaxBodyBytes: 1 << 20}, nil, extract.AllowPrivate())
}

const opts = `
list_url: %s/list.html
max_pages: 5
selectors:
  links: ul.news a
  next_page: .pager a.next
  title: h1.title
  date: div.meta
  body: div.content
  exclude: .ad
date_format: "2006-01-02"
`

func TestExtractPaginatedListWithBadPages(t *testing.T) {
	srv := serve(t)
	x, err := extract.Build(source(t, "news", strings.Replace(opts, "%s", srv.URL, 1)), fetcher())
	if err != nil {
		t.Fatal(err)
	}
	var rec extracttest.Recorder
	if err := x.Extract(context.Background(), extract.Window{}, &rec); err != nil {
		t.Fatal(err)
	}
	if len(rec.Docs) != 2 {
		t.Fatalf("got %d documents, want 2: %+v", len(rec.Docs), rec.Docs)
	}
	d := rec.Docs[0]
	if d.URL != srv.URL+"/a/1.html" || d.Title != "Beds grow" || d.Source != "news" || d.Lang != "en" {
		t.Errorf("doc 1 = %+v", d)
	}
	if want := time.Date(2021, 12, 20, 0, 0, 0, 0, time.UTC); !d.PublishedAt.Equal(want) {
		t.Errorf("doc 1 published %v, want %v", d.PublishedAt, want)
	}
	if d.Text != "There were 27,000 beds.\nUp 3.2 percent." {
		t.Errorf("doc 1 text %q (ad not excluded or paragraphs lost)", d.Text)
	}
	if got := rec.Docs[1].URL; got != srv.URL+"/a/2.html?from=list" {
		t.Errorf("doc 2 URL %q, want the canonical link", got)
	}
	wantErrs := map[string]string{
		srv.URL + "/a/nodate.html":          `date selector "div.meta": no date in "Source: NHC"`,
		srv.URL + "/a/gone.html":            "HTTP 404",
		srv.URL + "/a/nobody.html":          `body selector "div.content" matched nothing`,
		"http://127.0.0.1:1/elsewhere.html": "refused by the egress policy", // another port of the list page's host
	}
	if len(rec.Errs) != len(wantErrs) {
		t.Errorf("got %d page errors, want %d: %v", len(rec.Errs), len(wantErrs), rec.Errs)
	}
	for url, want := range wantErrs {
		err := rec.Errs[url]
		if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "source news") || !strings.Contains(err.Error(), url) {
			t.Errorf("error for %s = %v, want it to name the source, the URL and %q", url, err, want)
		}
	}
	// 2 list pages (the loop back to page 1 is not refetched) + 2 good + nodate + nobody.
	if len(rec.Pages) != 6 {
		t.Errorf("fetched %d pages, want 6: %v", len(rec.Pages), rec.Pages)
	}
}

func TestExtractListPageFailures(t *testing.T) {
	srv := serve(t)
	cases := []struct{ name, opts, want string }{
		{"list 404", strings.Replace(opts, "%s/list.html", srv.URL+"/nolist.html", 1), "list page " + srv.URL + "/nolist.html: GET " + srv.URL + "/nolist.html: HTTP 404"},
		{"links match nothing", strings.Replace(strings.Replace(opts, "%s", srv.URL, 1), "ul.news a", "ul.missing a", 1), `links selector "ul.missing a" matched no link`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			x, err := extract.Build(source(t, "news", c.opts), fetcher())
			if err != nil {
				t.Fatal(err)
			}
			var rec extracttest.Recorder
			err = x.Extract(context.Background(), extract.Window{}, &rec)
			if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "source news") {
				t.Fatalf("Extract = %v, want an error naming the source and containing %q", err, c.want)
			}
			if len(rec.Docs) != 0 {
				t.Errorf("got %d documents from a failed list", len(rec.Docs))
			}
		})
	}
}

func TestBuildRejectsBadOptions(t *testing.T) {
	cases := []struct{ name, opts, want string }{
		{"unknown key", "list_url: http://x/\nselectors: {links: a, title: h1, date: .d, body: .b}\nmax_page: 3\n", `unknown key "max_page"`},
		{"missing selector", "list_url: http://x/\nselectors: {title: h1, date: .d}\n", `missing required key "selectors.links"`},
		{"bad selector", "list_url: http://x/\nselectors: {links: 'a[', title: h1, date: .d, body: .b}\n", `selectors.links "a["`},
		{"relative url", "list_url: /list.html\nselectors: {links: a, title: h1, date: .d, body: .b}\n", "not an absolute http(s) URL"},
		{"bad timezone", "list_url: http://x/\ntimezone: Mars/Olympus\nselectors: {links: a, title: h1, date: .d, body: .b}\n", `timezone "Mars/Olympus"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := html.New(source(t, "bad", c.opts), fetcher())
			if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "test.yaml: line") || !strings.Contains(err.Error(), "source bad") {
				t.Fatalf("New = %v, want an error naming file, line, source and %q", err, c.want)
			}
		})
	}
}

// Without title, date and body selectors an article is read by generic
// extraction: the sample SASAC list yields its 4 articles with the same
// titles, dates and texts as the configured selectors give.
func TestExtractWithoutArticleSelectorsUsesGenericExtraction(t *testing.T) {
	srv := httptest.NewServer(http.FileServer(http.Dir("../../testdata/site")))
	defer srv.Close()
	withSelectors := `list_url: ` + srv.URL + `/sasac/en/index.html
selectors: {links: "ul.news-list > li > a", next_page: "div.pager a.next", title: h1.article-title, date: "div.article-info span.pub-date", body: div.article-content, exclude: "style, script"}
`
	generic := `list_url: ` + srv.URL + `/sasac/en/index.html
selectors: {links: "ul.news-list > li > a", next_page: "div.pager a.next"}
`
	var docs [2][]extract.Document
	for i, opts := range []string{withSelectors, generic} {
		x, err := extract.Build(source(t, "sasac", opts), fetcher())
		if err != nil {
			t.Fatal(err)
		}
		var rec extracttest.Recorder
		if err := x.Extract(context.Background(), extract.Window{}, &rec); err != nil {
			t.Fatal(err)
		}
		if len(rec.Errs) > 0 {
			t.Fatalf("page errors: %v", rec.Errs)
		}
		docs[i] = rec.Docs
	}
	if len(docs[0]) != 4 || len(docs[1]) != 4 {
		t.Fatalf("got %d and %d documents, want 4 and 4", len(docs[0]), len(docs[1]))
	}
	for i := range docs[0] {
		a, b := docs[0][i], docs[1][i]
		// The page's <meta name="PubDate"> adds the time of day the visible date lacks.
		if a.Title != b.Title || a.PublishedAt.Format("2006-01-02") != b.PublishedAt.Format("2006-01-02") || a.Text != b.Text {
			t.Errorf("%s: generic extraction differs:\n title %q vs %q\n date %v vs %v\n text equal: %v", a.URL, a.Title, b.Title, a.PublishedAt, b.PublishedAt, a.Text == b.Text)
		}
	}
}
