package main

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newsetl/newsetl/config"
	"github.com/newsetl/newsetl/internal/golden"
	"github.com/newsetl/newsetl/load"
	"github.com/newsetl/newsetl/load/loadtest"
)

const (
	repoRoot   = "../.."
	goldenPath = repoRoot + "/testdata/golden/demo-facts.tsv"
)

// newsetl runs the command in-process with the test database's settings.
func newsetl(t *testing.T, ch config.ClickHouse, extraEnv map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, &stdout, &stderr, testLookup(ch, extraEnv))
	return code, stdout.String(), stderr.String()
}

// testLookup is the environment of a test run: the test database's address
// and name, then extraEnv.
func testLookup(ch config.ClickHouse, extraEnv map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) {
		switch k {
		case "NEWSETL_CLICKHOUSE_ADDR":
			return ch.Addr, true
		case "NEWSETL_DATABASE":
			return ch.Database, true
		}
		v, ok := extraEnv[k]
		return v, ok
	}
}

func open(t *testing.T, ch config.ClickHouse) *load.Store {
	s, err := load.Open(context.Background(), ch, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// factRow is what the golden file holds for each fact in facts_latest.
type factRow struct {
	Source, Path, Figure, Kind, Unit, Subject, Base, Qualifier, PeriodStart, PeriodEnd, Granularity string
	Value                                                                                           float64
}

func (r factRow) tsv() string {
	return strings.Join([]string{r.Source, r.Path, r.Figure, fmt.Sprint(r.Value), r.Kind, r.Unit, r.Subject, r.Base,
		r.Qualifier, r.PeriodStart, r.PeriodEnd, r.Granularity}, "\t")
}

func readFacts(t *testing.T, s *load.Store) []factRow {
	rows, err := s.Conn().Query(context.Background(), `SELECT source, path(url), figure, value, kind, unit, subject, base, qualifier,
		ifNull(toString(period_start), ''), ifNull(toString(period_end), ''), period_granularity
		FROM `+s.Database()+`.facts_latest ORDER BY source, path(url), position`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []factRow
	for rows.Next() {
		var r factRow
		if err := rows.Scan(&r.Source, &r.Path, &r.Figure, &r.Value, &r.Kind, &r.Unit, &r.Subject, &r.Base, &r.Qualifier,
			&r.PeriodStart, &r.PeriodEnd, &r.Granularity); err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	return out
}

// TestDemoLoadsSampleSiteOnceAndMatchesGolden runs `newsetl demo` twice
// against a real ClickHouse: the first run loads every sample article and
// its facts (compared with the golden file and with the seed figures
// analysts expect), the second adds no row.
func TestDemoLoadsSampleSiteOnceAndMatchesGolden(t *testing.T) {
	ch := loadtest.Config(t)
	args := []string{"demo", "--config", repoRoot + "/examples/demo.yaml", "--site", repoRoot + "/testdata/site",
		"--listen", freeAddr(t), "--log-level", "warn"}
	code, stdout, stderr := newsetl(t, ch, nil, args...)
	if code != exitOK {
		t.Fatalf("demo exited %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	for _, want := range []string{"sasac-en", "chinadaily-en", "province-archive", "sasac-zh", "Ten most recent facts"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("demo summary lacks %q:\n%s", want, stdout)
		}
	}
	s := open(t, ch)
	db := ch.Database
	// 4 + 3 press releases, the first two list pages (20 articles) of the
	// archive, and the Chinese (GBK) version of the SASAC seed.
	if n := loadtest.Count(t, s, "SELECT count() FROM "+db+".articles_latest"); n != 28 {
		t.Errorf("articles_latest has %d rows, want 28", n)
	}
	facts := readFacts(t, s)
	checkSeedFacts(t, facts)
	checkGolden(t, facts)
	checkHealthExpenditureSeries(t, s, stdout)
	statRows := loadtest.Count(t, s, "SELECT count() FROM "+db+".statistics")

	articles := loadtest.Count(t, s, "SELECT count() FROM "+db+".articles")
	rawFacts := loadtest.Count(t, s, "SELECT count() FROM "+db+".facts")
	code, stdout, stderr = newsetl(t, ch, nil, args...)
	if code != exitOK {
		t.Fatalf("second demo exited %d\n%s\n%s", code, stdout, stderr)
	}
	if n := loadtest.Count(t, s, "SELECT count() FROM "+db+".articles"); n != articles {
		t.Errorf("second run: articles has %d rows, had %d", n, articles)
	}
	if n := loadtest.Count(t, s, "SELECT count() FROM "+db+".facts"); n != rawFacts {
		t.Errorf("second run: facts has %d rows, had %d", n, rawFacts)
	}
	if n := loadtest.Count(t, s, "SELECT count() FROM "+db+".facts_latest"); n != uint64(len(facts)) {
		t.Errorf("second run: facts_latest has %d rows, had %d", n, len(facts))
	}
	if n := loadtest.Count(t, s, "SELECT count() FROM "+db+".statistics"); n != statRows {
		t.Errorf("second run: statistics has %d rows, had %d", n, statRows)
	}
	// The second run of each html source costs one request: its first
	// list page answers 304 to the validators the first run kept
	// (incremental list pages), so nothing behind it is fetched again.
	second := func(col string) uint64 {
		return loadtest.Count(t, s, "SELECT sum(x) FROM (SELECT argMax("+col+", started_at) AS x FROM "+db+".ingest_runs WHERE kind = 'html' GROUP BY source)")
	}
	if n := second("articles_new + articles_changed"); n != 0 {
		t.Errorf("the second run wrote %d articles, want 0", n)
	}
	if n := second("pages_fetched"); n != 4 {
		t.Errorf("the second run of the 4 html sources fetched %d pages, want 4 (a 304 for each first list page)", n)
	}
}

// freeAddr returns a loopback address nothing listens on right now.
func freeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// checkHealthExpenditureSeries asserts that the World-Bank-shaped health
// expenditure series is in statistics_latest with the CASC article's
// figures (China 2016: 6.2 % of GDP; high income 2016: 9 %) and that the
// demo summary lists it.
func checkHealthExpenditureSeries(t *testing.T, s *load.Store, stdout string) {
	t.Helper()
	db := s.Database()
	if n := loadtest.Count(t, s, "SELECT count() FROM "+db+".statistics_latest WHERE source = 'worldbank-health-gdp'"); n != 18 {
		t.Errorf("the health expenditure series has %d observations, want 18 (2 countries × 9 years)", n)
	}
	for country, want := range map[string]float64{"China": 6.2, "High income": 9} {
		var v float64
		err := s.Conn().QueryRow(context.Background(), "SELECT value FROM "+db+".statistics_latest WHERE source = 'worldbank-health-gdp' "+
			"AND has(dim_values, ?) AND period_start = toDate('2016-01-01') AND unit = 'percent'", country).Scan(&v)
		if err != nil || v != want {
			t.Errorf("%s 2016 health expenditure = %v (%v), want %v percent of GDP", country, v, err, want)
		}
	}
	if !strings.Contains(stdout, "worldbank-health-gdp") || !strings.Contains(stdout, "Statistics series") {
		t.Errorf("the demo summary does not list the health expenditure series:\n%s", stdout)
	}
}

// checkSeedFacts asserts the figures of the two seed press releases
// independently of the golden file, so a wrong -update is caught.
func checkSeedFacts(t *testing.T, facts []factRow) {
	t.Helper()
	type want struct {
		value      float64
		kind       string
		subject    string // substring of the subject
		periodEnd  string // the publication day when no phrase dates the figure
		base       string // substring of the base
		occurrence int    // how many facts with this value
	}
	seeds := map[string][]want{
		"/sasac/en/2021/12/art_4512.html": {
			{1154, "count", "medical institutions", "2021-11-30", "", 1},
			{99.6, "percent", "completion rate", "2021-11-30", "", 1},
			{228, "count", "medical institutions", "2021-11-30", "", 1},
			{359, "count", "medical institutions", "2021-11-30", "", 1},
			{202, "count", "medical institutions", "2021-11-30", "", 1},
			{360, "count", "medical institutions", "2021-11-30", "", 1},
			{157, "count", "medical institutions", "2021-12-20", "", 1},
			{182, "count", "medical institutions", "2021-12-20", "", 1},
			{27000, "count", "beds", "2021-12-20", "", 1},
			{13.33e6, "count", "doctors and treatments", "2021-12-20", "", 1},
			{21, "count", "medical institutions", "2021-12-20", "", 1},
		},
		// The Chinese version of the SASAC seed, read from a GBK page: the
		// same values and periods as the English one.
		"/sasac/cn/2021/12/art_4512.html": {
			{4, "count", "方式", "2017-12-31", "", 1},
			{1154, "count", "医疗机构", "2021-11-30", "", 1},
			{99.6, "percent", "完成率", "2021-11-30", "", 1},
			{228, "count", "医疗机构", "2021-11-30", "", 1},
			{359, "count", "医疗机构", "2021-11-30", "", 1},
			{202, "count", "医疗机构", "2021-11-30", "", 1},
			{360, "count", "医疗机构", "2021-11-30", "", 1},
			{157, "count", "医疗机构", "2021-12-20", "", 1},
			{182, "count", "医疗机构", "2021-12-20", "", 1},
			{27000, "count", "床位", "2021-12-20", "", 1},
			{13.33e6, "count", "诊疗", "2021-12-20", "", 1},
			{21, "count", "医疗机构", "2021-12-20", "", 1},
		},
		"/chinadaily/a/201708/15/WS5992e5b1a31005b9c2c0d4b1.html": {
			{6.2, "percent", "healthcare expenditure", "2016-12-31", "GDP", 1},
			{9, "percent", "", "2016-12-31", "GDP", 1},
		},
	}
	for path, wants := range seeds {
		for _, w := range wants {
			var found []factRow
			for _, f := range facts {
				if f.Path == path && math.Abs(f.Value-w.value) < 1e-9 {
					found = append(found, f)
				}
			}
			if len(found) != w.occurrence {
				t.Errorf("%s: %d facts with value %v, want %d", path, len(found), w.value, w.occurrence)
				continue
			}
			f := found[0]
			if f.Kind != w.kind || !strings.Contains(f.Subject, w.subject) || f.PeriodEnd != w.periodEnd || !strings.Contains(f.Base, w.base) {
				t.Errorf("%s: value %v: kind %q subject %q base %q period end %q; want kind %q, subject containing %q, base containing %q, period end %q",
					path, w.value, f.Kind, f.Subject, f.Base, f.PeriodEnd, w.kind, w.subject, w.base, w.periodEnd)
			}
		}
	}
}

func checkGolden(t *testing.T, facts []factRow) {
	t.Helper()
	var b strings.Builder
	b.WriteString("# source\tpath\tfigure\tvalue\tkind\tunit\tsubject\tbase\tqualifier\tperiod_start\tperiod_end\tgranularity\n")
	for _, f := range facts {
		b.WriteString(f.tsv())
		b.WriteByte('\n')
	}
	golden.Assert(t, goldenPath, []byte(b.String())) // go test ./cmd/newsetl -update, against ClickHouse, rewrites it
}

// TestIngestRecordsBrokenSourcesAndGoesOn ingests a good source beside a
// source with broken pages and one whose list page is missing: the good one
// loads, every failure is recorded with its source and URL, exit status 3.
func TestIngestRecordsBrokenSourcesAndGoesOn(t *testing.T) {
	ch := loadtest.Config(t)
	srv := httptest.NewServer(http.FileServer(http.Dir(repoRoot + "/testdata/site")))
	defer srv.Close()
	sel := `
    selectors:
      links: "ul.news-list > li > a"
      next_page: "div.pager a.next"
      title: "h1.article-title"
      date: "div.article-info span.pub-date"
      body: "div.article-content"
    date_format: "2006-01-02"`
	cfg := `clickhouse:
  addr: ${NEWSETL_CLICKHOUSE_ADDR}
  database: ${NEWSETL_DATABASE}
fetch:
  requests_per_second: 100
  retry_backoff: 10ms
sources:
  - name: good
    kind: html
    allow_private: true
    list_url: ${SITE}/sasac/en/index.html` + sel + `
  - name: broken
    kind: html
    allow_private: true
    list_url: ${SITE}/broken/index.html` + sel + `
  - name: gone
    kind: html
    allow_private: true
    list_url: ${SITE}/nowhere/index.html` + sel + "\n"
	path := filepath.Join(t.TempDir(), "broken.yaml")
	if err := os.WriteFile(path, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := newsetl(t, ch, map[string]string{"SITE": srv.URL}, "ingest", "--config", path)
	if code != exitPartial {
		t.Fatalf("ingest exited %d, want %d (partial)\n%s\n%s", code, exitPartial, stdout, stderr)
	}
	if !strings.Contains(stderr, "1 of 3 sources failed [gone], 1 partial [broken]") {
		t.Errorf("stderr does not summarise the failures:\n%s", stderr)
	}
	s := open(t, ch)
	db := ch.Database
	status := map[string]string{}
	rows, err := s.Conn().Query(context.Background(), "SELECT source, status, articles_new, errors, first_error FROM "+db+".ingest_runs")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var src, st, first string
		var nw, errs uint32
		if err := rows.Scan(&src, &st, &nw, &errs, &first); err != nil {
			t.Fatal(err)
		}
		status[src] = fmt.Sprintf("%s new=%d errors=%d", st, nw, errs)
		if src == "gone" && !strings.Contains(first, "source gone: list page "+srv.URL+"/nowhere/index.html") {
			t.Errorf("gone's first error %q does not name the source and URL", first)
		}
	}
	rows.Close()
	// broken: three bad pages, and a warning that its next_page selector
	// matched nothing on the first list page.
	want := map[string]string{"good": "ok new=4 errors=0", "broken": "partial new=1 errors=4", "gone": "failed new=0 errors=1"}
	for src, w := range want {
		if status[src] != w {
			t.Errorf("run of %s: %q, want %q", src, status[src], w)
		}
	}
	wantErrs := map[string]string{
		"/broken/2022/01/art_9002.html": "date selector",
		"/broken/2022/01/art_9003.html": `body selector "div.article-content" matched nothing`,
		"/broken/2022/01/art_9004.html": "HTTP 404",
		"/broken/":                      `next_page selector "div.pager a.next" matched nothing`,
	}
	for p, w := range wantErrs {
		var msg string
		err := s.Conn().QueryRow(context.Background(), "SELECT any(error) FROM "+db+".ingest_errors WHERE source = 'broken' AND url = ?", srv.URL+p).Scan(&msg)
		if err != nil || !strings.Contains(msg, w) || !strings.Contains(msg, "source broken") {
			t.Errorf("ingest_errors for %s: %q (%v), want it to name the source and contain %q", p, msg, err, w)
		}
	}
	if n := loadtest.Count(t, s, "SELECT count() FROM "+db+".articles_latest WHERE source = 'good'"); n != 4 {
		t.Errorf("good source loaded %d articles, want 4", n)
	}
}

func TestUsageAndConfigErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("sources:\n  - name: x\n    kind: rss\n"), 0o644)
	cases := []struct {
		args []string
		code int
		want string
	}{
		{nil, exitUsage, "usage: newsetl COMMAND"},
		{[]string{"frobnicate"}, exitUsage, `unknown command "frobnicate"`},
		{[]string{"ingest", "--nope"}, exitUsage, "flag provided but not defined: -nope"},
		{[]string{"ingest", "--config", filepath.Join(dir, "missing.yaml")}, exitFailed, "missing.yaml: no such file"},
		{[]string{"ingest", "--config", bad}, exitFailed, `line 2: source x: unknown kind "rss" (known: `},
		{[]string{"version"}, exitOK, ""},
	}
	for _, c := range cases {
		var stdout, stderr bytes.Buffer
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		code := run(ctx, c.args, &stdout, &stderr, func(string) (string, bool) { return "", false })
		cancel()
		if code != c.code || !strings.Contains(stderr.String(), c.want) {
			t.Errorf("newsetl %v: exit %d, stderr %q; want %d and %q", c.args, code, stderr.String(), c.code, c.want)
		}
	}
}
