package load_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/newsetl/newsetl/load"
	"github.com/newsetl/newsetl/load/loadtest"
	"github.com/newsetl/newsetl/record"
	"github.com/newsetl/newsetl/transform/stats"
)

// The analyst views as they were up to migration 0011, with FINAL: the
// reference the views without FINAL must answer the same as.
const (
	finalFacts = "SELECT %s FROM %[2]s.facts FINAL WHERE (article_id, version) IN " +
		"(SELECT article_id, max(version) FROM %[2]s.articles GROUP BY article_id)"
	finalArticles   = "SELECT %s FROM %[2]s.articles FINAL"
	finalStatistics = "SELECT %s FROM %[2]s.statistics FINAL WHERE (series_key, version) IN " +
		"(SELECT series_key, max(version) FROM %[2]s.statistics GROUP BY series_key)"
)

// Every column of each table, so that a row differing anywhere differs.
const (
	factCols = "fact_id, article_id, version, source, url, published_at, lang, figure, value, kind, unit, subject, base, qualifier, " +
		"period_text, period_start, period_end, period_granularity, as_of, sentence, position, parsed_at, value_low, value_high, " +
		"direction, is_change, period_fallback, subject_head, period_target, parser_version"
	articleCols = "article_id, source, url, title, published_at, lang, body, content_hash, fetched_at, version, date_source, parser_version"
	statCols    = "series_key, value_key, source, dataset, indicator_code, indicator_name, dim_names, dim_values, period_start, period_end, " +
		"granularity, period_text, value, unit, scale, raw, url, fetched_at, first_seen_at, version"
)

// fingerprint is the count of rows a query answers and the sorted hashes
// of its rows.
func fingerprint(t *testing.T, s *load.Store, cols, from string) (uint64, []uint64) {
	t.Helper()
	// cityHash64 of a NULL is NULL, and groupArray leaves NULLs out: hash
	// the nullable columns as text.
	hashed := strings.NewReplacer("period_start,", "ifNull(toString(period_start), 'NULL'),",
		"period_end,", "ifNull(toString(period_end), 'NULL'),", " value,", " ifNull(toString(value), 'NULL'),").Replace(cols)
	q := fmt.Sprintf("SELECT count(), arraySort(groupArray(h)) FROM (SELECT cityHash64(%s) AS h FROM (%s))", hashed, from)
	var n uint64
	var hs []uint64
	if err := s.Conn().QueryRow(context.Background(), q).Scan(&n, &hs); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n, hs
}

