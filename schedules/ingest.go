// Package schedules runs sources: one ingest of one source (Ingester), the
// cron daemon and backfills built on it.
//
// The Ingester is the one place where the two seams of the pipeline meet:
// every source kind writes to an extract.Sink, which the run implements
// (sink.go: dedupe, statistics revisions, buffering and flush order), and
// every row goes to a Store (store.go), which load implements for
// ClickHouse. The run record lives in runrecord.go, the Figure → Fact
// mapping in facts.go.
package schedules

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/google/uuid"

	"github.com/newsetl/newsetl/extract"
	"github.com/newsetl/newsetl/record"
)

// Job is one configured source, built and ready to run.
type Job struct {
	Source    string
	Kind      string
	Extractor extract.Extractor
	Window    extract.Window // zero: whatever the source lists now
	Force     bool           // rewrite articles even when their content is unchanged
}

// Ingester runs jobs: extract → transform → load, and records each run in
// ingest_runs and its failures in ingest_errors. Build the Fetcher the
// jobs' extractors use with extract.WithPageStates(PageStates()) for
// conditional requests.
type Ingester struct {
	Store Store
	Log   *slog.Logger
	// FlushArticles, when positive, also writes the buffered articles once
	// this many are buffered (tests use it to force small flushes).
	FlushArticles int
	// BatchRows is how many fact rows are buffered before the buffered
	// articles and their facts are written (clickhouse.batch_size; 0:
	// config.DefaultBatchSize), whatever the number of articles; FlushBytes
	// (0: 64 MiB) bounds the text they hold. The rest is written when the
	// run ends.
	BatchRows  int
	FlushBytes int
	// MaxRecordedErrors caps the ingest_errors rows one run writes.
	MaxRecordedErrors int
	// Stories, when set, links each written batch of article versions
	// into stories (schedules/stories.go); a linking failure is an error
	// of the run (status partial), the versions stay written.
	Stories StoryLinker
	// Parser makes the facts of each article, on up to GOMAXPROCS
	// goroutines at once (parsepool.go); zero: CurrentParser.
	Parser Parser

	snapshot *sourceSnapshot // a backfill's: its source's hashes and page states, shared by its partitions
}

const (
	defaultFlushBytes = 64 << 20
	defaultMaxErrors  = 1000
	flushTimeout      = time.Minute
)

// Run ingests one source and returns its run record, which has also been
// written to the Store. The error is non-nil when the source failed as a
// whole (its status is then "failed"), when rows or the record went to the
// spool (wrapping ErrSpooled), or when the record could be neither written
// nor spooled (wrapping ErrRunNotRecorded); page-level failures only make
// the status "partial". A Store that is a Replayer (the spool) has the
// source's kept rows replayed first.
func (in *Ingester) Run(ctx context.Context, job Job) (record.Run, error) {
	log := in.Log
	if log == nil {
		log = slog.Default()
	}
	log = log.With("source", job.Source)
	rec := newRunRecord(job, in.MaxRecordedErrors, log)
	rec.stopping = ctx.Err
	linked, stories := withStories(in.Store, in.Stories)
	store := &spoolCounter{Store: linked}
	runIn := *in
	runIn.Store = store
	s := &runSink{in: &runIn, rec: rec, force: job.Force}
	log.Info("ingest started", "run_id", rec.run.RunID)

	if rp, ok := in.Store.(Replayer); ok {
		n, rerr := rp.Replay(ctx, job.Source)
		rec.run.RowsReplayed = uint64(n)
		if n > 0 {
			log.Info("replayed spooled rows", "rows", n)
		}
		if rerr != nil {
			rec.add("", fmt.Errorf("source %s: replaying the spool: %w", job.Source, rerr))
		}
	}
	err := s.load(ctx)
	if err == nil {
		runCtx := withRun(ctx, s)
		err = job.Extractor.Extract(runCtx, job.Window, s)
		// What was read is written even when ctx ended (a shutdown): the
		// buffered articles are whole, and writing them saves refetching.
		// writeContext: never cancelled right after the write (see there).
		err = errors.Join(err, s.flush(writeContext(ctx, flushTimeout)))
		if err == nil && rec.run.Errors == rec.warnings { // list pages' states last, after a clean run (keptpages.go)
			err = writeKept(writeContext(ctx, flushTimeout), store, runCtx)
		}
	}
	if lerr := stories.err(); lerr != nil {
		rec.add("", fmt.Errorf("source %s: %w", job.Source, lerr))
	}
	spooled, where, cause := store.spooled()
	rec.run.RowsSpooled = uint64(spooled)
	rec.finish(ctx, err)
	if spooled > 0 && (rec.run.Status == record.StatusOK || rec.run.Status == record.StatusPartial) {
		rec.run.Status = record.StatusSpooled // not in ClickHouse yet: not "ok"
	}
	if rec.run.Status == record.StatusFailed && err != nil {
		log.Error("source failed", "url", extract.ErrorURL(err), "err", err)
	}
	// The record is written even when ctx ended, so an interrupted run is visible.
	recCtx := writeContext(ctx, 30*time.Second)
	run := rec.run
	var rerr error
	switch werr := in.Store.WriteRun(recCtx, run, rec.errs); {
	case werr == nil:
	case errors.Is(werr, ErrSpooled):
		log.Error("run record spooled", "err", werr)
		rerr = fmt.Errorf("source %s: run %s: %w", job.Source, run.RunID, werr)
	default:
		log.Error("recording run failed", "err", werr)
		rerr = fmt.Errorf("source %s: run %s: %w: %w", job.Source, run.RunID, ErrRunNotRecorded, werr)
	}
	if spooled > 0 {
		rerr = errors.Join(rerr, fmt.Errorf("source %s: %d rows spooled to %s (%v); the next run replays them: %w",
			job.Source, spooled, where, cause, ErrSpooled))
	}
	log.Info("ingest finished", "status", run.Status, "pages", run.PagesFetched,
		"new", run.ArticlesNew, "changed", run.ArticlesChanged, "unchanged", run.ArticlesUnchanged,
		"facts", run.FactsWritten, "observations", run.ObservationsWritten,
		"observations_revised", run.ObservationsRevised, "observations_unchanged", run.ObservationsUnchanged, "errors", run.Errors,
		"spooled", run.RowsSpooled, "replayed", run.RowsReplayed, "charset_mismatches", run.CharsetMismatches,
		"duration", run.FinishedAt.Sub(run.StartedAt).Round(time.Millisecond))
	if run.Status == record.StatusFailed {
		return run, errors.Join(err, rerr)
	}
	return run, rerr
}

// newRunID names a run.
func newRunID() string { return uuid.NewString() }

// errFlush marks a failure to write rows, which is never a clean stop.
var errFlush = errors.New("loading failed")

// stopped reports whether err is the end of ctx (a shutdown) rather than a
// failure: the run then stops cleanly, with what it read written.
func stopped(ctx context.Context, err error) bool {
	return err != nil && ctx.Err() != nil && errors.Is(err, ctx.Err()) && !errors.Is(err, errFlush)
}

// stopError is the run error of a run that ctx stopped.
func stopError(source string, ctx context.Context) error {
	return fmt.Errorf("source %s: stopped before the end: %w", source, ctx.Err())
}
