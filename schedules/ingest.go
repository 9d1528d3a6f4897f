// Package schedules runs sources: one ingest of one source (Ingester), and
// later the cron daemon and backfills built on it.
package schedules

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/google/uuid"

	"github.com/newsetl/newsetl/extract"
	"github.com/newsetl/newsetl/load"
	"github.com/newsetl/newsetl/transform"
	"github.com/newsetl/newsetl/transform/stats"
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
// ingest_runs and its failures in ingest_errors.
type Ingester struct {
	Store *load.Store
	Log   *slog.Logger
	// FlushArticles is how many changed articles are buffered before their
	// facts and rows are written; the rest are written when the run ends.
	FlushArticles int
	// MaxRecordedErrors caps the ingest_errors rows one run writes.
	MaxRecordedErrors int
}

const (
	defaultFlushArticles = 1000
	defaultMaxErrors     = 1000
	flushTimeout         = time.Minute
)

// Run ingests one source and returns its run record, which has also been
// written to ClickHouse. The error is non-nil when the source failed as a
// whole (its status is then "failed") or when the record could not be
// written; page-level failures only make the status "partial".
func (in *Ingester) Run(ctx context.Context, job Job) (load.Run, error) {
	log := in.Log
	if log == nil {
		log = slog.Default()
	}
	log = log.With("source", job.Source)
	run := load.Run{RunID: uuid.NewString(), Source: job.Source, Kind: job.Kind, StartedAt: time.Now().UTC()}
	e := &emitter{in: in, run: &run, log: log, force: job.Force}
	log.Info("ingest started", "run_id", run.RunID)

	var err error
	e.known, err = in.Store.ArticleHashes(ctx, job.Source)
	if err == nil && !job.Force {
		// A forced run refetches everything: no conditional requests.
		e.pages, err = in.Store.PageStates(ctx, job.Source)
	}
	if err == nil {
		err = job.Extractor.Extract(ctx, job.Window, e)
		// What was read is written even when ctx ended (a shutdown): the
		// buffered articles are whole, and writing them saves refetching.
		flushCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), flushTimeout)
		err = errors.Join(err, e.flush(flushCtx))
		cancel()
	}
	run.FinishedAt = time.Now().UTC()
	switch {
	case err != nil && ctx.Err() != nil && errors.Is(err, ctx.Err()) && !errors.Is(err, errFlush):
		run.Status = load.StatusStopped
		e.record("", fmt.Errorf("source %s: stopped before the end: %w", job.Source, ctx.Err()))
		err = nil
	case err != nil:
		run.Status = load.StatusFailed
		e.record("", err)
	case run.Errors > 0:
		run.Status = load.StatusPartial
	default:
		run.Status = load.StatusOK
	}
	// The record is written even when ctx ended, so an interrupted run is visible.
	recCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	if rerr := in.Store.WriteRun(recCtx, run, e.errs); rerr != nil {
		log.Error("recording run failed", "err", rerr)
		err = errors.Join(err, rerr)
	}
	log.Info("ingest finished", "status", run.Status, "pages", run.PagesFetched,
		"new", run.ArticlesNew, "changed", run.ArticlesChanged, "unchanged", run.ArticlesUnchanged,
		"facts", run.FactsWritten, "errors", run.Errors, "duration", run.FinishedAt.Sub(run.StartedAt).Round(time.Millisecond))
	return run, err
}

// errFlush marks a failure to write rows, which is never a clean stop.
var errFlush = errors.New("loading failed")

// emitter receives one run's documents and buffers their rows.
type emitter struct {
	in       *Ingester
	run      *load.Run
	log      *slog.Logger
	known    map[uint64]string           // article id → content hash of the stored version
	force    bool                        // rewrite unchanged articles too (a forced backfill, a better parser)
	pages    map[string]load.PageState   // URL → what the last run saw, for conditional requests
	states   []load.PageState            // states of the buffered documents, written with them
	series   map[uint64]load.StoredValue // statistics: series key → current stored value; loaded on first use
	obs      []load.Observation          // statistics buffered for writing
	articles []load.Article
	facts    []load.Fact
	errs     []load.RunError
}

func (e *emitter) PageFetched(string) { e.run.PagesFetched++ }

