package schedules

import (
	"context"
	"errors"
	"sync"

	"github.com/newsetl/newsetl/record"
)

// StoryLinker links article versions that were just written with the
// stored versions of the same releases (stories.Linker, which reads and
// writes ClickHouse). Ingester.Run and Reparse.Run call it after each
// write of article versions that reached the Store, not for versions the
// spool kept: once replayed, they are candidates of the next linking in
// their publisher's window, and `newsetl relink` links every stored article.
type StoryLinker interface {
	LinkStories(ctx context.Context, articles []record.Article) error
}

// storyStore is a run's Store that links the article versions of each
// successful WriteVersions. A linking failure is kept, not returned: the
// versions were written, and the run records the failure as an error of
// its own (stories are derived; `newsetl relink` recomputes them).
type storyStore struct {
	Store
	linker StoryLinker
	mu     sync.Mutex
	errs   []error
}

// withStories wraps store when linker is set.
func withStories(store Store, linker StoryLinker) (Store, *storyStore) {
	if linker == nil {
		return store, nil
	}
	s := &storyStore{Store: store, linker: linker}
	return s, s
}

func (s *storyStore) WriteVersions(ctx context.Context, articles []record.Article, facts []record.Fact) error {
	if err := s.Store.WriteVersions(ctx, articles, facts); err != nil {
		return err
	}
	if err := s.linker.LinkStories(ctx, articles); err != nil {
		s.mu.Lock()
		s.errs = append(s.errs, err)
		s.mu.Unlock()
	}
	return nil
}

// err returns the linking failures so far (nil for a nil storyStore).
func (s *storyStore) err() error {
	if s == nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return errors.Join(s.errs...)
}
