package load_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/newsetl/newsetl/load"
	"github.com/newsetl/newsetl/load/loadtest"
	"github.com/newsetl/newsetl/record"
	"github.com/newsetl/newsetl/schedules"
)

var discard = slog.New(slog.NewTextHandler(io.Discard, nil))

// benchRows is how many fact rows the benchmarks write: 1M, or
// NEWSETL_BENCH_FACTS.
func benchRows(b *testing.B) int {
	if v := os.Getenv("NEWSETL_BENCH_FACTS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 {
			b.Fatalf("NEWSETL_BENCH_FACTS=%q: want a positive number", v)
		}
		return n
	}
	return 1_000_000
}

var benchSubjects = []string{"retail sales", "industrial output", "fixed-asset investment", "unemployment rate", "exports",
	"社会消费品零售总额", "规模以上工业增加值", "城镇调查失业率", "粮食总产量", "居民人均可支配收入"}

// benchVersions makes about n facts as ingest writes them: articles of two
// sources over two years, 7–8 figures each, a third of the articles with
// a second version (both versions' facts stored, only the second current).
func benchVersions(n int) ([]record.Article, []record.Fact) {
	r := rand.New(rand.NewPCG(14, 2026))
	var arts []record.Article
	facts := make([]record.Fact, 0, n)
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; len(facts) < n; i++ {
		id := r.Uint64()
		src := []string{"stats-en", "stats-zh"}[i%2]
		pub := time.Date(2024+r.IntN(2), time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC)
		url := fmt.Sprintf("https://stats.example.gov/%s/%d.html", src, id)
		for v := range 1 + r.IntN(3)/2 {
			fetched := base.Add(time.Duration(i*2+v) * time.Minute)
			version := uint64(fetched.UnixMilli())
			for j := range 7 + r.IntN(2) {
				ps := time.Date(pub.Year(), pub.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -1, 0)
				pe := ps.AddDate(0, 1, -1)
				val := float64(r.IntN(100000)) / 10
				subj := benchSubjects[r.IntN(len(benchSubjects))]
				facts = append(facts, record.Fact{FactID: r.Uint64(), ArticleID: id, Version: version, Source: src, URL: url,
					PublishedAt: pub, Lang: "en", Figure: strconv.FormatFloat(val, 'f', -1, 64) + " percent", Value: val,
					Kind: "percent", Unit: "percent", Subject: subj, SubjectHead: subj, PeriodText: "in " + ps.Format("January"),
					PeriodStart: &ps, PeriodEnd: &pe, PeriodGranularity: "month", Direction: "up", IsChange: true,
					Sentence: subj + " rose " + strconv.FormatFloat(val, 'f', -1, 64) + " percent in " + ps.Format("January") + " from a year earlier.",
					Position: uint32(j * 120), ParsedAt: fetched, ValueLow: val, ValueHigh: val, ParserVersion: "bench"})
			}
			arts = append(arts, record.Article{ArticleID: id, Source: src, URL: url, Title: "Release", PublishedAt: pub, Lang: "en",
				Body: "…", ContentHash: strconv.Itoa(v), FetchedAt: fetched, Version: version, ParserVersion: "bench"})
		}
	}
	return arts, facts
}

const benchFactCols = "fact_id, article_id, version, source, url, published_at, lang, figure, value, kind, unit, subject, base, qualifier, " +
	"period_text, period_start, period_end, period_granularity, as_of, sentence, position, parsed_at, " +
	"value_low, value_high, direction, is_change, period_fallback, subject_head, period_target, parser_version"

