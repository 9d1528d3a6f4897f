package feed_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/newsetl/newsetl/config"
	"github.com/newsetl/newsetl/extract"
	"github.com/newsetl/newsetl/extract/extracttest"
	_ "github.com/newsetl/newsetl/extract/feed"
)

const site = "../../testdata/site"

// inline feeds for the error cases.
var inline = map[string]string{
	"/feeds/with-404.xml": `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><title>Gone</title><link>http://SAMPLE_SITE/sasac/en/2021/09/art_4310.html</link><pubDate>Tue, 14 Sep 2021 10:00:00 +0800</pubDate></item>
<item><title>Huakang Health completes merger with Zhongyuan Hospital Management</title><link>http://SAMPLE_SITE/sasac/en/2021/10/art_4391.html</link><pubDate>Fri, 29 Oct 2021 16:20:00 +0800</pubDate></item>
<item><title>No date anywhere</title><link>http://SAMPLE_SITE/feeds/undated.html</link></item>
</channel></rss>`,
	"/feeds/broken.xml":   `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>Oops</ti`,
	"/feeds/undated.html": `<html><body><h1>Undated</h1><div><p>` + strings.Repeat("A paragraph without any date in it at all. ", 5) + `</p></div></body></html>`,
}

// serve serves the sample site, replacing the feeds' http://SAMPLE_SITE
// placeholder with the server's URL (see testdata/site/feeds/README.md).
func serve(t *testing.T) *httptest.Server {
	var srv *httptest.Server
	files := http.FileServer(http.Dir(site))
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, ok := inline[r.URL.Path]
		if !ok && strings.HasPrefix(r.URL.Path, "/feeds/") && !strings.HasSuffix(r.URL.Path, ".md") {
			raw, err := os.ReadFile(filepath.Join(site, filepath.FromSlash(r.URL.Path)))
			if err != nil {
				http.NotFound(w, r)
				return
			}
			body, ok = string(raw), true
		}
		if !ok {
			files.ServeHTTP(w, r)
			return
		}
		if strings.HasSuffix(r.URL.Path, ".html") {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
		} else {
			w.Header().Set("Content-Type", "application/xml")
		}
		w.Write([]byte(strings.ReplaceAll(body, "http://SAMPLE_SITE", srv.URL)))
	}))
	t.Cleanup(srv.Close)
	return srv
}

func source(t *testing.T, name, yamlOpts string) config.Source {
	var n yaml.Node
	if err := yaml.Unmarshal([]byte(yamlOpts), &n); err != nil {
		t.Fatal(err)
	}
	return config.Source{Name: name, Kind: "feed", Lang: "", Options: n.Content[0], Line: 7, File: "test.yaml"}
}

func fetcher() *extract.Fetcher {
	return extract.NewFetcher(config.Fetch{UserAgent: "t", Timeout: 2 * time.Second, RequestsPerSecond: 1000,
		RetryBackoff: time.Millisecond, MaxBodyBytes: 1 << 20}, nil, extract.AllowPrivate())
}

func run(t *testing.T, name, opts string, w extract.Window) (*extracttest.Recorder, error) {
	t.Helper()
	x, err := extract.Build(source(t, name, opts), fetcher())
	if err != nil {
		t.Fatal(err)
	}
	var rec extracttest.Recorder
	err = x.Extract(context.Background(), w, &rec)
	return &rec, err
}

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestRSSFetchesAndExtractsArticles(t *testing.T) {
	srv := serve(t)
	rec, err := run(t, "sasac-feed", "feed_url: "+srv.URL+"/feeds/sasac-en.xml", extract.Window{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.Errs) > 0 {
		t.Errorf("page errors: %v", rec.Errs)
	}
	if len(rec.Docs) != 8 {
		t.Fatalf("got %d documents, want the feed's 8 items", len(rec.Docs))
	}
	if len(rec.Pages) != 9 {
		t.Errorf("PageFetched called %d times, want 9 (the feed and 8 pages)", len(rec.Pages))
	}
	d := rec.Docs[0]
	if d.Source != "sasac-feed" || d.URL != srv.URL+"/sasac/en/2022/07/art_5120.html" ||
		d.Title != "Central SOEs step up support for rural revitalization in paired counties" || d.Lang != "en" {
		t.Errorf("first document = %+v", d)
	}
	if want := time.Date(2022, 7, 28, 1, 40, 0, 0, time.UTC); !d.PublishedAt.Equal(want) {
		t.Errorf("published %v, want the item's pubDate %v", d.PublishedAt.UTC(), want)
	}
	if !strings.HasPrefix(d.Text, "Central state-owned enterprises invested 4.37 billion yuan") || !strings.Contains(d.Text, "\n") ||
		strings.Contains(d.Text, "Share") || strings.Contains(d.Text, "TRS_Editor") {
		t.Errorf("text is not the article body: %.200q", d.Text)
	}
	for _, d := range rec.Docs {
		if !strings.HasPrefix(d.URL, srv.URL+"/") || d.FetchedAt.IsZero() || d.Text == "" {
			t.Errorf("document %+v", d)
		}
	}
}

func TestAtomWithWindow(t *testing.T) {
	srv := serve(t)
	rec, err := run(t, "cd-feed", "feed_url: "+srv.URL+"/feeds/chinadaily.atom", extract.Window{From: day("2021-01-01"), To: day("2022-01-01")})
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.Docs) != 1 {
		t.Fatalf("got %d documents, want the one story of 2021: %+v", len(rec.Docs), rec.Docs)
	}
	d := rec.Docs[0]
	if d.Title != "Hospital beds top 9.1 million as health network expands" || !strings.HasSuffix(d.URL, "/WS60ee5c1ba310efa1bd66186e.html") {
		t.Errorf("document = %+v", d)
	}
	if !strings.HasPrefix(d.Text, "China had 9.11 million hospital beds") || strings.Contains(d.Text, "[Photo") || strings.Contains(d.Text, "Advertisement") {
		t.Errorf("text %.300q", d.Text)
	}
	if len(rec.Pages) != 2 {
		t.Errorf("fetched %v; items outside the window must not be fetched", rec.Pages)
	}
}

