package schedules

import (
	"context"
	"errors"
	"maps"
	"sync"

	"github.com/newsetl/newsetl/record"
)

// sourceSnapshot is what the partitions of one backfill share of their
// source: the stored article hashes and page states, read from the Store
// once per backfill instead of once per partition, and kept current as the
// partitions write (a write that succeeded, or went to the spool, is folded
// in; a failed one is taken out, so the next partition writes it again).
//
// With one partition at a time (lend), each run is handed the snapshot's
// own maps, so a partition costs nothing that grows with the table: the
// writes of a run are folded in when the next run asks, once no goroutine
// of the last run holds the maps. With partitions at once, each run gets a
// copy, and writes are folded in at once.
//
// A backfill assumes it is its source's only writer while it runs: rows
// another process writes meanwhile are not seen, and at worst an article is
// written again as a new version of the same content. Memory is one copy
// of the source's hashes and states (plus one per partition running at
// once), whatever the number of partitions.
type sourceSnapshot struct {
	source string
	inner  Store
	lend   bool // one run at a time: hand out the maps themselves

	mu      sync.Mutex
	hashes  map[uint64]string           // nil until first asked for
	pages   map[string]record.PageState // nil until first asked for
	pending []snapshotWrite             // lend: writes of the last run, folded in at the next ask
}

// snapshotWrite is one write to fold into the snapshot.
type snapshotWrite struct {
	forget bool // the article's write failed: take its hash out
	id     uint64
	hash   string
	page   *record.PageState
}

// fold applies w now, or (lend) when the next run asks. Call with mu held.
func (s *sourceSnapshot) fold(w snapshotWrite) {
	if s.lend {
		s.pending = append(s.pending, w)
		return
	}
	s.apply(w)
}

func (s *sourceSnapshot) apply(w snapshotWrite) {
	switch {
	case w.page != nil:
		if s.pages != nil {
			s.pages[w.page.URL] = *w.page
		}
	case s.hashes == nil:
	case w.forget:
		delete(s.hashes, w.id)
	default:
		s.hashes[w.id] = w.hash
	}
}

// settle folds in the writes kept for later: called when a run asks for
// the maps, when (lend) no run holds them. Call with mu held.
func (s *sourceSnapshot) settle() {
	for _, w := range s.pending {
		s.apply(w)
	}
	s.pending = nil
}

// handOut returns m itself (lend) or a copy.
func handOut[K comparable, V any](s *sourceSnapshot, m map[K]V) map[K]V {
	if s.lend {
		return m
	}
	return maps.Clone(m)
}

// snapshotStore is the Store the runs of a backfill's partitions use: it
// answers ArticleHashes and PageStates for the backfill's source from the
// snapshot (a copy per call: a run changes the map it is given) and passes
// everything else to the Store behind it.
type snapshotStore struct {
	Store
	snap *sourceSnapshot
}

// snapshotReplayer is a snapshotStore over a Store that is a Replayer (the
// spool), so that each partition's run still replays the kept rows first.
type snapshotReplayer struct {
	*snapshotStore
	r Replayer
}

func (s snapshotReplayer) Replay(ctx context.Context, source string) (int, error) {
	return s.r.Replay(ctx, source)
}

// withSnapshot returns the Store through which the runs of a backfill of
// source share one snapshot of what inner holds of it. lend: the runs
// come one at a time (each Run returns before the next starts).
func withSnapshot(inner Store, source string, lend bool) Store {
	s := &snapshotStore{Store: inner, snap: &sourceSnapshot{source: source, inner: inner, lend: lend}}
	if r, ok := inner.(Replayer); ok {
		return snapshotReplayer{snapshotStore: s, r: r}
	}
	return s
}

// ArticleHashes implements Store: the backfill's source is read from the
// Store on the first call only.
func (s *snapshotStore) ArticleHashes(ctx context.Context, source string) (map[uint64]string, error) {
	if source != s.snap.source {
		return s.Store.ArticleHashes(ctx, source)
	}
	s.snap.mu.Lock()
	defer s.snap.mu.Unlock()
	if s.snap.hashes == nil {
		h, err := s.snap.inner.ArticleHashes(ctx, source)
		if err != nil {
			return nil, err
		}
		if h == nil {
			h = map[uint64]string{}
		}
		s.snap.hashes = h
	}
	s.snap.settle()
	return handOut(s.snap, s.snap.hashes), nil
}

// PageStates implements Store: the backfill's source is read from the
// Store on the first call only.
func (s *snapshotStore) PageStates(ctx context.Context, source string) (map[string]record.PageState, error) {
	if source != s.snap.source {
		return s.Store.PageStates(ctx, source)
	}
	s.snap.mu.Lock()
	defer s.snap.mu.Unlock()
	if s.snap.pages == nil {
		p, err := s.snap.inner.PageStates(ctx, source)
		if err != nil {
			return nil, err
		}
		if p == nil {
			p = map[string]record.PageState{}
		}
		s.snap.pages = p
	}
	s.snap.settle()
	return handOut(s.snap, s.snap.pages), nil
}

// written reports whether a write's rows count as stored: written, or kept
// by the spool (which the next run replays before reading anything).
func written(err error) bool { return err == nil || errors.Is(err, ErrSpooled) }

// WriteVersions implements Store and folds the committed articles' hashes
// into the snapshot, or takes them out when the write failed.
func (s *snapshotStore) WriteVersions(ctx context.Context, articles []record.Article, facts []record.Fact) error {
	err := s.Store.WriteVersions(ctx, articles, facts)
	ok := written(err)
	s.snap.mu.Lock()
	defer s.snap.mu.Unlock()
	for _, a := range articles {
		if a.Source == s.snap.source {
			s.snap.fold(snapshotWrite{forget: !ok, id: a.ArticleID, hash: a.ContentHash})
		}
	}
	return err
}

// WritePageStates implements Store and folds the stored states into the
// snapshot.
func (s *snapshotStore) WritePageStates(ctx context.Context, states []record.PageState) error {
	err := s.Store.WritePageStates(ctx, states)
	if written(err) {
		s.snap.mu.Lock()
		defer s.snap.mu.Unlock()
		for _, p := range states {
			if p.Source == s.snap.source {
				s.snap.fold(snapshotWrite{page: &p}) // a copy: the caller reuses states
			}
		}
	}
	return err
}
