package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/newsetl/newsetl/config"
	"github.com/newsetl/newsetl/extract"
	"github.com/newsetl/newsetl/record"
	"github.com/newsetl/newsetl/schedules"
)

// benchParallel is fetch.max_per_host in the crawls and the number of
// goroutines of the reference GET loop.
const benchParallel = 4

// genSite writes a paginated site of lists list pages with 9 article
// links each (10 pages per list page in all) and returns every page's path.
func genSite(dir string, lists int) ([]string, error) {
	var paths []string
	day := time.Date(2021, 12, 20, 0, 0, 0, 0, time.UTC)
	for n := 1; n <= lists; n++ {
		var b strings.Builder
		b.WriteString(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>News - Ministry</title></head><body><ul class="news">`)
		for i := range 9 {
			rel := fmt.Sprintf("a/%d_%d.html", n, i)
			fmt.Fprintf(&b, `<li><a href="/%s">Article %d of page %d</a> <span class="date">2021-12-20</span></li>`, rel, i, n)
			if err := writeFile(dir, rel, articleHTML(fmt.Sprintf("Report %d.%d - Ministry", n, i), day, n*9+i)); err != nil {
				return nil, err
			}
			paths = append(paths, "/"+rel)
		}
		b.WriteString(`</ul>`)
		if n < lists {
			fmt.Fprintf(&b, `<div class="pager"><a class="next" href="/list_%d.html">Next</a></div>`, n+1)
		}
		b.WriteString(`</body></html>`)
		rel := fmt.Sprintf("list_%d.html", n)
		if err := writeFile(dir, rel, b.String()); err != nil {
			return nil, err
		}
		paths = append(paths, "/"+rel)
	}
	return paths, nil
}

func benchFetcher() *extract.Fetcher {
	return extract.NewFetcher(config.Fetch{UserAgent: "newsetl-bench", Timeout: 30 * time.Second, ConnectTimeout: 5 * time.Second,
		RequestsPerSecond: 1e9, MaxPerHost: benchParallel, RetryBackoff: time.Millisecond, MaxBodyBytes: 4 << 20, IgnoreRobots: true},
		nil, extract.AllowPrivate(), extract.WithPageStates(schedules.PageStates()))
}

func htmlJob(name, opts string, f *extract.Fetcher) (schedules.Job, error) {
	var n yaml.Node
	if err := yaml.Unmarshal([]byte(opts), &n); err != nil {
		return schedules.Job{}, err
	}
	src := config.Source{Name: name, Kind: "html", Lang: "en", Options: n.Content[0], File: "bench", Line: 1}
	x, err := extract.Build(src, f)
	if err != nil {
		return schedules.Job{}, err
	}
	return schedules.Job{Source: name, Kind: "html", Extractor: x}, nil
}

// crawlWorkload: `newsetl ingest` of the generated site (extraction, figure
// parsing, dedupe; rows to a null store) against the plain GET loop.
func crawlWorkload(ctx context.Context, quick bool) (result, error) {
	pages := 10000
	if quick {
		pages = 2000
	}
	siteURL, urls, stop, err := servedDir("newsetl-bench-site-", func(dir string) ([]string, error) { return genSite(dir, pages/10) })
	if err != nil {
		return result{}, err
	}
	defer stop()
	job, err := htmlJob("crawl", fmt.Sprintf(`
list_url: %s/list_1.html
max_pages: %d
selectors: {links: ul.news a, next_page: .pager a.next, title: h1.title, date: div.meta, body: div.content}
date_format: "2006-01-02"
`, siteURL, pages/10), benchFetcher())
	if err != nil {
		return result{}, err
	}
	var unchanged record.Run
	var cores []float64 // CPU seconds per second of each measured crawl (the file server's included)
	measure := func() (float64, error) {
		in := &schedules.Ingester{Store: newNullStore(), Log: quietLog}
		start, cpu := time.Now(), cpuTime()
		run, err := in.Run(ctx, job)
		d := time.Since(start)
		cores = append(cores, (cpuTime()-cpu).Seconds()/d.Seconds())
		if err != nil {
			return 0, err
		}
		if run.PagesFetched != uint32(pages) || run.Status != record.StatusOK {
			return 0, fmt.Errorf("crawl: %s, %d pages fetched, want %d", run.Status, run.PagesFetched, pages)
		}
		// A second run of the unchanged site, on the same store.
		if unchanged, err = in.Run(ctx, job); err != nil {
			return 0, err
		}
		return float64(pages) / d.Seconds(), nil
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
	return result{Rows: []row{p.row(fmt.Sprintf("crawl: ingest of a %d-page loopback site (max_per_host %d)", pages, benchParallel), "pages/s",
		fmt.Sprintf("plain GET loop, %d goroutines", benchParallel))},
		Values: map[string]float64{"crawl_ratio": p.ratio, "crawl_cpu_cores": median(cores), "crawl_pages_per_s": p.value, "crawl_reference_pages_per_s": p.ref,
			"unchanged_rerun_requests": float64(unchanged.PagesFetched), "unchanged_rerun_list_pages": float64(pages / 10)}}, nil
}
