package serve

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strings"

	"github.com/newsetl/newsetl/analyst"
	"github.com/newsetl/newsetl/chart"
)

// seriesRow is one line of the statistics list.
type seriesRow struct {
	analyst.StatSeriesSummary
	URL       string
	Sparkline template.HTML
	Last      analyst.PeriodValue
}

// seriesURL is the address of a series' page.
func seriesURL(k analyst.StatSeriesKey) string {
	q := url.Values{"source": {k.Source}, "dataset": {k.Dataset}, "indicator": {k.Indicator}}
	for _, d := range k.DimValues {
		q.Add("dim", d)
	}
	return "/statistics/series?" + q.Encode()
}

// handleStatistics lists the statistics series with sparklines.
func (s *Server) handleStatistics(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := s.queryContext(r)
	defer cancel()
	list, err := analyst.StatisticsOverview(ctx, s.conn, s.opt.DB, s.opt.SeriesLimit)
	if err != nil {
		s.errorPage(w, r, http.StatusInternalServerError, "The statistics could not be read from ClickHouse.", err)
		return
	}
	rows := make([]seriesRow, 0, len(list))
	for _, st := range list {
		row := seriesRow{StatSeriesSummary: st, URL: seriesURL(st.StatSeriesKey)}
		if row.Last, row.Sparkline, err = periodSparkline(st.IndicatorName, st.Points); err != nil {
			s.errorPage(w, r, http.StatusInternalServerError, "A sparkline could not be drawn.", fmt.Errorf("series %s: %w", row.URL, err))
			return
		}
		rows = append(rows, row)
	}
	s.render(w, r, http.StatusOK, "statistics", view{Title: "Statistics", Nav: "statistics", Data: struct {
		Rows  []seriesRow
		Limit int
	}{rows, s.opt.SeriesLimit}})
}

// seriesView is the data of a series' page.
type seriesView struct {
	Key           analyst.StatSeriesKey
	IndicatorName string
	Dims          []string // "name: value"
	Charts        []template.HTML
	Observations  []analyst.StatObservation
}

// handleSeries is one statistics series: its chart (one per unit) and its
// observations. A series with no row is a 404 page.
func (s *Server) handleSeries(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	key := analyst.StatSeriesKey{Source: q.Get("source"), Dataset: q.Get("dataset"), Indicator: q.Get("indicator"), DimValues: q["dim"]}
	ctx, cancel := s.queryContext(r)
	defer cancel()
	obs, err := analyst.StatSeriesObservations(ctx, s.conn, s.opt.DB, key)
	if err != nil {
		s.errorPage(w, r, http.StatusInternalServerError, "The series could not be read from ClickHouse.", err)
		return
	}
	if len(obs) == 0 {
		s.errorPage(w, r, http.StatusNotFound, fmt.Sprintf("No statistics series %s / %s / %s %s has been loaded.",
			key.Source, key.Dataset, key.Indicator, strings.Join(key.DimValues, ", ")), nil)
		return
	}
	v := seriesView{Key: key, IndicatorName: obs[0].IndicatorName, Observations: obs}
	for i, d := range key.DimValues {
		name := ""
		if i < len(obs[0].DimNames) {
			name = obs[0].DimNames[i]
		}
		v.Dims = append(v.Dims, name+": "+d)
	}
	name := v.IndicatorName
	if len(key.DimValues) > 0 {
		name += " (" + strings.Join(key.DimValues, ", ") + ")"
	}
	byUnit := map[string]int{}
	var charts []chart.Chart
	for _, o := range obs {
		if o.Value == nil {
			continue
		}
		i, ok := byUnit[o.Unit]
		if !ok {
			i = len(charts)
			byUnit[o.Unit] = i
			charts = append(charts, chart.Chart{Title: name, Unit: o.Unit, XLabel: "period end", YLabel: key.Indicator,
				Width: 860, Height: 340, Series: []chart.Series{{Name: key.Source}}})
		}
		label := o.PeriodText + " · first seen " + o.FirstSeenAt.UTC().Format("2006-01-02") + " · " + o.URL
		charts[i].Series[0].Points = append(charts[i].Series[0].Points, chart.Point{X: o.PeriodEnd, Y: *o.Value, Label: label})
	}
	for _, c := range charts {
		h, err := svg(c)
		if err != nil {
			s.errorPage(w, r, http.StatusInternalServerError, "The series' chart could not be drawn.", err)
			return
		}
		v.Charts = append(v.Charts, h)
	}
	s.render(w, r, http.StatusOK, "series", view{Title: name, Nav: "statistics", Data: v})
}
