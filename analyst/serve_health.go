package analyst

import (
	"context"
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

const sourceHealthSQL = `SELECT source, last_run_at, last_finished_at, last_status, last_error, last_ok_at, runs, failed_runs, errors,
		error_rate, error_rate_7d, articles, latest_published, facts
	FROM {db}.source_health
	ORDER BY source`

// SourceHealth reads view source_health, by source name.
func SourceHealth(ctx context.Context, conn driver.Conn, db string) ([]SourceHealthRow, error) {
	return selectAll(ctx, conn, db, "reading "+db+".source_health", sourceHealthSQL, nil,
		func(rows driver.Rows) (r SourceHealthRow, err error) {
			return r, rows.Scan(&r.Source, &r.LastRunAt, &r.LastFinishedAt, &r.LastStatus, &r.LastError, &r.LastOKAt, &r.Runs, &r.FailedRuns,
				&r.Errors, &r.ErrorRate, &r.ErrorRate7d, &r.Articles, &r.LatestPublished, &r.Facts)
		})
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

const sourceHealthDailySQL = `SELECT source, day, runs, failed_runs, pages_fetched, errors, error_rate, articles_new + articles_changed,
		facts_written, observations_written
	FROM {db}.source_health_daily
	ORDER BY source, day DESC
	LIMIT ? BY source`

// SourceHealthDaily reads view source_health_daily: per source, its days
// in date order, at most the last days days before each source's newest.
func SourceHealthDaily(ctx context.Context, conn driver.Conn, db string, days int) (map[string][]SourceDay, error) {
	type sourceDay struct {
		source string
		SourceDay
	}
	all, err := selectAll(ctx, conn, db, "reading "+db+".source_health_daily", sourceHealthDailySQL, []any{days},
		func(rows driver.Rows) (d sourceDay, err error) {
			return d, rows.Scan(&d.source, &d.Day, &d.Runs, &d.FailedRuns, &d.Pages, &d.Errors, &d.ErrorRate, &d.ArticlesWritten,
				&d.FactsWritten, &d.ObservationsWritten)
		})
	if err != nil {
		return nil, err
	}
	out := map[string][]SourceDay{}
	for i := len(all) - 1; i >= 0; i-- { // newest first → date order
		out[all[i].source] = append(out[all[i].source], all[i].SourceDay)
	}
	return out, nil
}
