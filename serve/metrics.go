package serve

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"sort"

	"github.com/newsetl/newsetl/analyst"
	"github.com/newsetl/newsetl/chart"
)

// metricRow is one line of the front page.
type metricRow struct {
	analyst.MetricGroup
	Sparkline template.HTML
	Last      analyst.PeriodValue
}

// handleMetrics is the front page: every metric (by entity and unit) with
// a sparkline of its points.
func (s *Server) handleMetrics(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := s.queryContext(r)
	defer cancel()
	groups, err := analyst.MetricGroups(ctx, s.conn, s.opt.DB, s.opt.MetricLimit)
	if err != nil {
		s.errorPage(w, r, http.StatusInternalServerError, "The metrics could not be read from ClickHouse.", err)
		return
	}
	rows := make([]metricRow, 0, len(groups))
	for _, g := range groups {
		row := metricRow{MetricGroup: g}
		if row.Last, row.Sparkline, err = periodSparkline(g.Metric, g.Points); err != nil {
			s.errorPage(w, r, http.StatusInternalServerError, "A sparkline could not be drawn.", fmt.Errorf("metric %q: %w", g.Metric, err))
			return
		}
		rows = append(rows, row)
	}
	s.render(w, r, http.StatusOK, "metrics", view{Title: "Metrics", Nav: "metrics", Data: struct {
		Rows  []metricRow
		Limit int
	}{rows, s.opt.MetricLimit}})
}

// metricChart is one chart of a metric's page: the points of one entity in
// one unit, one line per source.
type metricChart struct {
	Entity, Unit string
	SVG          template.HTML
}

// metricView is the data of a metric's page.
type metricView struct {
	Metric            string
	Entity, Source    string
	HasEntity         bool
	HasSource         bool
	Entities, Sources []analyst.MetricFacet
	Charts            []metricChart
	Facts             []analyst.SeriesRow
	Truncated         bool
	Limit             int
	ChartURL          string // the interactive chart of the same filter
}

// metricFilter is a metric page's filter: the path's metric key and the
// optional entity and source query parameters, at most factLimit+1 rows
// (one more tells the page it was cut). A parameter absent or "*" (the
// form's "any") filters nothing; given empty it asks for the empty value
// ("entity=": figures naming no entity, analyst.Filter's ExactEntity).
type metricFilter struct {
	analyst.Filter
	HasEntity, HasSource bool
}

func readMetricFilter(r *http.Request) metricFilter {
	q := r.URL.Query()
	f := metricFilter{Filter: analyst.Filter{Metric: r.PathValue("key"), Limit: factLimit + 1}}
	f.Entity, f.HasEntity = first(q, "entity")
	f.Source, f.HasSource = first(q, "source")
	f.ExactEntity = f.HasEntity && f.Entity == ""
	return f
}

// factLimit bounds the facts of one metric's page.
const factLimit = 5000

// anyValue is the form's "any" choice of an entity or source.
const anyValue = "*"

func first(q map[string][]string, key string) (string, bool) {
	v, ok := q[key]
	if !ok || len(v) == 0 || v[0] == anyValue {
		return "", false
	}
	return v[0], true
}

// metricFacts reads the rows of metric_series that f selects, at most
// factLimit (truncated reports whether there were more).
func (s *Server) metricFacts(ctx context.Context, f metricFilter) (facts []analyst.SeriesRow, truncated bool, err error) {
	rows, err := analyst.MetricSeries(ctx, s.conn, s.opt.DB, f.Filter)
	if err != nil {
		return nil, false, err
	}
	if len(rows) > factLimit {
		return rows[:factLimit], true, nil
	}
	return rows, false, nil
}

