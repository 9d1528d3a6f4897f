package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/newsetl/newsetl/internal/getloop"
)

// articleHTML is a ~4 KB article page in a government-site layout, with
// figures in its text (so the crawl parses figures as ingest does).
func articleHTML(title string, day time.Time, n int) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>%s</title><link rel="stylesheet" href="/s.css"></head><body>
<div class="nav"><a href="/">Home</a><a href="/about.html">About</a></div>
<h1 class="title">%s</h1><div class="meta">Source: SASAC | Date: %s</div><div class="content">`, title, title, day.Format("2006-01-02"))
	for p := range 6 {
		fmt.Fprintf(&b, `<p>As of the end of November %d, the completion rate of the reform of %d medical institutions reached %d.%d percent, and %d,%03d beds were added in %d provinces, up %d.%d percent year-on-year.</p>`,
			day.Year(), 1000+n%900, 90+p, n%10, 20+p, n%1000, 10+p, p+1, n%10)
	}
	b.WriteString(`</div><div class="share">Share</div><ul class="related"><li><a href="/x.html">Related</a></li></ul>
<div class="footer"><a href="/privacy.html">Privacy</a></div></body></html>`)
	return b.String()
}

func writeFile(dir, rel, content string) error {
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, []byte(content), 0o644)
}

// servedDir generates files into a new temporary directory (gen returns
// their paths) and serves it on loopback; it returns the server's URL, the
// URLs of the generated files and a function that stops the server and
// removes the directory.
func servedDir(prefix string, gen func(dir string) ([]string, error)) (string, []string, func(), error) {
	dir, err := os.MkdirTemp("", prefix)
	if err != nil {
		return "", nil, nil, err
	}
	paths, err := gen(dir)
	if err != nil {
		os.RemoveAll(dir)
		return "", nil, nil, err
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	urls := make([]string, len(paths))
	for i, p := range paths {
		urls[i] = srv.URL + p
	}
	return srv.URL, urls, func() { srv.Close(); os.RemoveAll(dir) }, nil
}

// plainGetLoop is the reference of the crawl and backfill figures
// (getloop.Run) on a client of its own.
func plainGetLoop(ctx context.Context, urls []string, parallel int) error {
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: parallel}, Timeout: 30 * time.Second}
	defer client.CloseIdleConnections()
	return getloop.Run(ctx, client, urls, parallel)
}

// cpuTime is the CPU time (user and system) the process has used so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
