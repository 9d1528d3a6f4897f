package schedules_test

import (
	"context"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/newsetl/newsetl/config"
	"github.com/newsetl/newsetl/load"
	"github.com/newsetl/newsetl/load/chserver"
	"github.com/newsetl/newsetl/load/loadtest"
	"github.com/newsetl/newsetl/load/spool"
	"github.com/newsetl/newsetl/schedules"
)

// metricValue reads the value of one series (name with its labels, as
// /metrics writes it) from the text format; -1 when it is absent.
func metricValue(text, series string) float64 {
	for _, line := range strings.Split(text, "\n") {
		if v, ok := strings.CutPrefix(line, series+" "); ok {
			f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			if err == nil {
				return f
			}
		}
	}
	return -1
}

// sumSeries adds the values of the series whose line starts with prefix.
func sumSeries(text, prefix string) float64 {
	var sum float64
	for _, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(line, prefix) {
			if i := strings.LastIndexByte(line, ' '); i > 0 {
				if f, err := strconv.ParseFloat(line[i+1:], 64); err == nil {
					sum += f
				}
			}
		}
	}
	return sum
}

// The daemon runs through a ClickHouse outage: the run records of the runs
// during the outage wait in the spool (and /metrics says how many), and
// once ClickHouse is back every run the daemon made is in ingest_runs,
// once.
func TestDaemonThroughClickHouseOutageRecordsEveryRun(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and stops a ClickHouse server")
	}
	srv := chserver.Start(t)
	st, err := load.Open(context.Background(), config.ClickHouse{Addr: srv.Addr, Database: "newsetl_outage", Username: "default",
		DialTimeout: time.Second, BatchSize: 1000, WriteRetries: 1, WriteBackoff: 50 * time.Millisecond}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	sp, err := spool.Open(t.TempDir(), 1<<30, st, load.Transient, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer sp.Close()
	count := func(q string) uint64 {
		return loadtest.Count(t, st, strings.ReplaceAll(q, "{db}", st.Database()))
	}

	sources := []*scripted{{source: "wire", n: 2}, {source: "bureau", n: 1}}
	var jobs []schedules.Scheduled
	for _, x := range sources {
		sj := every(t, "@every 1s")
		sj.Job = schedules.Job{Source: x.source, Kind: "test", Extractor: x}
		jobs = append(jobs, sj)
	}
	metrics := schedules.NewMetrics()
	metrics.WatchSpool(sp.Waiting)
	web := httptest.NewServer(metrics.Handler())
	defer web.Close()
	scrape := func() string { return get(t, web.URL) }
	d := &schedules.Daemon{Ingester: &schedules.Ingester{Store: sp}, Metrics: metrics}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- d.Run(ctx, jobs, nil, 60*time.Second) }()

	waitFor(t, 60*time.Second, "a run of each source recorded", func() bool {
		return count("SELECT uniqExact(source) FROM {db}.ingest_runs") == 2
	})
	if err := srv.Stop(); err != nil {
		t.Fatal(err)
	}
	var during string
	waitFor(t, 120*time.Second, "3 run records waiting in the spool", func() bool {
		during = scrape()
		return metricValue(during, "newsetl_spool_run_records") >= 3
	})
	if rows := metricValue(during, "newsetl_spool_rows"); rows < 3 {
		t.Errorf("newsetl_spool_rows = %v during the outage, want at least the 3 run records", rows)
	}
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	var after string
	waitFor(t, 120*time.Second, "the spool replayed by the sources' next runs", func() bool {
		after = scrape()
		return metricValue(after, "newsetl_spool_rows") == 0 && metricValue(after, "newsetl_spool_run_records") == 0
	})
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("daemon: %v", err)
	}
	final := scrape()
	for _, x := range sources {
		runs := uint64(sumSeries(final, `newsetl_runs_total{source="`+x.source+`",`)) // every run the daemon finished
		if runs < 3 {
			t.Errorf("%s: the daemon finished %d runs, want at least 3 (before, during and after the outage)", x.source, runs)
		}
		q := "SELECT count() FROM {db}.ingest_runs WHERE source = '" + x.source + "'"
		if n := count(q); n != runs {
			t.Errorf("%s: %d runs in ingest_runs, want all %d the daemon made", x.source, n, runs)
		}
		if n := count("SELECT uniqExact(run_id) FROM {db}.ingest_runs WHERE source = '" + x.source + "'"); n != runs {
			t.Errorf("%s: %d distinct run ids, want %d (none written twice)", x.source, n, runs)
		}
	}
	if n := count("SELECT count() FROM {db}.ingest_runs WHERE status IN ('spooled', 'failed')"); n == 0 {
		t.Error("no run recorded as spooled or failed: the outage was not seen")
	}
	if got := metricValue(final, `newsetl_running{source="wire"}`); got != 0 {
		t.Errorf(`newsetl_running{source="wire"} = %v after shutdown, want 0`, got)
	}
}