// handleMetric is a metric's page: a chart per entity and unit and the
// facts behind each point. An unknown metric is a 404 page.
func (s *Server) handleMetric(w http.ResponseWriter, r *http.Request) {
	f := readMetricFilter(r)
	ctx, cancel := s.queryContext(r)
	defer cancel()
	entities, sources, err := analyst.MetricFacets(ctx, s.conn, s.opt.DB, f.Metric)
	if err != nil {
		s.errorPage(w, r, http.StatusInternalServerError, "The metric could not be read from ClickHouse.", err)
		return
	}
	if len(entities) == 0 && len(sources) == 0 {
		s.errorPage(w, r, http.StatusNotFound, fmt.Sprintf("No metric %q has been loaded.", f.Metric), nil)
		return
	}
	facts, truncated, err := s.metricFacts(ctx, f)
	if err != nil {
		s.errorPage(w, r, http.StatusInternalServerError, "The metric's facts could not be read from ClickHouse.", err)
		return
	}
	charts, err := metricCharts(f.Metric, facts)
	if err != nil {
		s.errorPage(w, r, http.StatusInternalServerError, "The metric's chart could not be drawn.", err)
		return
	}
	v := metricView{Metric: f.Metric, Entity: f.Entity, Source: f.Source, HasEntity: f.HasEntity, HasSource: f.HasSource,
		Entities: entities, Sources: sources, Charts: charts, Facts: facts, Truncated: truncated, Limit: factLimit,
		ChartURL: metricURL(f.Metric) + "/chart"}
	if f.HasEntity || f.HasSource {
		keep := url.Values{}
		if f.HasEntity {
			keep.Set("entity", f.Entity)
		}
		if f.HasSource {
			keep.Set("source", f.Source)
		}
		v.ChartURL += "?" + keep.Encode()
	}
	s.render(w, r, http.StatusOK, "metric", view{Title: f.Metric, Nav: "metrics", Data: v})
}

// metricCharts groups facts (sorted by entity and unit) into one chart per
// entity and unit, with one line per source.
func metricCharts(metric string, facts []analyst.SeriesRow) ([]metricChart, error) {
	var out []metricChart
	for _, c := range groupCharts(metric, facts) {
		svg, err := svg(c.chart)
		if err != nil {
			return nil, fmt.Errorf("metric %q, entity %q, unit %q: %w", metric, c.entity, c.unit, err)
		}
		out = append(out, metricChart{Entity: c.entity, Unit: c.unit, SVG: svg})
	}
	return out, nil
}

type entityChart struct {
	entity, unit string
	chart        chart.Chart
}

// groupCharts builds the charts of a metric's facts: one per entity and
// unit (in the order of facts), one series per source (by name).
func groupCharts(metric string, facts []analyst.SeriesRow) []entityChart {
	var out []entityChart
	index := map[[2]string]int{}
	for _, f := range facts {
		k := [2]string{f.Entity, f.Unit}
		i, ok := index[k]
		if !ok {
			title := metric
			if f.Entity != "" {
				title += " · " + f.Entity
			}
			i = len(out)
			index[k] = i
			out = append(out, entityChart{entity: f.Entity, unit: f.Unit, chart: chart.Chart{
				Title: title, Unit: f.Unit, XLabel: "period end", YLabel: metric, Width: 860, Height: 340}})
		}
		out[i].chart.Add(f.Source, chart.Point{X: f.PeriodEnd, Y: f.Value, Label: f.Publication()})
	}
	for i := range out {
		ss := out[i].chart.Series
		sort.SliceStable(ss, func(a, b int) bool { return ss[a].Name < ss[b].Name })
	}
	return out
}

// handleMetricChart serves a metric's chart as package chart's
// self-contained HTML page (points with their labels on hover), for the
// first entity and unit of the filter.
func (s *Server) handleMetricChart(w http.ResponseWriter, r *http.Request) {
	f := readMetricFilter(r)
	ctx, cancel := s.queryContext(r)
	defer cancel()
	facts, _, err := s.metricFacts(ctx, f)
	if err != nil {
		s.errorPage(w, r, http.StatusInternalServerError, "The metric's facts could not be read from ClickHouse.", err)
		return
	}
	charts := groupCharts(f.Metric, facts)
	if len(charts) == 0 {
		s.errorPage(w, r, http.StatusNotFound, fmt.Sprintf("No metric %q has been loaded for this filter.", f.Metric), nil)
		return
	}
	var b bytes.Buffer
	if err := chart.Render(&b, "html", charts[0].chart); err != nil {
		if errors.Is(err, chart.ErrNoPoints) {
			s.errorPage(w, r, http.StatusNotFound, "The metric has no point to draw.", err)
			return
		}
		s.errorPage(w, r, http.StatusInternalServerError, "The metric's chart could not be drawn.", err)
		return
	}
	// The page's only script is package chart's inline one: allow exactly
	// it by its fixed hash (never a hash of what the page holds), so no
	// other inline script could run, whatever the page carried.
	w.Header().Set("Content-Security-Policy", chartPageCSP)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(b.Bytes())
}

// chartPageCSP is the Content-Security-Policy of a metric's interactive
// chart (package chart's HTML page): its inline styles, data: images, and
// chart.HoverScript, allowed by hash, as its only script.
var chartPageCSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src " + chart.ScriptHash() +
	"; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
