package load

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/newsetl/newsetl/record"
	"github.com/newsetl/newsetl/stories"
)

// The Store is the story linker's store.
var _ stories.Store = (*Store)(nil)

// idsPerQuery bounds the ids written into one IN list (max_query_size is
// 256 KiB; an id is at most 20 digits).
const idsPerQuery = 5000

// inList formats ids as a SQL list: integers only, nothing to escape.
func inList(ids []uint64) string {
	var b strings.Builder
	b.Grow(len(ids) * 21)
	for i, id := range ids {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.FormatUint(id, 10))
	}
	return b.String()
}

// eachIDs calls fn with ids in slices of at most idsPerQuery.
func eachIDs(ids []uint64, fn func([]uint64) error) error {
	for start := 0; start < len(ids); start += idsPerQuery {
		if err := fn(ids[start:min(len(ids), start+idsPerQuery)]); err != nil {
			return err
		}
	}
	return nil
}

const storyVersionCols = "SELECT article_id, source, url, published_at FROM "

func (s *Store) scanVersions(ctx context.Context, what, query string, args ...any) ([]stories.Version, error) {
	rows, err := s.conn.Query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("reading %s in %s: %w", what, s.db, err)
	}
	defer rows.Close()
	var out []stories.Version
	for rows.Next() {
		var v stories.Version
		if err := rows.Scan(&v.ArticleID, &v.Source, &v.URL, &v.PublishedAt); err != nil {
			return nil, fmt.Errorf("reading %s in %s: %w", what, s.db, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading %s in %s: %w", what, s.db, err)
	}
	return out, nil
}

// StoryCandidates implements stories.Store.
func (s *Store) StoryCandidates(ctx context.Context, from, to time.Time) ([]stories.Version, error) {
	return s.scanVersions(ctx, fmt.Sprintf("articles published %s to %s", from.UTC().Format(time.DateTime), to.UTC().Format(time.DateTime)),
		storyVersionCols+s.db+".articles_latest WHERE published_at >= ? AND published_at <= ?", from.UTC(), to.UTC())
}

// StoryVersions implements stories.Store.
func (s *Store) StoryVersions(ctx context.Context, ids []uint64) ([]stories.Version, error) {
	var out []stories.Version
	err := eachIDs(ids, func(part []uint64) error {
		vs, err := s.scanVersions(ctx, fmt.Sprintf("%d articles", len(part)),
			storyVersionCols+s.db+".articles_latest WHERE article_id IN ("+inList(part)+")")
		out = append(out, vs...)
		return err
	})
	return out, err
}

// StoryFigures implements stories.Store.
func (s *Store) StoryFigures(ctx context.Context, ids []uint64) (map[uint64][]stories.Figure, error) {
	out := make(map[uint64][]stories.Figure, len(ids))
	err := eachIDs(ids, func(part []uint64) error {
		rows, err := s.conn.Query(ctx, "SELECT article_id, value, kind FROM "+s.db+".facts_latest WHERE article_id IN ("+inList(part)+")")
		if err != nil {
			return fmt.Errorf("reading the facts of %d articles in %s: %w", len(part), s.db, err)
		}
		defer rows.Close()
		for rows.Next() {
			var id uint64
			var f stories.Figure
			if err := rows.Scan(&id, &f.Value, &f.Kind); err != nil {
				return fmt.Errorf("reading the facts of %d articles in %s: %w", len(part), s.db, err)
			}
			out[id] = append(out[id], f)
		}
		return rows.Err()
	})
	return out, err
}

// StoryLinks implements stories.Store: the latest row of each article in
// story_links (argMax by version).
func (s *Store) StoryLinks(ctx context.Context, ids []uint64) (map[uint64]record.StoryLink, error) {
	out := make(map[uint64]record.StoryLink, len(ids))
	err := eachIDs(ids, func(part []uint64) error {
		rows, err := s.conn.Query(ctx, "SELECT article_id, argMax(story_id, version), argMax(publisher, version), argMax(story_rank, version), "+
			"argMax(shared, version), argMax(overlap, version), argMax(rule, version), argMax(linked_at, version), max(version) FROM "+
			s.db+".story_links WHERE article_id IN ("+inList(part)+") GROUP BY article_id")
		if err != nil {
			return fmt.Errorf("reading the story links of %d articles in %s: %w", len(part), s.db, err)
		}
		defer rows.Close()
		for rows.Next() {
			var l record.StoryLink
			if err := rows.Scan(&l.ArticleID, &l.StoryID, &l.Publisher, &l.Rank, &l.Shared, &l.Overlap, &l.Rule, &l.LinkedAt, &l.Version); err != nil {
				return fmt.Errorf("reading the story links of %d articles in %s: %w", len(part), s.db, err)
			}
			out[l.ArticleID] = l
		}
		return rows.Err()
	})
	return out, err
}

// StoryMembers implements stories.Store.
func (s *Store) StoryMembers(ctx context.Context, storyIDs []uint64) ([]uint64, error) {
	var out []uint64
	err := eachIDs(storyIDs, func(part []uint64) error {
		rows, err := s.conn.Query(ctx, "SELECT article_id FROM (SELECT article_id, argMax(story_id, version) AS story FROM "+
			s.db+".story_links GROUP BY article_id) WHERE story IN ("+inList(part)+")")
		if err != nil {
			return fmt.Errorf("reading the members of %d stories in %s: %w", len(part), s.db, err)
		}
		defer rows.Close()
		for rows.Next() {
			var id uint64
			if err := rows.Scan(&id); err != nil {
				return fmt.Errorf("reading the members of %d stories in %s: %w", len(part), s.db, err)
			}
			out = append(out, id)
		}
		return rows.Err()
	})
	return out, err
}

// WriteStoryLinks implements stories.Store.
func (s *Store) WriteStoryLinks(ctx context.Context, links []record.StoryLink) error {
	return s.insert(ctx, "story_links", "article_id, story_id, publisher, story_rank, shared, overlap, rule, linked_at, version",
		len(links), func(i int) []any {
			l := &links[i]
			return []any{l.ArticleID, l.StoryID, l.Publisher, l.Rank, l.Shared, l.Overlap, l.Rule, l.LinkedAt.UTC(), l.Version}
		})
}

// StoryDateRange implements stories.Store.
func (s *Store) StoryDateRange(ctx context.Context) (first, last time.Time, err error) {
	var n uint64
	if err := s.conn.QueryRow(ctx, "SELECT count(), min(published_at), max(published_at) FROM "+s.db+
		".articles_latest WHERE published_at > toDateTime(0)").Scan(&n, &first, &last); err != nil {
		return first, last, fmt.Errorf("reading the publication dates in %s: %w", s.db, err)
	}
	if n == 0 {
		return time.Time{}, time.Time{}, nil
	}
	return first.UTC(), last.UTC(), nil
}
