package main

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newsetl/newsetl/config"
	"github.com/newsetl/newsetl/load/spool"
	"github.com/newsetl/newsetl/record"
	"github.com/newsetl/newsetl/schedules"
	"github.com/newsetl/newsetl/schedules/schedulestest"
)

// `newsetl sources` says which sources' last run was blocked by
// robots.txt, and why, and how many run records wait in the spool.
func TestSourcesShowsRobotsBlocksAndWaitingRunRecords(t *testing.T) {
	dir := t.TempDir()
	cfg := &config.File{Path: filepath.Join(dir, "newsetl.yaml"), Spool: config.Spool{Dir: "spool", MaxBytes: 1 << 20}}
	down := &schedulestest.Store{Fail: func(schedulestest.Op) error { return errors.New("connection refused") }}
	sp, err := spool.Open(filepath.Join(dir, "spool"), 1<<20, down, func(error) bool { return true }, nil)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	for _, id := range []string{"r1", "r2"} {
		if err := sp.WriteRun(context.Background(), record.Run{RunID: id, Source: "wire", StartedAt: at, FinishedAt: at, Status: record.StatusOK}, nil); !errors.Is(err, schedules.ErrSpooled) {
			t.Fatalf("spooling run %s: %v", id, err)
		}
	}
	sp.Close()

	why := "source wire: list page https://wire.example/news/: fetching https://wire.example/news/: robots.txt unavailable: https://wire.example/robots.txt answered HTTP 503 Service Unavailable, so nothing is fetched from https://wire.example"
	last := map[string]record.Run{
		"wire":   {Source: "wire", StartedAt: at, Status: record.StatusFailed, FirstError: why},
		"bureau": {Source: "bureau", StartedAt: at, Status: record.StatusPartial, FirstError: "source bureau: article https://stats.example/1: GET https://stats.example/1: HTTP 404 Not Found"},
	}
	jobs := []schedules.Scheduled{{Job: schedules.Job{Source: "wire"}}, {Job: schedules.Job{Source: "bureau"}}}
	var out bytes.Buffer
	if err := printWaiting(&env{stdout: &out}, cfg, jobs, last); err != nil {
		t.Fatal(err)
	}
	want := "wire: blocked by robots.txt at the last run (2026-03-01 08:00): robots.txt unavailable: https://wire.example/robots.txt answered HTTP 503 Service Unavailable, so nothing is fetched from https://wire.example\n" +
		"2 run records waiting (2 rows in the spool " + filepath.Join(dir, "spool") + "; each source's next run writes its own)\n"
	if out.String() != want {
		t.Errorf("printWaiting:\n%s\nwant:\n%s", out.String(), want)
	}
	if strings.Contains(out.String(), "bureau") {
		t.Error("a 404 reported as a robots.txt block")
	}
}
