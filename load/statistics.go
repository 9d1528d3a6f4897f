package load

import (
	"context"
	"fmt"

	"github.com/newsetl/newsetl/internal/redact"
	"github.com/newsetl/newsetl/record"
)

// SeriesValues returns the current value key and unit of every series of source.
func (s *Store) SeriesValues(ctx context.Context, source string) (map[uint64]record.StoredValue, error) {
	rows, err := s.conn.Query(ctx, "SELECT series_key, argMax(value_key, version), argMax(unit, version), argMax(first_seen_at, version) FROM "+
		s.db+".statistics WHERE source = ? GROUP BY series_key", source)
	if err != nil {
		return nil, fmt.Errorf("reading stored statistics of %s: %w", source, err)
	}
	defer rows.Close()
	out := map[uint64]record.StoredValue{}
	for rows.Next() {
		var key uint64
		var v record.StoredValue
		if err := rows.Scan(&key, &v.ValueKey, &v.Unit, &v.FirstSeenAt); err != nil {
			return nil, fmt.Errorf("reading stored statistics of %s: %w", source, err)
		}
		out[key] = v
	}
	return out, rows.Err()
}

// WriteObservations inserts statistics rows in batches.
func (s *Store) WriteObservations(ctx context.Context, rows []record.Observation) error {
	return s.insert(ctx, "statistics",
		"series_key, value_key, source, dataset, indicator_code, indicator_name, dim_names, dim_values, period_start, period_end, "+
			"granularity, period_text, value, unit, scale, raw, url, fetched_at, first_seen_at, version",
		len(rows), func(i int) []any {
			o := &rows[i]
			names, values := o.SortedDims()
			if names == nil {
				names, values = []string{}, []string{}
			}
			scale := o.Scale
			if scale == 0 {
				scale = 1
			}
			return []any{o.SeriesKey, o.ValueKey, o.Source, o.Dataset, o.IndicatorCode, o.IndicatorName, names, values,
				o.PeriodStart.UTC(), o.PeriodEnd.UTC(), o.Granularity, o.PeriodText, o.Value, o.Unit, scale, o.Raw, redact.String(o.URL),
				o.FetchedAt.UTC(), o.FirstSeenAt.UTC(), uint64(o.FetchedAt.UnixMilli())}
		})
}
