package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/newsetl/newsetl/config"
	"github.com/newsetl/newsetl/load/chserver"
	"github.com/newsetl/newsetl/load/loadtest"
)

// ClickHouse goes away in the middle of `newsetl ingest` and stays down:
// the articles read before are spooled with the run record, the command
// exits 5 naming the spool. After a restart the next ingest replays the
// spool and fetches the rest: every article and fact once in the views,
// the spool empty, both runs in ingest_runs.
func TestIngestSpoolsWhileClickHouseIsDownAndTheNextRunCatchesUp(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and stops a ClickHouse server")
	}
	srv := chserver.Start(t)
	ch := config.ClickHouse{Addr: srv.Addr, Database: "newsetl_cmd_spool", Username: "default", DialTimeout: 2 * time.Second}
	var articles atomic.Int32
	var stop atomic.Bool
	files := http.FileServer(http.Dir(repoRoot + "/testdata/site"))
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.URL.Path, "/2021/") && articles.Add(1) == 3 && stop.Load() {
			if err := srv.Stop(); err != nil { // the third article: ClickHouse goes away
				t.Error(err)
			}
		}
		files.ServeHTTP(w, r)
	}))
	defer site.Close()
	dir := t.TempDir()
	cfg := `clickhouse:
  addr: ${NEWSETL_CLICKHOUSE_ADDR}
  database: ${NEWSETL_DATABASE}
  write_retries: 1
  write_backoff: 100ms
fetch:
  requests_per_second: 100
spool:
  dir: spool
sources:
  - name: sasac-en
    kind: html
    allow_private: true
    list_url: ` + site.URL + `/sasac/en/index.html` + trustSelectors + "\n"
	path := filepath.Join(dir, "c.yaml")
	os.WriteFile(path, []byte(cfg), 0o600)

	// The reference: a clean run into another database of the same server.
	ref := ch
	ref.Database = "newsetl_cmd_ref"
	if code, _, stderr := newsetl(t, ref, nil, "ingest", "--config", path); code != exitOK {
		t.Fatalf("reference run exited %d\n%s", code, stderr)
	}
	if err := os.RemoveAll(filepath.Join(dir, "spool")); err != nil {
		t.Fatal(err)
	}
	articles.Store(0)
	stop.Store(true)
	code, _, stderr := newsetl(t, ch, nil, "ingest", "--config", path)
	if code != exitSpooled || !strings.Contains(stderr, "rows spooled to "+filepath.Join(dir, "spool")) ||
		!strings.Contains(stderr, "the next run replays them") {
		t.Fatalf("ingest with ClickHouse gone: exit %d, want %d and a message naming the spool\n%s", code, exitSpooled, stderr)
	}
	stop.Store(false)
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := newsetl(t, ch, nil, "ingest", "--config", path); code != exitOK {
		t.Fatalf("rerun exited %d\n%s", code, stderr)
	}
	s, r := open(t, ch), open(t, ref)
	for _, q := range []string{
		"SELECT count() FROM %s.articles_latest",
		"SELECT count() FROM %s.facts_latest",
		"SELECT count(DISTINCT fact_id) FROM %s.facts_latest",
		"SELECT count() FROM %s.fetch_state FINAL",
	} {
		got, want := loadtest.Count(t, s, fmt.Sprintf(q, ch.Database)), loadtest.Count(t, r, fmt.Sprintf(q, ref.Database))
		if got != want || want == 0 {
			t.Errorf("%s: %d, want %d as in a clean run", fmt.Sprintf(q, "db"), got, want)
		}
	}
	if n := loadtest.Count(t, s, "SELECT count() FROM "+ch.Database+".ingest_runs WHERE status = 'spooled'"); n != 1 {
		t.Errorf("ingest_runs: %d runs with status spooled, want 1", n)
	}
	if n := loadtest.Count(t, s, "SELECT count() FROM "+ch.Database+".ingest_runs"); n != 2 {
		t.Errorf("ingest_runs: %d rows, want 2 (the spooled run's and the rerun's)", n)
	}
	if n := loadtest.Count(t, s, "SELECT sum(rows_spooled) FROM "+ch.Database+".ingest_runs"); n == 0 {
		t.Error("ingest_runs.rows_spooled: 0")
	}
	if n := loadtest.Count(t, s, "SELECT sum(rows_replayed) FROM "+ch.Database+".ingest_runs"); n == 0 {
		t.Error("ingest_runs.rows_replayed: 0")
	}
	left, _ := filepath.Glob(filepath.Join(dir, "spool", "*", "*.spool"))
	if len(left) != 0 {
		t.Errorf("spool not emptied: %v", left)
	}
}
