package load

import (
	"context"
	"fmt"

	"github.com/newsetl/newsetl/internal/redact"
	"github.com/newsetl/newsetl/record"
)

// WriteVersions writes the facts, then the articles they belong to. The
// article row is the commit marker: facts_latest shows only facts whose
// version has an article row, so a failure between the two inserts leaves
// nothing visible and the next run writes the article again.
//
// The facts of each article version in articles must all be in facts (a
// version is written whole, in one call): they are also written as the
// version's fact set, which facts_latest reads (load/factsets.go), between
// the facts and the article rows.
func (s *Store) WriteVersions(ctx context.Context, articles []record.Article, facts []record.Fact) error {
	if err := s.WriteFacts(ctx, facts); err != nil {
		return err
	}
	keys, err := s.writeFactSets(ctx, articles, facts)
	if err != nil {
		return err
	}
	return s.writeCommits(ctx, articles, keys)
}

// WriteArticles inserts article rows in batches. They name no fact set of
// their own (set_key is cityHash64(article_id, version), the key of the
// sets Migrate copied from the facts stored before migration 14): use
// WriteVersions to commit facts.
func (s *Store) WriteArticles(ctx context.Context, rows []record.Article) error {
	return s.writeArticles(ctx, rows, nil)
}

// writeArticles inserts article rows in batches, with setKeys[i] as the
// set_key of rows[i] when setKeys is not nil.
func (s *Store) writeArticles(ctx context.Context, rows []record.Article, setKeys []uint64) error {
	cols := "article_id, source, url, title, published_at, lang, body, content_hash, fetched_at, version, date_source, parser_version"
	if setKeys != nil {
		cols += ", set_key"
	}
	return s.insert(ctx, "articles", cols, len(rows), func(i int) []any {
		a := &rows[i]
		row := []any{a.ArticleID, a.Source, redact.String(a.URL), a.Title, a.PublishedAt.UTC(), a.Lang, a.Body, a.ContentHash, a.FetchedAt.UTC(), a.Version, a.DateSource, a.ParserVersion}
		if setKeys != nil {
			row = append(row, setKeys[i])
		}
		return row
	})
}

// WriteRun records one run and its errors.
func (s *Store) WriteRun(ctx context.Context, r record.Run, errs []record.RunError) error {
	if err := s.insert(ctx, "ingest_runs",
		"run_id, source, kind, started_at, finished_at, status, pages_fetched, articles_new, articles_changed, "+
			"articles_unchanged, pages_not_modified, pages_unchanged, facts_written, observations_written, observations_revised, "+
			"observations_unchanged, errors, first_error, pages_blocked, rows_spooled, rows_replayed, charset_mismatches",
		1, func(int) []any {
			return []any{r.RunID, r.Source, r.Kind, r.StartedAt.UTC(), r.FinishedAt.UTC(), r.Status, r.PagesFetched,
				r.ArticlesNew, r.ArticlesChanged, r.ArticlesUnchanged, r.PagesNotModified, r.PagesUnchanged,
				r.FactsWritten, r.ObservationsWritten, r.ObservationsRevised, r.ObservationsUnchanged, r.Errors, redact.String(r.FirstError), r.PagesBlocked,
				r.RowsSpooled, r.RowsReplayed, r.CharsetMismatches}
		}); err != nil {
		return fmt.Errorf("recording run %s of %s: %w", r.RunID, r.Source, err)
	}
	if err := s.insert(ctx, "ingest_errors", "run_id, source, url, at, error", len(errs), func(i int) []any {
		e := &errs[i]
		return []any{e.RunID, e.Source, redact.String(e.URL), e.At.UTC(), redact.String(e.Error)}
	}); err != nil {
		return fmt.Errorf("recording errors of run %s of %s: %w", r.RunID, r.Source, err)
	}
	return nil
}

// ArticleHashes returns, for each article of source, the content hash of its
// latest stored version: what the pipeline compares against to skip
// unchanged articles.
func (s *Store) ArticleHashes(ctx context.Context, source string) (map[uint64]string, error) {
	rows, err := s.conn.Query(ctx,
		"SELECT article_id, argMax(content_hash, version) FROM "+s.db+".articles WHERE source = ? GROUP BY article_id", source)
	if err != nil {
		return nil, fmt.Errorf("reading stored articles of %s: %w", source, err)
	}
	defer rows.Close()
	out := map[uint64]string{}
	for rows.Next() {
		var id uint64
		var h string
		if err := rows.Scan(&id, &h); err != nil {
			return nil, fmt.Errorf("reading stored articles of %s: %w", source, err)
		}
		out[id] = h
	}
	return out, rows.Err()
}

// ArticleSources returns the sources holding an article with this id.
func (s *Store) ArticleSources(ctx context.Context, articleID uint64) ([]string, error) {
	rows, err := s.conn.Query(ctx,
		"SELECT DISTINCT source FROM "+s.db+".articles WHERE article_id = ? ORDER BY source", articleID)
	if err != nil {
		return nil, fmt.Errorf("reading the sources of article %d: %w", articleID, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var src string
		if err := rows.Scan(&src); err != nil {
			return nil, fmt.Errorf("reading the sources of article %d: %w", articleID, err)
		}
		out = append(out, src)
	}
	return out, rows.Err()
}

func boolToUInt8(b bool) uint8 {
	if b {
		return 1
	}
	return 0
}
