// Package load writes newsetl's rows to ClickHouse: schema migrations
// embedded in the binary, batched inserts, and the reads the pipeline needs
// to stay idempotent (which article versions are already stored).
//
// Only what both ClickHouse 18.16 and current releases accept is used: the
// native protocol, PrepareBatch with explicit column lists, DateTime rather
// than DateTime64, String rather than LowCardinality.
package load

import (
	"context"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"

	"github.com/newsetl/newsetl/config"
	"github.com/newsetl/newsetl/internal/chconn"
)

// Store is a connection to ClickHouse and the database newsetl writes to.
// It is safe for concurrent use.
type Store struct {
	conn      driver.Conn
	db        string
	batchSize int
	log       *slog.Logger
	server    string
	retries   int           // extra attempts of a write after a transient error
	backoff   time.Duration // first wait between attempts
	down      atomic.Bool   // an operation used up its retries; none succeeded since

	cfg config.ClickHouse // as opened; cfg.Cluster is nil for one server (load/cluster.go)
}

// Open connects and pings. The database need not exist yet (Migrate creates it).
func Open(ctx context.Context, cfg config.ClickHouse, log *slog.Logger) (*Store, error) {
	if log == nil {
		log = slog.Default()
	}
	opts, err := chconn.Options(cfg, "newsetl")
	if err != nil {
		return nil, err
	}
	opts.ReadTimeout = 5 * time.Minute
	opts.ConnMaxLifetime = time.Hour
	opts.ConnOpenStrategy = clickhouse.ConnOpenInOrder
	opts.Settings = clusterSettings(cfg.Cluster)
	conn, err := clickhouse.Open(opts)
	if err != nil {
		return nil, fmt.Errorf("clickhouse %s: %w", cfg.Addr, err)
	}
	pingCtx, cancel := context.WithTimeout(ctx, cfg.DialTimeout+5*time.Second)
	defer cancel()
	if err := conn.Ping(pingCtx); err != nil {
		conn.Close()
		return nil, fmt.Errorf("clickhouse %s: ping: %w", cfg.Addr, err)
	}
	s := &Store{conn: conn, db: cfg.Database, batchSize: cfg.BatchSize, log: log,
		retries: cfg.WriteRetries, backoff: cfg.WriteBackoff, cfg: cfg}
	if s.retries == 0 {
		s.retries = DefaultWriteRetries
	} else if s.retries < 0 {
		s.retries = 0
	}
	if s.backoff <= 0 {
		s.backoff = DefaultWriteBackoff
	}
	s.conn = &retryingConn{Conn: conn, s: s} // reads ride out a restart as writes do
	if v, err := conn.ServerVersion(); err == nil {
		s.server = v.Version.String()
	}
	return s, nil
}

// Close closes the connection pool.
func (s *Store) Close() error { return s.conn.Close() }

// Database is the database the store writes to.
func (s *Store) Database() string { return s.db }

// ServerVersion is the server's version as reported at connect.
func (s *Store) ServerVersion() string { return s.server }

// Conn exposes the driver connection for read queries (the demo summary, tests).
func (s *Store) Conn() driver.Conn { return s.conn }

// insert writes n rows to table in batches of at most batchSize rows.
// row(i) returns the values of row i in the order of cols. A batch that
// fails with a transient error is rebuilt from the same rows and sent
// again (withRetries): the tables are ReplacingMergeTree read with FINAL,
// so a batch that did arrive before the error shows once.
func (s *Store) insert(ctx context.Context, table string, cols string, n int, row func(i int) []any) error {
	for start := 0; start < n; start += s.batchSize {
		end := min(n, start+s.batchSize)
		what := fmt.Sprintf("inserting rows %d-%d into %s", start, end-1, table)
		if err := s.withRetries(ctx, what, func(ctx context.Context) error {
			return s.insertBatch(ctx, table, cols, start, end, row)
		}); err != nil {
			return err
		}
	}
	return nil
}

// insertBatch sends rows [start, end) as one INSERT. The batch is closed
// on every path (the driver's contract: Close right after PrepareBatch
// releases the connection when Send is not reached).
func (s *Store) insertBatch(ctx context.Context, table, cols string, start, end int, row func(i int) []any) error {
	batch, err := s.conn.PrepareBatch(ctx, fmt.Sprintf("INSERT INTO %s.%s (%s)", s.db, table, cols))
	if err != nil {
		return fmt.Errorf("preparing insert into %s: %w", table, err)
	}
	defer batch.Close()
	for i := start; i < end; i++ {
		if err := batch.Append(row(i)...); err != nil {
			return fmt.Errorf("appending row %d to %s: %w", i, table, err)
		}
	}
	if err := batch.Send(); err != nil {
		return fmt.Errorf("sending %d rows to %s: %w", end-start, table, err)
	}
	return nil
}

// insertColumns writes n rows to table in batches of at most batchSize
// rows, a column at a time: columns(start, end) returns one typed slice per
// column of cols ([]uint64, []string, []*time.Time, ...) holding rows
// [start, end), sized exactly, so that the driver appends each column in
// one call instead of converting a []any per row. A batch that fails with a
// transient error is rebuilt from the same rows by calling columns again.
func (s *Store) insertColumns(ctx context.Context, table, cols string, n int, columns func(start, end int) []any) error {
	for start := 0; start < n; start += s.batchSize {
		end := min(n, start+s.batchSize)
		what := fmt.Sprintf("inserting rows %d-%d into %s", start, end-1, table)
		if err := s.withRetries(ctx, what, func(ctx context.Context) error {
			batch, err := s.conn.PrepareBatch(ctx, fmt.Sprintf("INSERT INTO %s.%s (%s)", s.db, table, cols))
			if err != nil {
				return fmt.Errorf("preparing insert into %s: %w", table, err)
			}
			defer batch.Close()
			for i, c := range columns(start, end) {
				if err := batch.Column(i).Append(c); err != nil {
					return fmt.Errorf("appending column %d of rows %d-%d to %s: %w", i+1, start, end-1, table, err)
				}
			}
			if err := batch.Send(); err != nil {
				return fmt.Errorf("sending %d rows to %s: %w", end-start, table, err)
			}
			return nil
		}); err != nil {
			return err
		}
	}
	return nil
}
