package load

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"syscall"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
)

// Write retries: a batch that fails with a transient error (the server
// restarting, a dropped connection, overload) is rebuilt from the same rows
// and sent again after a backoff; a data error is returned at once.
const (
	DefaultWriteRetries = 5
	DefaultWriteBackoff = 500 * time.Millisecond
	maxWriteBackoff     = 8 * time.Second
)

// Server error codes that a retry may get past: overload, timeouts,
// network errors, a replica that is read-only for a moment.
var transientCodes = map[int32]string{
	3:   "UNEXPECTED_END_OF_FILE",
	32:  "ATTEMPT_TO_READ_AFTER_EOF", // a cluster: a shard's replica died during a Distributed insert
	159: "TIMEOUT_EXCEEDED",
	164: "READONLY",
	202: "TOO_MANY_SIMULTANEOUS_QUERIES",
	203: "NO_FREE_CONNECTION",
	209: "SOCKET_TIMEOUT",
	210: "NETWORK_ERROR",
	242: "TABLE_IS_READ_ONLY",
	225: "NO_ZOOKEEPER",
	252: "TOO_MANY_PARTS",
	279: "ALL_CONNECTION_TRIES_FAILED", // a cluster: no replica of a shard answered
	319: "UNKNOWN_STATUS_OF_INSERT",
	425: "SYSTEM_ERROR",
	999: "KEEPER_EXCEPTION",
}

// Transient reports whether err is one a retry of the same write may get
// past: connection refused or reset, a closed connection, a timeout, or a
// server overload code (TOO_MANY_PARTS and the like). Errors in the data or
// the SQL, and the end of ctx, are not transient.
func Transient(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) {
		return false
	}
	var ex *clickhouse.Exception
	if errors.As(err, &ex) {
		_, ok := transientCodes[ex.Code]
		return ok
	}
	switch {
	case errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE),
		errors.Is(err, syscall.ECONNABORTED), errors.Is(err, syscall.EHOSTUNREACH), errors.Is(err, syscall.ENETUNREACH),
		errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, net.ErrClosed),
		errors.Is(err, clickhouse.ErrAcquireConnTimeout), errors.Is(err, clickhouse.ErrConnectionClosed),
		errors.Is(err, context.DeadlineExceeded):
		return true
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return true
	}
	var oe *net.OpError
	return errors.As(err, &oe)
}

// withRetries runs write until it succeeds, fails with an error that is not
// Transient, or has failed s.retries+1 times; it waits backoff, 2×backoff,
// ... (at most 8 s) between attempts. The error after the last attempt
// says how many were made.
//
// Once an operation has used up its retries the server counts as down:
// later operations make one attempt each, without waiting, until one
// succeeds, so a run against a server that stays down moves on (its rows
// go to the spool) instead of waiting out the retries for every row.
func (s *Store) withRetries(ctx context.Context, what string, write func(ctx context.Context) error) error {
	wait := s.backoff
	retries := s.retries
	if s.down.Load() {
		retries = 0
	}
	for attempt := 0; ; attempt++ {
		err := write(ctx)
		if err == nil {
			s.down.Store(false)
			return nil
		}
		if !Transient(err) || ctx.Err() != nil {
			return err
		}
		if attempt >= retries {
			s.down.Store(true)
			return fmt.Errorf("%s: ClickHouse unreachable after %d attempts: %w", what, attempt+1, err)
		}
		s.log.Warn("write failed; retrying", "what", what, "attempt", attempt+1, "wait", wait, "err", err)
		select {
		case <-ctx.Done():
			return fmt.Errorf("%s: %w (last error: %v)", what, ctx.Err(), err)
		case <-time.After(wait):
		}
		wait = min(2*wait, maxWriteBackoff)
	}
}

// retryingConn retries the reads of the Store (Query, QueryRow) on
// transient errors, as insert retries the writes: a run reading while
// ClickHouse restarts waits for it instead of failing its pages.
type retryingConn struct {
	driver.Conn
	s *Store
}

func (c *retryingConn) Query(ctx context.Context, query string, args ...any) (driver.Rows, error) {
	var rows driver.Rows
	err := c.s.withRetries(ctx, "querying", func(ctx context.Context) error {
		var err error
		rows, err = c.Conn.Query(ctx, query, args...)
		return err
	})
	return rows, err
}

func (c *retryingConn) QueryRow(ctx context.Context, query string, args ...any) driver.Row {
	var row driver.Row
	c.s.withRetries(ctx, "querying", func(ctx context.Context) error {
		row = c.Conn.QueryRow(ctx, query, args...)
		return row.Err()
	})
	return row
}
