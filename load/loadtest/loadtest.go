// Package loadtest gives tests a fresh database on a real ClickHouse server.
//
// The server's native address comes from NEWSETL_TEST_CLICKHOUSE_ADDR, which
// `make test` sets after starting a throwaway server. Without it the test is
// skipped, except under CI (CI=true) or NEWSETL_REQUIRE_CLICKHOUSE=1, where a
// missing server fails the test: the load path is never mocked.
package loadtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"testing"
	"time"

	"github.com/newsetl/newsetl/config"
	"github.com/newsetl/newsetl/load"
)

// AddrEnv names the variable holding the test server's native address.
const AddrEnv = "NEWSETL_TEST_CLICKHOUSE_ADDR"

// Config returns a ClickHouse config for a new, uniquely named database that
// is dropped when the test ends.
func Config(t testing.TB) config.ClickHouse {
	t.Helper()
	addr := os.Getenv(AddrEnv)
	if addr == "" {
		if os.Getenv("CI") != "" || os.Getenv("NEWSETL_REQUIRE_CLICKHOUSE") == "1" {
			t.Fatalf("%s is not set: run the tests with `make test`, which starts ClickHouse", AddrEnv)
		}
		t.Skipf("%s is not set: run `make test` to test against a real ClickHouse", AddrEnv)
	}
	var b [6]byte
	rand.Read(b[:])
	cfg := config.ClickHouse{
		Addr: addr, Database: "newsetl_test_" + hex.EncodeToString(b[:]), Username: "default",
		DialTimeout: 5 * time.Second, BatchSize: 10_000,
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		s, err := load.Open(ctx, cfg, nil)
		if err != nil {
			return
		}
		defer s.Close()
		s.Conn().Exec(ctx, "DROP DATABASE IF EXISTS "+cfg.Database)
	})
	return cfg
}

// Store opens a migrated store on a fresh database.
func Store(t testing.TB) *load.Store {
	t.Helper()
	ctx := context.Background()
	s, err := load.Open(ctx, Config(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return s
}

// Count runs a query returning one UInt64 (count()).
func Count(t testing.TB, s *load.Store, query string, args ...any) uint64 {
	t.Helper()
	var n uint64
	if err := s.Conn().QueryRow(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}
