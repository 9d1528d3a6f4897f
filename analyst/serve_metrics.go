package analyst

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
)

// PeriodValue is one point of a series: the end of its period and its value.
type PeriodValue struct {
	Date  time.Time
	Value float64
}

// MetricGroup is one line of the metric list (newsetl serve's front page):
// the points of one metric about one entity in one unit and kind, each the
// value of the latest publication for its period across the sources, in
// date order.
type MetricGroup struct {
	Metric, Entity, Unit, Kind string
	Sources                    []string // sorted
	Rows                       uint64   // rows of metric_series behind the points (one per period and source)
	Points                     []PeriodValue
}

// MetricGroups reads metric_series grouped by (metric, entity, unit, kind),
// the groups with the most periods first, at most limit groups. Facts
// without a metric key are left out.
func MetricGroups(ctx context.Context, conn driver.Conn, db string, limit int) ([]MetricGroup, error) {
	q := fmt.Sprintf(`SELECT metric, entity, unit, kind, groupArray(period_end) AS ends, groupArray(v), sum(n), groupUniqArrayArray(srcs)
		FROM (
			SELECT metric, entity, unit, kind, period_end, argMax(value, published_at) AS v, count() AS n, groupUniqArray(source) AS srcs
			FROM %s.metric_series WHERE metric != ''
			GROUP BY metric, entity, unit, kind, period_end
		)
		GROUP BY metric, entity, unit, kind
		ORDER BY length(ends) DESC, metric, entity, unit, kind
		LIMIT ?`, db)
	rows, err := conn.Query(readOnly(ctx), q, limit)
	if err != nil {
		return nil, fmt.Errorf("reading %s.metric_series: %w", db, err)
	}
	defer rows.Close()
	var out []MetricGroup
	for rows.Next() {
		var g MetricGroup
		var dates []time.Time
		var values []float64
		if err := rows.Scan(&g.Metric, &g.Entity, &g.Unit, &g.Kind, &dates, &values, &g.Rows, &g.Sources); err != nil {
			return nil, fmt.Errorf("reading %s.metric_series: %w", db, err)
		}
		g.Points = zipPoints(dates, values)
		sort.Strings(g.Sources)
		out = append(out, g)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading %s.metric_series: %w", db, err)
	}
	return out, nil
}

// MetricFacet is one value of a filter on a metric's page (an entity or a
// source) with the number of metric_series rows it has.
type MetricFacet struct {
	Value string
	Rows  uint64
}

// MetricFacets lists the entities and the sources that have rows of metric
// in metric_series, each with its row count, sorted by value. A metric
// without rows has neither (the caller answers "not found").
func MetricFacets(ctx context.Context, conn driver.Conn, db, metric string) (entities, sources []MetricFacet, err error) {
	q := fmt.Sprintf(`SELECT 'entity', entity, count() FROM %[1]s.metric_series WHERE metric = ? GROUP BY entity
		UNION ALL
		SELECT 'source', source, count() FROM %[1]s.metric_series WHERE metric = ? GROUP BY source`, db)
	rows, err := conn.Query(readOnly(ctx), q, metric, metric)
	if err != nil {
		return nil, nil, fmt.Errorf("reading the entities and sources of metric %q in %s.metric_series: %w", metric, db, err)
	}
	defer rows.Close()
	for rows.Next() {
		var which string
		var f MetricFacet
		if err := rows.Scan(&which, &f.Value, &f.Rows); err != nil {
			return nil, nil, fmt.Errorf("reading the entities and sources of metric %q: %w", metric, err)
		}
		if which == "entity" {
			entities = append(entities, f)
		} else {
			sources = append(sources, f)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("reading the entities and sources of metric %q: %w", metric, err)
	}
	byValue := func(fs []MetricFacet) {
		sort.Slice(fs, func(i, j int) bool { return fs[i].Value < fs[j].Value })
	}
	byValue(entities)
	byValue(sources)
	return entities, sources, nil
}

// zipPoints pairs dates with values and sorts them by date.
func zipPoints(dates []time.Time, values []float64) []PeriodValue {
	n := min(len(dates), len(values))
	pts := make([]PeriodValue, n)
	for i := range n {
		pts[i] = PeriodValue{Date: dates[i], Value: values[i]}
	}
	sort.SliceStable(pts, func(i, j int) bool { return pts[i].Date.Before(pts[j].Date) })
	return pts
}
