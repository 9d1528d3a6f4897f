package main

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/newsetl/newsetl/load/loadtest"
	"github.com/newsetl/newsetl/schedules"
)

// TestReparseCommand ingests the sample SASAC press releases (with a CPU
// profile), marks their facts as made by an older parser, and reparses them
// (with a heap profile): every article gets a new version at the current
// parser, and with the parser unchanged facts_latest holds the same facts.
func TestReparseCommand(t *testing.T) {
	ch := loadtest.Config(t)
	srv := httptest.NewServer(http.FileServer(http.Dir(repoRoot + "/testdata/site")))
	defer srv.Close()
	dir := t.TempDir()
	cfg := `clickhouse:
  addr: ${NEWSETL_CLICKHOUSE_ADDR}
  database: ${NEWSETL_DATABASE}
fetch:
  requests_per_second: 100
  retry_backoff: 10ms
sources:
  - name: sasac-en
    kind: html
    allow_private: true
    list_url: ${SITE}/sasac/en/index.html
    selectors:
      links: "ul.news-list > li > a"
      next_page: "div.pager a.next"
      title: "h1.article-title"
      date: "div.article-info span.pub-date"
      body: "div.article-content"
    date_format: "2006-01-02"
`
	path := filepath.Join(dir, "reparse.yaml")
	if err := os.WriteFile(path, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"SITE": srv.URL}
	cpu, mem := filepath.Join(dir, "cpu.pprof"), filepath.Join(dir, "mem.pprof")
	if code, out, errOut := newsetl(t, ch, env, "ingest", "--config", path, "--cpuprofile", cpu); code != exitOK {
		t.Fatalf("ingest exited %d\n%s\n%s", code, out, errOut)
	}
	checkProfile(t, cpu)
	s := open(t, ch)
	db := ch.Database
	articles := loadtest.Count(t, s, "SELECT count() FROM "+db+".articles_latest")
	facts := loadtest.Count(t, s, "SELECT count() FROM "+db+".facts_latest")
	if articles == 0 || facts == 0 {
		t.Fatalf("ingest stored %d articles, %d facts", articles, facts)
	}

	// Nothing to do while every article is at the current parser.
	code, out, errOut := newsetl(t, ch, env, "reparse", "--config", path, "--progress", "none")
	if code != exitOK || !strings.Contains(out, "reparse (parser "+schedules.CurrentParser.Version+"): 0 articles, 0 facts") {
		t.Fatalf("reparse of current articles exited %d\n%s\n%s", code, out, errOut)
	}

	// An older parser made them.
	if err := s.Conn().Exec(t.Context(), "ALTER TABLE "+db+".articles UPDATE parser_version = 'old' WHERE 1"); err != nil {
		t.Skipf("ALTER UPDATE unsupported: %v", err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for loadtest.Count(t, s, "SELECT count() FROM "+db+".articles WHERE parser_version != 'old'") != 0 {
		if time.Now().After(deadline) {
			t.Fatal("mutation did not finish")
		}
		time.Sleep(50 * time.Millisecond)
	}
	code, out, errOut = newsetl(t, ch, env, "reparse", "--config", path, "--source", "sasac-en", "--since", "2000-01-01",
		"--progress", "log", "--memprofile", mem)
	if code != exitOK || !strings.Contains(out, ": "+itoa(articles)+" articles, "+itoa(facts)+" facts") {
		t.Fatalf("reparse exited %d, want %d articles and %d facts\n%s\n%s", code, articles, facts, out, errOut)
	}
	if !strings.Contains(errOut, "reparse progress") {
		t.Errorf("no progress lines:\n%s", errOut)
	}
	checkProfile(t, mem)
	if n := loadtest.Count(t, s, "SELECT count() FROM "+db+".facts_latest WHERE parser_version = ?", schedules.CurrentParser.Version); n != facts {
		t.Errorf("facts_latest after reparse: %d facts at the current parser, want all %d", n, facts)
	}
	if n := loadtest.Count(t, s, "SELECT count() FROM "+db+".articles_latest WHERE parser_version = ?", schedules.CurrentParser.Version); n != articles {
		t.Errorf("articles_latest after reparse: %d at the current parser, want %d", n, articles)
	}
	if n := loadtest.Count(t, s, "SELECT count() FROM "+db+".ingest_runs WHERE kind = 'reparse' AND source = 'sasac-en'"); n != 1 {
		t.Errorf("reparse runs recorded: %d, want 1", n)
	}

	// Bad flags are usage errors.
	if code, _, _ := newsetl(t, ch, env, "reparse", "--config", path, "--since", "May 1"); code != exitUsage {
		t.Errorf("--since 'May 1' exited %d, want %d", code, exitUsage)
	}
	if code, _, _ := newsetl(t, ch, env, "reparse", "--config", path, "--source", "nope"); code != exitUsage {
		t.Errorf("--source nope exited %d, want %d", code, exitUsage)
	}
}

func itoa(n uint64) string { return strconv.FormatUint(n, 10) }

// checkProfile fails unless path holds a gzipped pprof profile.
func checkProfile(t *testing.T, path string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) < 20 || !bytes.HasPrefix(b, []byte{0x1f, 0x8b}) {
		t.Fatalf("%s: %d bytes, not a gzipped pprof profile", path, len(b))
	}
}
