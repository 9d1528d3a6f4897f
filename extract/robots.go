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

// robotsEntry is one host's robots.txt, fetched once per Fetcher.
type robotsEntry struct {
	once sync.Once
	data *robotstxt.RobotsData
}

// checkRobots returns an error wrapping ErrDisallowed when u's host forbids
// u's path to the configured User-Agent. robots.txt follows the usual rules
// (robotstxt.FromStatusAndBytes): 4xx allows everything, 5xx forbids
// everything, an unreachable robots.txt allows everything with a warning.
// A Crawl-delay slows the host's rate limit down to it.
func (f *Fetcher) checkRobots(ctx context.Context, u *url.URL) error {
	if f.cfg.IgnoreRobots || u.Path == "/robots.txt" {
		return nil
	}
	key := u.Scheme + "://" + u.Host
	f.mu.Lock()
	e, ok := f.robots[key]
	if !ok {
		e = &robotsEntry{}
		f.robots[key] = e
	}
	f.mu.Unlock()
	e.once.Do(func() {
		e.data = f.fetchRobots(ctx, key)
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
		return fmt.Errorf("fetching %s: %w", u, ErrDisallowed)
	}
	return nil
}

func (f *Fetcher) fetchRobots(ctx context.Context, base string) *robotstxt.RobotsData {
	ctx, cancel := context.WithTimeout(ctx, min(f.cfg.Timeout, 30*time.Second))
	defer cancel()
	u, _ := url.Parse(base + "/robots.txt")
	if err := f.limiter(u.Host).Wait(ctx); err != nil {
		return nil
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil
	}
	req.Header.Set("User-Agent", f.cfg.UserAgent)
	resp, err := f.client.Do(req)
	if err != nil {
		f.log.Warn("robots.txt unreachable; crawling as if it allowed everything", "url", u.String(), "err", err)
		return nil
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 512<<10))
	data, err := robotstxt.FromStatusAndBytes(resp.StatusCode, body)
	if err != nil {
		f.log.Warn("robots.txt unreadable; crawling as if it allowed everything", "url", u.String(), "err", err)
		return nil
	}
	return data
}
