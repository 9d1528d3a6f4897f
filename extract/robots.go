package extract

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/temoto/robotstxt"
	"golang.org/x/time/rate"
)

// ErrDisallowed is wrapped by errors for URLs a site's robots.txt forbids.
var ErrDisallowed = errors.New("disallowed by robots.txt")

// ErrRobotsUnavailable is wrapped by errors for URLs of a host whose
// robots.txt answered 5xx or could not be reached: nothing is fetched from
// it for now (RFC 9309 §2.3.1.3-4), and the failure is the server's, not a
// refusal by its robots.txt. The robots.txt is asked again after a back-off.
var ErrRobotsUnavailable = errors.New("robots.txt unavailable")

// RobotsTiming is how long robots.txt answers are kept (RFC 9309 §2.4). A
// zero field takes its default.
type RobotsTiming struct {
	// MaxAge caps the lifetime of a robots.txt (default and cap 24 h): the
	// response's Cache-Control max-age or Expires shortens it, never
	// lengthens it. When it expires the robots.txt is asked again with
	// If-None-Match / If-Modified-Since.
	MaxAge time.Duration
	// MinAge is the shortest lifetime of a robots.txt that did answer, so
	// that "Cache-Control: no-cache" does not mean one request per page
	// (default 1 min).
	MinAge time.Duration
	// RetryMin is the wait after a first 5xx or network failure; each
	// further failure doubles it, up to RetryMax (defaults 1 min and 1 h).
	RetryMin, RetryMax time.Duration
	// Now is the clock (default time.Now); tests inject theirs.
	Now func() time.Time
}

const maxRobotsAge = 24 * time.Hour

func (t RobotsTiming) withDefaults() RobotsTiming {
	if t.MaxAge <= 0 || t.MaxAge > maxRobotsAge {
		t.MaxAge = maxRobotsAge
	}
	if t.MinAge <= 0 {
		t.MinAge = time.Minute
	}
	t.MinAge = min(t.MinAge, t.MaxAge)
	if t.RetryMin <= 0 {
		t.RetryMin = time.Minute
	}
	if t.RetryMax <= 0 {
		t.RetryMax = time.Hour
	}
	t.RetryMax = max(t.RetryMax, t.RetryMin)
	if t.Now == nil {
		t.Now = time.Now
	}
	return t
}

// WithRobotsTiming sets how long robots.txt answers are kept and how
// failures back off.
func WithRobotsTiming(t RobotsTiming) FetcherOption {
	return func(f *fetchCore) { f.robotsTiming = t }
}

// robotsCache holds every host's robots.txt; Fetchers built
// WithRobotsCache share one.
type robotsCache struct {
	mu    sync.Mutex
	hosts map[string]*robotsEntry // by scheme://host[:port], " private" added for the private dialer
}

// WithRobotsCache makes the Fetcher share from's robots.txt answers and
// back-offs, so that a daemon reloading its config (a new Fetcher) neither
// forgets a blocked host nor asks every robots.txt again.
func WithRobotsCache(from *Fetcher) FetcherOption {
	return func(f *fetchCore) {
		if from != nil {
			f.robots = from.robots
		}
	}
}

// robotsEntry is one host's robots.txt as last asked. lock (a one-place
// channel) is held while it is checked or fetched, so one request at a time
// asks a host's robots.txt; view is what RobotsHosts reports.
type robotsEntry struct {
	lock     chan struct{}
	asked    bool
	data     *robotstxt.RobotsData // nil: everything allowed
	err      error                 // unavailable (5xx, unreachable) or refused by the egress policy
	status   int                   // of the last answer, 0 when none came
	fetched  time.Time             // of the last answer or failure
	expires  time.Time
	failures int // consecutive 5xx or network failures
	etag     string
	modified string
	view     atomic.Pointer[RobotsHost] // the state after the last ask, read without lock
}

// RobotsHost is the robots.txt state of one host, for `newsetl sources`
// and the daemon's metrics.
type RobotsHost struct {
	Host    string    // scheme://host[:port]
	Blocked bool      // robots.txt unavailable (5xx, unreachable): nothing is fetched from the host for now
	Reason  string    // why it is blocked; "" when it is not
	Status  int       // HTTP status of the last answer, 0 when none came
	Fetched time.Time // of the last answer or failure
	Retry   time.Time // when robots.txt is asked again
}

