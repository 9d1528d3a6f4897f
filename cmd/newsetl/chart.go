package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"

	"github.com/newsetl/newsetl/analyst"
	"github.com/newsetl/newsetl/chart"
	"github.com/newsetl/newsetl/internal/tableprint"
)

// chartFlags are the selections of `newsetl chart`.
type chartFlags struct {
	metric, series                string
	entity, source, unit, dataset string
	units                         []string // --unit given (even ""): that unit only
	from, to                      time.Time
	out, title                    string
	width, height, maxLines       int
}

// cmdChart draws a metric from metric_series (one line per source, and per
// entity when several) or a statistics series from statistics_latest (one
// line per source and dimensions) to a PNG, SVG or HTML file, and prints
// the points with the publication behind each to stdout.
func cmdChart(ctx context.Context, e *env, args []string) error {
	f := newFlags(e, "chart")
	var c chartFlags
	f.StringVar(&c.metric, "metric", "", "metric key (metric_series.metric)")
	f.StringVar(&c.series, "series", "", "statistics series: indicator code or name (statistics_latest)")
	f.StringVar(&c.entity, "entity", "", "only this entity (--metric)")
	f.StringVar(&c.source, "source", "", "only this source")
	f.StringVar(&c.unit, "unit", "", "only values in this unit (needed when the selection has several; '' for counts without a unit)")
	f.StringVar(&c.dataset, "dataset", "", "only this dataset (--series)")
	from := f.String("from", "", "first period end to draw, YYYY-MM-DD")
	to := f.String("to", "", "last period end to draw, YYYY-MM-DD")
	f.StringVar(&c.out, "out", "", "output file: .png, .svg or .html")
	f.StringVar(&c.title, "title", "", "chart title (default: the metric or the indicator)")
	f.IntVar(&c.width, "width", chart.DefaultWidth, "plot width in pixels")
	f.IntVar(&c.height, "height", chart.DefaultHeight, "plot height in pixels (PNG and SVG add the points table below)")
	f.IntVar(&c.maxLines, "max-lines", 12, "refuse to draw more lines than this (narrow with --source, --entity, --dataset)")
	if err := f.parse(e, args); err != nil {
		return err
	}
	f.Visit(func(fl *flag.Flag) {
		if fl.Name == "unit" {
			c.units = []string{c.unit}
		}
	})
	format, err := c.check(*from, *to)
	if err != nil {
		return usageError{err}
	}
	cfg, conn, err := openReadOnly(ctx, e, f.config)
	if err != nil {
		return err
	}
	defer conn.Close()
	db := cfg.ClickHouse.Database
	var ch chart.Chart
	if c.metric != "" {
		ch, err = metricChart(ctx, conn, db, c)
	} else {
		ch, err = seriesChart(ctx, conn, db, c, e)
	}
	if err != nil {
		return err
	}
	if len(ch.Series) > c.maxLines {
		names := make([]string, 0, 6)
		for _, s := range ch.Series[:min(6, len(ch.Series))] {
			names = append(names, s.Name)
		}
		return fmt.Errorf("the selection makes %d lines (%s, …), more than --max-lines %d: narrow it with --source, --entity or --dataset, or raise --max-lines",
			len(ch.Series), quoted(names), c.maxLines)
	}
	ch.Width, ch.Height = c.width, c.height
	if c.title != "" {
		ch.Title = c.title
	}
	if err := writeChart(c.out, format, ch); err != nil {
		return err
	}
	n := 0
	for _, s := range ch.Series {
		n += len(s.Points)
	}
	fmt.Fprintf(e.stderr, "newsetl chart: wrote %s (%d %s, %d %s)\n", c.out, n, plural(n, "point", "points"), len(ch.Series), plural(len(ch.Series), "line", "lines"))
	return pointsTable(ch).Text(e.stdout)
}

