package load

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/newsetl/newsetl/config"
	"github.com/newsetl/newsetl/record"
)

func TestFactSetsOf(t *testing.T) {
	art := func(id, v uint64) record.Article { return record.Article{ArticleID: id, Version: v} }
	fact := func(id, v, fid uint64) record.Fact { return record.Fact{ArticleID: id, Version: v, FactID: fid} }
	for _, tc := range []struct {
		name     string
		articles []record.Article
		facts    []record.Fact
		want     string // the sets: key and fact indexes
	}{
		{"one version", []record.Article{art(1, 5)}, []record.Fact{fact(1, 5, 10), fact(1, 5, 11)}, "[{{1 5} [0 1]}]"},
		{"sets in the order of the articles, facts in theirs",
			[]record.Article{art(2, 1), art(1, 1)}, []record.Fact{fact(1, 1, 10), fact(2, 1, 20), fact(1, 1, 11)},
			"[{{2 1} [1]} {{1 1} [0 2]}]"},
		{"a fact given twice is in its set once", []record.Article{art(1, 5)}, []record.Fact{fact(1, 5, 10), fact(1, 5, 10)}, "[{{1 5} [0]}]"},
		{"facts of an uncommitted version belong to no set",
			[]record.Article{art(1, 5)}, []record.Fact{fact(1, 4, 10), fact(1, 6, 11), fact(2, 5, 12), fact(1, 5, 13)},
			"[{{1 5} [3]}]"},
		{"two versions of one article", []record.Article{art(1, 5), art(1, 6)}, []record.Fact{fact(1, 6, 10), fact(1, 5, 10)},
			"[{{1 5} [1]} {{1 6} [0]}]"},
		{"an article row given twice", []record.Article{art(1, 5), art(1, 5)}, []record.Fact{fact(1, 5, 10)}, "[{{1 5} [0]}]"},
		{"a version without facts has no set", []record.Article{art(1, 5), art(2, 5)}, []record.Fact{fact(2, 5, 10)}, "[{{2 5} [0]}]"},
		{"nothing", nil, []record.Fact{fact(1, 5, 10)}, "[]"},
	} {
		if got := fmt.Sprint(factSetsOf(tc.articles, tc.facts)); got != tc.want {
			t.Errorf("%s: factSetsOf = %s, want %s", tc.name, got, tc.want)
		}
	}
}

func TestFactSetColumns(t *testing.T) {
	if len(factSetArrays) != len(factSetArrayPos) || len(factSetArrays) == 0 {
		t.Fatalf("%d array columns at %d positions", len(factSetArrays), len(factSetArrayPos))
	}
	for _, c := range factSetArrays {
		if c == "article_id" || c == "version" {
			t.Errorf("%s is kept once per set, not as an array", c)
		}
	}
	// Every column of factColumns has an array form.
	cols := factColumns([]record.Fact{{}}, []int{0})
	for _, p := range factSetArrayPos {
		if _, err := splitColumn(cols[p], []int{0, 1}); err != nil {
			t.Error(err)
		}
	}
}

// testStore opens a migrated store on a fresh database of the test server
// (loadtest cannot be imported here: it imports load).
func testStore(t *testing.T) *Store {
	t.Helper()
	addr := os.Getenv("NEWSETL_TEST_CLICKHOUSE_ADDR")
	if addr == "" {
		if os.Getenv("CI") != "" || os.Getenv("NEWSETL_REQUIRE_CLICKHOUSE") == "1" {
			t.Fatal("NEWSETL_TEST_CLICKHOUSE_ADDR is not set: run the tests with `make test`")
		}
		t.Skip("NEWSETL_TEST_CLICKHOUSE_ADDR is not set: run `make test` to test against a real ClickHouse")
	}
	ctx := context.Background()
	cfg := config.ClickHouse{Addr: addr, Database: fmt.Sprintf("newsetl_test_factsets_%d", time.Now().UnixNano()),
		DialTimeout: 5 * time.Second, BatchSize: 10_000}
	s, err := Open(ctx, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		s.conn.Exec(context.Background(), "DROP DATABASE IF EXISTS "+cfg.Database)
		s.Close()
	})
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return s
}

