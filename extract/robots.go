package extract

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/temoto/robotstxt"
	"golang.org/x/time/rate"
)

// ErrDisallowed is wrapped by errors for URLs a site's robots.txt forbids.
var ErrDisallowed = errors.New("disallowed by robots.txt")

// ErrRobotsUnavailable is wrapped by errors for URLs of a host whose
// robots.txt answered 5xx: nothing is fetched from it (the usual rule),
// and the failure is the server's, not a refusal by its robots.txt.
var ErrRobotsUnavailable = errors.New("robots.txt unavailable")

// robotsEntry is one host's robots.txt, fetched once per Fetcher.
type robotsEntry struct {
	once sync.Once
	data *robotstxt.RobotsData
	err  error // the robots.txt answered 5xx, or the egress policy refused it
}

// checkRobots returns an error wrapping ErrDisallowed when u's host forbids
// u's path to the configured User-Agent. robots.txt follows the usual rules
// (robotstxt.FromStatusAndBytes): 4xx allows everything, 5xx forbids
// everything (reported as ErrRobotsUnavailable, with the status), an
// unreachable robots.txt allows everything with a warning. A robots.txt
// the egress policy refuses fails the URL with that refusal.
// A Crawl-delay slows the host's rate limit down to it.
func (f *Fetcher) checkRobots(ctx context.Context, u *url.URL) error {
	if f.cfg.IgnoreRobots || u.Path == "/robots.txt" {
		return nil
	}
	key := u.Scheme + "://" + u.Host
	cacheKey := key
	if f.client() == f.private {
		cacheKey += " private" // a refusal by the strict dialer must not stick to a source allowed to dial it
	}
	f.mu.Lock()
	e, ok := f.robots[cacheKey]
	if !ok {
		e = &robotsEntry{}
		f.robots[cacheKey] = e
	}
	f.mu.Unlock()
	e.once.Do(func() {
		e.data, e.err = f.fetchRobots(ctx, key)
		if e.data == nil {
			return
		}
		if group := e.data.FindGroup(f.cfg.UserAgent); group != nil && group.CrawlDelay > 0 {
			l := f.limiter(u.Host)
			if every := rate.Every(group.CrawlDelay); every < l.Limit() {
				l.SetLimit(every)
			}
		}
	})
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
	// TestAgent, not the group's Test: it also honours the allow-all and
	// disallow-all verdicts of a 4xx or 5xx robots.txt.
	if !e.data.TestAgent(path, f.cfg.UserAgent) {
		return &FetchError{URL: u.String(), Err: ErrDisallowed}
	}
	return nil
}

// fetchRobots reads base's robots.txt through the request's egress policy
// (ctx). It returns nil data for "allow everything", and an error for a
// 5xx answer or a refused connection.
func (f *Fetcher) fetchRobots(ctx context.Context, base string) (*robotstxt.RobotsData, error) {
	ctx, cancel := context.WithTimeout(ctx, min(f.cfg.Timeout, 30*time.Second))
	defer cancel()
	u, _ := url.Parse(base + "/robots.txt")
	if err := f.limiter(u.Host).Wait(ctx); err != nil {
		return nil, nil
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, nil
	}
	f.setAuth(req, u, nil)
	req.Header.Set("User-Agent", f.cfg.UserAgent)
	resp, err := f.client().Do(req)
	if err != nil {
		if errors.Is(err, ErrEgress) {
			return nil, unwrapURLError(err)
		}
		f.log.Warn("robots.txt unreachable; crawling as if it allowed everything", "url", u.String(), "err", err)
		return nil, nil
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 512<<10))
	if resp.StatusCode >= 500 {
		return nil, fmt.Errorf("%w: %s answered HTTP %d %s, so nothing is fetched from %s",
			ErrRobotsUnavailable, u, resp.StatusCode, http.StatusText(resp.StatusCode), base)
	}
	data, err := robotstxt.FromStatusAndBytes(resp.StatusCode, body)
	if err != nil {
		f.log.Warn("robots.txt unreadable; crawling as if it allowed everything", "url", u.String(), "err", err)
		return nil, nil
	}
	return data, nil
}
