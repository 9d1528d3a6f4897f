package schedules

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/newsetl/newsetl/extract"
	"github.com/newsetl/newsetl/record"
)

// runRecord is the ingest_runs row of one run as it goes, with the
// ingest_errors rows it will write.
type runRecord struct {
	run       record.Run
	errs      []record.RunError
	maxErrors int
	warnings  uint32 // page errors that are *extract.Warning (counted in run.Errors too)
	log       *slog.Logger
	// stopping is the run context's Err: a page whose fetch the stop of
	// the run cancelled is not a page error (cutShort counts them).
	stopping func() error
	cutShort int
}

func newRunRecord(job Job, maxErrors int, log *slog.Logger) *runRecord {
	if maxErrors <= 0 {
		maxErrors = defaultMaxErrors
	}
	return &runRecord{
		run:       record.Run{RunID: newRunID(), Source: job.Source, Kind: job.Kind, StartedAt: time.Now().UTC()},
		maxErrors: maxErrors,
		log:       log,
	}
}

// pageError records the failure of one page, unless the failure is the
// run's own stop (its context cancelled, the error wrapping
// context.Canceled): a shutdown is not a failure of the page.
func (r *runRecord) pageError(url string, err error) {
	if r.stopping != nil && r.stopping() != nil && errors.Is(err, context.Canceled) {
		r.cutShort++
		r.log.Debug("page cut short by the stop of the run", "url", url, "err", err)
		return
	}
	r.log.Warn("page failed", "url", url, "err", err)
	r.add(url, err)
}

// add counts an error and keeps its row, up to maxErrors rows.
func (r *runRecord) add(url string, err error) {
	r.run.Errors++
	msg := extract.RedactURL(err.Error())
	if r.run.FirstError == "" {
		r.run.FirstError = msg
	}
	if len(r.errs) < r.maxErrors {
		r.errs = append(r.errs, record.RunError{RunID: r.run.RunID, Source: r.run.Source, URL: extract.RedactURL(url), At: time.Now().UTC(), Error: msg})
	}
}

// finish sets the finish time and the status from the run's error (err)
// and its page errors: stopped when ctx ended the run cleanly (or cut
// pages short while the source returned nil), with no error row, since a
// shutdown is not a failure; failed when
// the source failed as a whole, its rows could not be written or every
// page failed (nothing read), partial when some pages failed, ok otherwise.
func (r *runRecord) finish(ctx context.Context, err error) {
	r.run.FinishedAt = time.Now().UTC()
	switch {
	case stopped(ctx, err) || (err == nil && r.cutShort > 0):
		r.run.Status = record.StatusStopped
		r.log.Info("run stopped before the end; what it read is written", "err", stopError(r.run.Source, ctx), "pages_cut_short", r.cutShort)
	case err != nil:
		r.run.Status = record.StatusFailed
		if extract.IsBlocked(err) { // the list page or the feed itself
			r.run.PagesBlocked++
		}
		r.add(extract.ErrorURL(err), err) // a list page's failure names the list page
	case r.run.Errors > r.warnings && r.nothingRead():
		// Every page failed or was blocked: nothing of the source was read.
		r.run.Status = record.StatusFailed
	case r.run.Errors > 0:
		r.run.Status = record.StatusPartial
	default:
		r.run.Status = record.StatusOK
	}
}

// nothingRead reports whether the run read no article (new, changed or
// unchanged) and no statistics value.
func (r *runRecord) nothingRead() bool {
	x := &r.run
	return x.ArticlesNew+x.ArticlesChanged+x.ArticlesUnchanged == 0 &&
		x.ObservationsWritten == 0 && x.ObservationsRevised == 0 && x.ObservationsUnchanged == 0
}
