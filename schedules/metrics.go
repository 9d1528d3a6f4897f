package schedules

import (
	"net/http"

	"github.com/newsetl/newsetl/record"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics are the daemon's Prometheus metrics, on a registry of their own.
type Metrics struct {
	reg         *prometheus.Registry
	runs        *prometheus.CounterVec
	skipped     *prometheus.CounterVec
	panics      *prometheus.CounterVec
	pages       *prometheus.CounterVec
	articles    *prometheus.CounterVec
	facts       *prometheus.CounterVec
	obs         *prometheus.CounterVec
	errors      *prometheus.CounterVec
	blocked     *prometheus.CounterVec
	mismatches  *prometheus.CounterVec
	duration    *prometheus.HistogramVec
	lastSuccess *prometheus.GaugeVec
	running     *prometheus.GaugeVec
	watched     *watched // robots.txt and spool state, read at each scrape (metrics_watch.go)

	lock *lockMetrics // source locks of daemons sharing a config (metrics_lock.go)
}

// NewMetrics registers newsetl's metrics and the Go runtime's.
func NewMetrics() *Metrics {
	m := &Metrics{reg: prometheus.NewRegistry()}
	counter := func(name, help string, labels ...string) *prometheus.CounterVec {
		c := prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: "newsetl", Name: name, Help: help}, labels)
		m.reg.MustRegister(c)
		return c
	}
	gauge := func(name, help string) *prometheus.GaugeVec {
		g := prometheus.NewGaugeVec(prometheus.GaugeOpts{Namespace: "newsetl", Name: name, Help: help}, []string{"source"})
		m.reg.MustRegister(g)
		return g
	}
	m.runs = counter("runs_total", "Runs finished, by status (ok, partial, failed, stopped).", "source", "status")
	m.skipped = counter("runs_skipped_total", "Scheduled runs skipped because the previous run was still going.", "source")
	m.panics = counter("panics_total", "Runs that panicked (recovered and recorded as failed).", "source")
	m.pages = counter("pages_fetched_total", "Pages fetched over HTTP.", "source")
	m.articles = counter("articles_total", "Articles by state: new and changed ones written (or spooled) by runs whose writes did not fail, unchanged ones seen.", "source", "state")
	m.facts = counter("facts_written_total", "Fact rows written to ClickHouse.", "source")
	m.obs = counter("observations_total", "Statistics observations, by state (written: new or revised, revised, unchanged: skipped).", "source", "state")
	m.errors = counter("errors_total", "Errors recorded by runs (failed pages, failed sources).", "source")
	m.blocked = counter("pages_blocked_total", "Pages the site refused (403, 412, 429) or answered with a challenge page.", "source")
	m.mismatches = counter("charset_mismatches_total", "Article pages whose header or <meta> declared a legacy charset over UTF-8 bytes (read as UTF-8).", "source")
	m.duration = prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: "newsetl", Name: "run_duration_seconds",
		Help: "Duration of runs.", Buckets: prometheus.ExponentialBuckets(0.1, 2, 14)}, []string{"source"})
	m.reg.MustRegister(m.duration)
	m.lastSuccess = gauge("last_success_timestamp_seconds", "Unix time of the end of the last run with status ok.")
	m.running = gauge("running", "1 while a run of the source executes (not while it waits for its jitter delay).")
	m.watched = newWatched()
	m.lock = newLockMetrics(m.reg)
	m.reg.MustRegister(m.watched)
	m.reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Observe adds a finished run whose writes did not fail.
func (m *Metrics) Observe(r record.Run) { m.observe(r, true) }

// observe adds a finished run. written is false when the run's writes
// failed (neither written nor spooled): its new and changed articles were
// not stored, will be read again as new by a later run, and are not
// counted. Facts and observations count what was written already.
func (m *Metrics) observe(r record.Run, written bool) {
	m.runs.WithLabelValues(r.Source, r.Status).Inc()
	m.pages.WithLabelValues(r.Source).Add(float64(r.PagesFetched))
	if written {
		m.articles.WithLabelValues(r.Source, "new").Add(float64(r.ArticlesNew))
		m.articles.WithLabelValues(r.Source, "changed").Add(float64(r.ArticlesChanged))
	}
	m.articles.WithLabelValues(r.Source, "unchanged").Add(float64(r.ArticlesUnchanged))
	m.facts.WithLabelValues(r.Source).Add(float64(r.FactsWritten))
	m.obs.WithLabelValues(r.Source, "written").Add(float64(r.ObservationsWritten))
	m.obs.WithLabelValues(r.Source, "revised").Add(float64(r.ObservationsRevised))
	m.obs.WithLabelValues(r.Source, "unchanged").Add(float64(r.ObservationsUnchanged))
	m.errors.WithLabelValues(r.Source).Add(float64(r.Errors))
	m.blocked.WithLabelValues(r.Source).Add(float64(r.PagesBlocked))
	m.mismatches.WithLabelValues(r.Source).Add(float64(r.CharsetMismatches))
	m.duration.WithLabelValues(r.Source).Observe(r.FinishedAt.Sub(r.StartedAt).Seconds())
	if r.Status == record.StatusOK {
		m.lastSuccess.WithLabelValues(r.Source).Set(float64(r.FinishedAt.Unix()))
	}
}

// Handler serves the metrics in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}
