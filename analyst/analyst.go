// Package analyst holds the read queries over newsetl's analyst views
// (metric_series, statistics_latest) shared by `newsetl chart`,
// `newsetl query` and `newsetl serve`. Every function takes the driver
// connection and the database name; every value from a user is a bound
// parameter, never spliced into SQL (the database name is checked by
// config as a plain identifier).
package analyst

import (
	"context"
	"fmt"

	"github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"

	"github.com/newsetl/newsetl/config"
	"github.com/newsetl/newsetl/internal/chconn"
)

// ReadOnly is the ClickHouse `readonly` level of the connections Open
// makes: 2 allows reading and changing settings, and refuses every write
// and DDL statement in the server itself (code 164, READONLY).
const ReadOnly = 2

// Open connects to cfg's server with cfg.Database as the default database
// (so a query may name views without the database) and the setting
// readonly=2 sent with every query: the server refuses writes. It pings;
// the database must exist (`newsetl migrate` creates it). The caller
// closes the connection.
func Open(ctx context.Context, cfg config.ClickHouse) (driver.Conn, error) {
	opts, err := chconn.Options(cfg, "newsetl-analyst")
	if err != nil {
		return nil, err
	}
	opts.Auth.Database = cfg.Database
	opts.Settings = clickhouse.Settings{"readonly": ReadOnly}
	conn, err := clickhouse.Open(opts)
	if err != nil {
		return nil, fmt.Errorf("clickhouse %s: %w", cfg.Addr, err)
	}
	if err := conn.Ping(ctx); err != nil {
		conn.Close()
		return nil, fmt.Errorf("clickhouse %s, database %s: ping: %w", cfg.Addr, cfg.Database, err)
	}
	return conn, nil
}

// readOnly returns ctx carrying readonly=2 for one query, so the queries
// of this package stay read-only on any connection they are given.
func readOnly(ctx context.Context) context.Context {
	return clickhouse.Context(ctx, clickhouse.WithSettings(clickhouse.Settings{"readonly": ReadOnly}))
}
