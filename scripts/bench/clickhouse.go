package main

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/newsetl/newsetl/config"
	"github.com/newsetl/newsetl/load"
	"github.com/newsetl/newsetl/record"
)

// benchDB is the database the load and view workloads drop, create and
// fill on every run.
const benchDB = "newsetl_bench"

func clickhouseAddr() string {
	for _, k := range []string{"NEWSETL_BENCH_CLICKHOUSE_ADDR", "NEWSETL_CLICKHOUSE_ADDR"} {
		if v := os.Getenv(k); v != "" {
			return v
		}
	}
	if p := os.Getenv("CLICKHOUSE_TCP_PORT"); p != "" {
		return "127.0.0.1:" + p
	}
	return "127.0.0.1:19000"
}

// clickhouseWorkload: writing fact rows through load.Store.WriteFacts
// against clickhouse-client inserting the same rows as TabSeparated, and
// the facts_latest view's per-subject monthly series against the same
// query on the raw table. Without a server or clickhouse-client the rows
// say so and nothing fails.
func clickhouseWorkload(ctx context.Context, quick bool) (result, error) {
	n := 1_000_000
	if quick {
		n = 200_000
	}
	addr := clickhouseAddr()
	skip := func(why string) (result, error) {
		return result{Rows: []row{{What: "load, view", Note: "skipped: " + why}}}, nil
	}
	client, err := exec.LookPath("clickhouse-client")
	if err != nil {
		return skip("no clickhouse-client on PATH")
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return skip(fmt.Sprintf("address %q: %v", addr, err))
	}
	store, err := load.Open(ctx, config.ClickHouse{Addr: addr, Database: benchDB, DialTimeout: 5 * time.Second, BatchSize: 100_000}, quietLog)
	if err != nil {
		return skip(fmt.Sprintf("no ClickHouse at %s (%v); start one with `make clickhouse-start`", addr, err))
	}
	defer store.Close()
	// A fresh database each run: the workload is the bench's own.
	if err := store.Conn().Exec(ctx, "DROP DATABASE IF EXISTS "+benchDB); err != nil {
		return result{}, err
	}
	if _, err := store.Migrate(ctx); err != nil {
		return result{}, err
	}
	conn := store.Conn()
	articles, facts := benchRows(n) // the articles are written with their facts for the view rows
	cols, err := insertColumns(ctx, store)
	if err != nil {
		return result{}, err
	}
	sh := func(query string, stdin []byte) ([]byte, error) {
		cmd := exec.CommandContext(ctx, client, "--host", host, "--port", port, "--query", query)
		cmd.Stdin = bytes.NewReader(stdin)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			return nil, fmt.Errorf("clickhouse-client %q: %v: %s", query, err, strings.TrimSpace(stderr.String()))
		}
		return out, nil
	}
	truncate := func() error { return conn.Exec(ctx, "TRUNCATE TABLE "+benchDB+".facts") }

	// The reference's input: the same rows, as the server writes them out.
	if err := truncate(); err != nil {
		return result{}, err
	}
	if err := store.WriteFacts(ctx, facts); err != nil {
		return result{}, err
	}
	tsv, err := sh("SELECT "+cols+" FROM "+benchDB+".facts FORMAT TabSeparated", nil)
	if err != nil {
		return result{}, err
	}
	tsvPath := filepath.Join(os.TempDir(), "newsetl-bench-facts.tsv")
	defer os.Remove(tsvPath)

	loadPair, err := pairs(quick, func() (float64, error) {
		if err := truncate(); err != nil {
			return 0, err
		}
		start := time.Now()
		if err := store.WriteFacts(ctx, facts); err != nil {
			return 0, err
		}
		return float64(n) / time.Since(start).Seconds(), nil
	}, func() (float64, error) {
		if err := truncate(); err != nil {
			return 0, err
		}
		start := time.Now()
		if _, err := sh("INSERT INTO "+benchDB+".facts ("+cols+") FORMAT TabSeparated", tsv); err != nil {
			return 0, err
		}
		return float64(n) / time.Since(start).Seconds(), nil
	})
	if err != nil {
		return result{}, err
	}
	var got uint64
	if err := conn.QueryRow(ctx, "SELECT count() FROM "+benchDB+".facts").Scan(&got); err != nil || got != uint64(n) {
		return result{}, fmt.Errorf("facts after the load pairs: %d rows (%v), want %d", got, err, n)
	}

	// The view reads what WriteVersions commits (facts, their fact sets,
	// then the article rows naming them): write the same rows that way.
	if err := truncate(); err != nil {
		return result{}, err
	}
	if err := store.WriteVersions(ctx, articles, facts); err != nil {
		return result{}, err
	}
	if err := conn.QueryRow(ctx, "SELECT count() FROM "+benchDB+".facts_latest").Scan(&got); err != nil || got != uint64(n) {
		return result{}, fmt.Errorf("facts_latest after WriteVersions: %d rows (%v), want %d", got, err, n)
	}
	series := func(from string) func() (float64, error) {
		return func() (float64, error) {
			start := time.Now()
			rows, err := conn.Query(ctx, "SELECT subject, toStartOfMonth(published_at) AS m, count(), sum(value) FROM "+benchDB+"."+from+
				" GROUP BY subject, m ORDER BY subject, m")
			if err != nil {
				return 0, err
			}
			k := 0
			for rows.Next() {
				k++
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return 0, err
			}
			if k == 0 {
				return 0, fmt.Errorf("%s: no series", from)
			}
			return time.Since(start).Seconds(), nil
		}
	}
	viewPair, err := viewPairs(quick, series("facts_latest"), series("facts"))
	if err != nil {
		return result{}, err
	}
	// Right after the load the raw table is in many parts (one or more per
	// month); once merged, it reads faster: the same pairs again.
	for _, t := range []string{"facts", "fact_sets", "articles"} {
		if err := conn.Exec(ctx, "OPTIMIZE TABLE "+benchDB+"."+t+" FINAL"); err != nil {
			return result{}, err
		}
	}
	mergedPair, err := viewPairs(quick, series("facts_latest"), series("facts"))
	if err != nil {
		return result{}, err
	}
	return result{Rows: []row{
		loadPair.row(fmt.Sprintf("load: %d fact rows through Store.WriteFacts", n), "rows/s", "clickhouse-client, TabSeparated, same rows"),
		{What: "view: facts_latest per-subject monthly series", Unit: "s", Value: viewPair.value,
			Reference: "same query on the raw table", RefValue: viewPair.ref, Ratio: viewPair.ratio, Note: "(ratio: times slower)"},
		{What: "view, tables merged (OPTIMIZE ... FINAL)", Unit: "s", Value: mergedPair.value,
			Reference: "same query on the raw table", RefValue: mergedPair.ref, Ratio: mergedPair.ratio, Note: "(ratio: times slower)"},
	}, Values: map[string]float64{"load_ratio": loadPair.ratio, "load_rows_per_s": loadPair.value, "load_reference_rows_per_s": loadPair.ref,
		"view_ratio": viewPair.ratio, "view_seconds": viewPair.value, "view_reference_seconds": viewPair.ref,
		"view_merged_ratio": mergedPair.ratio, "view_merged_seconds": mergedPair.value, "view_merged_reference_seconds": mergedPair.ref},
		Info: map[string]string{"clickhouse_version": store.ServerVersion(), "clickhouse_addr": addr}}, nil
}

