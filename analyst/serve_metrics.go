package analyst

import (
	"context"
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

const metricGroupsSQL = `SELECT metric, entity, unit, kind, groupArray(period_end) AS ends, groupArray(v), sum(n), groupUniqArrayArray(srcs)
	FROM (
		SELECT metric, entity, unit, kind, period_end, argMax(value, published_at) AS v, count() AS n, groupUniqArray(source) AS srcs
		FROM {db}.metric_series WHERE metric != ''
		GROUP BY metric, entity, unit, kind, period_end
	)
	GROUP BY metric, entity, unit, kind
	ORDER BY length(ends) DESC, metric, entity, unit, kind
	LIMIT ?`

// MetricGroups reads metric_series grouped by (metric, entity, unit, kind),
// the groups with the most periods first, at most limit groups. Facts
// without a metric key are left out.
func MetricGroups(ctx context.Context, conn driver.Conn, db string, limit int) ([]MetricGroup, error) {
	return selectAll(ctx, conn, db, "reading "+db+".metric_series", metricGroupsSQL, []any{limit},
		func(rows driver.Rows) (g MetricGroup, err error) {
			var dates []time.Time
			var values []float64
			if err := rows.Scan(&g.Metric, &g.Entity, &g.Unit, &g.Kind, &dates, &values, &g.Rows, &g.Sources); err != nil {
				return g, err
			}
			g.Points = zipPoints(dates, values)
			sort.Strings(g.Sources)
			return g, nil
		})
}

// MetricFacet is one value of a filter on a metric's page (an entity or a
// source) with the number of metric_series rows it has.
type MetricFacet struct {
	Value string
	Rows  uint64
}

const metricFacetsSQL = `SELECT 'entity', entity, count() FROM {db}.metric_series WHERE metric = ? GROUP BY entity
	UNION ALL
	SELECT 'source', source, count() FROM {db}.metric_series WHERE metric = ? GROUP BY source`

// MetricFacets lists the entities and the sources that have rows of metric
// in metric_series, each with its row count, sorted by value. A metric
// without rows has neither (the caller answers "not found").
func MetricFacets(ctx context.Context, conn driver.Conn, db, metric string) (entities, sources []MetricFacet, err error) {
	type facet struct {
		which string
		MetricFacet
	}
	all, err := selectAll(ctx, conn, db, "reading the entities and sources of metric "+quote(metric)+" in "+db+".metric_series",
		metricFacetsSQL, []any{metric, metric},
		func(rows driver.Rows) (f facet, err error) {
			return f, rows.Scan(&f.which, &f.Value, &f.Rows)
		})
	if err != nil {
		return nil, nil, err
	}
	sort.Slice(all, func(i, j int) bool { return all[i].Value < all[j].Value })
	for _, f := range all {
		if f.which == "entity" {
			entities = append(entities, f.MetricFacet)
		} else {
			sources = append(sources, f.MetricFacet)
		}
	}
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
