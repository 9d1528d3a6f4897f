package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsetl/newsetl/config"
	"github.com/newsetl/newsetl/internal/golden"
	"github.com/newsetl/newsetl/internal/tableprint"
	"github.com/newsetl/newsetl/load/loadtest"
)

// analystConfig writes a config file naming the test database and no
// source (query and chart need only the connection).
func analystConfig(t *testing.T, ch config.ClickHouse) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "newsetl.yaml")
	body := "clickhouse:\n  addr: ${NEWSETL_CLICKHOUSE_ADDR}\n  database: ${NEWSETL_DATABASE}\n  username: default\nsources: []\n"
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// mixedQuery returns English and Chinese values, a NULL, a date, a
// DateTime, a large UInt64, a float and an array, in a fixed order.
const mixedQuery = `SELECT source, subject, value, unit, toDate(day) AS period_end, toDateTime(published, 'UTC') AS published_at, id, share, tags
FROM (
    SELECT 1 AS n, 'sasac-en' AS source, 'medical institutions' AS subject, toNullable(182) AS value, 'institutions' AS unit,
           '2023-12-31' AS day, '2024-03-05 09:30:00' AS published, toUInt64(18446744073709551615) AS id, 0.125 AS share, ['en', 'soe'] AS tags
    UNION ALL
    SELECT 2, 'sasac-zh', '央企所办医疗机构', toNullable(182), '家', '2023-12-31', '2024-03-06 10:00:00', toUInt64(7), 1.5, ['zh']
    UNION ALL
    SELECT 3, 'nbs-health-expenditure-en', '卫生总费用 · total', NULL, '亿元', '2020-12-31', '2021-07-01 00:00:00', toUInt64(42), toFloat64(7230640000000), emptyArrayString()
)
ORDER BY n`

func TestQueryFormats(t *testing.T) {
	s := loadtest.Store(t)
	ch := loadtest.Config(t)
	ch.Database = s.Database()
	cfg := analystConfig(t, ch)
	for _, format := range []string{"table", "csv", "json", "markdown"} {
		t.Run(format, func(t *testing.T) {
			code, stdout, stderr := newsetl(t, ch, nil, "query", "--config", cfg, mixedQuery, "--format", format)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			golden.Assert(t, "testdata/query/mixed."+format, []byte(stdout))
			if format != "table" {
				return
			}
			// Independent of the golden: the columns after the Chinese
			// subjects start at the same display column on every line.
			lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
			if len(lines) != 5 {
				t.Fatalf("%d lines, want header, rule and 3 rows:\n%s", len(lines), stdout)
			}
			col := func(l, cell string) int { return tableprint.Width(l[:strings.Index(l, cell)]) }
			want := col(lines[0], "unit")
			for i, unit := range []string{"institutions", "家", "亿元"} {
				if got := col(lines[2+i], "  "+unit) + 2; got != want {
					t.Errorf("row %d: unit starts at display column %d, header at %d:\n%s", i+1, got, want, stdout)
				}
			}
		})
	}
}

func TestQueryFromFileAndErrors(t *testing.T) {
	s := loadtest.Store(t)
	ch := loadtest.Config(t)
	ch.Database = s.Database()
	cfg := analystConfig(t, ch)

	// Unqualified names resolve in the configured database.
	sqlFile := filepath.Join(t.TempDir(), "count.sql")
	os.WriteFile(sqlFile, []byte("-- facts so far\nSELECT count() AS facts FROM facts_latest\n"), 0o644)
	code, stdout, stderr := newsetl(t, ch, nil, "query", "--config", cfg, "-f", sqlFile, "--format", "csv")
	if code != 0 || stdout != "facts\n0\n" {
		t.Errorf("-f: exit %d, stdout %q, stderr %s", code, stdout, stderr)
	}

	// Writes are refused by the server, and the error names the query
	// and carries the server's message.
	for _, write := range []string{
		"CREATE TABLE scratch (a UInt8) ENGINE = Memory",
		"DROP TABLE facts",
		"INSERT INTO ingest_runs (source) SELECT 'x'",
		"OPTIMIZE TABLE facts FINAL",
		"SET readonly = 0",
	} {
		code, _, stderr := newsetl(t, ch, nil, "query", "--config", cfg, write)
		if code != exitFailed || !strings.Contains(stderr, "readonly") || !strings.Contains(stderr, "query \""+write[:10]) {
			t.Errorf("%s: exit %d, stderr %s", write, code, stderr)
		}
	}
	if n := loadtest.Count(t, s, "SELECT count() FROM system.tables WHERE database = ? AND name = 'scratch'", s.Database()); n != 0 {
		t.Errorf("the refused CREATE made a table")
	}

	code, _, stderr = newsetl(t, ch, nil, "query", "--config", cfg, "SELECT nosuchcolumn FROM facts_latest")
	if code != exitFailed || !strings.Contains(stderr, `query "SELECT nosuchcolumn FROM facts_latest"`) || !strings.Contains(stderr, "nosuchcolumn") {
		t.Errorf("bad column: exit %d, stderr %s", code, stderr)
	}

	for _, args := range [][]string{
		{"query", "--config", cfg},
		{"query", "--config", cfg, "SELECT 1", "-f", sqlFile},
		{"query", "--config", cfg, "SELECT 1", "--format", "xml"},
		{"query", "--config", cfg, "SELECT 1", "SELECT 2"},
	} {
		if code, _, stderr := newsetl(t, ch, nil, args...); code != exitUsage {
			t.Errorf("%q: exit %d, want %d (%s)", args, code, exitUsage, stderr)
		}
	}

	code, stdout, stderr = newsetl(t, ch, nil, "query", "--config", cfg, "--max-rows", "2", "SELECT number FROM system.numbers LIMIT 5", "--format", "csv")
	if code != 0 || stdout != "number\n0\n1\n" || !strings.Contains(stderr, "stopped after 2 rows") {
		t.Errorf("--max-rows: exit %d, %q, %s", code, stdout, stderr)
	}
}
