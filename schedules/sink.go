package schedules

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/newsetl/newsetl/config"
	"github.com/newsetl/newsetl/extract"
	"github.com/newsetl/newsetl/record"
	"github.com/newsetl/newsetl/transform"
	"github.com/newsetl/newsetl/transform/stats"
)

// runSink is the extract.Sink of one run. It drops what the Store already
// holds (unchanged articles and statistics values), buffers the rest and
// writes it in the order that keeps a failed run harmless: facts, then
// their articles, then the page states that let the next run skip them.
type runSink struct {
	in    *Ingester
	rec   *runRecord
	force bool // rewrite unchanged articles too (a forced backfill, a better parser)

	known  knownHashes                   // article id → content hash of the stored version
	pages  knownPages                    // URL → what the last run saw, for conditional requests
	series map[uint64]record.StoredValue // statistics: series key → current stored value; loaded on first use

	articles []record.Article
	facts    [][]record.Fact    // each article's, flattened when written (no growing copy of every row)
	nfacts   int                // rows in facts
	states   []record.PageState // states of the buffered documents' pages, written after them
	obs      []record.Observation
	bytes    int // text held by articles (bodies, titles, URLs): a guard on the buffer's size

	w *writer // writes full buffers in the background; nil until the first

	pending []*pendingVersion // kept versions whose facts are being parsed, in document order (parsepool.go)
	parsers chan struct{}     // one place per article parsing at once; nil until the first
}

var _ extract.Sink = (*runSink)(nil)

// load reads what the Store holds of the source: article hashes, and page
// states unless the run is forced (a forced run refetches everything).
// A partition of a backfill shares the backfill's snapshot of them
// (snapshot.go) instead.
func (s *runSink) load(ctx context.Context) error {
	source := s.rec.run.Source
	if snap := s.in.snapshot; snap != nil && snap.source == source {
		var err error
		if s.known, err = snap.sharedHashes(ctx); err != nil || s.force {
			return err
		}
		s.pages, err = snap.sharedPages(ctx)
		return err
	}
	hashes, err := s.in.Store.ArticleHashes(ctx, source)
	if err != nil {
		return err
	}
	if hashes == nil {
		hashes = map[uint64]string{}
	}
	s.known = knownHashes{m: hashes}
	if !s.force {
		pages, err := s.in.Store.PageStates(ctx, source)
		s.pages = knownPages{m: pages}
		return err
	}
	return nil
}

// PageFetched implements extract.Sink.
func (s *runSink) PageFetched(string) { s.rec.run.PagesFetched++ }

// PageUnchanged implements extract.Sink: a page skipped unread is an
// unchanged article.
func (s *runSink) PageUnchanged(_ string, notModified bool) {
	if notModified {
		s.rec.run.PagesNotModified++
	} else {
		s.rec.run.PagesUnchanged++
	}
	s.rec.run.ArticlesUnchanged++
}

// PageError implements extract.Sink. A page the site refused or answered
// with a challenge (an *extract.BlockedError) is counted as blocked too; an
// *extract.Warning is recorded but does not fail a run by itself.
func (s *runSink) PageError(url string, err error) {
	if extract.IsBlocked(err) {
		s.rec.run.PagesBlocked++
	}
	if extract.IsWarning(err) {
		s.rec.warnings++
	}
	s.rec.pageError(url, err)
}

// progressEvery is how many articles pass between progress log lines.
const progressEvery = 100