func (s *Store) testCount(t *testing.T, q string) uint64 {
	t.Helper()
	var n uint64
	if err := s.conn.QueryRow(context.Background(), q).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// testFacts makes n facts of each of the article versions.
func testFacts(arts []record.Article, n int) []record.Fact {
	var out []record.Fact
	for _, a := range arts {
		for j := range n {
			ps := a.PublishedAt.AddDate(0, -1, 0)
			out = append(out, record.Fact{FactID: a.ArticleID*1000 + a.Version*10 + uint64(j), ArticleID: a.ArticleID, Version: a.Version,
				Source: a.Source, URL: a.URL, PublishedAt: a.PublishedAt, Lang: "zh", Figure: fmt.Sprintf("%d万人", j),
				Value: float64(j) * 1e4, Kind: "count", Unit: "人", Subject: "就业人数", PeriodText: "上月", PeriodStart: &ps,
				PeriodGranularity: "month", Sentence: "城镇新增就业人数增加。", Position: uint32(j), ParsedAt: a.FetchedAt,
				ParserVersion: fmt.Sprint("p", a.Version)})
		}
	}
	return out
}

func testArticles(ids []uint64, version uint64) []record.Article {
	pub := time.Date(2025, 3, 5, 0, 0, 0, 0, time.UTC)
	var out []record.Article
	for _, id := range ids {
		out = append(out, record.Article{ArticleID: id, Source: "stats-zh", URL: fmt.Sprintf("https://stats.example.cn/%d.html", id),
			Title: "统计公报", PublishedAt: pub, Lang: "zh", Body: "正文", ContentHash: fmt.Sprint("h", version),
			FetchedAt: pub.Add(time.Duration(version) * time.Hour), Version: version})
	}
	return out
}

// A batch of fact sets that reached the server although its insert
// failed, then written again: only the sets of the attempt the article
// rows name are read.
func TestRetriedFactSetsShowOnce(t *testing.T) {
	ctx := context.Background()
	s := testStore(t)
	arts := testArticles([]uint64{1, 2, 3}, 1)
	facts := testFacts(arts, 4)
	if err := s.WriteFacts(ctx, facts); err != nil {
		t.Fatal(err)
	}
	if _, err := s.writeFactSets(ctx, arts, facts); err != nil { // arrived, reported failed
		t.Fatal(err)
	}
	keys, err := s.writeFactSets(ctx, arts, facts)
	if err != nil {
		t.Fatal(err)
	}
	if n := s.testCount(t, "SELECT count() FROM "+s.db+".facts_latest"); n != 0 {
		t.Fatalf("facts_latest has %d rows before any article row", n)
	}
	if err := s.writeCommits(ctx, arts, keys); err != nil {
		t.Fatal(err)
	}
	if n := s.testCount(t, "SELECT count() FROM "+s.db+".fact_sets"); n != 6 {
		t.Fatalf("fact_sets has %d rows, want 6 (two attempts of three sets)", n)
	}
	if n := s.testCount(t, "SELECT count() FROM "+s.db+".facts_latest"); n != 12 {
		t.Fatalf("facts_latest has %d rows, want 12 (three articles of four facts, once)", n)
	}
	if n := s.testCount(t, "SELECT uniqExact(fact_id) FROM "+s.db+".facts_latest"); n != 12 {
		t.Fatalf("facts_latest has %d distinct facts, want 12", n)
	}
}

// A newer version without facts hides the facts of the version before it,
// as the FINAL view did.
func TestVersionWithoutFactsHidesOlderFacts(t *testing.T) {
	ctx := context.Background()
	s := testStore(t)
	v1 := testArticles([]uint64{1, 2}, 1)
	if err := s.WriteVersions(ctx, v1, testFacts(v1, 3)); err != nil {
		t.Fatal(err)
	}
	if err := s.WriteVersions(ctx, testArticles([]uint64{1}, 2), nil); err != nil {
		t.Fatal(err)
	}
	if n := s.testCount(t, "SELECT count() FROM "+s.db+".facts_latest"); n != 3 {
		t.Fatalf("facts_latest has %d rows, want 3 (article 2's)", n)
	}
	if n := s.testCount(t, "SELECT countIf(article_id = 2) FROM "+s.db+".facts_latest"); n != 3 {
		t.Fatalf("facts_latest has %d facts of article 2, want 3", n)
	}
}

// Facts stored before migration 14 (facts, then article rows without a
// set_key) are copied into fact_sets by the backfill Migrate runs: the
// view then answers as the FINAL definition, and a second backfill (a
// migration cut short and run again) copies nothing twice.
func TestBackfillFactSets(t *testing.T) {
	ctx := context.Background()
	s := testStore(t)
	ids := []uint64{11, 12, 13, 14, 15}
	// Version 1 of every article, version 2 of some, written twice (a
	// retried batch); version 3 of one never committed.
	v1, v2 := testArticles(ids, 1), testArticles(ids[:3], 2)
	for _, arts := range [][]record.Article{v1, v2, v2} {
		if err := s.WriteFacts(ctx, testFacts(arts, 3)); err != nil {
			t.Fatal(err)
		}
		if err := s.WriteArticles(ctx, arts); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.WriteFacts(ctx, testFacts(testArticles(ids[:1], 3), 2)); err != nil {
		t.Fatal(err)
	}
	// A current version stored since, whose set is written with it.
	v4 := testArticles(ids[4:], 4)
	if err := s.WriteVersions(ctx, v4, testFacts(v4, 5)); err != nil {
		t.Fatal(err)
	}
	const cols = "fact_id, article_id, version, source, url, published_at, lang, figure, value, kind, unit, subject, base, qualifier, " +
		"period_text, period_start, period_end, period_granularity, as_of, sentence, position, parsed_at, value_low, value_high, " +
		"direction, is_change, period_fallback, subject_head, period_target, parser_version, metric, entity"
	fp := func(from string) string {
		var n, h uint64
		hashed := strings.NewReplacer("period_start,", "ifNull(toString(period_start), 'NULL'),",
			"period_end,", "ifNull(toString(period_end), 'NULL'),").Replace(cols) // cityHash64 of a NULL is NULL
		q := "SELECT count(), sum(cityHash64(" + hashed + ")) FROM (SELECT " + cols + " FROM " + from + ")"
		if err := s.conn.QueryRow(ctx, q).Scan(&n, &h); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return fmt.Sprint(n, " rows, hash ", h)
	}
	final := fmt.Sprintf("%[1]s.facts FINAL WHERE (article_id, version) IN (SELECT article_id, max(version) FROM %[1]s.articles GROUP BY article_id)", s.db)
	want := fp(final)
	if !strings.HasPrefix(want, "17 rows,") {
		t.Fatalf("FINAL definition: %s, want 17 rows (3+3+3 of version 2, 3 of version 1, 5 of version 4)", want)
	}
	for i := range 2 {
		if err := s.backfillFactSets(ctx); err != nil {
			t.Fatal(err)
		}
		if got := fp(s.db + ".facts_latest"); got != want {
			t.Fatalf("backfill %d: facts_latest %s, FINAL definition %s", i+1, got, want)
		}
		if n := s.testCount(t, "SELECT count() FROM "+s.db+".fact_sets"); n != 6 {
			// 4 copied for the article rows without a set_key, 1 written by
			// WriteVersions, and 1 copy of it that no article row names.
			t.Fatalf("backfill %d: fact_sets has %d rows, want 6", i+1, n)
		}
	}
}