// TestViewsAnswerAsFinal writes randomized revisions (articles with up to
// four versions, some never committed by an article row; statistics series
// with revisions) with every batch written once or twice (a retried batch),
// and checks that each view answers row for row what the FINAL query it
// replaces answers.
func TestViewsAnswerAsFinal(t *testing.T) {
	ctx := context.Background()
	s := loadtest.Store(t)
	db := s.Database()
	// Merges would fold the duplicates before the views are asked: the
	// views must hide them whenever they are read.
	for _, table := range []string{"facts", "articles", "statistics"} {
		if err := s.Conn().Exec(ctx, "SYSTEM STOP MERGES "+db+"."+table); err != nil {
			t.Fatalf("stopping merges of %s: %v", table, err)
		}
	}
	for seed := range uint64(3) {
		r := rand.New(rand.NewPCG(seed, 14))
		writeRandomRevisions(t, ctx, s, r, 150)
		for _, v := range []struct{ view, cols, final string }{
			{"facts_latest", factCols, finalFacts},
			{"articles_latest", articleCols, finalArticles},
			{"statistics_latest", statCols, finalStatistics},
		} {
			gotN, got := fingerprint(t, s, v.cols, "SELECT "+v.cols+" FROM "+db+"."+v.view)
			wantN, want := fingerprint(t, s, v.cols, fmt.Sprintf(v.final, v.cols, db))
			if gotN != wantN || fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("seed %d: %s answers %d rows, FINAL %d; the rows differ: %v", seed, v.view, gotN, wantN, fmt.Sprint(got) != fmt.Sprint(want))
			}
			if wantN == 0 {
				t.Fatalf("seed %d: %s is empty: the test wrote nothing it reads", seed, v.view)
			}
		}
	}
	// The data had what the views must hide: superseded versions, versions
	// without an article row, and duplicate rows.
	raw := loadtest.Count(t, s, "SELECT count() FROM "+db+".facts")
	latest := loadtest.Count(t, s, "SELECT count() FROM "+db+".facts_latest")
	final := loadtest.Count(t, s, "SELECT count() FROM "+db+".facts FINAL")
	if !(raw > final && final > latest) {
		t.Fatalf("facts: %d raw, %d FINAL, %d latest: the data lacks duplicates or old versions", raw, final, latest)
	}
	// Without its dedupe the FINAL view would show the duplicates: the test
	// can tell.
	undeduped := fmt.Sprintf("SELECT %s FROM %[2]s.facts WHERE (article_id, version) IN "+
		"(SELECT article_id, max(version) FROM %[2]s.articles GROUP BY article_id)", factCols, db)
	if n, _ := fingerprint(t, s, factCols, undeduped); n == latest {
		t.Fatalf("facts of current versions without dedupe: %d rows, as many as facts_latest: no duplicate reached the views", n)
	}
	// facts_latest reads fact sets: among them were sets written twice
	// (retried batches) and sets of superseded versions, which it hid.
	sets := loadtest.Count(t, s, "SELECT count() FROM "+db+".fact_sets")
	current := loadtest.Count(t, s, "SELECT uniqExact(article_id) FROM "+db+".facts_latest")
	versions := loadtest.Count(t, s, "SELECT uniqExact(article_id, version) FROM "+db+".fact_sets")
	if !(sets > versions && versions > current) {
		t.Fatalf("fact_sets: %d sets of %d versions, %d articles read: the data lacks retried sets or old versions", sets, versions, current)
	}
}

// TestFactsLatestCountsAsFinal: on a larger random set of revisions, facts_latest
// holds as many facts, of the same ids and the same total value, as the
// FINAL definition, and the same rows.
func TestFactsLatestCountsAsFinal(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 2,000 articles")
	}
	ctx := context.Background()
	s := loadtest.Store(t)
	db := s.Database()
	writeRandomRevisions(t, ctx, s, rand.New(rand.NewPCG(99, 14)), 2000)
	// value*10 is a whole number here: its sum is exact in any order.
	const agg = "SELECT count(), uniqExact(fact_id), sum(round(value * 10)) FROM "
	var got, want struct {
		n, ids uint64
		sum    float64
	}
	if err := s.Conn().QueryRow(ctx, agg+db+".facts_latest").Scan(&got.n, &got.ids, &got.sum); err != nil {
		t.Fatal(err)
	}
	final := fmt.Sprintf(finalFacts, factCols, db)
	if err := s.Conn().QueryRow(ctx, agg+"("+final+")").Scan(&want.n, &want.ids, &want.sum); err != nil {
		t.Fatal(err)
	}
	if got != want || want.n < 5_000 {
		t.Fatalf("facts_latest: %+v; FINAL definition: %+v (want equal, over 5,000 facts)", got, want)
	}
	gotN, gotH := fingerprint(t, s, factCols, "SELECT "+factCols+" FROM "+db+".facts_latest")
	wantN, wantH := fingerprint(t, s, factCols, final)
	if gotN != wantN || fmt.Sprint(gotH) != fmt.Sprint(wantH) {
		t.Fatalf("facts_latest and the FINAL definition hold %d and %d rows, not the same", gotN, wantN)
	}
}

