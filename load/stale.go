package load

import (
	"context"
	"fmt"
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
// current version of each matching article (articles_latest) to fn.
func (s *Store) StaleArticles(ctx context.Context, sources []string, since time.Time, parserVersion string, fn func(record.Article) error) error {
	from, args := s.staleFilter(sources, since, parserVersion)
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
