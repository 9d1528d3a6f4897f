package schedules

import (
	"context"
	"fmt"
	"time"

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

	known  map[uint64]string             // article id → content hash of the stored version
	pages  map[string]record.PageState   // URL → what the last run saw, for conditional requests
	series map[uint64]record.StoredValue // statistics: series key → current stored value; loaded on first use

	articles []record.Article
	facts    []record.Fact
	states   []record.PageState // states of the buffered documents' pages, written after them
	obs      []record.Observation
}

var _ extract.Sink = (*runSink)(nil)

// load reads what the Store holds of the source: article hashes, and page
// states unless the run is forced (a forced run refetches everything).
func (s *runSink) load(ctx context.Context) error {
	var err error
	if s.known, err = s.in.Store.ArticleHashes(ctx, s.rec.run.Source); err != nil {
		return err
	}
	if !s.force {
		s.pages, err = s.in.Store.PageStates(ctx, s.rec.run.Source)
	}
	return err
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
			"changed", run.ArticlesChanged, "facts_buffered", len(s.facts), "errors", run.Errors)
	}
	id := d.ID()
	hash := d.ContentHash()
	prev, seen := s.known[id]
	if !seen {
		if err := s.ownedElsewhere(ctx, d, id); err != nil {
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
	s.known[id] = hash
	version := uint64(d.FetchedAt.UnixMilli())
	s.articles = append(s.articles, record.Article{
		ArticleID: id, Source: d.Source, URL: d.URL, Title: d.Title, PublishedAt: d.PublishedAt, DateSource: d.DateSource, Lang: d.Lang,
		Body: d.Text, ContentHash: hash, FetchedAt: d.FetchedAt, Version: version,
	})
	s.facts = append(s.facts, Facts(d, id, hash, version)...)
	if d.Page != nil {
		s.states = append(s.states, pageRow(run.Source, d.Page, time.Now().UTC()))
	}
	flushAt := s.in.FlushArticles
	if flushAt <= 0 {
		flushAt = defaultFlushArticles
	}
	if len(s.articles) >= flushAt {
		return s.flush(ctx)
	}
	return nil
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
// after their facts: see Store.WriteVersions), then the page states.
func (s *runSink) flush(ctx context.Context) error {
	source := s.rec.run.Source
	if len(s.obs) > 0 {
		if err := s.in.Store.WriteObservations(ctx, s.obs); err != nil {
			n := len(s.obs)
			s.obs = s.obs[:0]
			s.series = nil // reload: what is stored is not what this run believed
			return fmt.Errorf("source %s: writing %d observations: %w: %w", source, n, errFlush, err)
		}
		s.rec.run.ObservationsWritten += uint64(len(s.obs))
		s.obs = s.obs[:0]
	}
	if len(s.articles) > 0 {
		if err := s.in.Store.WriteVersions(ctx, s.articles, s.facts); err != nil {
			// Forget the hashes so that a retry in this process writes them
			// again, and the page states so that the next run refetches them.
			for _, a := range s.articles {
				delete(s.known, a.ArticleID)
			}
			n := len(s.articles)
			s.articles, s.facts, s.states = s.articles[:0], s.facts[:0], s.states[:0]
			return fmt.Errorf("source %s: writing %d articles: %w: %w", source, n, errFlush, err)
		}
		s.rec.run.FactsWritten += uint64(len(s.facts))
		s.articles, s.facts = s.articles[:0], s.facts[:0]
	}
	// Page states go last: a state without its article would make the next
	// run skip an article that was never stored.
	if len(s.states) > 0 {
		if err := s.in.Store.WritePageStates(ctx, s.states); err != nil {
			n := len(s.states)
			s.states = s.states[:0]
			return fmt.Errorf("source %s: writing %d page states: %w: %w", source, n, errFlush, err)
		}
		s.states = s.states[:0]
	}
	return nil
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