// BenchmarkWriteFacts writes 1M fact rows through Store.WriteFacts (the
// configured batch size: clickhouse.batch_size's default, 100k rows) and,
// in the same run, inserts the same rows as TabSeparated with
// clickhouse-client, the reference. Reported: rows/s of each and their
// ratio (medians of b.N pairs, interleaved).
//
//	NEWSETL_TEST_CLICKHOUSE_ADDR=127.0.0.1:29900 go test ./load -run '^$' -bench WriteFacts -benchtime 3x
func BenchmarkWriteFacts(b *testing.B) {
	ctx := context.Background()
	cfg := loadtest.Config(b)
	cfg.BatchSize = 100_000
	s, err := load.Open(ctx, cfg, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	client, err := exec.LookPath("clickhouse-client")
	if err != nil {
		b.Skip("clickhouse-client is not installed: it is the reference")
	}
	host, port, _ := net.SplitHostPort(cfg.Addr)
	_, facts := benchVersions(benchRows(b))
	n := float64(len(facts))
	table := cfg.Database + ".facts"
	truncate := func() {
		if err := s.Conn().Exec(ctx, "TRUNCATE TABLE "+table); err != nil {
			b.Fatal(err)
		}
	}
	// The reference's input: the same rows as the server writes them.
	if err := s.WriteFacts(ctx, facts); err != nil {
		b.Fatal(err)
	}
	var tsv bytes.Buffer
	dump := exec.Command(client, "--host", host, "--port", port, "--query", "SELECT "+benchFactCols+" FROM "+table+" FORMAT TabSeparated")
	dump.Stdout = &tsv
	if err := dump.Run(); err != nil {
		b.Fatalf("dumping the rows: %v", err)
	}
	var ours, ref []float64
	b.ResetTimer()
	for range b.N {
		truncate()
		start := time.Now()
		if err := s.WriteFacts(ctx, facts); err != nil {
			b.Fatal(err)
		}
		ours = append(ours, n/time.Since(start).Seconds())
		truncate()
		ins := exec.Command(client, "--host", host, "--port", port, "--query", "INSERT INTO "+table+" ("+benchFactCols+") FORMAT TabSeparated")
		ins.Stdin = bytes.NewReader(tsv.Bytes())
		start = time.Now()
		if out, err := ins.CombinedOutput(); err != nil {
			b.Fatalf("clickhouse-client: %v %s", err, out)
		}
		ref = append(ref, n/time.Since(start).Seconds())
	}
	b.StopTimer()
	b.ReportMetric(median(ours), "rows/s")
	b.ReportMetric(median(ref), "client_rows/s")
	b.ReportMetric(median(ours)/median(ref), "ratio")
}

// BenchmarkFactsLatest asks facts_latest for the per-subject monthly series
// over 1M facts (a third of the articles with an older version too) and,
// in the same run, asks the raw table the same question (the reference)
// and the FINAL view of migrations 0001–0011. Reported: seconds of each
// and the view's ratio to the raw table (medians of b.N interleaved runs).
//
//	NEWSETL_TEST_CLICKHOUSE_ADDR=127.0.0.1:29900 go test ./load -run '^$' -bench FactsLatest -benchtime 5x
func BenchmarkFactsLatest(b *testing.B) {
	ctx := context.Background()
	s := loadtest.Store(b)
	db := s.Database()
	arts, facts := benchVersions(benchRows(b))
	if err := s.WriteVersions(ctx, arts, facts); err != nil {
		b.Fatal(err)
	}
	series := func(from string) string {
		return "SELECT subject_head, toStartOfMonth(period_start) AS month, count(), sum(value) FROM " + from +
			" GROUP BY subject_head, month ORDER BY subject_head, month"
	}
	finalView := "(SELECT * FROM " + db + ".facts FINAL WHERE (article_id, version) IN " +
		"(SELECT article_id, max(version) FROM " + db + ".articles GROUP BY article_id))"
	run := func(q string) float64 {
		start := time.Now()
		rows, err := s.Conn().Query(ctx, q)
		if err != nil {
			b.Fatal(err)
		}
		k := 0
		for rows.Next() {
			k++
		}
		if err := rows.Err(); err != nil || k == 0 {
			b.Fatalf("%s: %d rows, %v", q, k, err)
		}
		rows.Close()
		return time.Since(start).Seconds()
	}
	var view, raw, final []float64
	b.ResetTimer()
	for range b.N {
		view = append(view, run(series(db+".facts_latest")))
		raw = append(raw, run(series(db+".facts")))
		final = append(final, run(series(finalView)))
	}
	b.StopTimer()
	b.ReportMetric(median(view), "view_s")
	b.ReportMetric(median(raw), "raw_s")
	b.ReportMetric(median(final), "final_view_s")
	b.ReportMetric(median(view)/median(raw), "ratio")
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	return s[len(s)/2]
}

// BenchmarkReparse reparses stored articles (English and Chinese press
// text, about 3 KB each; 10,000 articles or NEWSETL_BENCH_ARTICLES) end to
// end: read from articles_latest, parsed, new versions written. Reported:
// MB/s of body text.
//
//	NEWSETL_TEST_CLICKHOUSE_ADDR=127.0.0.1:29900 go test ./load -run '^$' -bench Reparse -benchtime 1x
func BenchmarkReparse(b *testing.B) {
	ctx := context.Background()
	n := 10_000
	if v := os.Getenv("NEWSETL_BENCH_ARTICLES"); v != "" {
		n, _ = strconv.Atoi(v)
	}
	var mb []float64
	for range b.N {
		b.StopTimer()
		s := loadtest.Store(b)
		var arts []record.Article
		for i := range n {
			var body bytes.Buffer
			for j := 0; body.Len() < 3000; j++ {
				body.WriteString(reparseBodies[(i+j)%len(reparseBodies)].text)
				body.WriteString("\n")
			}
			lang := reparseBodies[i%len(reparseBodies)].lang
			pub := time.Date(2025, time.Month(1+i%12), 1+i%28, 0, 0, 0, 0, time.UTC)
			arts = append(arts, record.Article{ArticleID: uint64(i + 1), Source: "bench", URL: fmt.Sprintf("https://stats.example.gov/%d.html", i),
				Title: "Release", PublishedAt: pub, Lang: lang, Body: body.String(), ContentHash: strconv.Itoa(i),
				FetchedAt: pub, Version: uint64(pub.UnixMilli()), ParserVersion: "old"})
		}
		if err := s.WriteArticles(ctx, arts); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := time.Now()
		res, err := (&schedules.Reparse{Store: s, Stored: s, Log: discard}).Run(ctx, nil, time.Time{})
		if err != nil || res.Articles != n {
			b.Fatalf("reparse: %d articles, %v", res.Articles, err)
		}
		mb = append(mb, float64(res.Bytes)/1e6/time.Since(start).Seconds())
	}
	b.ReportMetric(median(mb), "MB/s")
}
