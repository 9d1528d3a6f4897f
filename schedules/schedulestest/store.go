// Package schedulestest is test support for the pipeline: an in-memory
// schedules.Store that keeps the Store contract (articles commit their
// facts, latest version wins, rewriting the same keys changes nothing), so
// that dedupe, revision and flush-order logic can be tested without a
// ClickHouse server. The ClickHouse Store (package load) is tested against
// a real server.
package schedulestest

import (
	"context"
	"fmt"
	"sort"
	"sync"

	"github.com/newsetl/newsetl/record"
)

// Op names a write of the Store, for Fail.
type Op string

// The writes a test can make fail.
const (
	OpFacts        Op = "facts"    // the first half of WriteVersions
	OpArticles     Op = "articles" // the second half: the facts are stored, their articles not
	OpObservations Op = "observations"
	OpPageStates   Op = "page states"
	OpRun          Op = "run"
	OpPartition    Op = "partition"
)

// Store is an in-memory schedules.Store. The zero value is ready to use.
type Store struct {
	// Fail, when set, is asked before each write; a non-nil error fails
	// that write with nothing of it stored.
	Fail func(op Op) error

	mu         sync.Mutex
	articles   map[articleKey]record.Article
	facts      map[factKey]record.Fact
	pages      map[pageKey]record.PageState
	obs        map[obsKey]record.Observation
	runs       []record.Run
	runErrors  []record.RunError
	partitions []record.Partition
	writes     map[Op]int
}

type articleKey struct {
	id      uint64
	version uint64
}

type factKey struct {
	id, articleID, version uint64
}

type pageKey struct{ source, url string }

type obsKey struct {
	series, value uint64
}

func (s *Store) fail(op Op) error {
	if s.writes == nil {
		s.writes = map[Op]int{}
	}
	if s.Fail != nil {
		if err := s.Fail(op); err != nil {
			return fmt.Errorf("memory store: writing %s: %w", op, err)
		}
	}
	s.writes[op]++
	return nil
}

// ArticleHashes implements schedules.Store.
func (s *Store) ArticleHashes(_ context.Context, source string) (map[uint64]string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	latest := map[uint64]record.Article{}
	for _, a := range s.articles {
		if a.Source != source {
			continue
		}
		if prev, ok := latest[a.ArticleID]; !ok || a.Version > prev.Version {
			latest[a.ArticleID] = a
		}
	}
	out := make(map[uint64]string, len(latest))
	for id, a := range latest {
		out[id] = a.ContentHash
	}
	return out, nil
}

// ArticleSources implements schedules.Store.
func (s *Store) ArticleSources(_ context.Context, articleID uint64) ([]string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	seen := map[string]bool{}
	var out []string
	for _, a := range s.articles {
		if a.ArticleID == articleID && !seen[a.Source] {
			seen[a.Source] = true
			out = append(out, a.Source)
		}
	}
	sort.Strings(out)
	return out, nil
}

// PageStates implements schedules.Store.
func (s *Store) PageStates(_ context.Context, source string) (map[string]record.PageState, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]record.PageState{}
	for k, p := range s.pages {
		if k.source == source {
			out[k.url] = p
		}
	}
	return out, nil
}

// SeriesValues implements schedules.Store.
func (s *Store) SeriesValues(_ context.Context, source string) (map[uint64]record.StoredValue, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	latest := map[uint64]record.Observation{}
	for _, o := range s.obs {
		if o.Source != source {
			continue
		}
		if prev, ok := latest[o.SeriesKey]; !ok || o.FetchedAt.After(prev.FetchedAt) {
			latest[o.SeriesKey] = o
		}
	}
	out := make(map[uint64]record.StoredValue, len(latest))
	for k, o := range latest {
		out[k] = record.StoredValue{ValueKey: o.ValueKey, Unit: o.Unit, FirstSeenAt: o.FirstSeenAt}
	}
	return out, nil
}

// WriteVersions implements schedules.Store: the facts, then the articles.
func (s *Store) WriteVersions(_ context.Context, articles []record.Article, facts []record.Fact) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.fail(OpFacts); err != nil {
		return err
	}
	if s.facts == nil {
		s.facts = map[factKey]record.Fact{}
	}
	for _, f := range facts {
		s.facts[factKey{f.FactID, f.ArticleID, f.Version}] = f
	}
	if err := s.fail(OpArticles); err != nil {
		return err
	}
	if s.articles == nil {
		s.articles = map[articleKey]record.Article{}
	}
	for _, a := range articles {
		s.articles[articleKey{a.ArticleID, a.Version}] = a
	}
	return nil
}

