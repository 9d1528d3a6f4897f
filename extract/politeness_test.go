package extract_test

import (
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/newsetl/newsetl/config"
	"github.com/newsetl/newsetl/extract"
	"github.com/newsetl/newsetl/extract/extracttest"
)

func TestRobotsTxtIsObeyed(t *testing.T) {
	var private atomic.Int32
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("User-agent: *\nDisallow: /private/\n\nUser-agent: badbot\nDisallow: /\n"))
	})
	mux.HandleFunc("/private/a.html", func(w http.ResponseWriter, r *http.Request) { private.Add(1); w.Write([]byte("secret")) })
	mux.HandleFunc("/public/a.html", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("hello")) })
	srv := httptest.NewServer(mux)
	defer srv.Close()
	ctx := context.Background()

	f := testFetcher(nil)
	if p, err := f.Get(ctx, srv.URL+"/public/a.html"); err != nil || string(p.Body) != "hello" {
		t.Fatalf("public page: %v", err)
	}
	_, err := f.Get(ctx, srv.URL+"/private/a.html")
	if !errors.Is(err, extract.ErrDisallowed) || !strings.Contains(err.Error(), srv.URL+"/private/a.html") {
		t.Fatalf("private page: err = %v, want ErrDisallowed naming the URL", err)
	}
	if private.Load() != 0 {
		t.Errorf("the disallowed page was requested %d times", private.Load())
	}
	bad := testFetcher(func(c *config.Fetch) { c.UserAgent = "badbot/1.0" })
	if _, err := bad.Get(ctx, srv.URL+"/public/a.html"); !errors.Is(err, extract.ErrDisallowed) {
		t.Errorf("badbot on a public page: err = %v, want ErrDisallowed", err)
	}
	ignoring := testFetcher(func(c *config.Fetch) { c.IgnoreRobots = true })
	if _, err := ignoring.Get(ctx, srv.URL+"/private/a.html"); err != nil {
		t.Errorf("ignore_robots: %v", err)
	}
}

func TestRedirectsStayOnAllowedDomains(t *testing.T) {
	foreign := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("elsewhere")) }))
	defer foreign.Close()
	mux := http.NewServeMux()
	mux.HandleFunc("/away", func(w http.ResponseWriter, r *http.Request) {
		// Redirect to the other server by a host name other than 127.0.0.1.
		http.Redirect(w, r, strings.Replace(foreign.URL, "127.0.0.1", "localhost", 1)+"/x", http.StatusFound)
	})
	mux.HandleFunc("/home", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/final", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/final", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("final")) })
	srv := httptest.NewServer(mux)
	defer srv.Close()
	f := testFetcher(nil)
	ctx := context.Background()
	allowed := []string{"127.0.0.1"}

	p, err := f.Fetch(ctx, extract.Request{URL: srv.URL + "/home", AllowedHosts: allowed})
	if err != nil || string(p.Body) != "final" || p.URL != srv.URL+"/final" {
		t.Fatalf("same-host redirect: %v, %+v", err, p)
	}
	_, err = f.Fetch(ctx, extract.Request{URL: srv.URL + "/away", AllowedHosts: allowed})
	if !errors.Is(err, extract.ErrEgress) || !strings.Contains(err.Error(), "refusing redirect") || !strings.Contains(err.Error(), "outside the source's allowed domains") {
		t.Fatalf("foreign redirect: err = %v, want it refused", err)
	}
	_, err = f.Fetch(ctx, extract.Request{URL: "http://example.org/a", AllowedHosts: allowed})
	if err == nil || !strings.Contains(err.Error(), "outside the source's allowed domains") {
		t.Fatalf("foreign URL: err = %v, want it refused before any request", err)
	}
	for _, c := range []struct {
		host    string
		allowed []string
		want    bool
	}{
		{"news.example.org", []string{"example.org"}, true},
		{"example.org:8080", []string{"example.org"}, false}, // a port not named: only 80 and 443
		{"example.org:8080", []string{"example.org:8080"}, true},
		{"example.org:443", []string{"example.org"}, true},
		{"badexample.org", []string{"example.org"}, false},
		{"anything.net", nil, false}, // an empty list allows nothing
	} {
		if got := extract.HostAllowed(c.host, c.allowed); got != c.want {
			t.Errorf("HostAllowed(%q, %v) = %v", c.host, c.allowed, got)
		}
	}
}

