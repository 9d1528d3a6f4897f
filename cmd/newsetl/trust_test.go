package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsetl/newsetl/load/loadtest"
	"github.com/newsetl/newsetl/schedules"
)

func TestExitCodes(t *testing.T) {
	live := context.Background()
	stopped, cancel := context.WithCancel(context.Background())
	cancel()
	spooled := fmt.Errorf("source s: %w", &schedules.SpooledError{Rows: 3, Where: "x.spool", Cause: errors.New("down")})
	unrecorded := fmt.Errorf("source s: run r: %w: connection refused", schedules.ErrRunNotRecorded)
	for _, c := range []struct {
		name string
		ctx  context.Context
		cmd  string
		err  error
		want int
	}{
		{"ok", live, "ingest", nil, exitOK},
		{"failed", live, "ingest", errors.New("boom"), exitFailed},
		{"usage", live, "ingest", usageError{errors.New("bad flag")}, exitUsage},
		{"partial", live, "ingest", fmt.Errorf("%w: 1 of 2", errPartial), exitPartial},
		{"record not written", live, "ingest", unrecorded, exitUnrecorded},
		{"record not written beats spooled", live, "ingest", errors.Join(spooled, unrecorded), exitUnrecorded},
		{"spooled", live, "ingest", spooled, exitSpooled},
		{"spooled in a partial backfill", live, "backfill", fmt.Errorf("%w: %w", errPartial, spooled), exitSpooled},
		{"stopped ingest", stopped, "ingest", nil, exitStopped},
		{"stopped ingest with errors", stopped, "ingest", fmt.Errorf("%w: x", errPartial), exitStopped},
		{"stopped backfill", stopped, "backfill", nil, exitStopped},
		{"stopped daemon exits as it always did", stopped, "run", nil, exitOK},
		{"spooled beats stopped", stopped, "ingest", spooled, exitSpooled},
	} {
		if got := exitCode(c.ctx, c.cmd, c.err); got != c.want {
			t.Errorf("%s: exit %d, want %d", c.name, got, c.want)
		}
	}
}

// The spooled and unrecorded errors of runs reach the command's error
// even when the runs' statuses are ok.
func TestRunOutcomeKeepsSpooledErrors(t *testing.T) {
	spooled := &schedules.SpooledError{Rows: 3, Where: "x.spool", Cause: errors.New("down")}
	err := runOutcome(nil, []error{nil, spooled})
	if !errors.Is(err, schedules.ErrSpooled) {
		t.Fatalf("runOutcome = %v, want ErrSpooled", err)
	}
}

// basicAuthSite serves testdata/site to reader:pw-Zq9 only.
func basicAuthSite(t *testing.T, onList func()) *httptest.Server {
	files := http.FileServer(http.Dir(repoRoot + "/testdata/site"))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if u, p, ok := r.BasicAuth(); !ok || u != "reader" || p != "pw-Zq9" {
			w.Header().Set("WWW-Authenticate", `Basic realm="site"`)
			http.Error(w, "unauthorised", http.StatusUnauthorized)
			return
		}
		if onList != nil && strings.HasSuffix(r.URL.Path, "/index.html") {
			onList()
		}
		files.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv
}

const trustSelectors = `
    selectors:
      links: "ul.news-list > li > a"
      next_page: "div.pager a.next"
      title: "h1.article-title"
      date: "div.article-info span.pub-date"
      body: "div.article-content"
    date_format: "2006-01-02"`

