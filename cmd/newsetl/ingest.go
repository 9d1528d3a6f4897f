package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"sync"

	"github.com/newsetl/newsetl/config"
	"github.com/newsetl/newsetl/extract"
	"github.com/newsetl/newsetl/load"
	"github.com/newsetl/newsetl/load/spool"
	"github.com/newsetl/newsetl/record"
	"github.com/newsetl/newsetl/schedules"
)

func cmdMigrate(ctx context.Context, e *env, args []string) error {
	f := newFlags(e, "migrate")
	if err := f.parse(e, args); err != nil {
		return err
	}
	cfg, err := config.Load(f.config, e.lookup)
	if err != nil {
		return err
	}
	store, err := load.Open(ctx, cfg.ClickHouse, e.log)
	if err != nil {
		return err
	}
	defer store.Close()
	applied, err := store.Migrate(ctx)
	if err != nil {
		return err
	}
	if len(applied) == 0 {
		fmt.Fprintf(e.stdout, "%s: schema up to date\n", store.Database())
	}
	for _, m := range applied {
		fmt.Fprintf(e.stdout, "%s: applied %s\n", store.Database(), m.Name)
	}
	return nil
}

func cmdIngest(ctx context.Context, e *env, args []string) (err error) {
	f := newFlags(e, "ingest")
	var names stringList
	f.Var(&names, "source", "source to ingest (repeatable; default: all)")
	parallel := f.Int("parallel", 4, "sources ingested at once")
	prof := addProfileFlags(f)
	if err := f.parse(e, args); err != nil {
		return err
	}
	stopProfile, err := prof.start()
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, stopProfile()) }()
	cfg, err := config.Load(f.config, e.lookup)
	if err != nil {
		return err
	}
	jobs, err := buildJobs(cfg, newFetcher(cfg, e.log), names)
	if err != nil {
		return err
	}
	w, err := openWriteSide(ctx, cfg, e.log)
	if err != nil {
		return err
	}
	defer w.close()
	pipe, links := w.pipe, w.links
	_, err = ingest(ctx, e.log, pipe, links, jobs, *parallel, cfg.ClickHouse.BatchSize)
	return err
}

// writeSide is what a command that writes runs needs: the ClickHouse
// store (openStore), the Store its runs write to (pipelineStore: the store
// behind the spool) and the story linker (storyLinker).
type writeSide struct {
	store      *load.Store
	pipe       schedules.Store
	links      schedules.StoryLinker
	closeSpool func()
}

// openWriteSide opens the three in that order; close releases them.
func openWriteSide(ctx context.Context, cfg *config.File, log *slog.Logger) (*writeSide, error) {
	store, err := openStore(ctx, cfg, log)
	if err != nil {
		return nil, err
	}
	pipe, closeSpool, err := pipelineStore(cfg, store, log)
	if err != nil {
		store.Close()
		return nil, err
	}
	links, err := storyLinker(cfg, store, log)
	if err != nil {
		closeSpool()
		store.Close()
		return nil, err
	}
	return &writeSide{store: store, pipe: pipe, links: links, closeSpool: closeSpool}, nil
}

func (w *writeSide) close() {
	w.closeSpool()
	w.store.Close()
}

// pipelineStore is the Store runs write to: store behind the local spool
// (spool.dir, default .newsetl-spool beside the config file; "off" for
// none), which keeps the rows ClickHouse refuses past its write retries and
// replays them at the next run of their source.
func pipelineStore(cfg *config.File, store *load.Store, log *slog.Logger) (schedules.Store, func(), error) {
	dir := spoolDir(cfg)
	if dir == "" {
		return store, func() {}, nil
	}
	sp, err := spool.Open(dir, cfg.Spool.MaxBytes, store, load.Transient, log)
	if err != nil {
		return nil, nil, err
	}
	if p := sp.Pending(); len(p) > 0 {
		log.Warn("spooled rows waiting; each source's run replays them first", "dir", dir, "sources", p)
	}
	return sp, func() { sp.Close() }, nil
}

// spoolDir is the spool's directory (spool.dir, default .newsetl-spool
// beside the config file), "" when the spool is off.
func spoolDir(cfg *config.File) string {
	dir := cfg.Spool.Dir
	if dir == "off" {
		return ""
	}
	if dir == "" {
		dir = ".newsetl-spool"
	}
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(filepath.Dir(cfg.Path), dir)
	}
	return dir
}

// The ClickHouse store is the pipeline's Store.
var _ schedules.Store = (*load.Store)(nil)

