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

	"github.com/newsetl/newsetl/config"
	"github.com/newsetl/newsetl/extract"
)

// A Retry-After within fetch.retry_after_max is honoured; one beyond it
// ends the attempts at once with "asked to retry after N s", instead of
// holding the run.
func TestRetryAfterCap(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt":
			http.NotFound(w, r)
		case "/long":
			hits.Add(1)
			w.Header().Set("Retry-After", "600")
			w.WriteHeader(http.StatusServiceUnavailable)
		case "/short":
			if hits.Add(1) == 1 {
				w.Header().Set("Retry-After", "1")
				w.WriteHeader(http.StatusTooManyRequests)
				return
			}
			w.Write([]byte("ok"))
		}
	}))
	defer srv.Close()
	f := testFetcher(func(c *config.Fetch) { c.Retries = 3; c.RetryAfterMax = 2 * time.Second })

	_, err := f.Get(context.Background(), srv.URL+"/long")
	if err == nil || !strings.Contains(err.Error(), "asked to retry after 600 s") || !strings.Contains(err.Error(), srv.URL+"/long") {
		t.Fatalf("Retry-After 600 over a 2 s cap: err = %v, want \"asked to retry after 600 s\" naming the URL", err)
	}
	if hits.Load() != 1 {
		t.Errorf("Retry-After over the cap: %d requests, want 1 (no retry)", hits.Load())
	}

	hits.Store(0)
	p, err := f.Get(context.Background(), srv.URL+"/short")
	if err != nil || string(p.Body) != "ok" || hits.Load() != 2 {
		t.Fatalf("Retry-After 1 under the cap: %v, %d requests; want it honoured and the retry to succeed", err, hits.Load())
	}
}

// The cap defaults to fetch.timeout.
func TestRetryAfterCapDefaultsToTimeout(t *testing.T) {
	cfg, err := config.Parse([]byte("fetch:\n  timeout: 7s\n"), "t.yaml", func(string) (string, bool) { return "", false })
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Fetch.RetryAfterMax != 7*time.Second {
		t.Errorf("retry_after_max = %v, want fetch.timeout (7s)", cfg.Fetch.RetryAfterMax)
	}
}

// User-info in a configured URL becomes basic auth and leaves every URL
// the Fetcher reports; password_env supplies a password for the user.
func TestCredentialsMoveToBasicAuth(t *testing.T) {
	var gotAuth atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		u, p, _ := r.BasicAuth()
		gotAuth.Store(u + ":" + p)
		if r.URL.Path == "/missing" {
			http.NotFound(w, r)
			return
		}
		w.Write([]byte("ok"))
	}))
	defer srv.Close()
	withUser := strings.Replace(srv.URL, "http://", "http://reader:s3cret-pw@", 1)
	f := testFetcher(nil)
	p, err := f.Get(context.Background(), withUser+"/a")
	if err != nil {
		t.Fatal(err)
	}
	if gotAuth.Load() != "reader:s3cret-pw" {
		t.Errorf("basic auth = %v, want reader:s3cret-pw", gotAuth.Load())
	}
	if strings.Contains(p.URL, "s3cret") || p.URL != srv.URL+"/a" {
		t.Errorf("Page.URL = %q, want it without user-info", p.URL)
	}
	_, err = f.Get(context.Background(), withUser+"/missing")
	if err == nil || strings.Contains(err.Error(), "s3cret") || extract.ErrorURL(err) != srv.URL+"/missing" {
		t.Errorf("error = %v (URL %q), want it to name the URL without the password", err, extract.ErrorURL(err))
	}

	// password_env: the source's URLs carry the user only.
	cfg, err := config.Parse([]byte("sources:\n  - name: s\n    kind: table\n    allow_private: true\n    password_env: PW\n    url: "+
		strings.Replace(srv.URL, "http://", "http://reader@", 1)+"/t.html\n    dataset: d\n    table: table\n"), "t.yaml",
		func(k string) (string, bool) { return map[string]string{"PW": "from-env"}[k], k == "PW" })
	if err != nil {
		t.Fatal(err)
	}
	scoped := f.ForSource(cfg.Sources[0])
	if _, err := scoped.Get(context.Background(), srv.URL+"/t.html"); err != nil {
		t.Fatal(err)
	}
	if gotAuth.Load() != "reader:from-env" {
		t.Errorf("basic auth with password_env = %v, want reader:from-env", gotAuth.Load())
	}
	if got := extract.RedactURL("GET https://u:p@x.example/a failed; see http://y.example/b"); got != "GET https://***@x.example/a failed; see http://y.example/b" {
		t.Errorf("RedactURL = %q", got)
	}
	if errors.Is(err, extract.ErrEgress) {
		t.Fatal("unreachable")
	}
}
