package analyst

import (
	"context"
	"fmt"
	"reflect"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
)

// Result is what Query read: the columns with their ClickHouse types and
// the rows, each value as the driver scanned it (dereferenced: a NULL is
// nil).
type Result struct {
	Columns   []string
	Types     []string // ClickHouse type names, e.g. "Nullable(Float64)"
	Rows      [][]any
	Truncated bool // more rows than the limit: reading stopped there
}

// Query runs sql with readonly=2 (the server refuses writes and DDL) and
// reads at most limit rows (0: no limit). The error carries the server's
// message; the caller names the query.
func Query(ctx context.Context, conn driver.Conn, sql string, limit int) (*Result, error) {
	rows, err := conn.Query(readOnly(ctx), sql)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cts := rows.ColumnTypes()
	res := &Result{}
	for _, ct := range cts {
		res.Columns = append(res.Columns, ct.Name())
		res.Types = append(res.Types, ct.DatabaseTypeName())
	}
	for rows.Next() {
		if limit > 0 && len(res.Rows) == limit {
			res.Truncated = true
			break
		}
		dest := make([]any, len(cts))
		for i, ct := range cts {
			dest[i] = reflect.New(ct.ScanType()).Interface()
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, fmt.Errorf("reading row %d: %w", len(res.Rows)+1, err)
		}
		row := make([]any, len(dest))
		for i, d := range dest {
			row[i] = deref(reflect.ValueOf(d).Elem())
		}
		res.Rows = append(res.Rows, row)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return res, nil
}

// deref follows pointers (Nullable columns scan into *T): a nil pointer is
// nil, anything else its value.
func deref(v reflect.Value) any {
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return nil
		}
		v = v.Elem()
	}
	return v.Interface()
}
