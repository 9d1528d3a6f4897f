package analyst

import (
	"context"
	"fmt"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
)

// MetricSummary is one metric key of metric_series with what it covers.
type MetricSummary struct {
	Metric        string
	Rows          uint64   // rows of metric_series (one per entity, period and source)
	Entities      uint64   // distinct entities ("" counts as one)
	Sources       []string // sorted
	Units         []string // sorted
	First, Last   time.Time
	LastPublished time.Time
}

// Metrics lists the metric keys of metric_series (rows with an empty key
// left out), by key.
func Metrics(ctx context.Context, conn driver.Conn, db string) ([]MetricSummary, error) {
	q := fmt.Sprintf(`SELECT metric, count(), uniqExact(entity), arraySort(groupUniqArray(source)), arraySort(groupUniqArray(unit)),
			min(period_end), max(period_end), max(published_at)
		FROM %s.metric_series WHERE metric != ''
		GROUP BY metric ORDER BY metric`, db)
	rows, err := conn.Query(readOnly(ctx), q)
	if err != nil {
		return nil, fmt.Errorf("reading the metrics of %s.metric_series: %w", db, err)
	}
	defer rows.Close()
	var out []MetricSummary
	for rows.Next() {
		var m MetricSummary
		if err := rows.Scan(&m.Metric, &m.Rows, &m.Entities, &m.Sources, &m.Units, &m.First, &m.Last, &m.LastPublished); err != nil {
			return nil, fmt.Errorf("reading the metrics of %s.metric_series: %w", db, err)
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading the metrics of %s.metric_series: %w", db, err)
	}
	return out, nil
}

// Filter selects rows of metric_series: Metric exactly; Entity and Source
// exactly when not empty (empty: any); the unit among Units when Units is
// not empty ([]string{""}: counts written without a unit); period_end
// within From..To, both inclusive, when not zero.
type Filter struct {
	Metric, Entity, Source string
	Units                  []string
	From, To               time.Time
}

// String describes the filter for messages, e.g.
// `metric "beds" source "nbs" from 2020-01-01`.
func (f Filter) String() string {
	s := fmt.Sprintf("metric %q", f.Metric)
	for _, kv := range [][2]string{{"entity", f.Entity}, {"source", f.Source}} {
		if kv[1] != "" {
			s += fmt.Sprintf(" %s %q", kv[0], kv[1])
		}
	}
	for _, u := range f.Units {
		s += fmt.Sprintf(" unit %q", u)
	}
	if !f.From.IsZero() {
		s += " from " + f.From.Format(time.DateOnly)
	}
	if !f.To.IsZero() {
		s += " to " + f.To.Format(time.DateOnly)
	}
	return s
}

// SeriesRow is one row of metric_series: the value of a metric for one
// entity, period and source as the latest publication gives it, with the
// fact behind it.
type SeriesRow struct {
	Metric, Entity    string
	PeriodEnd         time.Time
	PeriodGranularity string
	Source            string
	Value             float64
	Unit, Kind        string
	Figure, Sentence  string
	URL, Title        string
	PublishedAt       time.Time
	Lang              string
	ArticleID, FactID uint64
}

// MetricSeries reads the rows of metric_series that f selects, ordered by
// entity, unit, source and period. No row is no error.
func MetricSeries(ctx context.Context, conn driver.Conn, db string, f Filter) ([]SeriesRow, error) {
	if f.Metric == "" {
		return nil, fmt.Errorf("reading %s.metric_series: no metric given", db)
	}
	q := fmt.Sprintf(`SELECT metric, entity, period_end, period_granularity, source, value, unit, kind, figure, sentence, url, title,
			published_at, lang, article_id, fact_id
		FROM %s.metric_series
		WHERE metric = ? AND (? = '' OR entity = ?) AND (? = '' OR source = ?) AND (? = 0 OR has(CAST(? AS Array(String)), unit))
			AND period_end >= toDate(?) AND period_end <= toDate(?)
		ORDER BY entity, unit, source, period_end, published_at`, db)
	from, to := dateBounds(f.From, f.To)
	units := f.Units
	if units == nil {
		units = []string{}
	}
	rows, err := conn.Query(readOnly(ctx), q, f.Metric, f.Entity, f.Entity, f.Source, f.Source, len(units), units, from, to)
	if err != nil {
		return nil, fmt.Errorf("reading %s from %s.metric_series: %w", f, db, err)
	}
	defer rows.Close()
	var out []SeriesRow
	for rows.Next() {
		var r SeriesRow
		if err := rows.Scan(&r.Metric, &r.Entity, &r.PeriodEnd, &r.PeriodGranularity, &r.Source, &r.Value, &r.Unit, &r.Kind,
			&r.Figure, &r.Sentence, &r.URL, &r.Title, &r.PublishedAt, &r.Lang, &r.ArticleID, &r.FactID); err != nil {
			return nil, fmt.Errorf("reading %s from %s.metric_series: %w", f, db, err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading %s from %s.metric_series: %w", f, db, err)
	}
	return out, nil
}

// dateBounds turns optional From/To into the dates bound in queries: the
// zero time means no bound (1970-01-01 and 2105-12-31, ClickHouse Date's
// range).
func dateBounds(from, to time.Time) (string, string) {
	lo, hi := "1970-01-01", "2105-12-31"
	if !from.IsZero() {
		lo = from.Format(time.DateOnly)
	}
	if !to.IsZero() {
		hi = to.Format(time.DateOnly)
	}
	return lo, hi
}
