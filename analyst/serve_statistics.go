package analyst

import (
	"context"
	"fmt"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
)

// StatSeriesKey names one statistics series: what statistics_latest rows of
// one series share.
type StatSeriesKey struct {
	Source, Dataset, Indicator string   // indicator: indicator_code
	DimValues                  []string // in the order of the table's dim_names
}

// StatSeriesSummary is one line of the statistics list: a series with its
// name, dimensions, unit and points (NULL values left out, counted in
// Missing), in date order.
type StatSeriesSummary struct {
	StatSeriesKey
	IndicatorName string
	DimNames      []string
	Unit          string
	Missing       uint64 // periods whose value the source marks missing
	Points        []PeriodValue
}

const statisticsOverviewSQL = `SELECT source, dataset, indicator_code, any(indicator_name), dim_names, dim_values, unit,
		countIf(isNull(value)), groupArrayIf(period_end, isNotNull(value)), groupArrayIf(ifNull(value, 0), isNotNull(value))
	FROM {db}.statistics_latest
	GROUP BY source, dataset, indicator_code, dim_names, dim_values, unit
	ORDER BY source, dataset, indicator_code, dim_values, unit
	LIMIT ?`

// StatisticsOverview reads statistics_latest grouped by series and unit,
// ordered by source, dataset, indicator and dimensions, at most limit series.
func StatisticsOverview(ctx context.Context, conn driver.Conn, db string, limit int) ([]StatSeriesSummary, error) {
	return selectAll(ctx, conn, db, "reading "+db+".statistics_latest", statisticsOverviewSQL, []any{limit},
		func(rows driver.Rows) (s StatSeriesSummary, err error) {
			var dates []time.Time
			var values []float64
			if err := rows.Scan(&s.Source, &s.Dataset, &s.Indicator, &s.IndicatorName, &s.DimNames, &s.DimValues, &s.Unit,
				&s.Missing, &dates, &values); err != nil {
				return s, err
			}
			s.Points = zipPoints(dates, values)
			return s, nil
		})
}

// StatObservation is one current value of a statistics series.
type StatObservation struct {
	IndicatorName string
	DimNames      []string
	PeriodStart   time.Time
	PeriodEnd     time.Time
	Granularity   string
	PeriodText    string
	Value         *float64 // nil: the source marks it missing
	Unit          string
	Raw           string // the cell or field as written
	URL           string
	FirstSeenAt   time.Time
	FetchedAt     time.Time
	Revisions     uint64 // values this period has had (1: never revised)
}

// StatSeriesObservations reads the current observations of one series from
// statistics_latest, by period, with the number of values each period has
// had (distinct value keys in statistics: what statistics_revisions lists,
// counted without its FINAL over the whole table). A series with no row
// gives none and no error.
func StatSeriesObservations(ctx context.Context, conn driver.Conn, db string, key StatSeriesKey) ([]StatObservation, error) {
	dims := strings0(key.DimValues)
	return selectAll(ctx, conn, db, fmt.Sprintf("reading series %s/%s/%s %v from %s.statistics_latest", key.Source, key.Dataset, key.Indicator, key.DimValues, db),
		statSeriesObservationsSQL, []any{key.Source, key.Dataset, key.Indicator, dims, key.Source, key.Dataset, key.Indicator, dims},
		func(rows driver.Rows) (o StatObservation, err error) {
			return o, rows.Scan(&o.IndicatorName, &o.DimNames, &o.PeriodStart, &o.PeriodEnd, &o.Granularity, &o.PeriodText, &o.Value, &o.Unit,
				&o.Raw, &o.URL, &o.FirstSeenAt, &o.FetchedAt, &o.Revisions)
		})
}

const statSeriesObservationsSQL = `SELECT l.indicator_name, l.dim_names, l.period_start, l.period_end, l.granularity, l.period_text, l.value, l.unit,
		l.raw, l.url, l.first_seen_at, l.fetched_at, r.revisions
	FROM (
		SELECT series_key, indicator_name, dim_names, period_start, period_end, granularity, period_text, value, unit, raw, url, first_seen_at, fetched_at
		FROM {db}.statistics_latest
		WHERE source = ? AND dataset = ? AND indicator_code = ? AND dim_values = CAST(? AS Array(String))
	) AS l
	ANY LEFT JOIN (
		SELECT series_key, uniqExact(value_key) AS revisions FROM {db}.statistics
		WHERE source = ? AND dataset = ? AND indicator_code = ? AND dim_values = CAST(? AS Array(String))
		GROUP BY series_key
	) AS r USING series_key
	ORDER BY l.period_end, l.unit`