// newFetcher builds the one Fetcher of a command's sources, with the runs'
// page states for conditional requests.
func newFetcher(cfg *config.File, log *slog.Logger, opts ...extract.FetcherOption) *extract.Fetcher {
	return extract.NewFetcher(cfg.Fetch, log, append([]extract.FetcherOption{extract.WithPageStates(schedules.PageStates())}, opts...)...)
}

// fetcherOptions are the options of a command's Fetcher: AllowPrivate when
// asked for (the article command's --allow-private).
func fetcherOptions(allowPrivate bool) []extract.FetcherOption {
	if allowPrivate {
		return []extract.FetcherOption{extract.AllowPrivate()}
	}
	return nil
}

// openStore connects to ClickHouse and applies pending migrations, as every
// command that writes does before its first run.
func openStore(ctx context.Context, cfg *config.File, log *slog.Logger) (*load.Store, error) {
	// The facts written through the store get their metrics from cfg's table.
	if err := useMetrics(cfg); err != nil {
		return nil, err
	}
	store, err := load.Open(ctx, cfg.ClickHouse, log)
	if err != nil {
		return nil, err
	}
	if _, err := store.Migrate(ctx); err != nil {
		store.Close()
		return nil, err
	}
	return store, nil
}

// buildJobs builds the selected sources (all when names is empty) without I/O.
func buildJobs(cfg *config.File, fetcher *extract.Fetcher, names []string) ([]schedules.Job, error) {
	srcs := cfg.Sources
	if len(names) > 0 {
		srcs = nil
		for _, n := range names {
			s, err := cfg.Source(n)
			if err != nil {
				return nil, usageError{err}
			}
			srcs = append(srcs, s)
		}
	}
	if len(srcs) == 0 {
		return nil, fmt.Errorf("config %s has no sources", cfg.Path)
	}
	var jobs []schedules.Job
	for _, s := range srcs {
		x, err := extract.Build(s, fetcher)
		if err != nil {
			return nil, err
		}
		jobs = append(jobs, schedules.Job{Source: s.Name, Kind: s.Kind, Extractor: x})
	}
	return jobs, nil
}

// ingest runs the jobs (parallel at a time) and returns their run records. The error wraps errPartial when some sources failed or
// were partial while others loaded. links (may be nil) links the written articles into stories.
func ingest(ctx context.Context, log *slog.Logger, store schedules.Store, links schedules.StoryLinker, jobs []schedules.Job, parallel, batchRows int) ([]record.Run, error) {
	in := &schedules.Ingester{Store: store, Log: log, BatchRows: batchRows, Stories: links}
	runs := make([]record.Run, len(jobs))
	errs := make([]error, len(jobs))
	sem := make(chan struct{}, max(1, parallel))
	var wg sync.WaitGroup
	for i, job := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			runs[i], errs[i] = in.Run(ctx, job)
		}()
	}
	wg.Wait()
	return runs, runOutcome(runs, errs)
}

// runOutcome folds the runs' results into one error: nil when every run was
// ok, errPartial when some loaded, the joined errors when none did; joined
// with the errors of runs whose rows or record went to the spool or whose
// record was not written, whatever their status.
func runOutcome(runs []record.Run, errs []error) error {
	var kept []error
	for _, err := range errs {
		if errors.Is(err, schedules.ErrSpooled) || errors.Is(err, schedules.ErrRunNotRecorded) {
			kept = append(kept, err)
		}
	}
	outcome := statusOutcome(runs, errs)
	if len(kept) > 0 && outcome == nil {
		return errors.Join(kept...)
	}
	if len(kept) > 0 && !errors.Is(outcome, schedules.ErrSpooled) && !errors.Is(outcome, schedules.ErrRunNotRecorded) {
		return errors.Join(append(kept, outcome)...)
	}
	return outcome
}

// statusOutcome is runOutcome from the statuses alone.
func statusOutcome(runs []record.Run, errs []error) error {
	var failed, partial []string
	for _, r := range runs {
		switch r.Status {
		case record.StatusFailed:
			failed = append(failed, r.Source)
		case record.StatusPartial:
			partial = append(partial, r.Source)
		}
	}
	if len(failed) == len(runs) && len(runs) > 0 {
		return errors.Join(errs...)
	}
	if len(failed)+len(partial) == 0 {
		return nil
	}
	return fmt.Errorf("%w: %d of %d sources failed %v, %d partial %v (see ingest_errors)",
		errPartial, len(failed), len(runs), failed, len(partial), partial)
}
