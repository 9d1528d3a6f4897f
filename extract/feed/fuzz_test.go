package feed_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/newsetl/newsetl/extract"
	"github.com/newsetl/newsetl/extract/extracttest"
)

// FuzzFeedReader: any feed body, read through the Fetcher and the feed
// kind (items' descriptions, no page fetches), never panics, and every
// document it yields names the source and an absolute http(s) URL.
func FuzzFeedReader(f *testing.F) {
	seeds, _ := filepath.Glob("../../testdata/site/feeds/*")
	for _, p := range seeds {
		if raw, err := os.ReadFile(p); err == nil {
			f.Add(raw)
		}
	}
	f.Add([]byte(`<?xml version="1.0" encoding="gbk"?><rss version="2.0"><channel><title>统计</title><item><title>x</title><link>/a.html</link><description>增长3.2%</description><pubDate>Mon, 20 Dec 2021 08:00:00 +0800</pubDate></item></channel></rss>`))
	f.Add([]byte(`<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>t</title><link href="javascript:alert(1)"/><updated>2021-12-20T00:00:00Z</updated><summary>Up 3 percent.</summary></entry></feed>`))
	f.Add([]byte(`{"version":"https://jsonfeed.org/version/1","items":[{"url":"https://user:pw@example.org/a","content_text":"Rose 5%."}]}`))
	var body atomic.Value
	body.Store([]byte{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/feed.xml" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/xml")
		w.Write(body.Load().([]byte))
	}))
	defer srv.Close()
	fetch := fetcher()
	f.Fuzz(func(t *testing.T, raw []byte) {
		body.Store(raw)
		x, err := extract.Build(source(t, "fuzz", "feed_url: "+srv.URL+"/feed.xml\nfetch_articles: false\n"), fetch)
		if err != nil {
			t.Fatal(err)
		}
		rec := &extracttest.Recorder{}
		_ = x.Extract(context.Background(), extract.Window{}, rec)
		for _, d := range rec.Docs {
			u, err := url.Parse(d.URL)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || d.Source != "fuzz" {
				t.Fatalf("document %q of source %q: not an absolute http(s) URL of the source", d.URL, d.Source)
			}
		}
	})
}
