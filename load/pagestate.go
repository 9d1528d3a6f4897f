package load

import (
	"context"
	"fmt"

	"github.com/newsetl/newsetl/internal/redact"
	"github.com/newsetl/newsetl/record"
)

// PageStates returns the latest state of every page of source, by URL.
func (s *Store) PageStates(ctx context.Context, source string) (map[string]record.PageState, error) {
	rows, err := s.conn.Query(ctx, "SELECT url, argMax(etag, version), argMax(last_modified, version), argMax(body_hash, version), max(fetched_at) FROM "+
		s.db+".fetch_state WHERE source = ? GROUP BY url", source)
	if err != nil {
		return nil, fmt.Errorf("reading the fetch state of %s: %w", source, err)
	}
	defer rows.Close()
	out := map[string]record.PageState{}
	for rows.Next() {
		p := record.PageState{Source: source}
		if err := rows.Scan(&p.URL, &p.ETag, &p.LastModified, &p.BodyHash, &p.FetchedAt); err != nil {
			return nil, fmt.Errorf("reading the fetch state of %s: %w", source, err)
		}
		out[p.URL] = p
	}
	return out, rows.Err()
}

// WritePageStates stores page states in batches.
func (s *Store) WritePageStates(ctx context.Context, states []record.PageState) error {
	return s.insert(ctx, "fetch_state", "source, url, etag, last_modified, body_hash, fetched_at, version", len(states), func(i int) []any {
		p := &states[i]
		return []any{p.Source, redact.String(p.URL), p.ETag, p.LastModified, p.BodyHash, p.FetchedAt.UTC(), uint64(p.FetchedAt.UnixMilli())}
	})
}
