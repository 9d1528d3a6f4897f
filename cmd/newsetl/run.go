package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/newsetl/newsetl/config"
	"github.com/newsetl/newsetl/extract"
	"github.com/newsetl/newsetl/load"
	"github.com/newsetl/newsetl/load/spool"
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
	cfg, jobs, fetcher, err := loadSchedule(f.config, e, nil, nil)
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
	metrics.WatchRobots(fetcher.RobotsHosts) // reloads share its robots.txt cache
	if sp, ok := pipe.(*spool.Store); ok {
		metrics.WatchSpool(sp.Waiting)
	}
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
				_, next, _, err := loadSchedule(f.config, e, nil, fetcher) // the robots.txt cache and the spool survive
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
	links, err := storyLinker(cfg, store, e.log)
	if err != nil {
		return err
	}
	d := &schedules.Daemon{
		Ingester: &schedules.Ingester{Store: pipe, Log: e.log, BatchRows: cfg.ClickHouse.BatchSize, Stories: links},
		Log:      e.log, Metrics: metrics, Jitter: *cfg.Daemon.Jitter, Location: loc,
	}
	locker, err := sourceLocker(cfg, e.log) // daemons sharing the sources (locks.go)
	if err != nil {
		return err
	}
	if locker != nil {
		defer locker.Close()
		d.Locker = locker
		e.log.Info("sharing the sources through ZooKeeper", "root", cfg.ClickHouse.Cluster.ZooKeeper.Root, "id", locker.ID())
	}
	return d.Run(ctx, jobs, reload, cfg.Daemon.Grace)
}

// loadSchedule loads the config and builds every source with its parsed
// schedule, without I/O: a bad spec fails here, naming the source. The
// sources share one new Fetcher, returned; it shares robots's robots.txt
// cache when robots is not nil (a reload).
func loadSchedule(path string, e *env, names []string, robots *extract.Fetcher) (*config.File, []schedules.Scheduled, *extract.Fetcher, error) {
	cfg, err := config.Load(path, e.lookup)
	if err != nil {
		return nil, nil, nil, err
	}
	loc, err := time.LoadLocation(cfg.Daemon.Timezone)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("config %s: daemon.timezone %q: %w", cfg.Path, cfg.Daemon.Timezone, err)
	}
	fetcher := newFetcher(cfg, e.log, extract.WithRobotsCache(robots))
	jobs, err := buildJobs(cfg, fetcher, names)
	if err != nil {
		return nil, nil, nil, err
	}
	out := make([]schedules.Scheduled, 0, len(jobs))
	for i, j := range jobs {
		src, _ := cfg.Source(j.Source)
		sched, err := schedules.ParseSchedule(src.Schedule, loc)
		if err != nil {
			return nil, nil, nil, src.Errorf("schedule %q: %v", src.Schedule, err)
		}
		out = append(out, schedules.Scheduled{Job: jobs[i], Spec: src.Schedule, Schedule: sched})
	}
	return cfg, out, fetcher, nil
}

// cmdSources lists the sources with their schedule, next run and last run.
func cmdSources(ctx context.Context, e *env, args []string) error {
	f := newFlags(e, "sources")
	if err := f.parse(e, args); err != nil {
		return err
	}
	cfg, jobs, _, err := loadSchedule(f.config, e, nil, nil)
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
	if err := w.Flush(); err != nil {
		return err
	}
	printLocks(ctx, e, cfg, jobs)
	return printWaiting(e, cfg, jobs, last)
}

// printWaiting says, under the sources table, which sources' last run
// found a host blocked by robots.txt (and why), and how many run records
// and rows wait in the spool for ClickHouse.
func printWaiting(e *env, cfg *config.File, jobs []schedules.Scheduled, last map[string]record.Run) error {
	for _, j := range jobs {
		r := last[j.Job.Source]
		if why := robotsBlock(r.FirstError); why != "" {
			fmt.Fprintf(e.stdout, "%s: blocked by robots.txt at the last run (%s): %s\n",
				j.Job.Source, r.StartedAt.Format("2006-01-02 15:04"), why)
		}
	}
	dir := spoolDir(cfg)
	if dir == "" {
		return nil
	}
	sp, err := spool.Open(dir, max(cfg.Spool.MaxBytes, 1), nil, nil, e.log)
	if err != nil {
		return err
	}
	defer sp.Close()
	if rows, runs := sp.Waiting(); rows > 0 {
		fmt.Fprintf(e.stdout, "%d run records waiting (%d rows in the spool %s; each source's next run writes its own)\n", runs, rows, dir)
	}
	return nil
}

// robotsBlock returns the part of a run's first error that says its host's
// robots.txt blocked it (unavailable, or disallowing the page), or "".
func robotsBlock(firstError string) string {
	for _, sentinel := range []error{extract.ErrRobotsUnavailable, extract.ErrDisallowed} {
		if i := strings.Index(firstError, sentinel.Error()); i >= 0 {
			return firstError[i:]
		}
	}
	return ""
}