// WriteObservations implements schedules.Store.
func (s *Store) WriteObservations(_ context.Context, obs []record.Observation) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.fail(OpObservations); err != nil {
		return err
	}
	if s.obs == nil {
		s.obs = map[obsKey]record.Observation{}
	}
	for _, o := range obs {
		s.obs[obsKey{o.SeriesKey, o.ValueKey}] = o
	}
	return nil
}

// WritePageStates implements schedules.Store.
func (s *Store) WritePageStates(_ context.Context, states []record.PageState) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.fail(OpPageStates); err != nil {
		return err
	}
	if s.pages == nil {
		s.pages = map[pageKey]record.PageState{}
	}
	for _, p := range states {
		k := pageKey{p.Source, p.URL}
		if prev, ok := s.pages[k]; !ok || !p.FetchedAt.Before(prev.FetchedAt) {
			s.pages[k] = p
		}
	}
	return nil
}

// WriteRun implements schedules.Store.
func (s *Store) WriteRun(_ context.Context, r record.Run, errs []record.RunError) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.fail(OpRun); err != nil {
		return err
	}
	s.runs = append(s.runs, r)
	s.runErrors = append(s.runErrors, errs...)
	return nil
}

// WritePartition implements schedules.Store.
func (s *Store) WritePartition(_ context.Context, p record.Partition) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.fail(OpPartition); err != nil {
		return err
	}
	s.partitions = append(s.partitions, p)
	return nil
}

// DonePartitions implements schedules.Store: the latest record of each
// range decides.
func (s *Store) DonePartitions(_ context.Context, source string) (map[string]bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	latest := map[string]record.Partition{}
	for _, p := range s.partitions {
		if p.Source != source {
			continue
		}
		k := record.PartitionKey(p.Start, p.End)
		if prev, ok := latest[k]; !ok || !p.Finished.Before(prev.Finished) {
			latest[k] = p
		}
	}
	out := map[string]bool{}
	for k, p := range latest {
		if p.Status == record.StatusDone {
			out[k] = true
		}
	}
	return out, nil
}

// Articles returns the latest version of each article of source that is
// committed, as the articles_latest view shows them, by URL order.
func (s *Store) Articles(source string) []record.Article {
	s.mu.Lock()
	defer s.mu.Unlock()
	latest := map[uint64]record.Article{}
	for _, a := range s.articles {
		if a.Source == source {
			if prev, ok := latest[a.ArticleID]; !ok || a.Version > prev.Version {
				latest[a.ArticleID] = a
			}
		}
	}
	out := make([]record.Article, 0, len(latest))
	for _, a := range latest {
		out = append(out, a)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].URL < out[j].URL })
	return out
}

// Facts returns the facts of the latest committed version of each article
// of source, as facts_latest shows them: facts whose article row was never
// written are not there. Ordered by URL and position.
func (s *Store) Facts(source string) []record.Fact {
	arts := s.Articles(source)
	s.mu.Lock()
	defer s.mu.Unlock()
	committed := map[articleKey]bool{}
	for _, a := range arts {
		committed[articleKey{a.ArticleID, a.Version}] = true
	}
	var out []record.Fact
	for k, f := range s.facts {
		if committed[articleKey{k.articleID, k.version}] {
			out = append(out, f)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].URL != out[j].URL {
			return out[i].URL < out[j].URL
		}
		return out[i].Position < out[j].Position
	})
	return out
}

// FactRows is how many fact rows are stored, committed or not, across all
// versions (a rerun that rewrites the same keys adds none).
func (s *Store) FactRows() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.facts)
}

// Observations returns every stored observation of source (revisions
// included), ordered by series and fetch time.
func (s *Store) Observations(source string) []record.Observation {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []record.Observation
	for _, o := range s.obs {
		if o.Source == source {
			out = append(out, o)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].SeriesKey != out[j].SeriesKey {
			return out[i].SeriesKey < out[j].SeriesKey
		}
		return out[i].FetchedAt.Before(out[j].FetchedAt)
	})
	return out
}

// Runs returns the recorded runs in order, and RunErrors their errors.
func (s *Store) Runs() []record.Run {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]record.Run(nil), s.runs...)
}

// RunErrors returns the recorded run errors in order.
func (s *Store) RunErrors() []record.RunError {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]record.RunError(nil), s.runErrors...)
}

// Writes is how many writes of op succeeded.
func (s *Store) Writes(op Op) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.writes[op]
}