// Previous implements extract.Revisits.
func (e *emitter) Previous(url string) extract.PageState {
	p, ok := e.pages[url]
	if !ok {
		return extract.PageState{}
	}
	return extract.PageState{URL: p.URL, ETag: p.ETag, LastModified: p.LastModified, Hash: p.BodyHash}
}

// Unchanged implements extract.Revisits: a page skipped unread is an
// unchanged article.
func (e *emitter) Unchanged(url string, notModified bool) {
	if notModified {
		e.run.PagesNotModified++
	} else {
		e.run.PagesUnchanged++
	}
	e.run.ArticlesUnchanged++
}

// Remember implements extract.Revisits.
func (e *emitter) Remember(s extract.PageState) {
	e.states = append(e.states, load.PageState{Source: e.run.Source, URL: s.URL, ETag: s.ETag,
		LastModified: s.LastModified, BodyHash: s.Hash, FetchedAt: time.Now().UTC()})
}

func (e *emitter) PageError(url string, err error) {
	e.log.Warn("page failed", "url", url, "err", err)
	e.record(url, err)
}

func (e *emitter) record(url string, err error) {
	e.run.Errors++
	if e.run.FirstError == "" {
		e.run.FirstError = err.Error()
	}
	max := e.in.MaxRecordedErrors
	if max <= 0 {
		max = defaultMaxErrors
	}
	if len(e.errs) < max {
		e.errs = append(e.errs, load.RunError{RunID: e.run.RunID, Source: e.run.Source, URL: url, At: time.Now().UTC(), Error: err.Error()})
	}
}

// progressEvery is how many articles pass between progress log lines.
const progressEvery = 100

func (e *emitter) Document(ctx context.Context, d extract.Document) error {
	if seen := e.run.ArticlesNew + e.run.ArticlesChanged + e.run.ArticlesUnchanged + 1; seen%progressEvery == 0 {
		e.log.Info("ingest progress", "articles", seen, "pages", e.run.PagesFetched, "new", e.run.ArticlesNew,
			"changed", e.run.ArticlesChanged, "facts_buffered", len(e.facts), "errors", e.run.Errors)
	}
	id := d.ID()
	hash := d.ContentHash()
	prev, seen := e.known[id]
	switch {
	case seen && prev == hash && !e.force:
		e.run.ArticlesUnchanged++
		return nil
	case seen:
		e.run.ArticlesChanged++
	default:
		e.run.ArticlesNew++
	}
	e.known[id] = hash
	version := uint64(d.FetchedAt.UnixMilli())
	e.articles = append(e.articles, load.Article{
		ArticleID: id, Source: d.Source, URL: d.URL, Title: d.Title, PublishedAt: d.PublishedAt, Lang: d.Lang,
		Body: d.Text, ContentHash: hash, FetchedAt: d.FetchedAt, Version: version,
	})
	e.facts = append(e.facts, Facts(d, id, hash, version)...)
	flushAt := e.in.FlushArticles
	if flushAt <= 0 {
		flushAt = defaultFlushArticles
	}
	if len(e.articles) >= flushAt {
		return e.flush(ctx)
	}
	return nil
}

// Observations implements extract.ObservationSink: an observation whose
// value is already stored is skipped; a new value for a known series is a
// revision and is written beside the old one; a unit that differs from the
// stored one is an error (the table's unit header changed?), recorded, and
// the observation is not written.
func (e *emitter) Observations(ctx context.Context, obs []stats.Observation) error {
	if e.series == nil {
		stored, err := e.in.Store.SeriesValues(ctx, e.run.Source)
		if err != nil {
			return err
		}
		e.series = stored
	}
	for _, o := range obs {
		if o.Source == "" {
			o.Source = e.run.Source
		}
		if o.FetchedAt.IsZero() {
			o.FetchedAt = time.Now().UTC()
		}
		key, vk := o.SeriesKey(), o.ValueKey()
		prev, seen := e.series[key]
		switch {
		case seen && prev.ValueKey == vk:
			e.run.ObservationsUnchanged++
			continue
		case seen && prev.Unit != "" && o.Unit != "" && prev.Unit != o.Unit:
			e.PageError(o.URL, fmt.Errorf("source %s: %s: %s %s %s: unit changed from %q to %q (did the source change its unit header?); not loaded",
				e.run.Source, o.URL, o.Dataset, o.IndicatorCode, o.PeriodText, prev.Unit, o.Unit))
			continue
		case seen:
			e.run.ObservationsRevised++
		}
		e.series[key] = load.StoredValue{ValueKey: vk, Unit: o.Unit, FirstSeenAt: o.FetchedAt}
		e.obs = append(e.obs, load.Observation{Observation: o, SeriesKey: key, ValueKey: vk, FirstSeenAt: o.FetchedAt})
	}
	if len(e.obs) >= maxBufferedObservations {
		return e.flush(ctx)
	}
	return nil
}