func TestConditionalRequests(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/etag", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", `"v1"`)
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Write([]byte("body"))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	f := testFetcher(nil)
	p, err := f.Fetch(context.Background(), extract.Request{URL: srv.URL + "/etag"})
	if err != nil || p.ETag != `"v1"` || p.NotModified || p.Hash == "" {
		t.Fatalf("first fetch: %v %+v", err, p)
	}
	p2, err := f.Fetch(context.Background(), extract.Request{URL: srv.URL + "/etag", ETag: p.ETag})
	if err != nil || !p2.NotModified || len(p2.Body) != 0 {
		t.Fatalf("conditional fetch: %v %+v, want NotModified", err, p2)
	}
}

// The per-host limit holds: the server sees no more than the configured
// requests per second, measured over any one-second window.
func TestRateLimitPerHost(t *testing.T) {
	var mu sync.Mutex
	var hits []time.Time
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/robots.txt" {
			mu.Lock()
			hits = append(hits, time.Now())
			mu.Unlock()
		}
		w.Write([]byte("ok"))
	}))
	defer srv.Close()
	const rps = 5
	f := testFetcher(func(c *config.Fetch) { c.RequestsPerSecond = rps })
	var wg sync.WaitGroup
	start := time.Now()
	for i := range 3 { // three workers share the host's limit
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 4 {
				if _, err := f.Get(context.Background(), srv.URL+"/p"+string(rune('a'+i))+string(rune('a'+j))); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	if len(hits) != 12 {
		t.Fatalf("server saw %d requests, want 12", len(hits))
	}
	// 12 requests at 5/s with a burst of 1 take at least 11/5 s.
	if elapsed < 2*time.Second {
		t.Errorf("12 requests took %v, faster than %d/s allows", elapsed, rps)
	}
	for i := range hits {
		n := 0
		for _, h := range hits[i:] {
			if h.Sub(hits[i]) < time.Second {
				n++
			}
		}
		if n > rps+1 { // +1: a window may catch both ends of the interval
			t.Errorf("%d requests within one second starting at hit %d, limit %d/s", n, i, rps)
		}
	}
}

// No more than max_per_host requests to one host are in flight at once.
func TestConcurrencyPerHost(t *testing.T) {
	var inFlight, peak atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := inFlight.Add(1)
		defer inFlight.Add(-1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		time.Sleep(50 * time.Millisecond)
		w.Write([]byte("ok"))
	}))
	defer srv.Close()
	f := testFetcher(func(c *config.Fetch) { c.MaxPerHost = 2; c.RequestsPerSecond = 1e6; c.IgnoreRobots = true })
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := f.Get(context.Background(), srv.URL+"/"+string(rune('a'+i))); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if p := peak.Load(); p != 2 {
		t.Errorf("peak requests in flight = %d, want max_per_host = 2", p)
	}
}

// A robots.txt Crawl-delay slows the host below the configured rate, and a
// robots.txt answering 5xx forbids the whole host (4xx allows it).
func TestRobotsCrawlDelayAndStatuses(t *testing.T) {
	var hits []time.Time
	var mu sync.Mutex
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			w.Write([]byte("User-agent: *\nCrawl-delay: 1\n"))
			return
		}
		mu.Lock()
		hits = append(hits, time.Now())
		mu.Unlock()
		w.Write([]byte("ok"))
	}))
	defer slow.Close()
	f := testFetcher(func(c *config.Fetch) { c.RequestsPerSecond = 1000 })
	for _, p := range []string{"/a", "/b", "/c"} {
		if _, err := f.Get(context.Background(), slow.URL+p); err != nil {
			t.Fatal(err)
		}
	}
	if gap := hits[2].Sub(hits[0]); gap < 1800*time.Millisecond {
		t.Errorf("3 requests under Crawl-delay: 1 took %v, want about 2 s", gap)
	}

	// 4xx allows everything; 5xx fetches nothing, reported as the server's
	// failure (ErrRobotsUnavailable with the status), never as "disallowed".
	for _, c := range []struct {
		status      int
		unavailable bool
	}{{http.StatusNotFound, false}, {http.StatusServiceUnavailable, true}, {http.StatusInternalServerError, true}} {
		var pageHits atomic.Int32
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/robots.txt" {
				w.WriteHeader(c.status)
				return
			}
			pageHits.Add(1)
			w.Write([]byte("ok"))
		}))
		_, err := testFetcher(func(c *config.Fetch) { c.Retries = 0 }).Get(context.Background(), srv.URL+"/page")
		srv.Close()
		if errors.Is(err, extract.ErrDisallowed) {
			t.Errorf("robots.txt answering %d: err = %v, recorded as disallowed", c.status, err)
		}
		if got := errors.Is(err, extract.ErrRobotsUnavailable); got != c.unavailable {
			t.Errorf("robots.txt answering %d: err = %v, want ErrRobotsUnavailable %v", c.status, err, c.unavailable)
		}
		if c.unavailable && (!strings.Contains(err.Error(), fmt.Sprintf("HTTP %d", c.status)) || pageHits.Load() != 0) {
			t.Errorf("robots.txt answering %d: err = %v, page hits %d; want the status named and no page fetched", c.status, err, pageHits.Load())
		}
	}
}