// RobotsHosts returns the robots.txt state of every host asked so far,
// sorted by host. A host whose robots.txt is unavailable is Blocked, with
// the failure as Reason, until an answer after Retry allows it again.
func (f *Fetcher) RobotsHosts() []RobotsHost {
	f.robots.mu.Lock()
	keys := make([]string, 0, len(f.robots.hosts))
	entries := make([]*robotsEntry, 0, len(f.robots.hosts))
	for k, e := range f.robots.hosts {
		keys = append(keys, k)
		entries = append(entries, e)
	}
	f.robots.mu.Unlock()
	byHost := map[string]RobotsHost{}
	for i, e := range entries {
		v := e.view.Load() // never waits for a robots.txt being fetched
		if v == nil {
			continue
		}
		h := *v
		h.Host = strings.TrimSuffix(keys[i], privateSuffix)
		if prev, ok := byHost[h.Host]; ok && (prev.Blocked || !h.Blocked) {
			continue // the private and strict entries of one host: the blocked one tells
		}
		byHost[h.Host] = h
	}
	out := make([]RobotsHost, 0, len(byHost))
	for _, h := range byHost {
		out = append(out, h)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Host < out[j].Host })
	return out
}

const privateSuffix = " private"

// checkRobots returns an error wrapping ErrDisallowed when u's host forbids
// u's path to the configured User-Agent. robots.txt follows RFC 9309: 4xx
// allows everything; 5xx or an unreachable robots.txt forbids everything
// for now (ErrRobotsUnavailable, naming the status or the failure) and is
// asked again after RobotsTiming's back-off; a robots.txt the egress policy
// refuses fails the URL with that refusal. An answer is kept until it
// expires (at most 24 h), then asked again conditionally.
// A Crawl-delay slows the host's rate limit down to it.
func (f *Fetcher) checkRobots(ctx context.Context, u *url.URL) error {
	if f.cfg.IgnoreRobots || u.Path == "/robots.txt" {
		return nil
	}
	key := u.Scheme + "://" + u.Host
	cacheKey := key
	if f.client() == f.private {
		cacheKey += privateSuffix // a refusal by the strict dialer must not stick to a source allowed to dial it
	}
	f.robots.mu.Lock()
	e, ok := f.robots.hosts[cacheKey]
	if !ok {
		e = &robotsEntry{lock: make(chan struct{}, 1)}
		f.robots.hosts[cacheKey] = e
	}
	f.robots.mu.Unlock()
	select {
	case e.lock <- struct{}{}:
	case <-ctx.Done():
		return &FetchError{URL: u.String(), Err: ctx.Err()}
	}
	defer func() { <-e.lock }()
	timing := f.robotsTiming.withDefaults()
	if !e.asked || !timing.Now().Before(e.expires) {
		if err := f.refreshRobots(ctx, e, key, u.Host, timing); err != nil {
			return &FetchError{URL: u.String(), Err: err} // the context ended: nothing learnt
		}
		v := &RobotsHost{Status: e.status, Fetched: e.fetched, Retry: e.expires}
		if errors.Is(e.err, ErrRobotsUnavailable) { // not an egress refusal: that is the config's
			v.Blocked, v.Reason = true, e.err.Error()
		}
		e.view.Store(v)
	}
	if e.err != nil {
		return &FetchError{URL: u.String(), Err: e.err}
	}
	if e.data == nil {
		return nil
	}
	path := u.EscapedPath()
	if u.RawQuery != "" {
		path += "?" + u.RawQuery
	}
	// TestAgent, not the group's Test: it also honours the allow-all
	// verdict of a 4xx robots.txt.
	if !e.data.TestAgent(path, f.cfg.UserAgent) {
		return &FetchError{URL: u.String(), Err: ErrDisallowed}
	}
	return nil
}

// refreshRobots asks base's robots.txt again (conditionally when e holds
// validators) and updates e. It returns an error only when ctx ended
// before an answer, leaving e as it was.
func (f *Fetcher) refreshRobots(ctx context.Context, e *robotsEntry, base, host string, t RobotsTiming) error {
	conditional := e.data != nil && e.err == nil && (e.etag != "" || e.modified != "")
	resp, body, err := f.getRobots(ctx, base, e)
	if ctx.Err() != nil {
		return ctx.Err()
	}
	now := t.Now()
	e.asked, e.fetched = true, now
	robotsURL := base + "/robots.txt"
	switch {
	case errors.Is(err, ErrEgress):
		e.data, e.err, e.status = nil, err, 0
		e.expires = now.Add(t.MaxAge) // the policy does not change while the process runs
		return nil
	case err != nil:
		e.status = 0
		f.robotsFailed(e, base, fmt.Errorf("%w: %s could not be fetched (%v), so nothing is fetched from %s",
			ErrRobotsUnavailable, robotsURL, err, base), t, now)
		return nil
	case resp.StatusCode >= 500:
		e.status = resp.StatusCode
		f.robotsFailed(e, base, fmt.Errorf("%w: %s answered HTTP %d %s, so nothing is fetched from %s",
			ErrRobotsUnavailable, robotsURL, resp.StatusCode, http.StatusText(resp.StatusCode), base), t, now)
		return nil
	}
	e.status, e.failures, e.err = resp.StatusCode, 0, nil
	e.expires = now.Add(robotsLifetime(resp.Header, t))
	if resp.StatusCode == http.StatusNotModified && conditional {
		return nil // the robots.txt we hold is still the site's
	}
	e.etag, e.modified = "", ""
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		e.etag, e.modified = resp.Header.Get("ETag"), resp.Header.Get("Last-Modified")
	}
	data, perr := robotstxt.FromStatusAndBytes(resp.StatusCode, body)
	if perr != nil {
		f.log.Warn("robots.txt unreadable; crawling as if it allowed everything", "url", robotsURL, "err", perr)
		data = nil
	}
	e.data = data
	if data != nil {
		if group := data.FindGroup(f.cfg.UserAgent); group != nil && group.CrawlDelay > 0 {
			l := f.limiter(host)
			if every := rate.Every(group.CrawlDelay); every < l.Limit() {
				l.SetLimit(every)
			}
		}
	}
	return nil
}