// maxBufferedObservations bounds the statistics a run holds before writing.
const maxBufferedObservations = 100_000

// flush writes the buffered facts and articles (articles last: see
// load.Store.WriteVersions).
func (e *emitter) flush(ctx context.Context) error {
	if len(e.obs) > 0 {
		if err := e.in.Store.WriteObservations(ctx, e.obs); err != nil {
			n := len(e.obs)
			e.obs = e.obs[:0]
			e.series = nil // reload: what is stored is not what this run believed
			return fmt.Errorf("source %s: writing %d observations: %w: %w", e.run.Source, n, errFlush, err)
		}
		e.run.ObservationsWritten += uint64(len(e.obs))
		e.obs = e.obs[:0]
	}
	if len(e.articles) > 0 {
		if err := e.flushArticles(ctx); err != nil {
			e.states = e.states[:0]
			return err
		}
	}
	// Page states go last: a state without its article would make the next
	// run skip an article that was never stored.
	if len(e.states) > 0 {
		if err := e.in.Store.WritePageStates(ctx, e.states); err != nil {
			n := len(e.states)
			e.states = e.states[:0]
			return fmt.Errorf("source %s: writing %d page states: %w: %w", e.run.Source, n, errFlush, err)
		}
		e.states = e.states[:0]
	}
	return nil
}

func (e *emitter) flushArticles(ctx context.Context) error {
	if err := e.in.Store.WriteVersions(ctx, e.articles, e.facts); err != nil {
		// Forget the hashes so that a retry in this process would write them again.
		for _, a := range e.articles {
			delete(e.known, a.ArticleID)
		}
		return fmt.Errorf("source %s: writing %d articles: %w: %w", e.run.Source, len(e.articles), errFlush, err)
	}
	e.run.FactsWritten += uint64(len(e.facts))
	e.articles = e.articles[:0]
	e.facts = e.facts[:0]
	return nil
}

// Facts parses the figures of d into fact rows of the given article version.
func Facts(d extract.Document, articleID uint64, contentHash string, version uint64) []load.Fact {
	figs := transform.Parse(d.Text, transform.Options{Lang: d.Lang, Published: d.PublishedAt})
	now := time.Now().UTC()
	out := make([]load.Fact, 0, len(figs))
	for _, f := range figs {
		row := load.Fact{
			FactID:    factID(articleID, contentHash, f),
			ArticleID: articleID, Version: version, Source: d.Source, URL: d.URL, PublishedAt: d.PublishedAt, Lang: d.Lang,
			Figure: f.Text, Value: f.Value, Kind: string(f.Kind), Unit: f.Unit, Subject: f.Subject, Base: f.Base,
			Qualifier: f.Qualifier, Sentence: f.Sentence, Position: uint32(f.Start), ParsedAt: now,
			ValueLow: f.Low, ValueHigh: f.High, Direction: f.Direction, IsChange: f.Change,
		}
		if p := f.Period; p != nil {
			start, end := p.Start, p.End
			row.PeriodText, row.PeriodStart, row.PeriodEnd = p.Text, &start, &end
			row.PeriodGranularity, row.AsOf, row.PeriodFallback = string(p.Granularity), p.AsOf, p.Fallback
		}
		out = append(out, row)
	}
	return out
}

// factID is stable for the same figure at the same place in the same
// content, so re-parsing unchanged text yields the same keys.
func factID(articleID uint64, contentHash string, f transform.Figure) uint64 {
	h := sha256.New()
	var buf [16]byte
	binary.BigEndian.PutUint64(buf[:8], articleID)
	binary.BigEndian.PutUint64(buf[8:], uint64(f.Start))
	h.Write(buf[:])
	h.Write([]byte(contentHash))
	h.Write([]byte(f.Text))
	return binary.BigEndian.Uint64(h.Sum(nil)[:8])
}
