// Package chconn holds the connection settings every newsetl connection to
// ClickHouse shares: load's read-write Store and analyst's read-only
// connection start from the same options and add their own.
package chconn

import (
	"fmt"

	"github.com/ClickHouse/clickhouse-go/v2"

	"github.com/newsetl/newsetl/config"
)

// Options are the connection settings every newsetl connection to
// cfg's server shares: the native protocol, cfg's address, credentials and
// dial timeout, a pool of at most 4 connections (2 idle), LZ4 compression,
// client names the program in the server's query log, and "default" as
// the session's database (queries name cfg.Database themselves). Callers
// set what their own use needs (timeouts, settings, default database). It
// returns an error when cfg.Database is not a plain identifier
// (config.ValidIdentifier): the name is written into SQL.
func Options(cfg config.ClickHouse, client string) (*clickhouse.Options, error) {
	if !config.ValidIdentifier(cfg.Database) {
		return nil, fmt.Errorf("clickhouse %s: database name %q is not a plain identifier", cfg.Addr, cfg.Database)
	}
	return &clickhouse.Options{
		Protocol: clickhouse.Native,
		Addr:     []string{cfg.Addr},
		Auth: clickhouse.Auth{
			Database: "default",
			Username: cfg.Username,
			Password: cfg.Password,
		},
		DialTimeout:  cfg.DialTimeout,
		MaxOpenConns: 4,
		MaxIdleConns: 2,
		Compression:  &clickhouse.Compression{Method: clickhouse.CompressionLZ4},
		ClientInfo:   clickhouse.ClientInfo{Products: []struct{ Name, Version string }{{Name: client, Version: "0.1"}}},
	}, nil
}
