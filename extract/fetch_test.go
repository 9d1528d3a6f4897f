package extract_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/newsetl/newsetl/config"
	"github.com/newsetl/newsetl/extract"
)

func testFetcher(mod func(*config.Fetch)) *extract.Fetcher {
	cfg := config.Fetch{UserAgent: "newsetl-test", Timeout: 2 * time.Second, RequestsPerSecond: 1000,
		Retries: 2, RetryBackoff: 10 * time.Millisecond, MaxBodyBytes: 1 << 20}
	if mod != nil {
		mod(&cfg)
	}
	return extract.NewFetcher(cfg, nil, extract.AllowPrivate())
}

func TestFetcherStatusesAndRetries(t *testing.T) {
	var hits atomic.Int32
	var sawUA atomic.Value
	mux := http.NewServeMux()
	mux.HandleFunc("/flaky", func(w http.ResponseWriter, r *http.Request) {
		sawUA.Store(r.UserAgent())
		if hits.Add(1) <= 2 {
			http.Error(w, "boom", http.StatusInternalServerError)
			return
		}
		w.Write([]byte("<p>ok</p>"))
	})
	var limited atomic.Int32
	var firstAt, secondAt atomic.Int64
	mux.HandleFunc("/limited", func(w http.ResponseWriter, r *http.Request) {
		if limited.Add(1) == 1 {
			firstAt.Store(time.Now().UnixNano())
			w.Header().Set("Retry-After", "1")
			http.Error(w, "slow down", http.StatusTooManyRequests)
			return
		}
		secondAt.Store(time.Now().UnixNano())
		w.Write([]byte("fine"))
	})
	var missing atomic.Int32
	mux.HandleFunc("/missing", func(w http.ResponseWriter, r *http.Request) {
		missing.Add(1)
		http.NotFound(w, r)
	})
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(strings.Repeat("x", 2<<20)))
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(3 * time.Second):
		case <-r.Context().Done():
		}
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	f := testFetcher(nil)
	ctx := context.Background()

	p, err := f.Get(ctx, srv.URL+"/flaky")
	if err != nil || string(p.Body) != "<p>ok</p>" || hits.Load() != 3 {
		t.Fatalf("flaky: body %q, err %v, hits %d; want ok after 3 hits", bodyOf(p), err, hits.Load())
	}
	if sawUA.Load() != "newsetl-test" {
		t.Errorf("User-Agent = %v", sawUA.Load())
	}

	p, err = f.Get(ctx, srv.URL+"/limited")
	if err != nil || string(p.Body) != "fine" {
		t.Fatalf("limited: %q, %v", bodyOf(p), err)
	}
	if waited := time.Duration(secondAt.Load() - firstAt.Load()); waited < 900*time.Millisecond {
		t.Errorf("retried after %v, want Retry-After's 1s honoured", waited)
	}

	_, err = f.Get(ctx, srv.URL+"/missing")
	var he *extract.HTTPError
	if !errors.As(err, &he) || he.Status != 404 || !strings.Contains(err.Error(), srv.URL+"/missing") {
		t.Fatalf("missing: err = %v, want HTTP 404 naming the URL", err)
	}
	if missing.Load() != 1 {
		t.Errorf("404 fetched %d times, want 1 (no retry)", missing.Load())
	}

	_, err = f.Get(ctx, srv.URL+"/big")
	if err == nil || !strings.Contains(err.Error(), "larger than the 1048576-byte limit") {
		t.Fatalf("big: err = %v, want the size limit", err)
	}

	slow := testFetcher(func(c *config.Fetch) { c.Timeout = 200 * time.Millisecond; c.Retries = 1 })
	start := time.Now()
	_, err = slow.Get(ctx, srv.URL+"/slow")
	if err == nil || !strings.Contains(err.Error(), srv.URL+"/slow") {
		t.Fatalf("slow: err = %v, want a timeout naming the URL", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("timeout took %v", d)
	}

	_, err = f.Get(ctx, "ftp://example.org/x")
	if err == nil || !strings.Contains(err.Error(), "unsupported scheme") {
		t.Errorf("ftp: err = %v", err)
	}
}

func bodyOf(p *extract.Page) string {
	if p == nil {
		return ""
	}
	return string(p.Body)
}