// robotsFailed records a 5xx or network failure: everything is disallowed
// until the back-off (RetryMin doubling per consecutive failure, up to
// RetryMax) has passed.
func (f *Fetcher) robotsFailed(e *robotsEntry, base string, err error, t RobotsTiming, now time.Time) {
	e.failures++
	wait := t.RetryMin
	for i := 1; i < e.failures && wait < t.RetryMax; i++ {
		wait *= 2
	}
	wait = min(wait, t.RetryMax)
	e.data, e.err, e.etag, e.modified = nil, err, "", ""
	e.expires = now.Add(wait)
	f.log.Warn("robots.txt unavailable: host blocked for now", "host", base, "err", err, "retry_in", wait, "failures", e.failures)
}

// getRobots sends the GET for base's robots.txt through the request's
// egress policy (ctx), conditional on e's validators, and reads at most
// 512 KiB of its body (RFC 9309 asks for at least 500 KiB).
func (f *Fetcher) getRobots(ctx context.Context, base string, e *robotsEntry) (*http.Response, []byte, error) {
	ctx, cancel := context.WithTimeout(ctx, min(f.cfg.Timeout, 30*time.Second))
	defer cancel()
	u, err := url.Parse(base + "/robots.txt")
	if err != nil {
		return nil, nil, err
	}
	if err := f.limiter(u.Host).Wait(ctx); err != nil {
		return nil, nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, nil, err
	}
	f.setAuth(req, u, nil)
	req.Header.Set("User-Agent", f.cfg.UserAgent)
	if e.data != nil && e.err == nil { // a copy to revalidate
		if e.etag != "" {
			req.Header.Set("If-None-Match", e.etag)
		}
		if e.modified != "" {
			req.Header.Set("If-Modified-Since", e.modified)
		}
	}
	resp, err := f.client().Do(req)
	if err != nil {
		return nil, nil, unwrapURLError(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 512<<10))
	if err != nil && resp.StatusCode < 300 {
		return nil, nil, fmt.Errorf("reading the body: %w", err)
	}
	return resp, body, nil
}

// robotsLifetime is how long an answer is kept: Cache-Control max-age
// (s-maxage first), else Expires minus Date, within [MinAge, MaxAge];
// MaxAge when the response says nothing.
func robotsLifetime(h http.Header, t RobotsTiming) time.Duration {
	age, ok := cacheControlMaxAge(h.Get("Cache-Control"))
	if !ok {
		if exp, err := http.ParseTime(h.Get("Expires")); err == nil {
			date, derr := http.ParseTime(h.Get("Date"))
			if derr != nil {
				date = t.Now()
			}
			age, ok = exp.Sub(date), true
		} else if h.Get("Expires") != "" {
			age, ok = 0, true // an invalid Expires means already expired (RFC 9111 §5.3)
		}
	}
	if !ok {
		return t.MaxAge
	}
	return min(max(age, t.MinAge), t.MaxAge)
}

// cacheControlMaxAge reads s-maxage or max-age from a Cache-Control value;
// no-cache and no-store read as 0.
func cacheControlMaxAge(v string) (time.Duration, bool) {
	var maxAge, sMaxAge time.Duration
	var haveMax, haveS bool
	for _, d := range strings.Split(v, ",") {
		name, val, _ := strings.Cut(strings.TrimSpace(d), "=")
		name = strings.ToLower(strings.TrimSpace(name))
		val = strings.Trim(strings.TrimSpace(val), `"`)
		switch name {
		case "no-cache", "no-store":
			return 0, true
		case "max-age", "s-maxage":
			n, err := strconv.ParseInt(val, 10, 64)
			if err != nil || n < 0 {
				return 0, true // an invalid value means stale (RFC 9111 §4.2.1)
			}
			d := time.Duration(min(n, int64(maxRobotsAge/time.Second))) * time.Second
			if name == "s-maxage" {
				sMaxAge, haveS = d, true
			} else {
				maxAge, haveMax = d, true
			}
		}
	}
	if haveS {
		return sMaxAge, true
	}
	return maxAge, haveMax
}
