package schedules

import (
	"context"
	"time"
)

// writeContext is the context of a write that must happen even when ctx
// has ended (a run's last flush, its run record, a partition's record):
// it carries ctx's values and a deadline timeout from now, and is never
// cancelled.
//
// It has no Done channel on purpose. clickhouse-go closes a batch's TCP
// connection when the batch's context ends, from a goroutine that Send
// starts and may not have run yet when Send returns; a context cancelled
// right after the write (context.WithTimeout with its deferred cancel)
// then has that goroutine close a connection already back in the pool,
// and the next write on it fails with "use of closed network connection"
// (about 1 in 250 one-row inserts on two cores, which is how partitions'
// records failed in long backfills). The driver puts the deadline on the
// socket, so a write still cannot hang past it.
func writeContext(ctx context.Context, timeout time.Duration) context.Context {
	return deadlineOnly{Context: context.WithoutCancel(ctx), deadline: time.Now().Add(timeout)}
}

type deadlineOnly struct {
	context.Context // values only: never Done
	deadline        time.Time
}

func (c deadlineOnly) Deadline() (time.Time, bool) { return c.deadline, true }
