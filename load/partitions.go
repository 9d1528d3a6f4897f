package load

import (
	"context"
	"fmt"

	"github.com/newsetl/newsetl/record"
)

// WritePartition records the outcome of one backfill partition.
func (s *Store) WritePartition(ctx context.Context, p record.Partition) error {
	err := s.insert(ctx, "backfill_partitions",
		"source, partition_start, partition_end, status, run_id, articles, facts, finished_at, version",
		1, func(int) []any {
			return []any{p.Source, p.Start.UTC(), p.End.UTC(), p.Status, p.RunID, p.Articles, p.Facts, p.Finished.UTC(), uint64(p.Finished.UnixMilli())}
		})
	if err != nil {
		return fmt.Errorf("recording partition %s..%s of %s: %w", p.Start.Format("2006-01-02"), p.End.Format("2006-01-02"), p.Source, err)
	}
	return nil
}

// DonePartitions returns the partitions of source whose latest record is
// "done", keyed by their start and end days ("2006-01-02/2006-01-02").
func (s *Store) DonePartitions(ctx context.Context, source string) (map[string]bool, error) {
	rows, err := s.conn.Query(ctx, "SELECT toString(partition_start), toString(partition_end), argMax(status, version) AS st FROM "+
		s.db+".backfill_partitions WHERE source = ? GROUP BY partition_start, partition_end HAVING st = ?", source, record.StatusDone)
	if err != nil {
		return nil, fmt.Errorf("reading finished partitions of %s: %w", source, err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var start, end, st string
		if err := rows.Scan(&start, &end, &st); err != nil {
			return nil, fmt.Errorf("reading finished partitions of %s: %w", source, err)
		}
		out[start+"/"+end] = true
	}
	return out, rows.Err()
}

// LastRuns returns the latest run of each source, keyed by source.
func (s *Store) LastRuns(ctx context.Context) (map[string]record.Run, error) {
	rows, err := s.conn.Query(ctx, `SELECT source, argMax(run_id, started_at), argMax(kind, started_at), max(started_at),
		argMax(finished_at, started_at), argMax(status, started_at), argMax(pages_fetched, started_at),
		argMax(articles_new, started_at), argMax(articles_changed, started_at), argMax(articles_unchanged, started_at),
		argMax(facts_written, started_at), argMax(errors, started_at), argMax(first_error, started_at),
		argMax(observations_written, started_at), argMax(observations_revised, started_at), argMax(observations_unchanged, started_at)
		FROM `+s.db+`.ingest_runs GROUP BY source`)
	if err != nil {
		return nil, fmt.Errorf("reading the last runs: %w", err)
	}
	defer rows.Close()
	out := map[string]record.Run{}
	for rows.Next() {
		var r record.Run
		if err := rows.Scan(&r.Source, &r.RunID, &r.Kind, &r.StartedAt, &r.FinishedAt, &r.Status, &r.PagesFetched,
			&r.ArticlesNew, &r.ArticlesChanged, &r.ArticlesUnchanged, &r.FactsWritten, &r.Errors, &r.FirstError,
			&r.ObservationsWritten, &r.ObservationsRevised, &r.ObservationsUnchanged); err != nil {
			return nil, fmt.Errorf("reading the last runs: %w", err)
		}
		out[r.Source] = r
	}
	return out, rows.Err()
}
