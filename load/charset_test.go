package load_test

import (
	"context"
	"testing"
	"time"

	"github.com/newsetl/newsetl/load/loadtest"
	"github.com/newsetl/newsetl/record"
)

// Migration 0010: a run's charset mismatches (pages that declared a legacy
// charset over UTF-8 bytes) are written to ingest_runs.charset_mismatches;
// a run without any reads 0.
func TestRunCharsetMismatchesRoundTrip(t *testing.T) {
	ctx := context.Background()
	s := loadtest.Store(t)
	at := time.Date(2022, 3, 2, 9, 30, 0, 0, time.UTC)
	for _, r := range []record.Run{
		{RunID: "mismatch", Source: "northshire", Kind: "html", StartedAt: at, FinishedAt: at, Status: record.StatusOK, ArticlesNew: 2, CharsetMismatches: 3},
		{RunID: "clean", Source: "northshire", Kind: "feed", StartedAt: at, FinishedAt: at, Status: record.StatusOK, ArticlesNew: 1},
	} {
		if err := s.WriteRun(ctx, r, nil); err != nil {
			t.Fatal(err)
		}
	}
	for id, want := range map[string]uint32{"mismatch": 3, "clean": 0} {
		var got uint32
		if err := s.Conn().QueryRow(ctx, "SELECT charset_mismatches FROM "+s.Database()+".ingest_runs WHERE run_id = ?", id).Scan(&got); err != nil || got != want {
			t.Errorf("run %s: charset_mismatches = %d (%v), want %d", id, got, err, want)
		}
	}
}
