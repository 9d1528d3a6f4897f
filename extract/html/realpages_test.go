package html_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newsetl/newsetl/extract"
	"github.com/newsetl/newsetl/extract/extracttest"
)

// serveGov serves testdata/gov: /news/bus-routes.html answers 412, and
// /zh-list.html lists the Chinese page.
func serveGov(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/news/bus-routes.html":
			w.WriteHeader(http.StatusPreconditionFailed)
			return
		case "/zh-list.html":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write([]byte(`<html><body><ul class="results"><li class="result"><a href="/news/zh-utf8-meta-gbk.html">中央企业办医疗机构深化改革基本完成</a><span class="meta">2021-12-20</span></li></ul></body></html>`))
			return
		}
		body, err := os.ReadFile(filepath.Join("testdata", "gov", filepath.FromSlash(strings.TrimPrefix(r.URL.Path, "/"))))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html") // no charset: the page's <meta> speaks
		w.Write(body)
	}))
	t.Cleanup(srv.Close)
	return srv
}

const govOpts = `
list_url: %s/list.html
selectors:
  item: li.result
  links: a
  item_date: .meta
`

// An English government site read without article selectors: day-first
// dates (from lang en-GB) in the list and on the pages, a site-suffixed
// title, a UTF-8 page that declares windows-1252, tracking parameters, a
// canonical link to another host (ignored) and one on the same host
// (honoured), a list date that does not parse (a warning), a challenge
// page and a 412 (blocked, no article).
func TestGovernmentSiteWithoutSelectors(t *testing.T) {
	srv := serveGov(t)
	src := source(t, "gov", strings.Replace(govOpts, "%s", srv.URL, 1))
	src.Lang = "en-GB"
	x, err := extract.Build(src, fetcher())
	if err != nil {
		t.Fatal(err)
	}
	var rec extracttest.Recorder
	if err := x.Extract(context.Background(), extract.Window{}, &rec); err != nil {
		t.Fatal(err)
	}
	docs := map[string]extract.Document{}
	for _, d := range rec.Docs {
		docs[strings.TrimPrefix(d.URL, srv.URL)] = d
	}
	want := []struct{ path, title, date, source, has, hasNot string }{
		{"/news/rural-schools-funding.html", "Funding boost for rural schools", "2021-03-12", extract.DateByline,
			"Rural primary schools will share £42 million of new funding", "cookies"},
		{"/news/broadband-rollout.html", "Broadband reaches 12,000 more homes", "2021-03-02", extract.DateByline,
			"Coverage in the county’s most remote parishes rose from 41% to 67%, the department said — the biggest rise", "Ã"},
		{"/news/village-shops.html", "Village shops scheme extended", "2021-03-03", extract.DateMeta,
			"supporting 320 community-owned shops", "Release date"},
		{"/news/farm-incomes.html", "Statement on county council budget", "2021-02-23", extract.DateByline,
			"£3.4 million for rural bus services", "Crown copyright"},
	}
	if len(rec.Docs) != len(want) {
		t.Errorf("got %d documents, want %d: %v", len(rec.Docs), len(want), keys(docs))
	}
	for _, w := range want {
		d, ok := docs[w.path]
		if !ok {
			t.Errorf("no document %s (have %v)", w.path, keys(docs))
			continue
		}
		if d.Title != w.title || d.PublishedAt.Format("2006-01-02") != w.date || d.DateSource != w.source {
			t.Errorf("%s: title %q, date %s from %q; want %q, %s from %q", w.path, d.Title, d.PublishedAt.Format("2006-01-02"), d.DateSource, w.title, w.date, w.source)
		}
		if !strings.Contains(d.Text, w.has) || strings.Contains(d.Text, w.hasNot) {
			t.Errorf("%s: text %q; want %q and not %q", w.path, d.Text, w.has, w.hasNot)
		}
	}
	// broadband-rollout.html is UTF-8 under <meta charset="windows-1252">:
	// read as UTF-8 (its "county’s" and "—" above are right) and flagged.
	for path, d := range docs {
		want := ""
		if path == "/news/broadband-rollout.html" {
			want = "windows-1252"
		}
		if d.CharsetMismatch != want {
			t.Errorf("%s: CharsetMismatch %q, want %q", path, d.CharsetMismatch, want)
		}
	}
	for _, path := range []string{"/news/flood-defences.html", "/news/bus-routes.html"} {
		var b *extract.BlockedError
		if err := rec.Errs[srv.URL+path]; !errors.As(err, &b) || b.URL != srv.URL+path {
			t.Errorf("%s: error %v, want a BlockedError naming the URL", path, err)
		}
	}
	if b := blocked(rec.Errs[srv.URL+"/news/flood-defences.html"]); b == nil || b.Status != 200 || b.Marker != "cf_chl_" {
		t.Errorf("challenge page: %+v, want status 200 and its marker", b)
	}
	if b := blocked(rec.Errs[srv.URL+"/news/bus-routes.html"]); b == nil || b.Status != 412 {
		t.Errorf("412: %+v", b)
	}
	listWarn := rec.Errs[srv.URL+"/news/village-shops.html"]
	if listWarn == nil || !strings.Contains(listWarn.Error(), `list date "Release date: 3rd of March"`) || !strings.Contains(listWarn.Error(), "source gov") {
		t.Errorf("unparsable list date: %v, want a warning naming the source and the raw date", listWarn)
	}
	if len(rec.Errs) != 3 {
		t.Errorf("%d page errors, want 3: %v", len(rec.Errs), rec.Errs)
	}
}

