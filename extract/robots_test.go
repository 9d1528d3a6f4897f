package extract_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/newsetl/newsetl/config"
	"github.com/newsetl/newsetl/extract"
)

// fakeClock is a clock tests move by hand.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// robotsSite serves a robots.txt whose status and body the test changes,
// answering If-None-Match with 304 when the ETag matches, and counts its
// robots.txt requests.
type robotsSite struct {
	mu          sync.Mutex
	status      int
	body        string
	etag        string
	cache       string // Cache-Control
	asked       atomic.Int32
	conditional atomic.Int32
	pages       atomic.Int32
}

func (s *robotsSite) set(status int, body, etag string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.status, s.body, s.etag = status, body, etag
}

func (s *robotsSite) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/robots.txt" {
		s.pages.Add(1)
		w.Write([]byte("<html><body>page</body></html>"))
		return
	}
	s.asked.Add(1)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cache != "" {
		w.Header().Set("Cache-Control", s.cache)
	}
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		s.conditional.Add(1)
		if inm == s.etag && s.status == http.StatusOK {
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	if s.etag != "" {
		w.Header().Set("ETag", s.etag)
	}
	w.WriteHeader(s.status)
	w.Write([]byte(s.body))
}

func robotsFetcher(clock *fakeClock) *extract.Fetcher {
	cfg := config.Fetch{UserAgent: "newsetl-test", Timeout: 2 * time.Second, RequestsPerSecond: 1000,
		Retries: 0, RetryBackoff: 10 * time.Millisecond, MaxBodyBytes: 1 << 20}
	return extract.NewFetcher(cfg, nil, extract.AllowPrivate(),
		extract.WithRobotsTiming(extract.RobotsTiming{MinAge: 10 * time.Second, RetryMin: time.Minute, RetryMax: 4 * time.Minute, Now: clock.Now}))
}

// A robots.txt answering 503 blocks its host for the back-off only (1 min,
// doubling to the cap per consecutive failure); once it answers 200 the
// same Fetcher fetches again, without a restart.
func TestRobotsUnavailableRecoversAfterBackoff(t *testing.T) {
	site := &robotsSite{}
	site.set(http.StatusServiceUnavailable, "", "")
	srv := httptest.NewServer(site)
	defer srv.Close()
	clock := &fakeClock{now: time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)}
	f := robotsFetcher(clock)
	get := func() error { _, err := f.Get(context.Background(), srv.URL+"/news/1.html"); return err }

	steps := []struct {
		advance     time.Duration
		status      int // robots.txt status from this step on
		unavailable bool
		asked       int32 // robots.txt requests so far
		retryIn     time.Duration
	}{
		{0, 503, true, 1, time.Minute},                     // first failure: 1 min
		{30 * time.Second, 503, true, 1, 30 * time.Second}, // inside the back-off: not asked again
		{30 * time.Second, 503, true, 2, 2 * time.Minute},  // second failure: 2 min
		{2 * time.Minute, 503, true, 3, 4 * time.Minute},   // third: 4 min (the cap)
		{4 * time.Minute, 503, true, 4, 4 * time.Minute},   // fourth: still the cap
		{time.Minute, 200, true, 4, 3 * time.Minute},       // recovered, but the back-off still runs
		{3 * time.Minute, 200, false, 5, 24 * time.Hour},   // asked again: allowed, kept 24 h
	}
	for i, s := range steps {
		clock.Add(s.advance)
		site.set(s.status, "User-agent: *\nDisallow: /private/\n", "")
		err := get()
		if got := errors.Is(err, extract.ErrRobotsUnavailable); got != s.unavailable {
			t.Fatalf("step %d: err = %v, want unavailable %v", i, err, s.unavailable)
		}
		if errors.Is(err, extract.ErrDisallowed) {
			t.Errorf("step %d: a 503 robots.txt reported as a refusal: %v", i, err)
		}
		if n := site.asked.Load(); n != s.asked {
			t.Errorf("step %d: robots.txt asked %d times, want %d", i, n, s.asked)
		}
		hosts := f.RobotsHosts()
		if len(hosts) != 1 || hosts[0].Host != srv.URL {
			t.Fatalf("step %d: RobotsHosts = %+v, want one entry for %s", i, hosts, srv.URL)
		}
		h := hosts[0]
		if h.Blocked != s.unavailable || (s.unavailable && !strings.Contains(h.Reason, "HTTP 503")) {
			t.Errorf("step %d: host state %+v, want blocked %v with the status named", i, h, s.unavailable)
		}
		if got := h.Retry.Sub(clock.Now()); got != s.retryIn {
			t.Errorf("step %d: asked again in %v, want %v", i, got, s.retryIn)
		}
	}
	if n := site.pages.Load(); n != 1 {
		t.Errorf("pages fetched = %d, want 1 (only after robots.txt answered)", n)
	}
	if _, err := f.Get(context.Background(), srv.URL+"/private/x"); !errors.Is(err, extract.ErrDisallowed) {
		t.Errorf("/private/x after recovery: err = %v, want ErrDisallowed", err)
	}
	// A Fetcher built again (a config reload) keeps what this one learnt.
	cfg := config.Fetch{UserAgent: "newsetl-test", Timeout: 2 * time.Second, RequestsPerSecond: 1000, MaxBodyBytes: 1 << 20}
	reloaded := extract.NewFetcher(cfg, nil, extract.AllowPrivate(), extract.WithRobotsCache(f),
		extract.WithRobotsTiming(extract.RobotsTiming{Now: clock.Now}))
	if _, err := reloaded.Get(context.Background(), srv.URL+"/private/y"); !errors.Is(err, extract.ErrDisallowed) || site.asked.Load() != 5 {
		t.Errorf("reloaded Fetcher: err = %v, robots.txt asked %d times; want ErrDisallowed from the shared cache (5 asks)", err, site.asked.Load())
	}
}

