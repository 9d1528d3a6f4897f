package main

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newsetl/newsetl/load/loadtest"
)

func sampleSite(t *testing.T) map[string]string {
	srv := httptest.NewServer(http.FileServer(http.Dir(repoRoot + "/testdata/site")))
	t.Cleanup(srv.Close)
	return map[string]string{"SAMPLE_SITE": srv.URL}
}

func TestBackfillAndSourcesCommands(t *testing.T) {
	ch := loadtest.Config(t)
	site := sampleSite(t)
	cfg := repoRoot + "/examples/demo.yaml"
	args := []string{"backfill", "--config", cfg, "--source", "province-archive", "--from", "2021-10-01", "--to", "2021-11-30", "--progress", "log", "--log-level", "warn"}
	code, stdout, stderr := newsetl(t, ch, site, args...)
	if code != exitOK || !strings.Contains(stdout, "2 partitions, 0 skipped (already done), 2 done, 0 failed") || !strings.Contains(stdout, "18 articles written") {
		t.Fatalf("backfill: exit %d\n%s\n%s", code, stdout, stderr)
	}
	code, stdout, stderr = newsetl(t, ch, site, args...)
	if code != exitOK || !strings.Contains(stdout, "2 partitions, 2 skipped (already done), 0 done") {
		t.Fatalf("second backfill: exit %d\n%s\n%s", code, stdout, stderr)
	}
	s := open(t, ch)
	if n := loadtest.Count(t, s, "SELECT count() FROM "+ch.Database+".articles_latest WHERE toYYYYMM(published_at) IN (202110, 202111)"); n != 18 {
		t.Errorf("%d October and November articles loaded, want 18", n)
	}

	code, stdout, stderr = newsetl(t, ch, site, "sources", "--config", cfg)
	if code != exitOK {
		t.Fatalf("sources: exit %d\n%s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if len(lines) < 4 || !strings.HasPrefix(lines[0], "SOURCE") {
		t.Fatalf("sources output:\n%s", stdout)
	}
	var archive, never string
	for _, l := range lines[1:] {
		f := strings.Fields(l)
		switch f[0] {
		case "province-archive":
			archive = l
		case "sasac-en":
			never = l
		}
	}
	if !strings.Contains(archive, "CRON_TZ=Asia/Shanghai") || !strings.Contains(archive, " ok ") || !strings.Contains(archive, "html") {
		t.Errorf("province-archive line lacks its schedule, kind or last status: %q", archive)
	}
	if !strings.Contains(never, "never") || !strings.Contains(never, "0 2 * * *") {
		t.Errorf("sasac-en line should show its schedule and no run yet: %q", never)
	}
	// The next run of "CRON_TZ=Asia/Shanghai 0 3 * * *" is 03:00 in Shanghai, 19:00 UTC.
	if !strings.Contains(archive, "19:00 UTC") && !strings.Contains(archive, "03:00 CST") {
		t.Errorf("province-archive's next run is not 03:00 Shanghai time: %q", archive)
	}
}

func TestBadScheduleNamesSourceAndLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.yaml")
	os.WriteFile(path, []byte(`sources:
  - name: weekly
    kind: html
    schedule: "0 2 * *"
    list_url: http://127.0.0.1:1/
    selectors: {links: a, title: h1, date: .d, body: .b}
`), 0o644)
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"sources", "--config", path}, &stdout, &stderr, func(string) (string, bool) { return "", false })
	if code != exitFailed || !strings.Contains(stderr.String(), `line 2: source weekly: schedule "0 2 * *": expected exactly 5 fields`) {
		t.Fatalf("exit %d, stderr %q", code, stderr.String())
	}
}

func TestRunServesHealthAndStopsCleanly(t *testing.T) {
	ch := loadtest.Config(t)
	addr := freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr bytes.Buffer
	lookup := testLookup(ch, sampleSite(t))
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"run", "--config", repoRoot + "/examples/demo.yaml", "--listen", addr, "--log-level", "warn"}, &stdout, &stderr, lookup)
	}()
	var health string
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if resp, err := http.Get("http://" + addr + "/healthz"); err == nil {
			b := new(bytes.Buffer)
			b.ReadFrom(resp.Body)
			resp.Body.Close()
			health = b.String()
			break
		}
	}
	cancel()
	select {
	case code := <-done:
		if code != exitOK {
			t.Errorf("run exited %d after SIGTERM-like cancel, want 0\n%s", code, stderr.String())
		}
	case <-time.After(40 * time.Second):
		t.Fatal("run did not stop")
	}
	if strings.TrimSpace(health) != "ok" {
		t.Errorf("/healthz answered %q", health)
	}
}