// insertColumns lists the facts table's stored columns (the ones an
// INSERT takes), comma-separated.
func insertColumns(ctx context.Context, store *load.Store) (string, error) {
	rows, err := store.Conn().Query(ctx, "SELECT name FROM system.columns WHERE database = ? AND table = 'facts' AND default_kind NOT IN ('MATERIALIZED', 'ALIAS')", benchDB)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var cols []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return "", err
		}
		cols = append(cols, c)
	}
	return strings.Join(cols, ", "), rows.Err()
}

// benchRows makes n fact rows over n/7.5 articles (about what ingest
// writes per article), spread over 50 subjects and five years.
func benchRows(n int) ([]record.Article, []record.Fact) {
	subjects := make([]string, 50)
	for i := range subjects {
		subjects[i] = fmt.Sprintf("medical institutions of region %d", i)
	}
	nArticles := max(1, n*2/15)
	first := time.Date(2017, 1, 1, 0, 0, 0, 0, time.UTC)
	now := time.Date(2021, 12, 20, 9, 0, 0, 0, time.UTC)
	articles := make([]record.Article, nArticles)
	for i := range articles {
		articles[i] = record.Article{ArticleID: uint64(i + 1), Source: "bench", URL: fmt.Sprintf("http://bench.test/a/%d.html", i),
			Title: fmt.Sprintf("Report %d", i), PublishedAt: first.AddDate(0, 0, i%1826), Lang: "en", Body: "…",
			ContentHash: fmt.Sprintf("%016x", i), FetchedAt: now, Version: 1}
	}
	facts := make([]record.Fact, n)
	for i := range facts {
		a := &articles[i%nArticles]
		pos := uint32(i / nArticles)
		facts[i] = record.Fact{FactID: uint64(i + 1), ArticleID: a.ArticleID, Version: 1, Source: "bench", URL: a.URL,
			PublishedAt: a.PublishedAt, Lang: "en", Figure: fmt.Sprintf("%d.%d percent", 90+i%10, i%7), Value: float64(90+i%10) + float64(i%7)/10,
			Kind: "percent", Unit: "percent", Subject: subjects[i%len(subjects)], SubjectHead: "institution", Qualifier: "reached",
			PeriodText: "the end of November 2021", PeriodGranularity: "month",
			Sentence: "As of the end of November 2021, the completion rate of the reform of 1,154 medical institutions reached 99.6 percent.",
			Position: pos * 40, ParsedAt: now, ValueLow: float64(90 + i%10), ValueHigh: float64(90 + i%10)}
	}
	return articles, facts
}

// viewPairs is pairs with more pairs (9 quick, 15 full): each query of the
// view row lasts a fraction of a second, where a handful of pairs on a
// shared machine measures the neighbours.
func viewPairs(quick bool, measure, reference func() (float64, error)) (paired, error) {
	if quick {
		return nPairs(9, measure, reference)
	}
	return nPairs(15, measure, reference)
}