// Document implements extract.Sink: an article whose content hash equals
// the stored version's is counted and dropped (unless the run is forced);
// a new or changed one is buffered with its facts and page state.
func (s *runSink) Document(ctx context.Context, d extract.Document) error {
	run := &s.rec.run
	if d.CharsetMismatch != "" {
		// Counted whether or not the article changed: the page still
		// declares a charset its bytes are not in.
		run.CharsetMismatches++
	}
	if seen := run.ArticlesNew + run.ArticlesChanged + run.ArticlesUnchanged + 1; seen%progressEvery == 0 {
		s.rec.log.Info("ingest progress", "articles", seen, "pages", run.PagesFetched, "new", run.ArticlesNew,
			"changed", run.ArticlesChanged, "facts_buffered", s.nfacts, "errors", run.Errors)
	}
	id := d.ID()
	hash := d.ContentHash()
	// Check and record in one step (partitions of a backfill share known).
	prev, seen := s.known.swap(id, hash)
	if !seen {
		if err := s.ownedElsewhere(ctx, d, id); err != nil {
			s.known.forget(id)
			if ctx.Err() != nil {
				return ctx.Err()
			}
			s.PageError(d.URL, err)
			return nil
		}
	}
	switch {
	case seen && prev == hash && !s.force:
		run.ArticlesUnchanged++
		return nil
	case seen:
		run.ArticlesChanged++
	default:
		run.ArticlesNew++
	}
	version := uint64(d.FetchedAt.UnixMilli())
	p := &pendingVersion{doc: d, seen: seen, prev: prev, article: record.Article{
		ArticleID: id, Source: d.Source, URL: d.URL, Title: d.Title, PublishedAt: d.PublishedAt, DateSource: d.DateSource, Lang: d.Lang,
		Body: d.Text, ContentHash: hash, FetchedAt: d.FetchedAt, Version: version, ParserVersion: s.in.parser().Version,
	}}
	if d.Page != nil {
		st := pageRow(run.Source, d.Page, time.Now().UTC())
		p.state = &st
	}
	// Its facts are parsed on another goroutine (parsepool.go) and the
	// version buffered in document order once they are.
	s.parse(p)
	return s.collect(ctx, pendingPerCore*cap(s.parsers)-1)
}

// full reports whether the buffered versions should be written now: the
// fact rows reached the batch size (Ingester.BatchRows), the text they
// hold reached Ingester.FlushBytes, or the articles Ingester.FlushArticles
// when that is set.
func (s *runSink) full() bool {
	rows, bytes := s.in.BatchRows, s.in.FlushBytes
	if rows <= 0 {
		rows = config.DefaultBatchSize
	}
	if bytes <= 0 {
		bytes = defaultFlushBytes
	}
	return s.nfacts >= rows || s.bytes >= bytes || (s.in.FlushArticles > 0 && len(s.articles) >= s.in.FlushArticles)
}

// ownedElsewhere refuses a document whose canonical URL is an article
// another source already holds: a page's <link rel="canonical"> must not
// replace another source's article and its facts. This is the one place
// the rule lives; an error reading the Store refuses the document too.
func (s *runSink) ownedElsewhere(ctx context.Context, d extract.Document, id uint64) error {
	owners, err := s.in.Store.ArticleSources(ctx, id)
	if err != nil {
		return fmt.Errorf("source %s: article %s: checking who holds it: %w", s.rec.run.Source, d.URL, err)
	}
	for _, o := range owners {
		if o != s.rec.run.Source {
			return fmt.Errorf("source %s: article %s: already stored by source %s (its canonical URL points to that article); not stored",
				s.rec.run.Source, d.URL, o)
		}
	}
	return nil
}

// Observations implements extract.Sink: an observation whose value is
// already stored is skipped; a new value for a known series is a revision
// and is written beside the old one; a unit that differs from the stored
// one is an error (the table's unit header changed?), recorded, and the
// observation is not written.
func (s *runSink) Observations(ctx context.Context, obs []stats.Observation) error {
	run := &s.rec.run
	if s.series == nil {
		stored, err := s.in.Store.SeriesValues(ctx, run.Source)
		if err != nil {
			return err
		}
		s.series = stored
	}
	for _, o := range obs {
		if o.Source == "" {
			o.Source = run.Source
		}
		if o.FetchedAt.IsZero() {
			o.FetchedAt = time.Now().UTC()
		}
		key, vk := o.SeriesKey(), o.ValueKey()
		prev, seen := s.series[key]
		switch {
		case seen && prev.ValueKey == vk:
			run.ObservationsUnchanged++
			continue
		case seen && prev.Unit != "" && o.Unit != "" && !sameUnit(prev.Unit, o.Unit):
			s.PageError(o.URL, fmt.Errorf("source %s: %s: %s %s %s: unit changed from %q to %q (did the source change its unit header?); not loaded",
				run.Source, o.URL, o.Dataset, o.IndicatorCode, o.PeriodText, prev.Unit, o.Unit))
			continue
		case seen:
			run.ObservationsRevised++
		}
		s.series[key] = record.StoredValue{ValueKey: vk, Unit: o.Unit, FirstSeenAt: o.FetchedAt}
		s.obs = append(s.obs, record.Observation{Observation: o, SeriesKey: key, ValueKey: vk, FirstSeenAt: o.FetchedAt})
	}
	if len(s.obs) >= maxBufferedObservations {
		return s.flush(ctx)
	}
	return nil
}

