package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/newsetl/newsetl/config"
	"github.com/newsetl/newsetl/load"
)

// sample is one scrape of the daemon's process metrics.
type sample struct {
	at                    time.Time
	rss, fds, goroutines  float64
	spoolRows, runRecords float64
}

func scrape(u string) (sample, error) {
	resp, err := http.Get(u)
	if err != nil {
		return sample{}, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return sample{}, err
	}
	text := string(body)
	return sample{at: time.Now(), rss: value(text, "process_resident_memory_bytes"), fds: value(text, "process_open_fds"),
		goroutines: value(text, "go_goroutines"), spoolRows: value(text, "newsetl_spool_rows"), runRecords: value(text, "newsetl_spool_run_records")}, nil
}

func value(text, name string) float64 {
	for _, line := range strings.Split(text, "\n") {
		if v, ok := strings.CutPrefix(line, name+" "); ok {
			f, _ := strconv.ParseFloat(strings.TrimSpace(v), 64)
			return f
		}
	}
	return -1
}

// report is what the soak found.
type report struct {
	minutes, revised         int
	exit                     error
	runs                     map[string]uint64 // by status
	logged, recorded         map[string]int    // runs finished (daemon log) and in ingest_runs, by source
	dupArticles, dupFacts    uint64
	articles, facts          uint64
	stale, missing, overlaps int
	canceledRows             uint64
	spoolLeft                int
	recovery                 []string
	samples                  []sample
	final                    sample
	problems                 []string
}

func (r *report) ok() bool { return len(r.problems) == 0 }

func (r *report) fail(format string, args ...any) {
	r.problems = append(r.problems, fmt.Sprintf(format, args...))
}

var finishedLine = regexp.MustCompile(`msg="ingest finished" source=(\S+)`)
var revisionRe = regexp.MustCompile(`This is revision (\d+) of the report`)

func check(ctx context.Context, tcp int, logPath string, sites []*site, hostOf map[string]*site, faults []fault, samples []sample, final sample) *report {
	r := &report{runs: map[string]uint64{}, logged: map[string]int{}, recorded: map[string]int{}, samples: samples, final: final}
	st, err := load.Open(ctx, config.ClickHouse{Addr: fmt.Sprintf("127.0.0.1:%d", tcp), Database: database, Username: "default", DialTimeout: 5 * time.Second}, nil)
	if err != nil {
		r.fail("opening ClickHouse: %v", err)
		return r
	}
	defer st.Close()
	db := st.Database()
	conn := st.Conn()
	one := func(q string) uint64 {
		var n uint64
		if err := conn.QueryRow(ctx, strings.ReplaceAll(q, "{db}", db)).Scan(&n); err != nil {
			r.fail("%s: %v", q, err)
		}
		return n
	}
	r.articles = one("SELECT count() FROM {db}.articles_latest")
	r.dupArticles = r.articles - one("SELECT uniqExact(source, article_id) FROM {db}.articles_latest")
	r.facts = one("SELECT count() FROM {db}.facts_latest")
	r.dupFacts = r.facts - one("SELECT uniqExact(fact_id) FROM {db}.facts_latest")
	r.canceledRows = one("SELECT count() FROM {db}.ingest_errors WHERE error LIKE '%context canceled%'")

	// Runs: by status, per source, overlaps.
	rows, err := conn.Query(ctx, "SELECT source, status, started_at, finished_at FROM "+db+".ingest_runs ORDER BY source, started_at, finished_at")
	if err != nil {
		r.fail("runs: %v", err)
		return r
	}
	type run struct {
		status          string
		started, finish time.Time
	}
	bySource := map[string][]run{}
	for rows.Next() {
		var src string
		var x run
		if err := rows.Scan(&src, &x.status, &x.started, &x.finish); err != nil {
			r.fail("runs: %v", err)
			break
		}
		r.runs[x.status]++
		r.recorded[src]++
		bySource[src] = append(bySource[src], x)
	}
	rows.Close()
	lastGood := map[string]time.Time{}
	for src, runs := range bySource {
		for i, x := range runs {
			if i > 0 && x.started.Before(runs[i-1].finish) {
				r.overlaps++
			}
			if x.status == "ok" || x.status == "partial" {
				lastGood[src] = x.started
			}
		}
	}

	// Lost run records: every run the daemon logged as finished is in ingest_runs.
	if f, err := os.Open(logPath); err == nil {
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			if m := finishedLine.FindStringSubmatch(sc.Text()); m != nil {
				r.logged[m[1]]++
			}
		}
		f.Close()
	}
	for src, n := range r.logged {
		if r.recorded[src] != n {
			r.fail("source %s: %d runs finished, %d in ingest_runs", src, n, r.recorded[src])
		}
	}
	left, _ := filepath.Glob(filepath.Join(filepath.Dir(logPath), "spool", "*", "*.spool"))
	r.spoolLeft = len(left)

	// Stale revisions and missing articles: what a run that started after
	// the article's last revision must have stored.
	stored := map[string]int{}
	arows, err := conn.Query(ctx, "SELECT url, body FROM "+db+".articles_latest")
	if err != nil {
		r.fail("articles: %v", err)
		return r
	}
	for arows.Next() {
		var u, body string
		if err := arows.Scan(&u, &body); err != nil {
			r.fail("articles: %v", err)
			break
		}
		p, _ := url.Parse(u)
		rev := 0
		if m := revisionRe.FindStringSubmatch(body); m != nil {
			rev, _ = strconv.Atoi(m[1])
		}
		stored[p.Path] = rev
	}
	arows.Close()
	for _, s := range sites {
		revs, at := s.snapshot()
		for path, rev := range revs {
			src := strings.Split(strings.Trim(path, "/"), "/")[0]
			got, ok := stored[path]
			switch {
			case !ok:
				r.missing++
			case got < rev && at[path].Before(lastGood[src].Add(-time.Second)):
				r.stale++
			}
		}
	}

	// Recovery: from the end of each fault to the end of each affected
	// source's next ok run.
	for _, f := range faults {
		var worst time.Duration
		for _, src := range f.sources {
			var rec time.Duration = -1
			for _, x := range bySource[src] {
				if x.status == "ok" && !x.started.Before(f.end.Truncate(time.Second)) {
					rec = x.finish.Sub(f.end)
					break
				}
			}
			if rec < 0 {
				r.fail("%s: source %s never ran ok afterwards", f.what, src)
				continue
			}
			worst = max(worst, rec)
		}
		r.recovery = append(r.recovery, fmt.Sprintf("%s (%s at +%s): every source ok again within %s",
			f.what, f.end.Sub(f.start).Round(time.Second), f.start.Sub(faults[0].start).Round(time.Second), worst.Round(time.Second)))
	}

	if r.dupArticles > 0 || r.dupFacts > 0 {
		r.fail("duplicates: %d articles, %d facts", r.dupArticles, r.dupFacts)
	}
	if r.stale > 0 || r.missing > 0 {
		r.fail("%d stale revisions, %d articles missing", r.stale, r.missing)
	}
	if r.overlaps > 0 {
		r.fail("%d overlapping runs", r.overlaps)
	}
	if r.canceledRows > 0 {
		r.fail("%d \"context canceled\" error rows", r.canceledRows)
	}
	if r.spoolLeft > 0 {
		r.fail("%d spool files left", r.spoolLeft)
	}
	return r
}