// A changed robots.txt is picked up when the one held expires (its
// Cache-Control max-age, under the 24 h cap), through a conditional GET:
// an unchanged one answers 304 and is kept another lifetime.
func TestRobotsChangedAfterExpiry(t *testing.T) {
	site := &robotsSite{cache: "public, max-age=120"}
	site.set(http.StatusOK, "User-agent: *\nDisallow: /a/\n", `"v1"`)
	srv := httptest.NewServer(site)
	defer srv.Close()
	clock := &fakeClock{now: time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)}
	f := robotsFetcher(clock)
	allowed := func(path string) bool {
		_, err := f.Get(context.Background(), srv.URL+path)
		if err != nil && !errors.Is(err, extract.ErrDisallowed) {
			t.Fatalf("%s: %v", path, err)
		}
		return err == nil
	}
	steps := []struct {
		advance      time.Duration
		body, etag   string // robots.txt from this step on
		a, b         bool   // /a/1 and /b/1 allowed
		asked, condl int32
	}{
		{0, "User-agent: *\nDisallow: /a/\n", `"v1"`, false, true, 1, 0},
		{90 * time.Second, "User-agent: *\nDisallow: /b/\n", `"v2"`, false, true, 1, 0},  // changed, not yet expired
		{31 * time.Second, "User-agent: *\nDisallow: /b/\n", `"v2"`, true, false, 2, 1},  // expired: asked with If-None-Match, new body
		{121 * time.Second, "User-agent: *\nDisallow: /b/\n", `"v2"`, true, false, 3, 2}, // unchanged: 304, kept
		{60 * time.Second, "User-agent: *\nDisallow: /b/\n", `"v2"`, true, false, 3, 2},  // within the renewed lifetime
	}
	for i, s := range steps {
		clock.Add(s.advance)
		site.set(http.StatusOK, s.body, s.etag)
		if a, b := allowed("/a/1"), allowed("/b/1"); a != s.a || b != s.b {
			t.Errorf("step %d: /a/1 allowed %v, /b/1 allowed %v; want %v, %v", i, a, b, s.a, s.b)
		}
		if n, c := site.asked.Load(), site.conditional.Load(); n != s.asked || c != s.condl {
			t.Errorf("step %d: robots.txt asked %d times (%d conditional), want %d (%d)", i, n, c, s.asked, s.condl)
		}
	}
}

// An unreachable robots.txt blocks its host for the back-off, naming the
// failure; a request whose context ends while robots.txt is asked learns
// nothing and leaves no back-off behind.
func TestRobotsUnreachableAndCancelled(t *testing.T) {
	clock := &fakeClock{now: time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)}
	srv := httptest.NewServer(http.NotFoundHandler())
	dead := srv.URL
	srv.Close() // nothing listens there any more
	f := robotsFetcher(clock)
	_, err := f.Get(context.Background(), dead+"/page")
	if !errors.Is(err, extract.ErrRobotsUnavailable) || !strings.Contains(err.Error(), dead+"/robots.txt could not be fetched") {
		t.Errorf("unreachable robots.txt: err = %v, want ErrRobotsUnavailable naming %s/robots.txt", err, dead)
	}

	release := make(chan struct{})
	var asked atomic.Int32
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" && asked.Add(1) == 1 {
			select {
			case <-release:
			case <-r.Context().Done():
			}
			return
		}
		w.Write([]byte("ok"))
	}))
	defer slow.Close()
	defer close(release)
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		for asked.Load() == 0 {
			time.Sleep(time.Millisecond)
		}
		cancel()
	}()
	if _, err := f.Get(ctx, slow.URL+"/page"); !errors.Is(err, context.Canceled) || errors.Is(err, extract.ErrRobotsUnavailable) {
		t.Errorf("cancelled while asking robots.txt: err = %v, want context.Canceled only", err)
	}
	if _, err := f.Get(context.Background(), slow.URL+"/page"); err != nil {
		t.Errorf("after a cancelled robots.txt request: %v, want robots.txt asked again and the page fetched", err)
	}
	if n := asked.Load(); n != 2 {
		t.Errorf("robots.txt asked %d times, want 2", n)
	}
}
