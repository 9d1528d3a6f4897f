package schedules

import "github.com/prometheus/client_golang/prometheus"

// lockMetrics show, per source, which daemon holds its ZooKeeper lock and
// for how long the lock outlives a dead holder (Locker, lockzk.go).
type lockMetrics struct {
	held   *prometheus.GaugeVec // 1: this daemon holds the source's lock
	holder *prometheus.GaugeVec // 1 for the holder seen at the last tick, by holder
	lease  *prometheus.GaugeVec // seconds a dead holder keeps the lock (session timeout)
	tick   *prometheus.GaugeVec // Unix time of the last tick claimed by any daemon
	denied *prometheus.CounterVec
}

func newLockMetrics(reg *prometheus.Registry) *lockMetrics {
	gauge := func(name, help string, labels ...string) *prometheus.GaugeVec {
		g := prometheus.NewGaugeVec(prometheus.GaugeOpts{Namespace: "newsetl", Name: name, Help: help}, labels)
		reg.MustRegister(g)
		return g
	}
	m := &lockMetrics{
		held:   gauge("source_lock_held", "1 when this daemon holds the source's lock (daemons sharing a config through ZooKeeper).", "source"),
		holder: gauge("source_lock_holder", "1 for the daemon (host:pid) holding the source's lock at the last tick.", "source", "holder"),
		lease:  gauge("source_lock_lease_seconds", "How long the source's lock outlives a holder that died (the ZooKeeper session timeout).", "source"),
		tick:   gauge("source_lock_last_tick_timestamp_seconds", "Unix time of the last schedule tick of the source claimed by any daemon.", "source"),
		denied: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: "newsetl", Name: "runs_not_claimed_total",
			Help: "Ticks this daemon did not run: the lock is another daemon's, the tick was run already, or the lock could not be read."}, []string{"source", "reason"}),
	}
	reg.MustRegister(m.denied)
	return m
}

// observeClaim records a Locker's answer for one tick; reason is "" when
// the tick is this daemon's to run.
func (m *Metrics) observeClaim(source string, c Claim, reason string) {
	l := m.lock
	if c.Holder.Self {
		l.held.WithLabelValues(source).Set(1)
	} else {
		l.held.WithLabelValues(source).Set(0)
	}
	l.holder.DeletePartialMatch(prometheus.Labels{"source": source})
	if c.Holder.ID != "" {
		l.holder.WithLabelValues(source, c.Holder.ID).Set(1)
	}
	l.lease.WithLabelValues(source).Set(c.Holder.Lease.Seconds())
	if !c.Holder.LastTick.IsZero() {
		l.tick.WithLabelValues(source).Set(float64(c.Holder.LastTick.Unix()))
	}
	if reason != "" {
		l.denied.WithLabelValues(source, reason).Inc()
	}
}
