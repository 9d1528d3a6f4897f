package analyst

import (
	"context"
	"fmt"
	"strings"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"

	"github.com/newsetl/newsetl/config"
)

// dbPlaceholder stands for the database name in this package's queries:
// the one identifier spliced into their SQL (inDB), after it is checked.
// Everything else a caller gives is a bound parameter.
const dbPlaceholder = "{db}"

// inDB returns the query q (a constant of this package) with each {db}
// replaced by db, or an error when db is not a plain identifier
// (config.ValidIdentifier): nothing that could end, quote or comment out
// SQL reaches the text of a query.
func inDB(db, q string) (string, error) {
	if !config.ValidIdentifier(db) {
		return "", fmt.Errorf("database name %q is not a plain identifier", db)
	}
	return strings.ReplaceAll(q, dbPlaceholder, db), nil
}

// selectAll runs the read-only query q (a constant with {db} for the
// database) with args bound as parameters, and returns each row as scan
// reads it. what names the read in errors ("reading the metrics of
// newsetl.metric_series"). No row is no error.
func selectAll[T any](ctx context.Context, conn driver.Conn, db, what, q string, args []any, scan func(driver.Rows) (T, error)) ([]T, error) {
	sql, err := inDB(db, q)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	rows, err := conn.Query(readOnly(ctx), sql, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return out, nil
}

// strings0 is ss, or an empty slice for nil: an Array(String) parameter
// needs a value.
func strings0(ss []string) []string {
	if ss == nil {
		return []string{}
	}
	return ss
}

// quote writes s in double quotes, Go-escaped, for messages.
func quote(s string) string { return fmt.Sprintf("%q", s) }
