package serve

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/newsetl/newsetl/analyst"
	"github.com/newsetl/newsetl/chart"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// pageNames are the page templates; each defines "content" and is parsed
// with templates/layout.html.
var pageNames = []string{"metrics", "metric", "statistics", "series", "sources", "error"}

// pages holds one parsed template set per page.
type pages struct{ sets map[string]*template.Template }

var funcs = template.FuncMap{
	"value": chart.FormatValue,
	"date": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format(time.DateOnly)
	},
	"datetime": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format("2006-01-02 15:04 UTC")
	},
	"percent":   func(f float64) string { return fmt.Sprintf("%.1f%%", 100*f) },
	"join":      strings.Join,
	"deref":     func(f *float64) float64 { return *f },
	"metricURL": metricURL,
}

func parsePages() (*pages, error) {
	layout, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html")
	if err != nil {
		return nil, fmt.Errorf("serve: parsing templates/layout.html: %w", err)
	}
	p := &pages{sets: map[string]*template.Template{}}
	for _, name := range pageNames {
		t, err := template.Must(layout.Clone()).ParseFS(templateFS, "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("serve: parsing templates/%s.html: %w", name, err)
		}
		p.sets[name] = t
	}
	return p, nil
}

// view is what every page template gets: the page's title, the database
// and the page's own data.
type view struct {
	Title string
	DB    string
	Nav   string // the menu entry to mark: metrics, statistics, sources
	Data  any
}

// render writes page name with data, or an error page when the template
// fails (the page is rendered to a buffer first, so nothing half-written
// goes out).
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, v view) {
	v.DB = s.opt.DB
	var buf bytes.Buffer
	if err := s.pages.sets[name].ExecuteTemplate(&buf, "layout", v); err != nil {
		s.errorPage(w, r, http.StatusInternalServerError, "This page could not be rendered.", fmt.Errorf("rendering %s: %w", name, err))
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// errorView is the data of the error page.
type errorView struct {
	Status    int
	StatusMsg string
	Message   string
	RequestID string
}

// errorPage logs err (a server error at level Error, anything else at
// Info) with a request id, and writes an error page with the status, the
// message for the reader and the id (not err: it may name internals).
func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, status int, msg string, err error) {
	id := requestID()
	level := slog.LevelInfo
	if status >= 500 {
		level = slog.LevelError
	}
	attrs := []any{"status", status, "method", r.Method, "path", r.URL.Path, "query", r.URL.RawQuery, "request_id", id}
	if err != nil {
		attrs = append(attrs, "err", err)
	}
	s.log.Log(r.Context(), level, "serve: "+msg, attrs...)
	var buf bytes.Buffer
	ev := errorView{Status: status, StatusMsg: http.StatusText(status), Message: msg, RequestID: id}
	if terr := s.pages.sets["error"].ExecuteTemplate(&buf, "layout", view{Title: http.StatusText(status), DB: s.opt.DB, Data: ev}); terr != nil {
		s.log.Error("serve: rendering the error page", "err", terr, "request_id", id)
		http.Error(w, fmt.Sprintf("%d %s (request %s)", status, http.StatusText(status), id), status)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// metricURL is the address of a metric's page, narrowed to an entity when
// entity is not nil.
func metricURL(metric string, entity ...string) string {
	u := "/metric/" + url.PathEscape(metric)
	if len(entity) > 0 {
		u += "?" + url.Values{"entity": {entity[0]}}.Encode()
	}
	return u
}

// svg renders c's plot as inline SVG for a page, without the points
// table (the page lists the facts behind each point itself). The SVG comes
// from package chart, which escapes every text it draws, so it is trusted
// as HTML.
func svg(c chart.Chart) (template.HTML, error) {
	var b bytes.Buffer
	if err := chart.RenderPlot(&b, c); err != nil {
		return "", err
	}
	return template.HTML(b.String()), nil
}

// sparkline renders s as a small inline SVG (package chart escapes its
// title).
func sparkline(s chart.Series) (template.HTML, error) {
	var b bytes.Buffer
	if err := chart.Sparkline(&b, s, 160, 28); err != nil {
		return "", err
	}
	return template.HTML(b.String()), nil
}

// periodSparkline draws the sparkline of a list's line (named name) and
// returns its last point; no point draws nothing and is no error.
func periodSparkline(name string, points []analyst.PeriodValue) (last analyst.PeriodValue, spark template.HTML, err error) {
	if len(points) == 0 {
		return last, "", nil
	}
	pts := make([]chart.Point, len(points))
	for i, p := range points {
		pts[i] = chart.Point{X: p.Date, Y: p.Value}
	}
	spark, err = sparkline(chart.Series{Name: name, Points: pts})
	return points[len(points)-1], spark, err
}
