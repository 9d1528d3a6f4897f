package serve

import (
	"fmt"
	"html/template"
	"net/http"

	"github.com/newsetl/newsetl/analyst"
	"github.com/newsetl/newsetl/chart"
)

// healthDays is how many days of each source's history the sources page
// draws.
const healthDays = 90

// sourceRow is one line of the sources page.
type sourceRow struct {
	analyst.SourceHealthRow
	Days                   int
	WrittenSpark, ErrSpark template.HTML // rows written per day; error rate per day
}

// handleSources is the health of each source (view source_health) with its
// rows written and error rate per day (view source_health_daily).
func (s *Server) handleSources(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := s.queryContext(r)
	defer cancel()
	health, err := analyst.SourceHealth(ctx, s.conn, s.opt.DB)
	if err != nil {
		s.errorPage(w, r, http.StatusInternalServerError, "The source health could not be read from ClickHouse.", err)
		return
	}
	daily, err := analyst.SourceHealthDaily(ctx, s.conn, s.opt.DB, healthDays)
	if err != nil {
		s.errorPage(w, r, http.StatusInternalServerError, "The source history could not be read from ClickHouse.", err)
		return
	}
	rows := make([]sourceRow, 0, len(health))
	for _, h := range health {
		row := sourceRow{SourceHealthRow: h, Days: len(daily[h.Source])}
		if ds := daily[h.Source]; len(ds) > 0 {
			written := chart.Series{Name: h.Source + ": facts and observations written"}
			errRate := chart.Series{Name: h.Source + ": error rate"}
			for _, d := range ds {
				written.Points = append(written.Points, chart.Point{X: d.Day, Y: float64(d.FactsWritten + d.ObservationsWritten)})
				errRate.Points = append(errRate.Points, chart.Point{X: d.Day, Y: d.ErrorRate})
			}
			if row.WrittenSpark, err = sparkline(written); err == nil {
				row.ErrSpark, err = sparkline(errRate)
			}
			if err != nil {
				s.errorPage(w, r, http.StatusInternalServerError, "A sparkline could not be drawn.", fmt.Errorf("source %s: %w", h.Source, err))
				return
			}
		}
		rows = append(rows, row)
	}
	s.render(w, r, http.StatusOK, "sources", view{Title: "Sources", Nav: "sources", Data: struct {
		Rows []sourceRow
		Days int
	}{rows, healthDays}})
}

// handleNotFound answers every address no page has.
func (s *Server) handleNotFound(w http.ResponseWriter, r *http.Request) {
	s.errorPage(w, r, http.StatusNotFound, "There is no page at this address.", nil)
}
