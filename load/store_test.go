package load_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/newsetl/newsetl/load"
	"github.com/newsetl/newsetl/load/loadtest"
	"github.com/newsetl/newsetl/record"
)

func TestMigrateTwiceChangesNothing(t *testing.T) {
	ctx := context.Background()
	cfg := loadtest.Config(t)
	s, err := load.Open(ctx, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	first, err := s.Migrate(ctx)
	if err != nil {
		t.Fatal(err)
	}
	all, _ := load.Migrations()
	if len(first) != len(all) {
		t.Fatalf("first migrate applied %d migrations, want all %d", len(first), len(all))
	}
	second, err := s.Migrate(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(second) != 0 {
		t.Fatalf("second migrate applied %v, want nothing", second)
	}
	if n := loadtest.Count(t, s, "SELECT count() FROM "+cfg.Database+".schema_migrations"); n != uint64(len(all)) {
		t.Fatalf("schema_migrations has %d rows, want %d", n, len(all))
	}
	for _, table := range []string{"articles", "facts", "ingest_runs", "ingest_errors", "articles_latest", "facts_latest"} {
		n := loadtest.Count(t, s, "SELECT count() FROM system.tables WHERE database = ? AND name = ?", cfg.Database, table)
		if n != 1 {
			t.Errorf("table %s: found %d, want 1", table, n)
		}
	}
}

func TestMigrateRefusesEditedMigration(t *testing.T) {
	ctx := context.Background()
	s := loadtest.Store(t)
	if err := s.Conn().Exec(ctx, "ALTER TABLE "+s.Database()+".schema_migrations DELETE WHERE version = 1"); err != nil {
		t.Skipf("ALTER DELETE unsupported: %v", err)
	}
	// Record migration 1 with a checksum that no file has.
	batch, err := s.Conn().PrepareBatch(ctx, "INSERT INTO "+s.Database()+".schema_migrations (version, name, checksum, applied_at)")
	if err != nil {
		t.Fatal(err)
	}
	if err := batch.Append(uint32(1), "0001_init.sql", strings.Repeat("0", 64), time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := batch.Send(); err != nil {
		t.Fatal(err)
	}
	// Mutations are asynchronous: wait until the old record is gone.
	deadline := time.Now().Add(10 * time.Second)
	for loadtest.Count(t, s, "SELECT count() FROM "+s.Database()+".schema_migrations WHERE version = 1") != 1 {
		if time.Now().After(deadline) {
			t.Fatal("mutation did not finish")
		}
		time.Sleep(50 * time.Millisecond)
	}
	_, err = s.Migrate(ctx)
	if err == nil || !strings.Contains(err.Error(), "0001_init.sql was changed after it was applied") {
		t.Fatalf("Migrate = %v, want an error about the edited migration", err)
	}
}

func TestStatementsSplit(t *testing.T) {
	m := load.Migration{SQL: "-- comment\nCREATE TABLE {{db}}.a (x UInt8) -- trailing\nENGINE = Memory;\n\nCREATE VIEW {{db}}.v AS\nSELECT 1;\n"}
	got := m.Statements("mydb")
	want := []string{"CREATE TABLE mydb.a (x UInt8)\nENGINE = Memory", "CREATE VIEW mydb.v AS\nSELECT 1"}
	if len(got) != len(want) {
		t.Fatalf("got %d statements %q, want %q", len(got), got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("statement %d = %q, want %q", i, got[i], want[i])
		}
	}
}

func day(s string) *time.Time {
	t, _ := time.Parse("2006-01-02", s)
	return &t
}

// A version is visible in facts_latest only once its article row exists, and
// only the newest version of an article shows; a retried batch shows once.
func TestFactsLatestShowsCommittedNewestVersionOnce(t *testing.T) {
	ctx := context.Background()
	s := loadtest.Store(t)
	pub := time.Date(2021, 12, 20, 0, 0, 0, 0, time.UTC)
	fact := func(id, version uint64, value float64) record.Fact {
		return record.Fact{FactID: id, ArticleID: 7, Version: version, Source: "s", URL: "http://x/a", PublishedAt: pub,
			Figure: "1,154", Value: value, Kind: "count", Subject: "medical institutions", PeriodStart: day("2021-11-30"),
			PeriodEnd: day("2021-11-30"), PeriodGranularity: "month", AsOf: true, Sentence: "s", ParsedAt: pub}
	}
	art := func(version uint64, hash string) record.Article {
		return record.Article{ArticleID: 7, Source: "s", URL: "http://x/a", Title: "t", PublishedAt: pub, ContentHash: hash, FetchedAt: pub, Version: version}
	}
	// Version 1, written twice (a retried batch).
	for range 2 {
		if err := s.WriteVersions(ctx, []record.Article{art(1, "h1")}, []record.Fact{fact(100, 1, 1154), fact(101, 1, 99.6)}); err != nil {
			t.Fatal(err)
		}
	}
	// Version 2: facts written but the article row never was (a crash between the inserts).
	if err := s.WriteFacts(ctx, []record.Fact{fact(200, 2, 1155)}); err != nil {
		t.Fatal(err)
	}
	db := s.Database()
	if n := loadtest.Count(t, s, "SELECT count() FROM "+db+".facts_latest"); n != 2 {
		t.Fatalf("facts_latest has %d rows after version 1 twice and an uncommitted version 2, want 2", n)
	}
	var sum float64
	if err := s.Conn().QueryRow(ctx, "SELECT sum(value) FROM "+db+".facts_latest").Scan(&sum); err != nil {
		t.Fatal(err)
	}
	if sum != 1154+99.6 {
		t.Fatalf("sum(value) = %v, want %v", sum, 1154+99.6)
	}
	// Version 3 committed: only its facts show.
	if err := s.WriteVersions(ctx, []record.Article{art(3, "h3")}, []record.Fact{fact(300, 3, 1156)}); err != nil {
		t.Fatal(err)
	}
	var v float64
	if err := s.Conn().QueryRow(ctx, "SELECT any(value) FROM "+db+".facts_latest").Scan(&v); err != nil {
		t.Fatal(err)
	}
	if n := loadtest.Count(t, s, "SELECT count() FROM "+db+".facts_latest"); n != 1 || v != 1156 {
		t.Fatalf("facts_latest = %d rows, value %v; want 1 row of 1156", n, v)
	}
	hashes, err := s.ArticleHashes(ctx, "s")
	if err != nil {
		t.Fatal(err)
	}
	if hashes[7] != "h3" || len(hashes) != 1 {
		t.Fatalf("ArticleHashes = %v, want {7: h3}", hashes)
	}
	if n := loadtest.Count(t, s, "SELECT count() FROM "+db+".articles_latest"); n != 1 {
		t.Fatalf("articles_latest has %d rows, want 1", n)
	}
}

func TestBatchesLargerThanBatchSize(t *testing.T) {
	ctx := context.Background()
	cfg := loadtest.Config(t)
	cfg.BatchSize = 7
	s, err := load.Open(ctx, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	var facts []record.Fact
	for i := range 30 {
		facts = append(facts, record.Fact{FactID: uint64(i), ArticleID: 1, Version: 1, Source: "s", PublishedAt: time.Unix(0, 0), Value: float64(i)})
	}
	if err := s.WriteFacts(ctx, facts); err != nil {
		t.Fatal(err)
	}
	if n := loadtest.Count(t, s, "SELECT count() FROM "+cfg.Database+".facts"); n != 30 {
		t.Fatalf("facts has %d rows, want 30", n)
	}
	var nulls uint64
	if err := s.Conn().QueryRow(ctx, "SELECT countIf(period_start IS NULL) FROM "+cfg.Database+".facts").Scan(&nulls); err != nil {
		t.Fatal(err)
	}
	if nulls != 30 {
		t.Fatalf("%d facts have a NULL period_start, want 30", nulls)
	}
}

func TestOpenNamesAddressWhenDown(t *testing.T) {
	cfg := loadtest.Config(t)
	cfg.Addr = "127.0.0.1:1" // nothing listens on port 1
	cfg.DialTimeout = time.Second
	_, err := load.Open(context.Background(), cfg, nil)
	if err == nil || !strings.Contains(err.Error(), "127.0.0.1:1") {
		t.Fatalf("Open = %v, want an error naming 127.0.0.1:1", err)
	}
}

// A migration whose ALTER ... ADD COLUMN statements ran but whose record
// was never written (a crash in between) applies cleanly on the next run.
func TestInterruptedAddColumnMigrationReruns(t *testing.T) {
	ctx := context.Background()
	s := loadtest.Store(t)
	db := s.Database()
	if err := s.Conn().Exec(ctx, "ALTER TABLE "+db+".schema_migrations DELETE WHERE version = 4"); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for loadtest.Count(t, s, "SELECT count() FROM "+db+".schema_migrations WHERE version = 4") != 0 {
		if time.Now().After(deadline) {
			t.Fatal("mutation did not finish")
		}
		time.Sleep(50 * time.Millisecond)
	}
	applied, err := s.Migrate(ctx)
	if err != nil {
		t.Fatalf("rerunning migration 4: %v", err)
	}
	if len(applied) != 1 || applied[0].Version != 4 {
		t.Fatalf("applied %v, want migration 4 again", applied)
	}
	if n := loadtest.Count(t, s, "SELECT count() FROM system.columns WHERE database = ? AND table = 'ingest_runs' AND name = 'pages_not_modified'", db); n != 1 {
		t.Errorf("pages_not_modified columns: %d", n)
	}
}
