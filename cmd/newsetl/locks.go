package main

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/newsetl/newsetl/config"
	"github.com/newsetl/newsetl/schedules"
)

// sourceLocker connects to the ZooKeeper of clickhouse.cluster.zookeeper
// when the config names servers: the daemons over this config then share
// the sources (schedules.ZKLocker). nil without it.
func sourceLocker(cfg *config.File, log *slog.Logger) (*schedules.ZKLocker, error) {
	c := cfg.ClickHouse.Cluster
	if c == nil || len(c.ZooKeeper.Servers) == 0 {
		return nil, nil
	}
	return schedules.DialZK(c.ZooKeeper.Servers, c.ZooKeeper.Root, c.ZooKeeper.SessionTimeout, "", log)
}

// printLocks lists, under the sources table, the daemon holding each
// source's lock, when the config shares the sources through ZooKeeper.
func printLocks(ctx context.Context, e *env, cfg *config.File, jobs []schedules.Scheduled) {
	locker, err := sourceLocker(cfg, e.log)
	if err != nil || locker == nil {
		if err != nil {
			e.log.Warn("source locks unavailable", "err", err)
		}
		return
	}
	defer locker.Close()
	names := make([]string, len(jobs))
	for i, j := range jobs {
		names[i] = j.Job.Source
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	holders, err := locker.Holders(ctx, names)
	if err != nil {
		e.log.Warn("source locks unavailable", "err", err)
		return
	}
	fmt.Fprintf(e.stdout, "\nSource locks (ZooKeeper %s):\n", cfg.ClickHouse.Cluster.ZooKeeper.Root)
	w := newTable(e.stdout)
	fmt.Fprintln(w, "SOURCE\tHOLDER\tLEASE\tLAST TICK")
	for _, n := range names {
		h, ok := holders[n]
		holder, tick := "none (no daemon running it)", "-"
		if ok && h.ID != "" {
			holder = h.ID
		}
		if ok && !h.LastTick.IsZero() {
			tick = h.LastTick.UTC().Format("2006-01-02 15:04:05 UTC")
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", n, holder, cfg.ClickHouse.Cluster.ZooKeeper.SessionTimeout, tick)
	}
	w.Flush()
}
