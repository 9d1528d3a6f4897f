package main

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/newsetl/newsetl/record"
	"github.com/newsetl/newsetl/schedules"
)

// genArchive writes a dated archive: one list per day
// (daily/2006-01-02.html, entries with their date) of perDay articles.
func genArchive(dir string, first time.Time, days, perDay int) ([]string, error) {
	var paths []string
	for d := range days {
		day := first.AddDate(0, 0, d)
		var b strings.Builder
		b.WriteString(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Archive - Ministry</title></head><body><ul class="list">`)
		for i := range perDay {
			rel := fmt.Sprintf("a/%s_%d.html", day.Format("2006-01-02"), i)
			fmt.Fprintf(&b, `<li class="item"><a href="/%s">Report %d</a> <span class="date">%s</span></li>`, rel, i, day.Format("2006-01-02"))
			if err := writeFile(dir, rel, articleHTML(fmt.Sprintf("Report %s.%d", day.Format("2006-01-02"), i), day, d*perDay+i)); err != nil {
				return nil, err
			}
			paths = append(paths, "/"+rel)
		}
		b.WriteString(`</ul></body></html>`)
		rel := "daily/" + day.Format("2006-01-02") + ".html"
		if err := writeFile(dir, rel, b.String()); err != nil {
			return nil, err
		}
		paths = append(paths, "/"+rel)
	}
	return paths, nil
}

// partitionTimes keeps each partition's duration, in order of finishing.
type partitionTimes struct {
	mu   sync.Mutex
	last time.Time
	took []time.Duration
}

func (p *partitionTimes) Start(int, int) { p.last = time.Now() }
func (p *partitionTimes) PartitionDone(schedules.Span, record.Run) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	p.took = append(p.took, now.Sub(p.last))
	p.last = now
}
func (p *partitionTimes) Finish() {}

// backfillWorkload: a day-partitioned backfill of the generated archive
// against the plain GET loop over the same pages; flatness is the last
// tenth of partitions' rate over the first tenth's.
func backfillWorkload(ctx context.Context, quick bool) (result, error) {
	days, perDay := 1826, 55 // 100,430 articles
	if quick {
		days, perDay = 100, 25
	}
	if v, err := strconv.Atoi(os.Getenv("BENCH_BACKFILL_DAYS")); err == nil && v > 0 {
		days = v // to see that memory does not grow with the number of partitions
	}
	first := time.Date(2017, 1, 1, 0, 0, 0, 0, time.UTC)
	siteURL, urls, stop, err := servedDir("newsetl-bench-archive-", func(dir string) ([]string, error) { return genArchive(dir, first, days, perDay) })
	if err != nil {
		return result{}, err
	}
	defer stop()
	job, err := htmlJob("archive", fmt.Sprintf(`
list_url: "%s/daily/{date:2006-01-02}.html"
selectors: {item: ul.list li.item, links: a, item_date: span.date, title: h1.title, date: div.meta, body: div.content}
date_format: "2006-01-02"
`, siteURL), benchFetcher())
	if err != nil {
		return result{}, err
	}
	// BENCH_BACKFILL_CONCURRENCY: partitions at once (--concurrency); default 1.
	concurrency := 1
	if v, err := strconv.Atoi(os.Getenv("BENCH_BACKFILL_CONCURRENCY")); err == nil && v > 0 {
		concurrency = v
	}
	var flat []float64
	var hashReads int
	var cores []float64 // CPU seconds per second of each measured backfill (the file server's included)
	measure := func() (float64, error) {
		store := newNullStore()
		times := &partitionTimes{}
		b := &schedules.Backfill{Ingester: &schedules.Ingester{Store: store, Log: quietLog}, Log: quietLog, Progress: times, Concurrency: concurrency}
		start, cpu := time.Now(), cpuTime()
		res, err := b.Run(ctx, job, first, first.AddDate(0, 0, days-1))
		d := time.Since(start)
		cores = append(cores, (cpuTime()-cpu).Seconds()/d.Seconds())
		if err != nil {
			return 0, err
		}
		if res.Done != days || res.Articles != uint64(days*perDay) {
			return 0, fmt.Errorf("backfill: %d partitions done, %d articles; want %d, %d", res.Done, res.Articles, days, days*perDay)
		}
		tenth := max(1, len(times.took)/10)
		firstT := sum(times.took[:tenth])
		lastT := sum(times.took[len(times.took)-tenth:])
		flat = append(flat, firstT.Seconds()/lastT.Seconds())
		hashReads = store.hashReads
		return float64(len(urls)) / d.Seconds(), nil
	}
	reference := func() (float64, error) {
		start := time.Now()
		if err := plainGetLoop(ctx, urls, benchParallel); err != nil {
			return 0, err
		}
		return float64(len(urls)) / time.Since(start).Seconds(), nil
	}
	p, err := pairs(quick, measure, reference)
	if err != nil {
		return result{}, err
	}
	slices.Sort(flat)
	return result{Rows: []row{p.row(fmt.Sprintf("backfill: %d articles over %d day partitions, --concurrency %d", days*perDay, days, concurrency), "pages/s",
		fmt.Sprintf("plain GET loop, %d goroutines", benchParallel))},
		Values: map[string]float64{"backfill_ratio": p.ratio, "backfill_cpu_cores": median(cores), "backfill_pages_per_s": p.value, "backfill_reference_pages_per_s": p.ref,
			"backfill_last_tenth_vs_first": flat[len(flat)/2], "backfill_concurrency": float64(concurrency), "backfill_article_hash_reads": float64(hashReads)}}, nil
}

func sum(ds []time.Duration) time.Duration {
	var t time.Duration
	for _, d := range ds {
		t += d
	}
	return t
}
