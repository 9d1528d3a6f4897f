package main

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/newsetl/newsetl/config"
	"github.com/newsetl/newsetl/extract"
	"github.com/newsetl/newsetl/load"
	"github.com/newsetl/newsetl/record"
	"github.com/newsetl/newsetl/schedules"
)

// reparseDB is the database the reparse workload drops, creates and fills.
const reparseDB = "newsetl_bench_reparse"

// reparseWorkload: `newsetl reparse` end to end (schedules.Reparse on
// load.Store: bodies read from ClickHouse, figures parsed, new versions
// written) over stored English and Chinese articles made stale by a parser
// change, against parsing the same bodies in memory on GOMAXPROCS
// goroutines (the parser's own limit on this machine). MB/s of body text.
func reparseWorkload(ctx context.Context, quick bool) (result, error) {
	target := 30 << 20
	if quick {
		target = 6 << 20
	}
	addr := clickhouseAddr()
	store, err := load.Open(ctx, config.ClickHouse{Addr: addr, Database: reparseDB, DialTimeout: 5 * time.Second, BatchSize: config.DefaultBatchSize}, quietLog)
	if err != nil {
		return result{Rows: []row{{What: "reparse", Note: fmt.Sprintf("skipped: no ClickHouse at %s (%v)", addr, err)}}}, nil
	}
	defer store.Close()
	if err := store.Conn().Exec(ctx, "DROP DATABASE IF EXISTS "+reparseDB); err != nil {
		return result{}, err
	}
	if _, err := store.Migrate(ctx); err != nil {
		return result{}, err
	}
	arts, err := reparseArticles(target)
	if err != nil {
		return result{}, err
	}
	// Each measurement starts from the same stored articles, all stale.
	reset := func() error {
		for _, t := range []string{"articles", "facts", "ingest_runs", "ingest_errors"} {
			if err := store.Conn().Exec(ctx, "TRUNCATE TABLE "+reparseDB+"."+t); err != nil {
				return err
			}
		}
		return store.WriteArticles(ctx, arts)
	}
	var articles, facts int
	var writeShare []float64 // of each reparse's time, the share spent in WriteVersions (summed over writers)
	measure := func() (float64, error) {
		if err := reset(); err != nil {
			return 0, err
		}
		ts := &timedStore{Store: store}
		start := time.Now()
		// 0: the defaults (newsetl reparse's --batch, and one writer)
		writers, _ := strconv.Atoi(os.Getenv("BENCH_REPARSE_WRITERS"))
		batch, _ := strconv.Atoi(os.Getenv("BENCH_REPARSE_BATCH"))
		res, err := (&schedules.Reparse{Store: ts, Stored: store, Log: quietLog, Writers: writers, Batch: batch}).Run(ctx, nil, time.Time{})
		d := time.Since(start)
		writeShare = append(writeShare, ts.took.Seconds()/d.Seconds())
		if err != nil {
			return 0, err
		}
		if res.Articles != len(arts) || res.Facts == 0 {
			return 0, fmt.Errorf("reparse: %d articles, %d facts; want %d articles and facts", res.Articles, res.Facts, len(arts))
		}
		articles, facts = res.Articles, res.Facts
		return float64(res.Bytes) / (1 << 20) / d.Seconds(), nil
	}
	reference := func() (float64, error) {
		start := time.Now()
		n, err := parseInMemory(arts)
		if err != nil {
			return 0, err
		}
		return float64(n) / (1 << 20) / time.Since(start).Seconds(), nil
	}
	p, err := pairs(quick, measure, reference)
	if err != nil {
		return result{}, err
	}
	return result{Rows: []row{p.row(fmt.Sprintf("reparse: %d stored articles, %d MB of text, %d facts", articles, target>>20, facts), "MB/s",
		fmt.Sprintf("the same bodies parsed in memory on %d goroutines", runtime.GOMAXPROCS(0)))},
		Values: map[string]float64{"reparse_mb_per_s": p.value, "reparse_reference_mb_per_s": p.ref, "reparse_ratio": p.ratio,
			"reparse_write_share": median(writeShare)},
		Info: map[string]string{"clickhouse_version": store.ServerVersion()}}, nil
}

// reparseArticles makes about target bytes of stored articles (about 3 KB
// each, English and Chinese from the transform goldens' paragraphs, two
// sources), stored by a parser older than the current one.
func reparseArticles(target int) ([]record.Article, error) {
	en, zh, err := corpus()
	if err != nil {
		return nil, err
	}
	var paras [2][]string
	for i, texts := range [][]string{en, zh} {
		for _, t := range texts {
			for _, p := range strings.Split(t, "\n") {
				if p = strings.TrimSpace(p); p != "" {
					paras[i] = append(paras[i], p)
				}
			}
		}
	}
	fetched := time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)
	var arts []record.Article
	for i, size := 0, 0; size < target; i++ {
		lang, src, ps := "en", "bench-en", paras[0]
		if i%2 == 1 {
			lang, src, ps = "zh", "bench-zh", paras[1]
		}
		var body strings.Builder
		for j := 0; body.Len() < 3000; j++ {
			body.WriteString(ps[(i+j)%len(ps)])
			body.WriteString("\n")
		}
		d := extract.Document{Source: src, URL: fmt.Sprintf("https://stats.example.gov/%s/%06d.html", lang, i), Title: fmt.Sprintf("Release %d", i),
			PublishedAt: time.Date(2017+i%8, time.Month(1+i%12), 1+i%28, 0, 0, 0, 0, time.UTC), Lang: lang, Text: body.String(), FetchedAt: fetched}
		arts = append(arts, record.Article{ArticleID: d.ID(), Source: src, URL: d.URL, Title: d.Title, PublishedAt: d.PublishedAt, Lang: lang,
			Body: d.Text, ContentHash: d.ContentHash(), FetchedAt: fetched, Version: uint64(fetched.UnixMilli()), ParserVersion: "bench-old"})
		size += len(d.Text)
	}
	return arts, nil
}

// parseInMemory parses the articles' bodies with the current parser on
// GOMAXPROCS goroutines, as reparse does, and returns the bytes parsed.
func parseInMemory(arts []record.Article) (int, error) {
	next := make(chan record.Article)
	var wg sync.WaitGroup
	var mu sync.Mutex
	facts := 0
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n := 0
			for a := range next {
				d := extract.Document{Source: a.Source, URL: a.URL, Title: a.Title, PublishedAt: a.PublishedAt, Lang: a.Lang, Text: a.Body}
				n += len(schedules.CurrentParser.Facts(d, a.ArticleID, a.ContentHash, a.Version+1))
			}
			mu.Lock()
			facts += n
			mu.Unlock()
		}()
	}
	size := 0
	for _, a := range arts {
		next <- a
		size += len(a.Body)
	}
	close(next)
	wg.Wait()
	if facts == 0 {
		return 0, fmt.Errorf("parsing in memory: no facts")
	}
	return size, nil
}

// timedStore sums the time spent in WriteVersions (by all writers).
type timedStore struct {
	*load.Store
	mu   sync.Mutex
	took time.Duration
}

func (t *timedStore) WriteVersions(ctx context.Context, arts []record.Article, facts []record.Fact) error {
	start := time.Now()
	err := t.Store.WriteVersions(ctx, arts, facts)
	t.mu.Lock()
	t.took += time.Since(start)
	t.mu.Unlock()
	return err
}
