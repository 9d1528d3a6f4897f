package schedules

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/newsetl/newsetl/record"
	"github.com/robfig/cron/v3"
)

// parser reads standard five-field specs, descriptors (@daily, @every 1h)
// and a CRON_TZ=Zone prefix.
var parser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// ParseSchedule parses a cron spec; specs without CRON_TZ= run in loc.
func ParseSchedule(spec string, loc *time.Location) (cron.Schedule, error) {
	sched, err := parser.Parse(spec)
	if err != nil {
		return nil, err
	}
	if s, ok := sched.(*cron.SpecSchedule); ok && s.Location == time.Local {
		s.Location = loc
	}
	return sched, nil
}

// Scheduled is a job with its parsed schedule.
type Scheduled struct {
	Job      Job
	Spec     string
	Schedule cron.Schedule
}

// Daemon runs scheduled jobs until its context ends. A source never runs
// twice at once (the later start is skipped and counted), a panic in a job
// is recovered and recorded as a failed run, and each run starts after a
// random delay of up to Jitter so that sources do not all start together.
type Daemon struct {
	Ingester *Ingester
	Log      *slog.Logger
	Metrics  *Metrics
	Jitter   time.Duration
	Location *time.Location
	// Locker, when set, shares the sources with other daemons over the same
	// config (lock.go): a tick runs here only when Claim says so, and
	// @every schedules fire on a grid every daemon shares.
	Locker Locker

	mu      sync.Mutex
	running map[string]*atomic.Bool // by source, kept across reloads
}

// Run schedules jobs and blocks until ctx ends; a value on reload replaces
// the schedule (running jobs go on). When ctx ends it stops starting jobs,
// cancels the running ones (which write what they have read and record
// their run) and waits for them up to grace. It returns nil after a clean
// shutdown.
func (d *Daemon) Run(ctx context.Context, jobs []Scheduled, reload <-chan []Scheduled, grace time.Duration) error {
	log := d.logger()
	jobCtx, cancelJobs := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelJobs()
	var wg sync.WaitGroup
	c := d.start(jobCtx, &wg, jobs)
	for {
		select {
		case next := <-reload:
			c.Stop()
			c = d.start(jobCtx, &wg, next)
			log.Info("schedule reloaded", "sources", len(next))
		case <-ctx.Done():
			c.Stop()
			log.Info("shutting down: no new runs; waiting for running ones to write what they have", "grace", grace)
			cancelJobs()
			done := make(chan struct{})
			go func() { wg.Wait(); close(done) }()
			select {
			case <-done:
				log.Info("shutdown complete")
				return nil
			case <-time.After(grace):
				return fmt.Errorf("shutdown: runs still going after the %s grace period", grace)
			}
		}
	}
}

func (d *Daemon) logger() *slog.Logger {
	if d.Log != nil {
		return d.Log
	}
	return slog.Default()
}

func (d *Daemon) start(ctx context.Context, wg *sync.WaitGroup, jobs []Scheduled) *cron.Cron {
	loc := d.Location
	if loc == nil {
		loc = time.UTC
	}
	c := cron.New(cron.WithLocation(loc), cron.WithParser(parser))
	for _, sj := range jobs {
		if d.Locker != nil {
			sj.Schedule = sharedSchedule(sj.Schedule)
		}
		c.Schedule(sj.Schedule, cron.FuncJob(func() {
			wg.Add(1)
			defer wg.Done()
			d.runOnce(ctx, sj.Job)
		}))
		d.logger().Info("scheduled", "source", sj.Job.Source, "spec", sj.Spec, "next", sj.Schedule.Next(time.Now()).Format(time.RFC3339))
	}
	c.Start()
	return c
}

func (d *Daemon) flag(source string) *atomic.Bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.running == nil {
		d.running = map[string]*atomic.Bool{}
	}
	f, ok := d.running[source]
	if !ok {
		f = new(atomic.Bool)
		d.running[source] = f
	}
	return f
}

