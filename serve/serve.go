// Package serve is newsetl's read-only web page for browsing what was
// loaded: the metrics with sparklines (view metric_series), a metric's page
// with its chart and the facts behind each point, the statistics series
// (statistics_latest) and the health of each source.
//
// Pages are rendered on the server with html/template from templates and
// static files embedded in the binary: nothing is fetched from elsewhere,
// and the charts are inline SVG drawn by package chart. Every query goes
// through package analyst with the request's values as bound parameters;
// no SQL is built from a request.
//
// The handler has no login: ListenAndServe refuses an address that is not
// loopback unless told otherwise, and on loopback the handler answers only
// requests whose Host is a loopback name (a page from elsewhere cannot
// reach it by rebinding a DNS name to 127.0.0.1).
package serve

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"

	"github.com/newsetl/newsetl/config"
)

// Options are the settings of a Server. DB names the database (a plain
// identifier: New refuses anything else); Log defaults to
// slog.Default(); QueryTimeout (default DefaultQueryTimeout) bounds each
// page's queries.
type Options struct {
	DB           string
	Log          *slog.Logger
	QueryTimeout time.Duration
	// AnyHost turns off the Host header check (for a server listening on
	// a non-loopback address, where clients name it by its own host).
	AnyHost bool
	// MetricLimit and SeriesLimit bound the front page and the statistics
	// list (defaults 500 and 500).
	MetricLimit, SeriesLimit int
}

// DefaultQueryTimeout bounds the queries of one page.
const DefaultQueryTimeout = 20 * time.Second

// Server renders the pages. It is safe for concurrent use.
type Server struct {
	conn  driver.Conn
	opt   Options
	log   *slog.Logger
	pages *pages
	mux   *http.ServeMux
}

// New returns a Server reading from conn. It parses the embedded templates
// and does no I/O.
func New(conn driver.Conn, opt Options) (*Server, error) {
	if !config.ValidIdentifier(opt.DB) {
		return nil, fmt.Errorf("serve: database name %q is not a plain identifier", opt.DB)
	}
	if opt.Log == nil {
		opt.Log = slog.Default()
	}
	if opt.QueryTimeout <= 0 {
		opt.QueryTimeout = DefaultQueryTimeout
	}
	if opt.MetricLimit <= 0 {
		opt.MetricLimit = 500
	}
	if opt.SeriesLimit <= 0 {
		opt.SeriesLimit = 500
	}
	p, err := parsePages()
	if err != nil {
		return nil, err
	}
	s := &Server{conn: conn, opt: opt, log: opt.Log, pages: p, mux: http.NewServeMux()}
	static, err := fs.Sub(staticFS, "static")
	if err != nil {
		return nil, fmt.Errorf("serve: static files: %w", err)
	}
	s.mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
	s.mux.HandleFunc("GET /{$}", s.handleMetrics)
	s.mux.HandleFunc("GET /metric/{key}", s.handleMetric)
	s.mux.HandleFunc("GET /metric/{key}/chart", s.handleMetricChart)
	s.mux.HandleFunc("GET /statistics", s.handleStatistics)
	s.mux.HandleFunc("GET /statistics/series", s.handleSeries)
	s.mux.HandleFunc("GET /sources", s.handleSources)
	s.mux.HandleFunc("/", s.handleNotFound)
	return s, nil
}

// ServeHTTP checks the Host, sets the security headers and dispatches.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	// The pages load nothing from elsewhere; inline SVG carries style
	// attributes (hence 'unsafe-inline' for styles, never for scripts).
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; script-src 'self'; font-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	if !s.opt.AnyHost && !loopbackHost(r.Host) {
		s.log.Warn("serve: request refused: Host is not a loopback name", "host", r.Host, "path", r.URL.Path, "remote", r.RemoteAddr)
		http.Error(w, "newsetl serve answers only loopback host names (start it with --allow-remote to serve other hosts)", http.StatusMisdirectedRequest)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		s.errorPage(w, r, http.StatusMethodNotAllowed, "This site is read-only: only GET and HEAD are answered.", nil)
		return
	}
	s.mux.ServeHTTP(w, r)
}

// queryContext bounds the queries of one page.
func (s *Server) queryContext(r *http.Request) (context.Context, context.CancelFunc) {
	return context.WithTimeout(r.Context(), s.opt.QueryTimeout)
}

// loopbackHost reports whether host (a Host header, with or without port)
// names the loopback interface: "localhost", a name under ".localhost"
// (RFC 6761) or a loopback IP address.
func loopbackHost(host string) bool {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// requestID is a short random id shown on an error page and logged with
// the error, so an error a reader sees can be found in the log.
func requestID() string {
	var b [6]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
