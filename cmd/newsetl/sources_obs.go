package main

import (
	"context"
	"fmt"

	"github.com/newsetl/newsetl/load"
	"github.com/newsetl/newsetl/record"
)

// addObservationCounts fills the observation counts of the last runs
// (written, revised, unchanged) that load.Store.LastRuns does not read.
// TODO(lead): move these three columns into load.Store.LastRuns.
func addObservationCounts(ctx context.Context, store *load.Store, last map[string]record.Run) error {
	rows, err := store.Conn().Query(ctx, `SELECT source, argMax(observations_written, started_at),
		argMax(observations_revised, started_at), argMax(observations_unchanged, started_at)
		FROM `+store.Database()+`.ingest_runs GROUP BY source`)
	if err != nil {
		return fmt.Errorf("reading the observation counts of the last runs: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var source string
		var written uint64
		var revised, unchanged uint32
		if err := rows.Scan(&source, &written, &revised, &unchanged); err != nil {
			return fmt.Errorf("reading the observation counts of the last runs: %w", err)
		}
		if r, ok := last[source]; ok {
			r.ObservationsWritten, r.ObservationsRevised, r.ObservationsUnchanged = written, revised, unchanged
			last[source] = r
		}
	}
	return rows.Err()
}