func (r *report) print(w io.Writer) {
	fmt.Fprintf(w, "\nsoak: %d minutes, %d sources on %d hosts (%s), %d revisions made\n", r.minutes, sourcesCount, hostsCount, schedule, r.revised)
	var statuses []string
	for s, n := range r.runs {
		statuses = append(statuses, fmt.Sprintf("%s %d", s, n))
	}
	sort.Strings(statuses)
	logged := 0
	for _, n := range r.logged {
		logged += n
	}
	fmt.Fprintf(w, "runs: %d finished (daemon log), in ingest_runs: %s\n", logged, strings.Join(statuses, ", "))
	fmt.Fprintf(w, "articles_latest %d (duplicates %d), facts_latest %d (duplicates %d); stale revisions %d, missing articles %d\n",
		r.articles, r.dupArticles, r.facts, r.dupFacts, r.stale, r.missing)
	fmt.Fprintf(w, "overlapping runs %d; \"context canceled\" error rows %d; spool files left %d; daemon exit: %v\n",
		r.overlaps, r.canceledRows, r.spoolLeft, r.exit)
	for _, line := range r.recovery {
		fmt.Fprintln(w, line)
	}
	if len(r.samples) > 0 {
		first, last := r.samples[0], r.samples[len(r.samples)-1]
		maxRSS, maxFD, maxG, maxRuns := 0.0, 0.0, 0.0, 0.0
		for _, s := range r.samples {
			maxRSS, maxFD, maxG, maxRuns = max(maxRSS, s.rss), max(maxFD, s.fds), max(maxG, s.goroutines), max(maxRuns, s.runRecords)
		}
		fmt.Fprintf(w, "resources (%d samples after 1 min): RSS %.1f → %.1f MB (max %.1f), fds %.0f → %.0f (max %.0f), goroutines %.0f → %.0f (max %.0f); run records waiting at most %.0f\n",
			len(r.samples), first.rss/1e6, last.rss/1e6, maxRSS/1e6, first.fds, last.fds, maxFD, first.goroutines, last.goroutines, maxG, maxRuns)
	}
	if r.ok() {
		fmt.Fprintln(w, "PASS")
		return
	}
	for _, p := range r.problems {
		fmt.Fprintln(w, "FAIL:", p)
	}
}
