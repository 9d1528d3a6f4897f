package analyst

import (
	"context"
	"testing"

	"github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"

	"github.com/newsetl/newsetl/load/loadtest"
)

// TestSelectAllRunsReadOnly: the queries of the package run at readonly=2
// on any connection, even one opened without the setting (the server
// reports the level the query runs at).
func TestSelectAllRunsReadOnly(t *testing.T) {
	cfg := loadtest.Config(t)
	conn, err := clickhouse.Open(&clickhouse.Options{Addr: []string{cfg.Addr}})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	const q = `SELECT value FROM system.settings WHERE name = 'readonly'`
	level := func(ctx context.Context) []string {
		got, err := selectAll(ctx, conn, "default", "reading readonly", q, nil, func(rows driver.Rows) (v string, err error) {
			return v, rows.Scan(&v)
		})
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	if got := level(context.Background()); len(got) != 1 || got[0] != "2" {
		t.Errorf("selectAll runs at readonly %v, want [2]", got)
	}
	// The connection itself is read-write: the level comes from selectAll.
	var plain string
	if err := conn.QueryRow(context.Background(), q).Scan(&plain); err != nil || plain != "0" {
		t.Errorf("a plain query on the connection runs at readonly %q (%v), want 0", plain, err)
	}
}