// check validates the flags without I/O and returns the output format.
func (c *chartFlags) check(from, to string) (string, error) {
	if (c.metric == "") == (c.series == "") {
		return "", errors.New("give one of --metric KEY or --series KEY")
	}
	if c.metric != "" && c.dataset != "" {
		return "", errors.New("--dataset goes with --series")
	}
	if c.series != "" && c.entity != "" {
		return "", errors.New("--entity goes with --metric")
	}
	if c.out == "" {
		return "", errors.New("--out FILE.png|.svg|.html is required")
	}
	if c.width < 100 || c.width > 8000 || c.height < 100 || c.height > 8000 {
		return "", fmt.Errorf("--width %d --height %d: each from 100 to 8000 pixels", c.width, c.height)
	}
	if c.maxLines < 1 {
		return "", fmt.Errorf("--max-lines %d: want 1 or more", c.maxLines)
	}
	format := strings.TrimPrefix(strings.ToLower(filepath.Ext(c.out)), ".")
	switch format {
	case "png", "svg", "html":
	case "htm":
		format = "html"
	default:
		return "", fmt.Errorf("--out %s: the name must end in .png, .svg or .html", c.out)
	}
	for _, d := range []struct {
		flag, s string
		t       *time.Time
	}{{"from", from, &c.from}, {"to", to, &c.to}} {
		if d.s == "" {
			continue
		}
		t, err := time.Parse(time.DateOnly, d.s)
		if err != nil {
			return "", fmt.Errorf("--%s %q: want YYYY-MM-DD", d.flag, d.s)
		}
		*d.t = t
	}
	if !c.from.IsZero() && !c.to.IsZero() && c.to.Before(c.from) {
		return "", fmt.Errorf("--to %s is before --from %s", to, from)
	}
	return format, nil
}

// metricChart reads the metric's rows and makes one line per source (per
// entity and source when the rows name several entities).
func metricChart(ctx context.Context, conn driver.Conn, db string, c chartFlags) (chart.Chart, error) {
	filter := analyst.Filter{Metric: c.metric, Entity: c.entity, Source: c.source, Units: c.units, From: c.from, To: c.to}
	rows, err := analyst.MetricSeries(ctx, conn, db, filter)
	if err != nil {
		return chart.Chart{}, err
	}
	if len(rows) == 0 {
		return chart.Chart{}, noMetricPoints(ctx, conn, db, filter)
	}
	units, entities, sources := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, r := range rows {
		units[r.Unit], entities[r.Entity], sources[r.Source] = true, true, true
	}
	if len(units) > 1 {
		return chart.Chart{}, mixedUnits(filter.String(), units)
	}
	ch := chart.Chart{Title: c.metric, Unit: rows[0].Unit, XLabel: "period end", YLabel: c.metric}
	if len(entities) == 1 && rows[0].Entity != "" {
		ch.Title += " — " + rows[0].Entity
	}
	if len(sources) == 1 {
		ch.Title += " — " + rows[0].Source
	}
	for _, r := range rows {
		var parts []string
		if len(sources) > 1 {
			parts = append(parts, r.Source)
		}
		if len(entities) > 1 {
			parts = append(parts, entityName(r.Entity))
		}
		ch.Add(lineName(parts, r.Source), chart.Point{X: r.PeriodEnd, Y: r.Value, Label: r.Publication()})
	}
	return ch, nil
}

// lineName names a chart line by the parts that tell the lines apart, or by
// its source when there is none (one line).
func lineName(parts []string, source string) string {
	if len(parts) == 0 {
		return source
	}
	return strings.Join(parts, " · ")
}

// entityName shows the empty entity (a figure about no named entity).
func entityName(e string) string {
	if e == "" {
		return "(no entity)"
	}
	return e
}

// noMetricPoints explains an empty selection: an unknown metric with the
// close keys, or a known one with what it does have.
func noMetricPoints(ctx context.Context, conn driver.Conn, db string, f analyst.Filter) error {
	ms, err := analyst.Metrics(ctx, conn, db)
	if err != nil {
		return fmt.Errorf("no points for %s (and listing the metrics failed: %w)", f, err)
	}
	var all []string
	for _, m := range ms {
		if m.Metric == f.Metric {
			return fmt.Errorf("no points for %s in %s.metric_series: the metric has %d rows with period ends %s to %s from sources %s in units %s",
				f, db, m.Rows, m.First.Format(time.DateOnly), m.Last.Format(time.DateOnly), quoted(m.Sources), quoted(m.Units))
		}
		all = append(all, m.Metric)
	}
	msg := fmt.Sprintf("unknown metric %q: %s.metric_series has %d metrics", f.Metric, db, len(all))
	if close := analyst.Closest(all, f.Metric, 8); len(close) > 0 {
		msg += "; close: " + quoted(close)
	}
	return errors.New(msg + " (list them: newsetl query 'SELECT metric, count() FROM metric_series GROUP BY metric ORDER BY metric')")
}

