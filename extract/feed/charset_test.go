package feed_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsetl/newsetl/extract"
	"github.com/newsetl/newsetl/extract/extracttest"
)

// Item pages whose header or <meta> declares a legacy charset: a UTF-8
// page under windows-1252 and a Chinese UTF-8 page under GB2312 are read
// as UTF-8 and carry the declared charset in Document.CharsetMismatch; a
// page really in windows-1252 is decoded from it and carries none.
func TestItemPagesCharsetMismatch(t *testing.T) {
	dir := filepath.Join("testdata", "charset")
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw, err := os.ReadFile(filepath.Join(dir, filepath.Base(r.URL.Path)))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		if strings.HasSuffix(r.URL.Path, ".xml") {
			w.Header().Set("Content-Type", "application/rss+xml")
			raw = []byte(strings.ReplaceAll(string(raw), "http://SAMPLE_SITE", srv.URL))
		} else {
			w.Header().Set("Content-Type", "text/html") // no charset: the page's <meta> speaks
		}
		w.Write(raw)
	}))
	defer srv.Close()

	x, err := extract.Build(source(t, "northshire", "feed_url: "+srv.URL+"/charset/feed.xml\n"), fetcher())
	if err != nil {
		t.Fatal(err)
	}
	rec := &extracttest.Recorder{}
	if err := x.Extract(context.Background(), extract.Window{}, rec); err != nil {
		t.Fatal(err)
	}
	want := map[string]struct{ mismatch, has string }{
		"/charset/utf8-declared-1252.html":      {"windows-1252", "Turnover at the region’s cafés rose to €85 million — up 12% on 2020"},
		"/charset/real-1252.html":               {"", "saving the fleet’s 86 owners about £140,000 a year"},
		"/charset/zh-utf8-declared-gb2312.html": {"gbk", "一季度，全省规模以上工业增加值同比增长6.5%"}, // WHATWG: gb2312 is a label of gbk
	}
	if len(rec.Docs) != len(want) {
		t.Fatalf("got %d documents, want %d; errors %v", len(rec.Docs), len(want), rec.Errs)
	}
	for _, d := range rec.Docs {
		path := strings.TrimPrefix(d.URL, srv.URL)
		w, ok := want[path]
		if !ok {
			t.Errorf("unexpected document %s", d.URL)
			continue
		}
		if d.CharsetMismatch != w.mismatch {
			t.Errorf("%s: CharsetMismatch %q, want %q", path, d.CharsetMismatch, w.mismatch)
		}
		if !strings.Contains(d.Text, w.has) || strings.ContainsAny(d.Text, "ÃÂâ") {
			t.Errorf("%s: text %q; want %q and no mojibake", path, d.Text, w.has)
		}
	}
}
