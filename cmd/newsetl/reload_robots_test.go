package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/newsetl/newsetl/load/loadtest"
)

// A SIGHUP reload keeps the robots.txt cache: a host whose robots.txt
// answered 503 stays blocked for its back-off without being asked again,
// also for a source the reload added, and /metrics still says so.
func TestReloadKeepsRobotsBackoff(t *testing.T) {
	ch := loadtest.Config(t)
	var robotsAsked, pages atomic.Int32
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			robotsAsked.Add(1)
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		pages.Add(1)
		http.NotFound(w, r)
	}))
	defer site.Close()
	dir := t.TempDir()
	path := filepath.Join(dir, "newsetl.yaml")
	source := func(name string) string {
		return "  - name: " + name + "\n    kind: feed\n    schedule: \"@every 1s\"\n    allow_private: true\n    feed_url: " + site.URL + "/" + name + "/feed.xml\n"
	}
	head := "clickhouse:\n  addr: ${NEWSETL_CLICKHOUSE_ADDR}\n  database: ${NEWSETL_DATABASE}\ndaemon:\n  jitter: 0s\nspool:\n  dir: spool\nsources:\n"
	if err := os.WriteFile(path, []byte(head+source("wire")), 0o600); err != nil {
		t.Fatal(err)
	}
	addr := freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr bytes.Buffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"run", "--config", path, "--listen", addr, "--log-level", "warn"}, &stdout, &stderr, testLookup(ch, nil))
	}()
	metric := func(text, series string) float64 {
		for _, line := range strings.Split(text, "\n") {
			if v, ok := strings.CutPrefix(line, series+" "); ok {
				f, _ := strconv.ParseFloat(v, 64)
				return f
			}
		}
		return -1
	}
	scrape := func() string {
		resp, err := http.Get("http://" + addr + "/metrics")
		if err != nil {
			return ""
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}
	waitUntil := func(what string, cond func(string) bool) string {
		t.Helper()
		for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
			if text := scrape(); cond(text) {
				return text
			}
		}
		t.Fatalf("timed out waiting for %s", what)
		return ""
	}
	blocked := `newsetl_robots_blocked{host="` + site.URL + `"}`
	waitUntil("a failed run of wire with its host blocked", func(text string) bool {
		return metric(text, `newsetl_runs_total{source="wire",status="failed"}`) >= 1 && metric(text, blocked) == 1
	})
	if err := os.WriteFile(path, []byte(head+source("wire")+source("bureau")), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Kill(os.Getpid(), syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	text := waitUntil("two runs of bureau, added by the reload", func(text string) bool {
		return metric(text, `newsetl_runs_total{source="bureau",status="failed"}`) >= 2
	})
	if n := robotsAsked.Load(); n != 1 {
		t.Errorf("robots.txt asked %d times across the reload, want 1 (the 1 min back-off kept)", n)
	}
	if n := pages.Load(); n != 0 {
		t.Errorf("%d pages fetched from a host whose robots.txt answered 503, want 0", n)
	}
	if v := metric(text, blocked); v != 1 {
		t.Errorf("after the reload %s = %v, want 1", blocked, v)
	}
	cancel()
	if code := <-done; code != exitOK {
		t.Errorf("run exited %d, want 0\n%s", code, stderr.String())
	}
}