// runOnce runs job unless it is already running, after the jitter delay,
// recovering a panic into a failed run record.
func (d *Daemon) runOnce(ctx context.Context, job Job) {
	log := d.logger().With("source", job.Source)
	running := d.flag(job.Source)
	if !running.CompareAndSwap(false, true) {
		log.Warn("skipping scheduled run: the previous run is still going")
		if d.Metrics != nil {
			d.Metrics.skipped.WithLabelValues(job.Source).Inc()
		}
		return
	}
	defer running.Store(false)
	claim, ok := d.claim(ctx, job.Source, log)
	if !ok {
		return
	}
	if claim.Done != nil {
		defer claim.Done()
	}
	if lost := claim.Lost; lost != nil {
		var cancel context.CancelFunc
		ctx, cancel = context.WithCancel(ctx)
		defer cancel()
		go func() {
			select {
			case <-lost:
				log.Warn("source lock lost during the run: stopping it")
				cancel()
			case <-ctx.Done():
			}
		}()
	}
	started := time.Now().UTC()
	defer func() {
		if p := recover(); p != nil {
			d.recordPanic(ctx, job, started, p, debug.Stack())
		}
	}()
	if d.Jitter > 0 {
		select {
		case <-time.After(rand.N(d.Jitter)):
		case <-ctx.Done():
			return
		}
	}
	if d.Metrics != nil { // only while the run executes: not during the jitter wait
		d.Metrics.running.WithLabelValues(job.Source).Set(1)
		defer d.Metrics.running.WithLabelValues(job.Source).Set(0)
	}
	run, err := d.Ingester.Run(ctx, job)
	if err != nil {
		log.Error("run failed", "err", err)
	}
	if d.Metrics != nil {
		d.Metrics.observe(run, !errors.Is(err, errFlush))
	}
}

func (d *Daemon) recordPanic(ctx context.Context, job Job, started time.Time, p any, stack []byte) {
	msg := fmt.Sprintf("source %s: panic: %v", job.Source, p)
	d.logger().Error("run panicked", "source", job.Source, "panic", fmt.Sprint(p), "stack", string(stack))
	run := record.Run{RunID: "panic-" + started.Format("20060102T150405.000"), Source: job.Source, Kind: job.Kind,
		StartedAt: started, FinishedAt: time.Now().UTC(), Status: record.StatusFailed, Errors: 1, FirstError: msg}
	if d.Metrics != nil {
		d.Metrics.panics.WithLabelValues(job.Source).Inc()
		d.Metrics.Observe(run)
	}
	recCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	if err := d.Ingester.Store.WriteRun(recCtx, run, []record.RunError{{RunID: run.RunID, Source: job.Source, At: run.FinishedAt, Error: msg}}); err != nil {
		d.logger().Error("recording the panic failed", "source", job.Source, "err", err)
	}
}

// Serve answers /healthz and /metrics on addr until ctx ends.
func Serve(ctx context.Context, addr string, m *Metrics, log *slog.Logger) (net.Addr, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listening on %s for /metrics: %w", addr, err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "ok")
	})
	mux.Handle("/metrics", m.Handler())
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("metrics server stopped", "err", err)
		}
	}()
	go func() {
		<-ctx.Done()
		shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(shut)
	}()
	return ln.Addr(), nil
}

// claim asks the Locker, if any, whether this tick of source is this
// daemon's to run; an unreadable lock means no run (another daemon may
// hold it).
func (d *Daemon) claim(ctx context.Context, source string, log *slog.Logger) (Claim, bool) {
	if d.Locker == nil {
		return Claim{}, true
	}
	tick := tickOf(time.Now())
	c, err := d.Locker.Claim(ctx, source, tick)
	reason := ""
	switch {
	case err != nil:
		reason = "lock_error"
		log.Error("not running: the source lock could not be read", "tick", tick, "err", err)
	case !c.Run && c.Holder.Self:
		reason = "tick_already_run"
		log.Info("not running", "tick", tick, "why", c.Why)
	case !c.Run:
		reason = "held_elsewhere"
		log.Debug("not running", "tick", tick, "why", c.Why)
	}
	if d.Metrics != nil {
		d.Metrics.observeClaim(source, c, reason)
	}
	return c, err == nil && c.Run
}
