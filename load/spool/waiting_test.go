package spool_test

import (
	"context"
	"testing"
	"time"

	"github.com/newsetl/newsetl/record"
	"github.com/newsetl/newsetl/schedules/schedulestest"
)

// Waiting counts the rows and run records the spool holds, and drops what
// a replay wrote, op by op (a replay cut short leaves its rest counted).
func TestWaitingCountsRowsAndRunRecords(t *testing.T) {
	ctx := context.Background()
	mem, down := flaky()
	sp := open(t, t.TempDir(), mem, 1<<20)
	if rows, runs := sp.Waiting(); rows != 0 || runs != 0 {
		t.Fatalf("empty spool: Waiting = %d rows, %d runs; want 0, 0", rows, runs)
	}
	down.Store(true)
	at := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	a, f := version("a", 1, 2)
	sp.WriteVersions(ctx, a, f) // 3 rows
	sp.WriteRun(ctx, record.Run{RunID: "r1", Source: "a", StartedAt: at, FinishedAt: at, Status: record.StatusFailed},
		[]record.RunError{{RunID: "r1", Source: "a", Error: "x"}, {RunID: "r1", Source: "a", Error: "y"}}) // 3 rows, 1 run
	sp.WriteRun(ctx, record.Run{RunID: "r2", Source: "b", StartedAt: at, FinishedAt: at, Status: record.StatusOK}, nil) // 1 row, 1 run

	steps := []struct {
		name       string
		replay     string
		failRuns   bool
		rows, runs int
	}{
		{"ClickHouse down", "", false, 7, 2},
		{"a replayed up to its run record", "a", true, 4, 2},
		{"a replayed whole", "a", false, 1, 1},
		{"b replayed", "b", false, 0, 0},
	}
	for _, s := range steps {
		down.Store(false)
		mem.Fail = nil
		if s.failRuns {
			mem.Fail = func(op schedulestest.Op) error {
				if op == schedulestest.OpRun {
					return errDown
				}
				return nil
			}
		}
		if s.replay != "" {
			sp.Replay(ctx, s.replay)
		}
		if rows, runs := sp.Waiting(); rows != s.rows || runs != s.runs {
			t.Errorf("%s: Waiting = %d rows, %d run records; want %d, %d", s.name, rows, runs, s.rows, s.runs)
		}
	}
	if n := len(mem.Runs()); n != 2 {
		t.Errorf("run records written after the replays = %d, want 2", n)
	}
}
