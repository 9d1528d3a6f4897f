package load

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/newsetl/newsetl/record"
)

// staleFilter is the WHERE clause and its arguments selecting the latest
// article versions whose facts another parser version made.
func (s *Store) staleFilter(sources []string, since time.Time, parserVersion string) (string, []any) {
	where := []string{"parser_version != ?"}
	args := []any{parserVersion}
	if len(sources) > 0 {
		where = append(where, "source IN ("+strings.TrimSuffix(strings.Repeat("?, ", len(sources)), ", ")+")")
		for _, src := range sources {
			args = append(args, src)
		}
	}
	if !since.IsZero() {
		where = append(where, "published_at >= ?")
		args = append(args, since.UTC())
	}
	return " FROM " + s.db + ".articles_latest WHERE " + strings.Join(where, " AND "), args
}

// CountStaleArticles implements schedules.StoredArticles.
func (s *Store) CountStaleArticles(ctx context.Context, sources []string, since time.Time, parserVersion string) (int, error) {
	from, args := s.staleFilter(sources, since, parserVersion)
	var n uint64
	if err := s.conn.QueryRow(ctx, "SELECT count()"+from, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("counting articles to reparse in %s: %w", s.db, err)
	}
	return int(n), nil
}

// StaleArticles implements schedules.StoredArticles: it streams the
// current version of each matching article (articles_latest) to fn, by
// ranges of months of publication (about staleRangeArticles articles
// each, a reparse batch), oldest first. The facts table is partitioned by that month, and
// an insert writes a part per month it touches: a reparse batch whose
// articles come from a few months costs the server a fraction of one
// spread over years (a reparse of articles all from one month ran 2.5×
// faster than of the same articles spread over eight years).
func (s *Store) StaleArticles(ctx context.Context, sources []string, since time.Time, parserVersion string, fn func(record.Article) error) error {
	from, args := s.staleFilter(sources, since, parserVersion)
	ranges, err := s.staleRanges(ctx, from, args)
	if err != nil {
		return err
	}
	for _, r := range ranges {
		if err := s.staleMonth(ctx, from+" AND toYYYYMM(published_at) BETWEEN ? AND ?", append(slices.Clone(args), r[0], r[1]), fn); err != nil {
			return err
		}
	}
	return nil
}

// staleRangeArticles is about how many articles one range of months that
// StaleArticles reads holds (a reparse batch's default size).
var staleRangeArticles = 5000

// staleRanges splits the months (YYYYMM) of publication of the articles
// the filter selects into ranges [first, last] of consecutive months
// holding about staleRangeArticles articles each, oldest first.
func (s *Store) staleRanges(ctx context.Context, from string, args []any) ([][2]uint32, error) {
	rows, err := s.conn.Query(ctx, "SELECT toYYYYMM(published_at) AS m, count()"+from+" GROUP BY m ORDER BY m", args...)
	if err != nil {
		return nil, fmt.Errorf("listing the months of the articles to reparse in %s: %w", s.db, err)
	}
	defer rows.Close()
	var ranges [][2]uint32
	held := uint64(0) // articles in the last range
	for rows.Next() {
		var m uint32
		var n uint64
		if err := rows.Scan(&m, &n); err != nil {
			return nil, fmt.Errorf("listing the months of the articles to reparse in %s: %w", s.db, err)
		}
		if len(ranges) == 0 || held >= uint64(staleRangeArticles) {
			ranges, held = append(ranges, [2]uint32{m, m}), 0
		}
		ranges[len(ranges)-1][1] = m
		held += n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("listing the months of the articles to reparse in %s: %w", s.db, err)
	}
	return ranges, nil
}

// staleMonth streams the articles of one range's filter to fn.
func (s *Store) staleMonth(ctx context.Context, from string, args []any, fn func(record.Article) error) error {
	rows, err := s.conn.Query(ctx, "SELECT article_id, source, url, title, published_at, lang, body, content_hash, fetched_at, version, date_source, parser_version"+from, args...)
	if err != nil {
		return fmt.Errorf("reading articles to reparse in %s: %w", s.db, err)
	}
	defer rows.Close()
	for rows.Next() {
		var a record.Article
		if err := rows.Scan(&a.ArticleID, &a.Source, &a.URL, &a.Title, &a.PublishedAt, &a.Lang, &a.Body, &a.ContentHash,
			&a.FetchedAt, &a.Version, &a.DateSource, &a.ParserVersion); err != nil {
			return fmt.Errorf("reading articles to reparse in %s: %w", s.db, err)
		}
		if err := fn(a); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("reading articles to reparse in %s: %w", s.db, err)
	}
	return nil
}
