package analyst

import (
	"context"
	"fmt"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
)

// SourceHealthRow is one row of view source_health: a source's last run,
// its runs and failures, its error rates (errors / (pages fetched +
// errors), over all runs and over the 7 days before its last run) and what
// it holds now.
type SourceHealthRow struct {
	Source          string
	LastRunAt       time.Time
	LastFinishedAt  time.Time
	LastStatus      string // ok, partial, failed
	LastError       string
	LastOKAt        time.Time // zero: never ok
	Runs            uint64
	FailedRuns      uint64
	Errors          uint64
	ErrorRate       float64
	ErrorRate7d     float64
	Articles        uint64
	LatestPublished time.Time
	Facts           uint64
}

// SourceHealth reads view source_health, by source name.
func SourceHealth(ctx context.Context, conn driver.Conn, db string) ([]SourceHealthRow, error) {
	q := fmt.Sprintf(`SELECT source, last_run_at, last_finished_at, last_status, last_error, last_ok_at, runs, failed_runs, errors,
			error_rate, error_rate_7d, articles, latest_published, facts
		FROM %s.source_health
		ORDER BY source`, db)
	rows, err := conn.Query(readOnly(ctx), q)
	if err != nil {
		return nil, fmt.Errorf("reading %s.source_health: %w", db, err)
	}
	defer rows.Close()
	var out []SourceHealthRow
	for rows.Next() {
		var r SourceHealthRow
		if err := rows.Scan(&r.Source, &r.LastRunAt, &r.LastFinishedAt, &r.LastStatus, &r.LastError, &r.LastOKAt, &r.Runs, &r.FailedRuns,
			&r.Errors, &r.ErrorRate, &r.ErrorRate7d, &r.Articles, &r.LatestPublished, &r.Facts); err != nil {
			return nil, fmt.Errorf("reading %s.source_health: %w", db, err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading %s.source_health: %w", db, err)
	}
	return out, nil
}

// SourceDay is one day of a source's runs (view source_health_daily).
type SourceDay struct {
	Day                 time.Time
	Runs, FailedRuns    uint64
	Pages, Errors       uint64
	ErrorRate           float64
	ArticlesWritten     uint64 // new and changed
	FactsWritten        uint64
	ObservationsWritten uint64
}

// SourceHealthDaily reads view source_health_daily: per source, its days
// in date order, at most the last days days before each source's newest.
func SourceHealthDaily(ctx context.Context, conn driver.Conn, db string, days int) (map[string][]SourceDay, error) {
	q := fmt.Sprintf(`SELECT source, day, runs, failed_runs, pages_fetched, errors, error_rate, articles_new + articles_changed,
			facts_written, observations_written
		FROM %s.source_health_daily
		ORDER BY source, day DESC
		LIMIT ? BY source`, db)
	rows, err := conn.Query(readOnly(ctx), q, days)
	if err != nil {
		return nil, fmt.Errorf("reading %s.source_health_daily: %w", db, err)
	}
	defer rows.Close()
	out := map[string][]SourceDay{}
	for rows.Next() {
		var src string
		var d SourceDay
		if err := rows.Scan(&src, &d.Day, &d.Runs, &d.FailedRuns, &d.Pages, &d.Errors, &d.ErrorRate, &d.ArticlesWritten,
			&d.FactsWritten, &d.ObservationsWritten); err != nil {
			return nil, fmt.Errorf("reading %s.source_health_daily: %w", db, err)
		}
		out[src] = append(out[src], d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading %s.source_health_daily: %w", db, err)
	}
	for src, ds := range out { // newest first → date order
		for i, j := 0, len(ds)-1; i < j; i, j = i+1, j-1 {
			ds[i], ds[j] = ds[j], ds[i]
		}
		out[src] = ds
	}
	return out, nil
}
