package schedules_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/newsetl/newsetl/config"
	"github.com/newsetl/newsetl/extract"
	"github.com/newsetl/newsetl/schedules"
	"github.com/newsetl/newsetl/schedules/schedulestest"
)

// runDaemon runs d on jobs until the returned stop is called.
func runDaemon(t *testing.T, d *schedules.Daemon, jobs []schedules.Scheduled) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- d.Run(ctx, jobs, nil, 30*time.Second) }()
	return func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("daemon: %v", err)
		}
	}
}

// newsetl_running is 1 only while a run executes: a run waiting for its
// jitter delay is not running yet.
func TestMetricsRunningOnlyWhileARunExecutes(t *testing.T) {
	x := &scripted{source: "jittered", n: 1}
	sj := every(t, "@every 1s")
	sj.Job = schedules.Job{Source: "jittered", Kind: "test", Extractor: x}
	metrics := schedules.NewMetrics()
	web := httptest.NewServer(metrics.Handler())
	defer web.Close()
	d := &schedules.Daemon{Ingester: &schedules.Ingester{Store: &schedulestest.Store{}}, Metrics: metrics, Jitter: time.Hour}
	stop := runDaemon(t, d, []schedules.Scheduled{sj})
	var text string
	// A skipped tick proves the first run has started its jitter wait.
	waitFor(t, 30*time.Second, "a tick skipped while the first run waits for its jitter", func() bool {
		text = get(t, web.URL)
		return metricValue(text, `newsetl_runs_skipped_total{source="jittered"}`) >= 1
	})
	if v := metricValue(text, `newsetl_running{source="jittered"}`); v == 1 || x.runs.Load() != 0 {
		t.Errorf("during the jitter wait: newsetl_running = %v, extractor runs %d; want not 1, 0", v, x.runs.Load())
	}
	stop()
}

// The article and fact counters count what was written: a run whose
// writes failed adds no new articles (the next run reads them as new
// again) and no facts.
func TestMetricsCountWrittenArticlesOnly(t *testing.T) {
	store := &schedulestest.Store{Fail: func(op schedulestest.Op) error {
		if op == schedulestest.OpFacts {
			return errors.New("clickhouse refused the batch")
		}
		return nil
	}}
	x := &scripted{source: "refused", n: 2}
	sj := every(t, "@every 1s")
	sj.Job = schedules.Job{Source: "refused", Kind: "test", Extractor: x}
	metrics := schedules.NewMetrics()
	web := httptest.NewServer(metrics.Handler())
	defer web.Close()
	stop := runDaemon(t, &schedules.Daemon{Ingester: &schedules.Ingester{Store: store}, Metrics: metrics}, []schedules.Scheduled{sj})
	var text string
	waitFor(t, 30*time.Second, "two failed runs", func() bool {
		text = get(t, web.URL)
		return metricValue(text, `newsetl_runs_total{source="refused",status="failed"}`) >= 2
	})
	stop()
	if v := metricValue(text, `newsetl_articles_total{source="refused",state="new"}`); v > 0 {
		t.Errorf(`newsetl_articles_total{state="new"} = %v after runs whose writes failed, want 0`, v)
	}
	if v := metricValue(text, `newsetl_facts_written_total{source="refused"}`); v > 0 {
		t.Errorf("newsetl_facts_written_total = %v, want 0", v)
	}

	// The same source with a store that takes the rows: counted.
	x2 := &scripted{source: "taken", n: 2}
	sj2 := every(t, "@every 1s")
	sj2.Job = schedules.Job{Source: "taken", Kind: "test", Extractor: x2}
	stop = runDaemon(t, &schedules.Daemon{Ingester: &schedules.Ingester{Store: &schedulestest.Store{}}, Metrics: metrics}, []schedules.Scheduled{sj2})
	waitFor(t, 30*time.Second, "an ok run", func() bool {
		text = get(t, web.URL)
		return metricValue(text, `newsetl_runs_total{source="taken",status="ok"}`) >= 1
	})
	stop()
	text = get(t, web.URL)
	runs := sumSeries(text, `newsetl_runs_total{source="taken",`)
	if v := metricValue(text, `newsetl_articles_total{source="taken",state="new"}`); v != 2*runs {
		t.Errorf(`newsetl_articles_total{source="taken",state="new"} = %v after %v runs of 2 new articles, want %v`, v, runs, 2*runs)
	}
}

// newsetl_robots_blocked{host} is 1 for a host whose robots.txt answers
// 503 and 0 for one whose robots.txt answered.
func TestMetricsRobotsBlocked(t *testing.T) {
	down := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer down.Close()
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("User-agent: *\nAllow: /\n"))
	}))
	defer up.Close()
	f := extract.NewFetcher(config.Fetch{UserAgent: "newsetl-test", Timeout: 2 * time.Second, RequestsPerSecond: 1000, MaxBodyBytes: 1 << 20},
		nil, extract.AllowPrivate())
	if _, err := f.Get(context.Background(), down.URL+"/news/"); !errors.Is(err, extract.ErrRobotsUnavailable) {
		t.Fatalf("robots.txt 503: err = %v", err)
	}
	if _, err := f.Get(context.Background(), up.URL+"/news/"); err != nil {
		t.Fatal(err)
	}
	metrics := schedules.NewMetrics()
	metrics.WatchRobots(f.RobotsHosts)
	web := httptest.NewServer(metrics.Handler())
	defer web.Close()
	text := get(t, web.URL)
	if v := metricValue(text, `newsetl_robots_blocked{host="`+down.URL+`"}`); v != 1 {
		t.Errorf("blocked host: newsetl_robots_blocked = %v, want 1\n%s", v, grep(text, "newsetl_robots"))
	}
	if v := metricValue(text, `newsetl_robots_blocked{host="`+up.URL+`"}`); v != 0 {
		t.Errorf("allowed host: newsetl_robots_blocked = %v, want 0", v)
	}
}
