package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/newsetl/newsetl/config"
	"github.com/newsetl/newsetl/schedules"
)

// cmdBackfill loads a source's history over a date range, partition by
// partition, resuming where an earlier backfill stopped.
func cmdBackfill(ctx context.Context, e *env, args []string) (err error) {
	f := newFlags(e, "backfill")
	source := f.String("source", "", "source to backfill (required)")
	fromS := f.String("from", "", "first day, YYYY-MM-DD (required)")
	toS := f.String("to", "", "last day, YYYY-MM-DD, inclusive (required)")
	concurrency := f.Int("concurrency", 1, "partitions at once")
	force := f.Bool("force", false, "redo finished partitions and rewrite unchanged articles")
	progress := f.String("progress", "auto", "auto (a bar on a terminal, log lines otherwise), bar, log or none")
	prof := addProfileFlags(f)
	if err := f.parse(e, args); err != nil {
		return err
	}
	stopProfile, err := prof.start()
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, stopProfile()) }()
	if *source == "" || *fromS == "" || *toS == "" {
		return usageError{fmt.Errorf("--source, --from and --to are required")}
	}
	from, err := time.Parse("2006-01-02", *fromS)
	if err != nil {
		return usageError{fmt.Errorf("--from %q: want YYYY-MM-DD", *fromS)}
	}
	to, err := time.Parse("2006-01-02", *toS)
	if err != nil {
		return usageError{fmt.Errorf("--to %q: want YYYY-MM-DD", *toS)}
	}
	if to.Before(from) {
		return usageError{fmt.Errorf("--to %s is before --from %s", *toS, *fromS)}
	}
	cfg, err := config.Load(f.config, e.lookup)
	if err != nil {
		return err
	}
	jobs, err := buildJobs(cfg, newFetcher(cfg, e.log), []string{*source})
	if err != nil {
		return err
	}
	w, err := openWriteSide(ctx, cfg, e.log)
	if err != nil {
		return err
	}
	defer w.close()
	pipe, links := w.pipe, w.links
	b := &schedules.Backfill{
		Ingester:    &schedules.Ingester{Store: pipe, Log: quiet(e.log, *progress, e.stderr), BatchRows: cfg.ClickHouse.BatchSize, Stories: links},
		Log:         e.log,
		Concurrency: *concurrency,
		Force:       *force,
		Progress:    newProgress(*progress, e.stderr, e.log, *source),
	}
	res, err := b.Run(ctx, jobs[0], from, to)
	fmt.Fprintf(e.stdout, "backfill %s %s..%s: %d partitions, %d skipped (already done), %d done, %d failed; %d pages, %d articles written, %d facts\n",
		*source, *fromS, *toS, res.Partitions, res.Skipped, res.Done, res.Failed, res.Pages, res.Articles, res.Facts)
	if err != nil && res.Done+res.Skipped > 0 {
		return fmt.Errorf("%w: %w", errPartial, err)
	}
	return err
}