func TestFetcherDecodesCharsets(t *testing.T) {
	const text = "截至2021年11月底，1154家医疗机构深化改革完成率达99.6%"
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(text)
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/header", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=GBK")
		w.Write([]byte("<p>" + gbk + "</p>"))
	})
	mux.HandleFunc("/meta", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte(`<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body><p>` + gbk + "</p></body></html>"))
	})
	mux.HandleFunc("/utf8", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte("<p>" + text + "</p>"))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	f := testFetcher(nil)
	for _, c := range []struct{ path, charset string }{{"/header", "gbk"}, {"/meta", "gbk"}, {"/utf8", "utf-8"}} {
		p, err := f.Get(context.Background(), srv.URL+c.path)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(p.Body), text) {
			t.Errorf("%s: body %q does not contain the UTF-8 text", c.path, p.Body)
		}
		if p.Charset != c.charset {
			t.Errorf("%s: charset %q, want %q", c.path, p.Charset, c.charset)
		}
	}
}

// TestDecodeCharsetWrongHeader: a GBK page served as "charset=utf-8" (what
// http.FileServer says of every .html file) is decoded by its <meta>
// charset; without one it is refused, never stored as mojibake.
func TestDecodeCharsetWrongHeader(t *testing.T) {
	const text = "截至2021年11月底，1154家医疗机构深化改革完成率达99.6%"
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(text)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, page, charset string
		ok                  bool
	}{
		{"http-equiv", `<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312" /></head><body><p>` + gbk + `</p></body></html>`, "gbk", true},
		{"meta charset", `<html><head><meta charset='GBK'></head><body><p>` + gbk + `</p></body></html>`, "gbk", true},
		{"undeclared", `<html><head></head><body><p>` + gbk + `</p></body></html>`, "", false},
		{"meta says utf-8", `<html><head><meta charset="utf-8"></head><body><p>` + gbk + `</p></body></html>`, "", false},
		{"valid utf-8", `<html><head><meta charset="gbk"></head><body><p>` + text + `</p></body></html>`, "utf-8", true},
	} {
		out, cs, err := extract.DecodeCharset([]byte(c.page), "text/html; charset=utf-8")
		if !c.ok {
			if err == nil || !strings.Contains(err.Error(), "not valid UTF-8 and no other charset is declared") {
				t.Errorf("%s: err %v, want a refusal", c.name, err)
			}
			continue
		}
		if err != nil || cs != c.charset || !strings.Contains(string(out), text) {
			t.Errorf("%s: charset %q, err %v, body %q; want %q and the text", c.name, cs, err, out, c.charset)
		}
	}
}

func TestCanonicalAndIDs(t *testing.T) {
	cases := []struct{ in, want string }{
		{"HTTP://Example.ORG:80/a/b.html#top", "http://example.org/a/b.html"},
		{"https://example.org:443", "https://example.org/"},
		{"https://example.org:8443/x?y=1", "https://example.org:8443/x?y=1"},
	}
	for _, c := range cases {
		if got := extract.Canonical(c.in); got != c.want {
			t.Errorf("Canonical(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	if extract.URLID("http://example.org/a") == extract.URLID("http://example.org/b") {
		t.Error("different URLs share an id")
	}
	d := extract.Document{URL: "http://example.org/a", Title: "t", Text: "x"}
	h1 := d.ContentHash()
	d.Text = "y"
	if d.ContentHash() == h1 {
		t.Error("content hash ignores the text")
	}
}

// JSON is UTF-8 even when the server names no charset and the first
// kilobyte is plain ASCII.
func TestDecodeCharsetJSON(t *testing.T) {
	body := []byte(`{"padding":"` + strings.Repeat("x", 2000) + `","name":"国有控股工业企业利润总额"}`)
	out, cs, err := extract.DecodeCharset(body, "application/json")
	if err != nil || cs != "utf-8" || !strings.Contains(string(out), "国有控股工业企业利润总额") {
		t.Fatalf("DecodeCharset = %q, %v", cs, err)
	}
	if _, _, err := extract.DecodeCharset([]byte{'{', 0xff, '}'}, "application/json"); err == nil {
		t.Error("invalid UTF-8 JSON accepted")
	}
}
