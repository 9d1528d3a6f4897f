package schedules

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/newsetl/newsetl/record"
)

// ErrSpooled is wrapped by a Store's write error when the rows were not
// written but kept for later (load/spool: ClickHouse stayed down past the
// write retries). The rows are safe but not yet visible; the run goes on,
// counts them in RowsSpooled and ends with an error wrapping ErrSpooled.
var ErrSpooled = errors.New("rows spooled for a later run")

// ErrRunNotRecorded is wrapped by Ingester.Run's error when the run's
// ingest_runs row could neither be written nor spooled.
var ErrRunNotRecorded = errors.New("run record not written")

// SpooledError is the error of a write that went to the spool.
type SpooledError struct {
	Rows  int    // rows kept
	Where string // the spool file
	Cause error  // why the Store behind the spool refused them
}

func (e *SpooledError) Error() string {
	return fmt.Sprintf("%d rows spooled to %s: %v", e.Rows, e.Where, e.Cause)
}

// Is makes errors.Is(err, ErrSpooled) true.
func (e *SpooledError) Is(target error) bool { return target == ErrSpooled }

func (e *SpooledError) Unwrap() error { return e.Cause }

// Replayer is a Store that keeps rows for later: Ingester.Run calls Replay
// for its source before reading anything, so the kept rows are written
// first, in the order they were kept. rows is how many were written; a
// file that cannot be read whole is set aside and reported in err.
type Replayer interface {
	Replay(ctx context.Context, source string) (rows int, err error)
}

// spoolCounter is the Store of one run: a write that went to the spool is
// a success for the run's flush order (the spool keeps the order) and is
// counted in RowsSpooled.
type spoolCounter struct {
	Store
	mu    sync.Mutex
	rows  int
	where string
	cause error
}

func (c *spoolCounter) note(err error) error {
	var se *SpooledError
	if !errors.As(err, &se) {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.rows += se.Rows
	c.where, c.cause = se.Where, se.Cause
	return nil
}

func (c *spoolCounter) spooled() (int, string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.rows, c.where, c.cause
}

func (c *spoolCounter) WriteVersions(ctx context.Context, a []record.Article, f []record.Fact) error {
	return c.note(c.Store.WriteVersions(ctx, a, f))
}

func (c *spoolCounter) WriteObservations(ctx context.Context, obs []record.Observation) error {
	return c.note(c.Store.WriteObservations(ctx, obs))
}

func (c *spoolCounter) WritePageStates(ctx context.Context, states []record.PageState) error {
	return c.note(c.Store.WritePageStates(ctx, states))
}

func (c *spoolCounter) WritePartition(ctx context.Context, p record.Partition) error {
	return c.note(c.Store.WritePartition(ctx, p))
}