// writeRandomRevisions writes n articles of two sources with random
// versions and facts, and statistics series with random revisions.
func writeRandomRevisions(t *testing.T, ctx context.Context, s *load.Store, r *rand.Rand, n int) {
	t.Helper()
	base := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	// Rows go out in a handful of batches of random size, each written
	// once or twice (a retried batch), facts of a version before its
	// article row.
	var facts []record.Fact
	var arts []record.Article
	var orphans []record.Fact
	flush := func() {
		if err := s.WriteFacts(ctx, orphans); err != nil {
			t.Fatal(err)
		}
		orphans = orphans[:0]
		for range 1 + r.IntN(2) {
			if err := s.WriteVersions(ctx, arts, facts); err != nil {
				t.Fatal(err)
			}
		}
		facts, arts = facts[:0], arts[:0]
	}
	for i := range n {
		id := r.Uint64()
		src := []string{"stats-en", "stats-zh"}[r.IntN(2)]
		pub := time.Date(2026, time.Month(1+r.IntN(3)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC)
		for v := range 1 + r.IntN(4) {
			fetched := base.Add(time.Duration(i*10+v) * time.Hour)
			version := uint64(fetched.UnixMilli())
			first := len(facts) // this version's facts are facts[first:]
			for j := range r.IntN(8) {
				ps := pub.AddDate(0, -1, 0)
				facts = append(facts, record.Fact{FactID: r.Uint64(), ArticleID: id, Version: version, Source: src,
					URL: fmt.Sprintf("https://stats.example.gov/%d.html", id), PublishedAt: pub, Lang: "en",
					Figure: fmt.Sprintf("%d.%d percent", j, v), Value: float64(j) + float64(v)/10, Kind: "percent", Unit: "percent",
					Subject: "retail sales", SubjectHead: "sale", PeriodText: "last month", PeriodStart: &ps, PeriodEnd: &pub,
					PeriodGranularity: "month", Sentence: "Retail sales rose.", Position: uint32(j * 10), ParsedAt: fetched,
					ParserVersion: fmt.Sprint("p", v)})
			}
			if r.IntN(5) == 0 {
				// Never committed: an ingest that died between facts and article.
				orphans, facts = append(orphans, facts[first:]...), facts[:first]
				continue
			}
			a := record.Article{ArticleID: id, Source: src, URL: fmt.Sprintf("https://stats.example.gov/%d.html", id),
				Title: fmt.Sprint("Release ", i), PublishedAt: pub, Lang: "en", Body: fmt.Sprint("body ", v),
				ContentHash: fmt.Sprint("h", v), FetchedAt: fetched, Version: version, ParserVersion: fmt.Sprint("p", v)}
			arts = append(arts, a)
			if r.IntN(120) == 0 {
				flush()
			}
		}
	}
	flush()
	var obs []record.Observation
	for i := range n / 3 {
		period := time.Date(2020+r.IntN(6), time.Month(1+3*r.IntN(4)), 1, 0, 0, 0, 0, time.UTC)
		series := r.Uint64()
		for rev := range 1 + r.IntN(3) {
			fetched := base.Add(time.Duration(i*10+rev) * time.Hour)
			v := float64(r.IntN(1000)) / 10
			o := record.Observation{Observation: stats.Observation{Source: "worldbank", Dataset: "wdi", IndicatorCode: "SH.XPD",
				IndicatorName: "Health expenditure", PeriodStart: period, PeriodEnd: period.AddDate(0, 3, 0), Granularity: "quarter",
				PeriodText: period.Format("2006-01"), Value: &v, Unit: "percent", Scale: 1, Raw: fmt.Sprint(v),
				URL: "https://api.example.org/wdi", FetchedAt: fetched},
				SeriesKey: series, ValueKey: uint64(rev), FirstSeenAt: fetched}
			if r.IntN(4) == 0 && rev > 0 {
				o.ValueKey = 0 // back to the first value: the same key at a newer version
			}
			obs = append(obs, o)
		}
		if r.IntN(25) == 0 || i == n/3-1 {
			for range 1 + r.IntN(2) {
				if err := s.WriteObservations(ctx, obs); err != nil {
					t.Fatal(err)
				}
			}
			obs = obs[:0]
		}
	}
}