// A password in a source URL is sent as basic auth and appears in no log
// line and no column of any table.
func TestPasswordInSourceURLIsNeverStored(t *testing.T) {
	ch := loadtest.Config(t)
	srv := basicAuthSite(t, nil)
	withPW := strings.Replace(srv.URL, "http://", "http://reader:pw-Zq9@", 1)
	cfg := `clickhouse:
  addr: ${NEWSETL_CLICKHOUSE_ADDR}
  database: ${NEWSETL_DATABASE}
fetch:
  requests_per_second: 100
  retry_backoff: 10ms
spool:
  dir: off
sources:
  - name: good
    kind: html
    allow_private: true
    list_url: ` + withPW + `/sasac/en/index.html` + trustSelectors + `
  - name: broken
    kind: html
    allow_private: true
    list_url: ` + withPW + `/broken/index.html` + trustSelectors + `
  - name: gone
    kind: html
    allow_private: true
    list_url: ` + withPW + `/nowhere/index.html` + trustSelectors + "\n"
	path := filepath.Join(t.TempDir(), "pw.yaml")
	os.WriteFile(path, []byte(cfg), 0o600)
	for _, format := range []string{"text", "json"} {
		code, stdout, stderr := newsetl(t, ch, nil, "ingest", "--log-level", "debug", "--log-format", format, "--config", path)
		if code != exitPartial {
			t.Fatalf("ingest exited %d, want %d\n%s", code, exitPartial, stderr)
		}
		if strings.Contains(stdout+stderr, "pw-Zq9") {
			t.Errorf("%s logs carry the password:\n%s", format, grepLines(stdout+stderr, "pw-Zq9"))
		}
		if !strings.Contains(stderr, strings.TrimPrefix(srv.URL, "http://")+"/nowhere/index.html") {
			t.Errorf("%s logs do not name the failing list page; the test would not notice a leak:\n%s", format, stderr)
		}
	}
	s := open(t, ch)
	ctx := context.Background()
	if n := loadtest.Count(t, s, "SELECT count() FROM "+ch.Database+".articles WHERE source = 'good'"); n == 0 {
		t.Fatal("no articles stored: basic auth did not work")
	}
	if n := loadtest.Count(t, s, "SELECT count() FROM "+ch.Database+".ingest_errors WHERE url = ?", srv.URL+"/nowhere/index.html"); n == 0 {
		t.Error("ingest_errors does not name the failing list page (without its password)")
	}
	rows, err := s.Conn().Query(ctx, "SELECT table, name FROM system.columns WHERE database = ? AND type IN ('String', 'Nullable(String)')", ch.Database)
	if err != nil {
		t.Fatal(err)
	}
	var cols [][2]string
	for rows.Next() {
		var tbl, col string
		if err := rows.Scan(&tbl, &col); err != nil {
			t.Fatal(err)
		}
		cols = append(cols, [2]string{tbl, col})
	}
	rows.Close()
	if len(cols) < 20 {
		t.Fatalf("only %d string columns found", len(cols))
	}
	for _, c := range cols {
		q := fmt.Sprintf("SELECT count() FROM %s.%s WHERE position(ifNull(toString(%s), ''), 'pw-Zq9') > 0", ch.Database, c[0], c[1])
		if n := loadtest.Count(t, s, q); n != 0 {
			t.Errorf("%s.%s: %d rows carry the password", c[0], c[1], n)
		}
	}
}

func grepLines(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// An ingest stopped by SIGTERM (its context ended) exits 143 and records
// the run as stopped.
func TestStoppedIngestExitsWithItsOwnCode(t *testing.T) {
	ch := loadtest.Config(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	srv := basicAuthSite(t, cancel) // the signal arrives while the list page is served
	cfg := `clickhouse:
  addr: ${NEWSETL_CLICKHOUSE_ADDR}
  database: ${NEWSETL_DATABASE}
fetch:
  requests_per_second: 100
spool:
  dir: off
sources:
  - name: good
    kind: html
    allow_private: true
    list_url: ` + strings.Replace(srv.URL, "http://", "http://reader:pw-Zq9@", 1) + `/sasac/en/index.html` + trustSelectors + "\n"
	path := filepath.Join(t.TempDir(), "c.yaml")
	os.WriteFile(path, []byte(cfg), 0o600)
	var stdout, stderr bytes.Buffer
	code := run(ctx, []string{"ingest", "--config", path}, &stdout, &stderr, testLookup(ch, nil))
	if code != exitStopped || !strings.Contains(stderr.String(), "stopped by a signal") {
		t.Fatalf("exit %d, want %d with a message\n%s", code, exitStopped, stderr.String())
	}
	s := open(t, ch)
	if n := loadtest.Count(t, s, "SELECT count() FROM "+ch.Database+".ingest_runs WHERE status = 'stopped'"); n != 1 {
		t.Errorf("%d stopped runs recorded, want 1", n)
	}
}
