package schedules_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/newsetl/newsetl/extract"
	"github.com/newsetl/newsetl/load/loadtest"
	"github.com/newsetl/newsetl/schedules"
)

// scripted is an extractor for daemon tests: it emits n documents (new ones
// each run), then waits for release to close (if set) or ctx, and can panic.
type scripted struct {
	source     string
	n          int
	release    chan struct{} // if set, each run waits for it to close after emitting
	blockAfter bool          // after emitting, wait for ctx to end (an endless crawl)
	panics     bool
	runs       atomic.Int32
	active     atomic.Int32
	maxActive  atomic.Int32
	emitted    atomic.Int32
}

func (s *scripted) Extract(ctx context.Context, w extract.Window, sink extract.Sink) error {
	run := s.runs.Add(1)
	if a := s.active.Add(1); a > s.maxActive.Load() {
		s.maxActive.Store(a)
	}
	defer s.active.Add(-1)
	if s.panics {
		panic("scripted extractor exploded")
	}
	for i := range s.n {
		sink.PageFetched("http://test/")
		d := extract.Document{Source: s.source, URL: fmt.Sprintf("http://test/%s/%d/%d", s.source, run, i),
			Title: "t", PublishedAt: time.Date(2021, 12, 20, 0, 0, 0, 0, time.UTC), Lang: "en",
			Text: fmt.Sprintf("As of the end of November 2021, there were %d,154 medical institutions and 27,000 beds.", i+1), FetchedAt: time.Now()}
		if err := sink.Document(ctx, d); err != nil {
			return err
		}
		s.emitted.Add(1)
	}
	if s.release != nil {
		select {
		case <-s.release:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	if s.blockAfter {
		<-ctx.Done()
		return ctx.Err()
	}
	return nil
}

func every(t *testing.T, spec string) schedules.Scheduled {
	s, err := schedules.ParseSchedule(spec, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	return schedules.Scheduled{Spec: spec, Schedule: s}
}

func TestDaemonRunsSkipsOverlapsRecoversAndShutsDownCleanly(t *testing.T) {
	store := loadtest.Store(t)
	db := store.Database()
	fast := &scripted{source: "fast", n: 1}
	slow := &scripted{source: "slow", n: 1, release: make(chan struct{})}
	boom := &scripted{source: "boom", panics: true}
	endless := &scripted{source: "endless", n: 3, blockAfter: true}
	var jobs []schedules.Scheduled
	for _, x := range []*scripted{fast, slow, boom} {
		sj := every(t, "@every 1s")
		sj.Job = schedules.Job{Source: x.source, Kind: "test", Extractor: x}
		jobs = append(jobs, sj)
	}
	// The endless crawl starts once, at the first second, and is cut by the shutdown.
	endlessJob := every(t, "@every 1h")
	endlessJob.Job = schedules.Job{Source: "endless", Kind: "test", Extractor: endless}
	endlessJob.Schedule = firstSecond{time.Now().Truncate(time.Second).Add(time.Second)}
	jobs = append(jobs, endlessJob)

	metrics := schedules.NewMetrics()
	d := &schedules.Daemon{Ingester: &schedules.Ingester{Store: store, FlushArticles: 1000}, Metrics: metrics}
	ctx, cancel := context.WithCancel(context.Background())
	addr, err := schedules.Serve(ctx, "127.0.0.1:0", metrics, nil)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- d.Run(ctx, jobs, nil, 10*time.Second) }()
	// Events, not wall-clock time: wait (the deadline only guards against a
	// hang) until the fast source ran twice while the slow one, held, had a
	// tick skipped, the panicking one ran, and the endless crawl read its 3
	// articles. Then release the slow run and shut down.
	var metricsText string
	waitFor(t, 60*time.Second, "fast runs, a skipped slow tick, a panic and the endless crawl", func() bool {
		metricsText = get(t, "http://"+addr.String()+"/metrics")
		return fast.runs.Load() >= 2 && boom.runs.Load() >= 1 && endless.emitted.Load() == 3 &&
			strings.Contains(metricsText, `newsetl_runs_skipped_total{source="slow"}`) &&
			loadtest.Count(t, store, "SELECT count() FROM "+db+".ingest_runs WHERE source = 'fast' AND status = 'ok'") >= 2
	})
	heldRuns := slow.runs.Load()
	close(slow.release)
	waitFor(t, 60*time.Second, "the released slow run to finish", func() bool {
		return loadtest.Count(t, store, "SELECT count() FROM "+db+".ingest_runs WHERE source = 'slow'") >= 1
	})
	health := get(t, "http://"+addr.String()+"/healthz")
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Run returned %v after shutdown, want nil", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("daemon did not stop within the grace period")
	}

	if m := slow.maxActive.Load(); m != 1 {
		t.Errorf("slow source ran %d times at once, want never overlapping", m)
	}
	if n := heldRuns; n != 1 {
		t.Errorf("slow source started %d runs while its first was held, want 1 (the ticks in between skipped)", n)
	}
	if n := loadtest.Count(t, store, "SELECT count() FROM "+db+".ingest_runs WHERE source = 'boom' AND status = 'failed' AND first_error LIKE '%panic: scripted extractor exploded%'"); n < 1 {
		t.Errorf("the panicking source has %d failed runs recorded with the panic, want at least 1", n)
	}
	if !strings.Contains(metricsText, `newsetl_panics_total{source="boom"}`) || !strings.Contains(metricsText, `newsetl_runs_total{source="fast",status="ok"}`) ||
		!strings.Contains(metricsText, `newsetl_last_success_timestamp_seconds{source="fast"}`) || !strings.Contains(metricsText, `newsetl_facts_written_total{source="fast"}`) {
		t.Errorf("metrics are missing series:\n%s", grep(metricsText, "newsetl_"))
	}
	if strings.TrimSpace(health) != "ok" {
		t.Errorf("/healthz = %q", health)
	}
	// The endless crawl was stopped: its 3 articles and all their facts are
	// written, and the run is recorded as stopped.
	if n := loadtest.Count(t, store, "SELECT count() FROM "+db+".ingest_runs WHERE source = 'endless' AND status = 'stopped'"); n != 1 {
		t.Errorf("endless source has %d stopped runs, want 1", n)
	}
	if n := loadtest.Count(t, store, "SELECT count() FROM "+db+".articles_latest WHERE source = 'endless'"); n != 3 {
		t.Errorf("endless source has %d articles after shutdown, want the 3 it had read", n)
	}
	if n := loadtest.Count(t, store, "SELECT count() FROM "+db+".facts_latest WHERE source = 'endless'"); n != 6 {
		t.Errorf("endless source has %d facts after shutdown, want 6 (2 per article)", n)
	}
}

// waitFor polls cond every 50 ms until it holds, failing the test if it
// does not within limit (a hang, not a speed check).
func waitFor(t *testing.T, limit time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s after %v", what, limit)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// firstSecond fires once, at a given instant.
type firstSecond struct{ at time.Time }

func (f firstSecond) Next(t time.Time) time.Time {
	if t.Before(f.at) {
		return f.at
	}
	return t.Add(1000 * time.Hour)
}

func get(t *testing.T, url string) string {
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

func grep(text, prefix string) string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if strings.HasPrefix(l, prefix) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// A reload replaces the schedule: a source added by the new config runs.
func TestDaemonReload(t *testing.T) {
	store := loadtest.Store(t)
	first := &scripted{source: "first", n: 1}
	added := &scripted{source: "added", n: 1}
	sj := func(x *scripted, spec string) schedules.Scheduled {
		s := every(t, spec)
		s.Job = schedules.Job{Source: x.source, Kind: "test", Extractor: x}
		return s
	}
	d := &schedules.Daemon{Ingester: &schedules.Ingester{Store: store}}
	ctx, cancel := context.WithCancel(context.Background())
	reload := make(chan []schedules.Scheduled)
	done := make(chan error, 1)
	go func() { done <- d.Run(ctx, []schedules.Scheduled{sj(first, "@every 1h")}, reload, 5*time.Second) }()
	reload <- []schedules.Scheduled{sj(first, "@every 1h"), sj(added, "@every 1s")}
	deadline := time.Now().Add(5 * time.Second)
	for added.runs.Load() == 0 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if added.runs.Load() == 0 {
		t.Error("the source added by the reload never ran")
	}
	if first.runs.Load() != 0 {
		t.Errorf("the hourly source ran %d times", first.runs.Load())
	}
}
