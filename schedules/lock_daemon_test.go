package schedules_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsetl/newsetl/record"
	"github.com/newsetl/newsetl/schedules"
	"github.com/newsetl/newsetl/schedules/schedulestest"
)

// fakeLocker holds "mine" for this daemon (each tick once) and answers
// that another daemon holds every other source.
type fakeLocker struct {
	mu      sync.Mutex
	claimed map[string][]time.Time // ticks run, by source
	asked   map[string]int
	lost    chan struct{}
}

func (f *fakeLocker) Claim(_ context.Context, source string, tick time.Time) (schedules.Claim, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.asked[source]++
	if source != "mine" {
		return schedules.Claim{Holder: schedules.LockHolder{ID: "other-host:4242", Lease: 10 * time.Second}, Why: "lock held by other-host:4242"}, nil
	}
	h := schedules.LockHolder{ID: "this-host:1", Self: true, Lease: 10 * time.Second, LastTick: tick}
	for _, t := range f.claimed[source] {
		if !tick.After(t) {
			return schedules.Claim{Holder: h, Why: "tick already run"}, nil
		}
	}
	f.claimed[source] = append(f.claimed[source], tick)
	return schedules.Claim{Run: true, Holder: h, Lost: f.lost}, nil
}

func (f *fakeLocker) Holders(context.Context, []string) (map[string]schedules.LockHolder, error) {
	return nil, nil
}

// TestDaemonWithLockerRunsOnlyItsSourcesAndStopsOnLostLock: with a Locker
// the daemon runs only the ticks it is granted, each tick once, shows the
// holders in /metrics, and stops a run whose lock is lost (the run records
// itself as stopped) so that the new holder never runs beside it.
func TestDaemonWithLockerRunsOnlyItsSourcesAndStopsOnLostLock(t *testing.T) {
	mine := &scripted{source: "mine", n: 1, blockAfter: true}
	theirs := &scripted{source: "theirs", n: 1}
	var jobs []schedules.Scheduled
	for _, x := range []*scripted{mine, theirs} {
		sj := every(t, "@every 1s")
		sj.Job = schedules.Job{Source: x.source, Kind: "test", Extractor: x}
		jobs = append(jobs, sj)
	}
	locker := &fakeLocker{claimed: map[string][]time.Time{}, asked: map[string]int{}, lost: make(chan struct{})}
	store := &schedulestest.Store{}
	metrics := schedules.NewMetrics()
	d := &schedules.Daemon{Ingester: &schedules.Ingester{Store: store}, Metrics: metrics, Locker: locker}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	addr, err := schedules.Serve(ctx, "127.0.0.1:0", metrics, nil)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- d.Run(ctx, jobs, nil, 10*time.Second) }()
	waitFor(t, 30*time.Second, "the held source to read its article and the other to be asked for twice", func() bool {
		locker.mu.Lock()
		defer locker.mu.Unlock()
		return mine.emitted.Load() >= 1 && locker.asked["theirs"] >= 2
	})
	text := get(t, "http://"+addr.String()+"/metrics")
	for _, want := range []string{
		`newsetl_source_lock_held{source="mine"} 1`,
		`newsetl_source_lock_held{source="theirs"} 0`,
		`newsetl_source_lock_holder{holder="other-host:4242",source="theirs"} 1`,
		`newsetl_source_lock_lease_seconds{source="mine"} 10`,
		`newsetl_runs_not_claimed_total{reason="held_elsewhere",source="theirs"}`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	close(locker.lost) // the session ended: the endless run must stop
	waitFor(t, 30*time.Second, "the run that lost its lock to stop and record itself", func() bool {
		for _, r := range store.Runs() {
			if r.Source == "mine" {
				return true
			}
		}
		return false
	})
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Run: %v", err)
	}
	if n := theirs.runs.Load(); n != 0 {
		t.Errorf("the source held by another daemon ran %d times here", n)
	}
	var stopped record.Run
	for _, r := range store.Runs() {
		if r.Source == "mine" {
			stopped = r
		}
	}
	if stopped.ArticlesNew != 1 || stopped.Status == record.StatusFailed {
		t.Errorf("the run that lost its lock: %+v, want its article written and no failure", stopped)
	}
	locker.mu.Lock()
	defer locker.mu.Unlock()
	ticks := locker.claimed["mine"]
	for i := 1; i < len(ticks); i++ {
		if !ticks[i].After(ticks[i-1]) {
			t.Errorf("ticks claimed out of order or twice: %v", ticks)
		}
	}
}