func blocked(err error) *extract.BlockedError {
	var b *extract.BlockedError
	if errors.As(err, &b) {
		return b
	}
	return nil
}

func keys(m map[string]extract.Document) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// A Chinese page whose bytes are UTF-8 while its meta says GBK is read as
// UTF-8; its title loses the site suffix and its date comes from its
// 发布时间 byline.
func TestChinesePageUTF8DeclaredGBK(t *testing.T) {
	srv := serveGov(t)
	src := source(t, "zh", "list_url: "+srv.URL+"/zh-list.html\nselectors:\n  links: ul.results a\n")
	x, err := extract.Build(src, fetcher())
	if err != nil {
		t.Fatal(err)
	}
	var rec extracttest.Recorder
	if err := x.Extract(context.Background(), extract.Window{}, &rec); err != nil {
		t.Fatal(err)
	}
	if len(rec.Docs) != 1 {
		t.Fatalf("got %d documents, errors %v", len(rec.Docs), rec.Errs)
	}
	d := rec.Docs[0]
	if d.Title != "中央企业办医疗机构深化改革基本完成" {
		t.Errorf("title %q", d.Title)
	}
	if want := time.Date(2021, 12, 20, 10, 28, 0, 0, time.UTC); !d.PublishedAt.Equal(want) || d.DateSource != extract.DateByline {
		t.Errorf("date %v from %q, want %v from the byline", d.PublishedAt, d.DateSource, want)
	}
	if d.Text != "近日，国务院国资委宣布，中央企业办医疗机构深化改革工作已基本完成。\n截至2021年11月底，中央企业所办1154家医疗机构深化改革完成率达到99.6%。" || d.Lang != "zh" {
		t.Errorf("text %q lang %q", d.Text, d.Lang)
	}
	if d.CharsetMismatch != "gbk" {
		t.Errorf("CharsetMismatch %q, want gbk (the page declares GBK over UTF-8 bytes)", d.CharsetMismatch)
	}
}

// A next_page selector that matches nothing on the first list page is a
// warning, not silence.
func TestNextPageMatchingNothingWarns(t *testing.T) {
	srv := serveGov(t)
	src := source(t, "gov", strings.Replace(govOpts, "%s", srv.URL, 1)+"  next_page: a.next-page\nmax_articles: 1\n")
	src.Lang = "en-GB"
	x, err := extract.Build(src, fetcher())
	if err != nil {
		t.Fatal(err)
	}
	var rec extracttest.Recorder
	if err := x.Extract(context.Background(), extract.Window{}, &rec); err != nil {
		t.Fatal(err)
	}
	err = rec.Errs[srv.URL+"/list.html"]
	if err == nil || !strings.Contains(err.Error(), `next_page selector "a.next-page" matched nothing`) {
		t.Errorf("list page warning = %v", err)
	}
}

// A list page that is a challenge, or answers 412, fails the source with a
// BlockedError (the run counts it as blocked and ends failed).
func TestBlockedListPage(t *testing.T) {
	srv := serveGov(t)
	for _, path := range []string{"/news/flood-defences.html", "/news/bus-routes.html"} {
		src := source(t, "gov", "list_url: "+srv.URL+path+"\nselectors:\n  links: a\n")
		x, err := extract.Build(src, fetcher())
		if err != nil {
			t.Fatal(err)
		}
		var rec extracttest.Recorder
		err = x.Extract(context.Background(), extract.Window{}, &rec)
		if b := blocked(err); b == nil || !strings.Contains(err.Error(), "source gov: list page "+srv.URL+path) {
			t.Errorf("%s: %v, want a BlockedError naming the source and the list page", path, err)
		}
		if len(rec.Docs) != 0 {
			t.Errorf("%s: %d documents from a blocked list", path, len(rec.Docs))
		}
	}
}