// maxBufferedObservations bounds the statistics a run holds before writing.
const maxBufferedObservations = 100_000

// flush writes the buffered observations, facts and articles (articles
// after their facts: see Store.WriteVersions), then the page states, after
// waiting for the batches handed to the background writer: when it
// returns, everything the run buffered has been written or has failed.
func (s *runSink) flush(ctx context.Context) error {
	source := s.rec.run.Source
	cErr := s.collect(ctx, 0) // every version read is buffered (or handed to the writer) first
	bgErr := errors.Join(cErr, s.drain())
	if len(s.obs) > 0 {
		if err := s.in.Store.WriteObservations(ctx, s.obs); err != nil {
			n := len(s.obs)
			s.obs = s.obs[:0]
			s.series = nil // reload: what is stored is not what this run believed
			return errors.Join(bgErr, fmt.Errorf("source %s: writing %d observations: %w: %w", source, n, errFlush, err))
		}
		s.rec.run.ObservationsWritten += uint64(len(s.obs))
		s.obs = s.obs[:0]
	}
	b := s.take()
	res := b.write(ctx, s.in.Store, source)
	s.settle(res)
	return errors.Join(bgErr, res.err)
}

// flushAsync hands the buffered versions to the run's background writer
// and returns at once, so that the extraction goes on while they are
// written; it blocks while the writer's queue is full (back-pressure). An
// error of an earlier background write is returned here, or by flush.
func (s *runSink) flushAsync(ctx context.Context) error {
	if s.w == nil {
		s.w = startWriter(s.in.Store, s.rec.run.Source)
	}
	if s.w.err() != nil {
		return s.drain()
	}
	b := s.take()
	if err := s.w.send(ctx, b); err != nil {
		// Stopped while the queue was full: keep the batch for the last
		// flush, which writes what was read.
		s.articles, s.facts, s.nfacts, s.states = b.articles, b.chunks, b.rows(), b.states
		return err
	}
	return nil
}

// take returns the buffered versions and empties the buffers.
func (s *runSink) take() versions {
	b := versions{articles: s.articles, chunks: s.facts, states: s.states}
	s.articles, s.facts, s.nfacts, s.states, s.bytes = nil, nil, 0, nil, 0
	return b
}

// drain waits for the background writer to finish what it was handed and
// folds its outcome into the run; nil when there is no writer.
func (s *runSink) drain() error {
	if s.w == nil {
		return nil
	}
	res := s.w.close()
	s.w = nil
	s.settle(res)
	return res.err
}

// settle folds a write's outcome into the run: facts counted, and the
// hashes of articles not written forgotten, so that a retry in this
// process writes them again (their page states were not written either,
// so the next run refetches them).
func (s *runSink) settle(res writeResult) {
	s.rec.run.FactsWritten += uint64(res.facts)
	for _, id := range res.failed {
		s.known.forget(id)
	}
}

// sameUnit reports whether two unit labels name the same unit: equal, or
// the same currency written two ways ("yuan" stored by an older release,
// "CNY" now), which is then a relabelling written as a revision, not an
// error.
func sameUnit(a, b string) bool {
	if a == b {
		return true
	}
	ca, okA := transform.CurrencyCode(a)
	cb, okB := transform.CurrencyCode(b)
	return okA && okB && ca == cb
}
