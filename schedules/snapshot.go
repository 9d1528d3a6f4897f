package schedules

import (
	"context"
	"errors"
	"sync"

	"github.com/newsetl/newsetl/record"
)

// sourceSnapshot is what the partitions of one backfill share of their
// source: the stored article hashes and page states, read from the Store
// once per backfill instead of once per partition, and kept current as the
// partitions write (a write that succeeded, or went to the spool, is folded
// in; a failed one is taken out, so the next partition writes it again).
//
// Every partition's run works on the snapshot's own maps, under its lock
// (knownHashes, knownPages), whether partitions run one at a time or
// several at once: no partition copies anything that grows with the
// table, so a partition late in a long backfill costs what an early one
// does, and memory is one copy of the source's hashes and states whatever
// the number of partitions. Partitions running at once see each other's
// articles as soon as they are read: an article listed in two of them is
// written once.
//
// A backfill assumes it is its source's only writer while it runs: rows
// another process writes meanwhile are not seen, and at worst an article is
// written again as a new version of the same content.
type sourceSnapshot struct {
	source string
	inner  Store

	mu     sync.RWMutex
	hashes map[uint64]string           // nil until first asked for
	pages  map[string]record.PageState // nil until first asked for
}

// sharedHashes returns the snapshot's article hashes, read from the Store
// on the first call only.
func (s *sourceSnapshot) sharedHashes(ctx context.Context) (knownHashes, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.hashes == nil {
		h, err := s.inner.ArticleHashes(ctx, s.source)
		if err != nil {
			return knownHashes{}, err
		}
		if h == nil {
			h = map[uint64]string{}
		}
		s.hashes = h
	}
	return knownHashes{m: s.hashes, mu: &s.mu}, nil
}

// sharedPages returns the snapshot's page states, read from the Store on
// the first call only.
func (s *sourceSnapshot) sharedPages(ctx context.Context) (knownPages, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.pages == nil {
		p, err := s.inner.PageStates(ctx, s.source)
		if err != nil {
			return knownPages{}, err
		}
		if p == nil {
			p = map[string]record.PageState{}
		}
		s.pages = p
	}
	return knownPages{m: s.pages, mu: &s.mu}, nil
}

// snapshotStore is the Store the runs of a backfill's partitions write
// through: it folds what they write of the backfill's source into the
// snapshot and passes everything to the Store behind it.
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

// withSnapshot returns the snapshot of source that the runs of a backfill
// share (Ingester.snapshot), and the Store they write through.
func withSnapshot(inner Store, source string) (*sourceSnapshot, Store) {
	snap := &sourceSnapshot{source: source, inner: inner}
	s := &snapshotStore{Store: inner, snap: snap}
	if r, ok := inner.(Replayer); ok {
		return snap, snapshotReplayer{snapshotStore: s, r: r}
	}
	return snap, s
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
	if s.snap.hashes == nil {
		return err
	}
	for _, a := range articles {
		switch {
		case a.Source != s.snap.source:
		case ok:
			s.snap.hashes[a.ArticleID] = a.ContentHash
		default:
			delete(s.snap.hashes, a.ArticleID)
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
		if s.snap.pages == nil {
			return err
		}
		for _, p := range states {
			if p.Source == s.snap.source {
				s.snap.pages[p.URL] = p
			}
		}
	}
	return err
}
