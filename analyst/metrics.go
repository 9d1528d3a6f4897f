package analyst

import (
	"context"
	"fmt"
	"math"
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

const metricsSQL = `SELECT metric, count(), uniqExact(entity), arraySort(groupUniqArray(source)), arraySort(groupUniqArray(unit)),
		min(period_end), max(period_end), max(published_at)
	FROM {db}.metric_series WHERE metric != ''
	GROUP BY metric ORDER BY metric`

// Metrics lists the metric keys of metric_series (rows with an empty key
// left out), by key.
func Metrics(ctx context.Context, conn driver.Conn, db string) ([]MetricSummary, error) {
	return selectAll(ctx, conn, db, "reading the metrics of "+db+".metric_series", metricsSQL, nil,
		func(rows driver.Rows) (m MetricSummary, err error) {
			return m, rows.Scan(&m.Metric, &m.Rows, &m.Entities, &m.Sources, &m.Units, &m.First, &m.Last, &m.LastPublished)
		})
}

// Filter selects rows of metric_series: Metric exactly; Source exactly
// when not empty (empty: any); Entity exactly when not empty, or when
// ExactEntity is set (then "" selects the figures that name no entity),
// else any; the unit among Units when Units is not empty ([]string{""}:
// counts written without a unit); period_end within From..To, both
// inclusive, when not zero; at most Limit rows when Limit > 0.
type Filter struct {
	Metric, Entity, Source string
	ExactEntity            bool
	Units                  []string
	From, To               time.Time
	Limit                  int
}

// String describes the filter for messages, e.g.
// `metric "beds" source "nbs" from 2020-01-01`.
func (f Filter) String() string {
	head := fmt.Sprintf("metric %q", f.Metric)
	if f.ExactEntity && f.Entity == "" {
		head += ` entity ""`
	}
	return describe(head, [][2]string{{"entity", f.Entity}, {"source", f.Source}}, f.Units, f.From, f.To)
}

// describe writes a filter for messages: head, then each key with its
// quoted value when not empty, each unit, from and to.
func describe(head string, kvs [][2]string, units []string, from, to time.Time) string {
	s := head
	for _, kv := range kvs {
		if kv[1] != "" {
			s += fmt.Sprintf(" %s %q", kv[0], kv[1])
		}
	}
	for _, u := range units {
		s += fmt.Sprintf(" unit %q", u)
	}
	if !from.IsZero() {
		s += " from " + from.Format(time.DateOnly)
	}
	if !to.IsZero() {
		s += " to " + to.Format(time.DateOnly)
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

// Publication says where the row's value comes from, for a chart point's
// label: "2024-03-05 · sasac-en · https://…" (publication date in UTC,
// source, article URL).
func (r SeriesRow) Publication() string {
	return r.PublishedAt.UTC().Format(time.DateOnly) + " · " + r.Source + " · " + r.URL
}

const metricSeriesSQL = `SELECT metric, entity, period_end, period_granularity, source, value, unit, kind, figure, sentence, url, title,
		published_at, lang, article_id, fact_id
	FROM {db}.metric_series
	WHERE metric = ? AND (entity = ? OR (? = '' AND ? = 0)) AND (? = '' OR source = ?) AND (? = 0 OR has(CAST(? AS Array(String)), unit))
		AND period_end >= toDate(?) AND period_end <= toDate(?)
	ORDER BY entity, unit, source, period_end, published_at
	LIMIT ?`

// MetricSeries reads the rows of metric_series that f selects, ordered by
// entity, unit, source and period. No row is no error.
func MetricSeries(ctx context.Context, conn driver.Conn, db string, f Filter) ([]SeriesRow, error) {
	what := "reading " + f.String() + " from " + db + ".metric_series"
	if f.Metric == "" {
		return nil, fmt.Errorf("reading %s.metric_series: no metric given", db)
	}
	if f.ExactEntity && f.Entity != "" {
		return nil, fmt.Errorf("%s: ExactEntity goes with an empty Entity", what)
	}
	exact := uint8(0)
	if f.ExactEntity {
		exact = 1
	}
	from, to := dateBounds(f.From, f.To)
	units := strings0(f.Units)
	return selectAll(ctx, conn, db, what, metricSeriesSQL,
		[]any{f.Metric, f.Entity, f.Entity, exact, f.Source, f.Source, len(units), units, from, to, limit(f.Limit)},
		func(rows driver.Rows) (r SeriesRow, err error) {
			return r, rows.Scan(&r.Metric, &r.Entity, &r.PeriodEnd, &r.PeriodGranularity, &r.Source, &r.Value, &r.Unit, &r.Kind,
				&r.Figure, &r.Sentence, &r.URL, &r.Title, &r.PublishedAt, &r.Lang, &r.ArticleID, &r.FactID)
		})
}

// limit is the bound parameter of a LIMIT: n, or no limit for n <= 0.
func limit(n int) uint64 {
	if n <= 0 {
		return math.MaxInt64
	}
	return uint64(n)
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
