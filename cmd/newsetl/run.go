package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/newsetl/newsetl/config"
	"github.com/newsetl/newsetl/load"
	"github.com/newsetl/newsetl/record"
	"github.com/newsetl/newsetl/schedules"
)

// cmdRun is the daemon: every source on its cron schedule until SIGINT or
// SIGTERM; SIGHUP reloads the config (a bad config is logged and the old
// schedule kept).
func cmdRun(ctx context.Context, e *env, args []string) error {
	f := newFlags(e, "run")
	listen := f.String("listen", "", "address for /healthz and /metrics (default: daemon.listen from the config)")
	if err := f.parse(e, args); err != nil {
		return err
	}
	cfg, jobs, err := loadSchedule(f.config, e, nil)
	if err != nil {
		return err
	}
	store, err := openStore(ctx, cfg, e.log)
	if err != nil {
		return err
	}
	defer store.Close()
	pipe, closeSpool, err := pipelineStore(cfg, store, e.log)
	if err != nil {
		return err
	}
	defer closeSpool()
	metrics := schedules.NewMetrics()
	addr := cfg.Daemon.Listen
	if *listen != "" {
		addr = *listen
	}
	bound, err := schedules.Serve(ctx, addr, metrics, e.log)
	if err != nil {
		return err
	}
	e.log.Info("daemon started", "sources", len(jobs), "metrics", "http://"+bound.String()+"/metrics")

	reload := make(chan []schedules.Scheduled)
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case <-hup:
				_, next, err := loadSchedule(f.config, e, nil)
				if err != nil {
					e.log.Error("reload failed; keeping the current schedule", "err", err)
					continue
				}
				select {
				case reload <- next:
				case <-ctx.Done():
					return
				}
			}
		}
	}()
	loc, _ := time.LoadLocation(cfg.Daemon.Timezone)
	d := &schedules.Daemon{
		Ingester: &schedules.Ingester{Store: pipe, Log: e.log},
		Log:      e.log, Metrics: metrics, Jitter: *cfg.Daemon.Jitter, Location: loc,
	}
	return d.Run(ctx, jobs, reload, cfg.Daemon.Grace)
}

// loadSchedule loads the config and builds every source with its parsed
// schedule, without I/O: a bad spec fails here, naming the source.
func loadSchedule(path string, e *env, names []string) (*config.File, []schedules.Scheduled, error) {
	cfg, err := config.Load(path, e.lookup)
	if err != nil {
		return nil, nil, err
	}
	loc, err := time.LoadLocation(cfg.Daemon.Timezone)
	if err != nil {
		return nil, nil, fmt.Errorf("config %s: daemon.timezone %q: %w", cfg.Path, cfg.Daemon.Timezone, err)
	}
	jobs, err := buildJobs(cfg, newFetcher(cfg, e.log), names)
	if err != nil {
		return nil, nil, err
	}
	out := make([]schedules.Scheduled, 0, len(jobs))
	for i, j := range jobs {
		src, _ := cfg.Source(j.Source)
		sched, err := schedules.ParseSchedule(src.Schedule, loc)
		if err != nil {
			return nil, nil, src.Errorf("schedule %q: %v", src.Schedule, err)
		}
		out = append(out, schedules.Scheduled{Job: jobs[i], Spec: src.Schedule, Schedule: sched})
	}
	return cfg, out, nil
}

// cmdSources lists the sources with their schedule, next run and last run.
func cmdSources(ctx context.Context, e *env, args []string) error {
	f := newFlags(e, "sources")
	if err := f.parse(e, args); err != nil {
		return err
	}
	cfg, jobs, err := loadSchedule(f.config, e, nil)
	if err != nil {
		return err
	}
	last := map[string]record.Run{}
	store, err := load.Open(ctx, cfg.ClickHouse, e.log)
	if err == nil {
		defer store.Close()
		last, err = store.LastRuns(ctx)
	}
	if err != nil {
		// The list is still useful without ClickHouse: say why the runs are missing.
		e.log.Warn("last runs unavailable", "err", err)
	}
	w := newTable(e.stdout)
	fmt.Fprintln(w, "SOURCE\tKIND\tSCHEDULE\tNEXT RUN\tLAST RUN\tSTATUS\tPAGES\tNEW\tCHANGED\tUNCHANGED\tFACTS\tOBS WRITTEN\tOBS REVISED\tOBS UNCHANGED\tERRORS\tFIRST ERROR")
	now := time.Now()
	for _, j := range jobs {
		r, ok := last[j.Job.Source]
		lastAt, status := "never", "-"
		if ok {
			lastAt, status = r.StartedAt.Format("2006-01-02 15:04"), r.Status
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%s\n", j.Job.Source, j.Job.Kind, j.Spec,
			j.Schedule.Next(now).Format("2006-01-02 15:04 MST"), lastAt, status, r.PagesFetched, r.ArticlesNew,
			r.ArticlesChanged, r.ArticlesUnchanged, r.FactsWritten, r.ObservationsWritten, r.ObservationsRevised,
			r.ObservationsUnchanged, r.Errors, clip(r.FirstError, 80))
	}
	return w.Flush()
}
