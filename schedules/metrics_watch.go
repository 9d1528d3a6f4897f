package schedules

import (
	"sync"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/newsetl/newsetl/extract"
)

// watched is the part of the metrics read at each scrape from state that
// lives elsewhere (the Fetcher's robots.txt cache, the spool), so that it
// can never drift from it.
type watched struct {
	mu      sync.Mutex
	robots  func() []extract.RobotsHost
	waiting func() (rows, runs int)

	robotsDesc, rowsDesc, runsDesc *prometheus.Desc
}

func newWatched() *watched {
	return &watched{
		robotsDesc: prometheus.NewDesc("newsetl_robots_blocked",
			"1 while nothing is fetched from the host because its robots.txt answered 5xx or could not be reached (asked again after a back-off), else 0.",
			[]string{"host"}, nil),
		rowsDesc: prometheus.NewDesc("newsetl_spool_rows",
			"Rows kept in the spool while ClickHouse could not take them, replayed at their source's next run.", nil, nil),
		runsDesc: prometheus.NewDesc("newsetl_spool_run_records",
			"Run records (ingest_runs rows) waiting in the spool for ClickHouse.", nil, nil),
	}
}

// WatchRobots makes /metrics report newsetl_robots_blocked{host} from
// hosts, called at each scrape (extract.Fetcher.RobotsHosts).
func (m *Metrics) WatchRobots(hosts func() []extract.RobotsHost) {
	m.watched.mu.Lock()
	defer m.watched.mu.Unlock()
	m.watched.robots = hosts
}

// WatchSpool makes /metrics report newsetl_spool_rows and
// newsetl_spool_run_records from waiting, called at each scrape
// (load/spool Store.Waiting).
func (m *Metrics) WatchSpool(waiting func() (rows, runs int)) {
	m.watched.mu.Lock()
	defer m.watched.mu.Unlock()
	m.watched.waiting = waiting
}

// Describe implements prometheus.Collector.
func (w *watched) Describe(ch chan<- *prometheus.Desc) {
	ch <- w.robotsDesc
	ch <- w.rowsDesc
	ch <- w.runsDesc
}

// Collect implements prometheus.Collector.
func (w *watched) Collect(ch chan<- prometheus.Metric) {
	w.mu.Lock()
	robots, waiting := w.robots, w.waiting
	w.mu.Unlock()
	if robots != nil {
		for _, h := range robots() {
			v := 0.0
			if h.Blocked {
				v = 1
			}
			ch <- prometheus.MustNewConstMetric(w.robotsDesc, prometheus.GaugeValue, v, h.Host)
		}
	}
	if waiting != nil {
		rows, runs := waiting()
		ch <- prometheus.MustNewConstMetric(w.rowsDesc, prometheus.GaugeValue, float64(rows))
		ch <- prometheus.MustNewConstMetric(w.runsDesc, prometheus.GaugeValue, float64(runs))
	}
}