// seriesChart reads a statistics series and makes one line per source,
// dataset and dimensions. Periods the source marks missing are left out
// and counted on stderr.
func seriesChart(ctx context.Context, conn driver.Conn, db string, c chartFlags, e *env) (chart.Chart, error) {
	filter := analyst.StatFilter{Series: c.series, Source: c.source, Dataset: c.dataset, Units: c.units, From: c.from, To: c.to}
	rows, err := analyst.StatisticsSeries(ctx, conn, db, filter)
	if err != nil {
		return chart.Chart{}, err
	}
	if len(rows) == 0 {
		return chart.Chart{}, noSeriesPoints(ctx, conn, db, filter)
	}
	units, datasets := map[string]bool{}, map[string]map[string]bool{}
	for _, r := range rows {
		units[r.Unit] = true
		if datasets[r.Source] == nil {
			datasets[r.Source] = map[string]bool{}
		}
		datasets[r.Source][r.Dataset] = true
	}
	if len(units) > 1 {
		return chart.Chart{}, mixedUnits(filter.String(), units)
	}
	ch := chart.Chart{Title: rows[0].IndicatorName, Unit: rows[0].Unit, XLabel: "period end", YLabel: rows[0].IndicatorName}
	if len(datasets) == 1 {
		ch.Title += " — " + rows[0].Source
	}
	missing := 0
	for _, r := range rows {
		if r.Value == nil {
			missing++
			continue
		}
		var parts []string
		if len(datasets) > 1 {
			parts = append(parts, r.Source)
		}
		if len(datasets[r.Source]) > 1 {
			parts = append(parts, r.Dataset)
		}
		if dims := strings.Join(r.DimValues, ", "); dims != "" {
			parts = append(parts, dims)
		}
		ch.Add(lineName(parts, r.Source), chart.Point{X: r.PeriodEnd, Y: *r.Value,
			Label: "first seen " + r.FirstSeenAt.UTC().Format(time.DateOnly) + " · " + r.Source + " · " + r.URL})
	}
	if missing > 0 {
		fmt.Fprintf(e.stderr, "newsetl chart: left out %d %s the source marks missing\n", missing, plural(missing, "period", "periods"))
	}
	if len(ch.Series) == 0 {
		return chart.Chart{}, fmt.Errorf("no points for %s in %s.statistics_latest: all %d periods are marked missing by the source", filter, db, missing)
	}
	return ch, nil
}

// noSeriesPoints explains an empty statistics selection.
func noSeriesPoints(ctx context.Context, conn driver.Conn, db string, f analyst.StatFilter) error {
	ins, err := analyst.StatisticsIndicators(ctx, conn, db)
	if err != nil {
		return fmt.Errorf("no points for %s (and listing the indicators failed: %w)", f, err)
	}
	var all []string
	for _, in := range ins {
		if in.Code == f.Series || in.Name == f.Series {
			return fmt.Errorf("no points for %s in %s.statistics_latest: the series has %d rows from sources %s", f, db, in.Rows, quoted(in.Sources))
		}
		all = append(all, in.Code)
		if in.Name != in.Code {
			all = append(all, in.Name)
		}
	}
	msg := fmt.Sprintf("unknown statistics series %q: %s.statistics_latest has %d indicators", f.Series, db, len(ins))
	if close := analyst.Closest(all, f.Series, 8); len(close) > 0 {
		msg += "; close: " + quoted(close)
	}
	return errors.New(msg + " (list them: newsetl query 'SELECT DISTINCT source, indicator_code, indicator_name FROM statistics_latest')")
}

// writeChart renders ch to a temporary file beside path and renames it, so
// a failed render leaves no half-written chart.
func writeChart(path, format string, ch chart.Chart) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if err := chart.Render(tmp, format, ch); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}

// pointsTable lists the chart's points: period, line, value, and the
// publication (or first sighting) with source and URL.
func pointsTable(ch chart.Chart) *tableprint.Table {
	t := &tableprint.Table{
		Header: []string{"PERIOD END", "LINE", "VALUE", "UNIT", "PUBLISHED · SOURCE · URL"},
		Align:  []tableprint.Align{tableprint.Left, tableprint.Left, tableprint.Right},
	}
	for _, s := range ch.Series {
		pts := append([]chart.Point(nil), s.Points...)
		sort.SliceStable(pts, func(i, j int) bool { return pts[i].X.Before(pts[j].X) })
		for _, p := range pts {
			t.Rows = append(t.Rows, []string{p.X.Format(time.DateOnly), s.Name, chart.FormatValue(p.Y), ch.Unit, p.Label})
		}
	}
	return t
}

// mixedUnits refuses to draw values of several units on one axis.
func mixedUnits(what string, units map[string]bool) error {
	return fmt.Errorf("%s has values in %d units (%s): pick one with --unit (--unit '' for counts without a unit)", what, len(units), quoted(keys(units)))
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func quoted(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
