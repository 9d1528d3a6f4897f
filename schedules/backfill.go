package schedules

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/newsetl/newsetl/extract"
	"github.com/newsetl/newsetl/record"
)

// Span is one partition of a backfill: [Start, End), whole days in UTC.
type Span struct {
	Start, End time.Time
}

func (s Span) String() string {
	return s.Start.Format("2006-01-02") + ".." + s.End.AddDate(0, 0, -1).Format("2006-01-02")
}

// Plan splits the days from..to (both inclusive) into partitions of a day or
// of a calendar month (the first and last months cut to the range).
func Plan(from, to time.Time, g extract.Granularity) []Span {
	from = day(from)
	end := day(to).AddDate(0, 0, 1)
	var out []Span
	for start := from; start.Before(end); {
		next := start.AddDate(0, 0, 1)
		if g == extract.ByMonth {
			next = time.Date(start.Year(), start.Month()+1, 1, 0, 0, 0, 0, time.UTC)
		}
		if next.After(end) {
			next = end
		}
		out = append(out, Span{start, next})
		start = next
	}
	return out
}

func day(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// Progress hears about a backfill as it goes. Calls come from several
// goroutines, one at a time.
type Progress interface {
	Start(total, skipped int)
	PartitionDone(span Span, run record.Run)
	Finish()
}

// Backfill runs one source over a date range, partition by partition,
// through the same Ingester as nightly runs, and records every finished
// partition in backfill_partitions so that a rerun resumes.
type Backfill struct {
	Ingester    *Ingester
	Log         *slog.Logger
	Concurrency int  // partitions at once; default 1
	Force       bool // rerun finished partitions and rewrite unchanged articles
	Progress    Progress
}

// BackfillResult sums up a backfill.
type BackfillResult struct {
	Partitions, Skipped, Done, Failed int
	Pages, Articles                   uint64
	Facts                             uint64
}

// Run backfills job's source over the days from..to (inclusive). It returns
// an error wrapping every failed partition; finished partitions stay
// recorded either way.
func (b *Backfill) Run(ctx context.Context, job Job, from, to time.Time) (BackfillResult, error) {
	if to.Before(from) {
		return BackfillResult{}, fmt.Errorf("backfill %s: --to %s is before --from %s", job.Source, to.Format("2006-01-02"), from.Format("2006-01-02"))
	}
	g := extract.ByMonth
	if p, ok := job.Extractor.(extract.Partitioner); ok {
		g = p.Partition()
	}
	spans := Plan(from, to, g)
	store := b.Ingester.Store
	done, err := store.DonePartitions(ctx, job.Source)
	if err != nil {
		return BackfillResult{}, err
	}
	var todo []Span
	for _, s := range spans {
		if b.Force || !done[record.PartitionKey(s.Start, s.End)] {
			todo = append(todo, s)
		}
	}
	res := BackfillResult{Partitions: len(spans), Skipped: len(spans) - len(todo)}
	log := b.Log
	if log == nil {
		log = slog.Default()
	}
	log.Info("backfill planned", "source", job.Source, "from", from.Format("2006-01-02"), "to", to.Format("2006-01-02"),
		"by", g, "partitions", len(spans), "skipped_done", res.Skipped, "force", b.Force)
	if b.Progress != nil {
		b.Progress.Start(len(spans), res.Skipped)
		defer b.Progress.Finish()
	}

	// The partitions share one snapshot of the source's article hashes and
	// page states (snapshot.go): read once, not once per partition, and
	// never copied.
	in := *b.Ingester
	in.snapshot, in.Store = withSnapshot(b.Ingester.Store, job.Source)
	var (
		mu   sync.Mutex
		errs []error
		wg   sync.WaitGroup
	)
	queue := make(chan Span)
	for range max(1, b.Concurrency) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for span := range queue {
				run, perr := b.partition(ctx, &in, job, span)
				mu.Lock()
				res.Pages += uint64(run.PagesFetched)
				res.Articles += uint64(run.ArticlesNew + run.ArticlesChanged)
				res.Facts += run.FactsWritten
				if perr != nil {
					res.Failed++
					errs = append(errs, perr)
				} else {
					res.Done++
				}
				if b.Progress != nil {
					b.Progress.PartitionDone(span, run)
				}
				mu.Unlock()
			}
		}()
	}
feed:
	for _, s := range todo {
		select {
		case queue <- s:
		case <-ctx.Done():
			break feed
		}
	}
	close(queue)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		errs = append(errs, fmt.Errorf("backfill %s interrupted: %w", job.Source, err))
	}
	return res, errors.Join(errs...)
}

// partition runs one span and records it: done when the run was clean,
// failed otherwise (a rerun tries it again). in is the backfill's Ingester,
// whose Store holds the shared snapshot.
func (b *Backfill) partition(ctx context.Context, in *Ingester, job Job, span Span) (record.Run, error) {
	job.Window = extract.Window{From: span.Start, To: span.End}
	job.Force = b.Force
	run, err := in.Run(ctx, job)
	status := record.StatusDone
	switch {
	case err != nil:
		status = record.StatusFailed
	case run.Status != record.StatusOK:
		status = run.Status
		err = fmt.Errorf("partition %s: %s: %s", span, run.Status, run.FirstError)
	}
	p := record.Partition{Source: job.Source, Start: span.Start, End: span.End, Status: status, RunID: run.RunID,
		Articles: run.ArticlesNew + run.ArticlesChanged, Facts: run.FactsWritten, Finished: time.Now().UTC()}
	// Recorded even when ctx ended; see writeContext for why it is never cancelled.
	if rerr := in.Store.WritePartition(writeContext(ctx, 30*time.Second), p); rerr != nil {
		err = errors.Join(err, rerr)
	}
	if err != nil {
		return run, fmt.Errorf("backfill %s: partition %s: %w", job.Source, span, err)
	}
	return run, nil
}