// Bodies are asked for and received gzipped, and arrive decompressed.
func TestGzipBodies(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			http.Error(w, "gzip only", http.StatusNotAcceptable)
			return
		}
		w.Header().Set("Content-Encoding", "gzip")
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		zw := gzip.NewWriter(w)
		zw.Write([]byte("<p>27,000 beds</p>"))
		zw.Close()
	}))
	defer srv.Close()
	p, err := testFetcher(nil).Get(context.Background(), srv.URL+"/a")
	if err != nil || string(p.Body) != "<p>27,000 beds</p>" {
		t.Fatalf("gzip body: %q, %v", bodyOf(p), err)
	}
}

// FetchArticle asks the page states the Fetcher was built with: a known
// page is fetched conditionally and reported unchanged on a 304 or on the
// same body hash; a changed or unknown page is not, and its state is what
// to store with its document.
func TestFetchArticleUsesThePageStates(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/etag", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", `"v1"`)
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Write([]byte("etag body"))
	})
	mux.HandleFunc("/same", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("same body")) })
	mux.HandleFunc("/edited", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("new body")) })
	srv := httptest.NewServer(mux)
	defer srv.Close()
	ctx := context.Background()

	// What a first run stores: fetched without page states.
	plain := testFetcher(nil)
	states := extracttest.States{}
	for _, path := range []string{"/etag", "/same", "/edited"} {
		p, unchanged, err := plain.FetchArticle(ctx, extract.Request{URL: srv.URL + path})
		if err != nil || unchanged {
			t.Fatalf("%s without page states: unchanged=%v err=%v", path, unchanged, err)
		}
		states[srv.URL+path] = *p.State(srv.URL + path)
	}
	states[srv.URL+"/edited"] = extract.PageState{URL: srv.URL + "/edited", Hash: "an older body"}

	f := extract.NewFetcher(config.Fetch{UserAgent: "newsetl-test", Timeout: 2 * time.Second, RequestsPerSecond: 1000,
		RetryBackoff: 10 * time.Millisecond, MaxBodyBytes: 1 << 20}, nil, extract.WithPageStates(states), extract.AllowPrivate())
	for _, c := range []struct {
		path                   string
		unchanged, notModified bool
	}{
		{"/etag", true, true},
		{"/same", true, false},
		{"/edited", false, false},
	} {
		p, unchanged, err := f.FetchArticle(ctx, extract.Request{URL: srv.URL + c.path})
		if err != nil || unchanged != c.unchanged || p.NotModified != c.notModified {
			t.Errorf("%s: unchanged=%v notModified=%v err=%v; want %v %v", c.path, unchanged, p != nil && p.NotModified, err, c.unchanged, c.notModified)
		}
	}
	p, _, _ := f.FetchArticle(ctx, extract.Request{URL: srv.URL + "/edited"})
	if s := p.State(srv.URL + "/edited"); s.Hash == "an older body" || s.Hash == "" || s.URL != srv.URL+"/edited" {
		t.Errorf("state of the edited page = %+v, want its new hash", s)
	}
}