func TestOpenWindowTakesAllAndMaxItems(t *testing.T) {
	srv := serve(t)
	rec, err := run(t, "cd-feed", "feed_url: "+srv.URL+"/feeds/chinadaily.atom", extract.Window{})
	if err != nil || len(rec.Docs) != 3 {
		t.Fatalf("open window: %d documents, %v; want 3", len(rec.Docs), err)
	}
	rec, err = run(t, "cd-feed", "feed_url: "+srv.URL+"/feeds/chinadaily.atom\nmax_items: 2", extract.Window{})
	if err != nil || len(rec.Docs) != 2 {
		t.Fatalf("max_items 2: %d documents, %v; want 2", len(rec.Docs), err)
	}
}

func TestFetchArticlesFalseUsesDescription(t *testing.T) {
	srv := serve(t)
	rec, err := run(t, "sasac-feed", "feed_url: "+srv.URL+"/feeds/sasac-en.xml\nfetch_articles: false", extract.Window{From: day("2021-12-01")})
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.Pages) != 1 {
		t.Errorf("fetched %v, want only the feed", rec.Pages)
	}
	if len(rec.Docs) != 6 {
		t.Fatalf("got %d documents, want the 6 items since 2021-12-01", len(rec.Docs))
	}
	d := rec.Docs[0]
	want := "Central state-owned enterprises invested 4.37 billion yuan of assistance funds in the first half of 2022 in the 246 counties"
	if !strings.HasPrefix(d.Text, want) || strings.Contains(d.Text, "<p>") || strings.Contains(d.Text, "\n") {
		t.Errorf("text %q, want the description as text", d.Text)
	}
	if d.Lang != "en" {
		t.Errorf("lang %q, want the feed's language", d.Lang)
	}
}

func TestItemErrorsAreRecordedAndTheRestLoads(t *testing.T) {
	srv := serve(t)
	rec, err := run(t, "flaky", "feed_url: "+srv.URL+"/feeds/with-404.xml", extract.Window{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.Docs) != 1 || !strings.HasSuffix(rec.Docs[0].URL, "/art_4391.html") {
		t.Fatalf("documents %+v, want art_4391 only", rec.Docs)
	}
	for url, want := range map[string]string{
		srv.URL + "/sasac/en/2021/09/art_4310.html": "HTTP 404",
		srv.URL + "/feeds/undated.html":             "no publication date",
	} {
		err := rec.Errs[url]
		if err == nil || !strings.Contains(err.Error(), "source flaky: article "+url) || !strings.Contains(err.Error(), want) {
			t.Errorf("error for %s = %v, want it to name the source, the URL and %q", url, err, want)
		}
	}
}

func TestBrokenFeedFailsTheSource(t *testing.T) {
	srv := serve(t)
	for path, want := range map[string]string{"/feeds/broken.xml": "parsing", "/feeds/missing.xml": "HTTP 404"} {
		_, err := run(t, "broken-feed", "feed_url: "+srv.URL+path, extract.Window{})
		if err == nil || !strings.Contains(err.Error(), "source broken-feed: feed "+srv.URL+path) || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v, want it to name the source, the feed URL and %q", path, err, want)
		}
	}
}

func TestSelectors(t *testing.T) {
	srv := serve(t)
	opts := "feed_url: " + srv.URL + "/feeds/sasac-en.xml\nmax_items: 1\nselectors:\n  title: h1.article-title\n  date: 'meta[name=\"PubDate\"]'\n  date_attr: content\n  body: div.article-content\n  exclude: style, script\n"
	rec, err := run(t, "sel", opts, extract.Window{})
	if err != nil || len(rec.Docs) != 1 {
		t.Fatalf("%d documents, %v", len(rec.Docs), err)
	}
	if !strings.HasPrefix(rec.Docs[0].Text, "Central state-owned enterprises invested") {
		t.Errorf("text %.100q", rec.Docs[0].Text)
	}
}

func TestConfigErrors(t *testing.T) {
	cases := map[string]string{
		"feed_url: ftp://x/feed.xml":                                                 `feed_url "ftp://x/feed.xml" is not an absolute http(s) URL`,
		"max_items: 3":                                                               `missing required key "feed_url"`,
		"feed_url: http://x/f.xml\nfetch_article: false":                             `unknown key "fetch_article"`,
		"feed_url: http://x/f.xml\ntimezone: Mars/Base":                              `timezone "Mars/Base"`,
		"feed_url: http://x/f.xml\nselectors:\n  body: div.x":                        "give title, date and body together",
		"feed_url: http://x/f.xml\nselectors:\n  title: 'h1['\n  date: d\n  body: b": `selectors.title "h1["`,
	}
	for opts, want := range cases {
		_, err := extract.Build(source(t, "bad", opts), fetcher())
		if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "config test.yaml: line 7: source bad") {
			t.Errorf("%q: error %v, want %q naming the file, line and source", opts, err, want)
		}
	}
}
