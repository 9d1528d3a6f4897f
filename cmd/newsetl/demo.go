package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strconv"
	"time"

	"github.com/newsetl/newsetl/config"
	"github.com/newsetl/newsetl/internal/tableprint"
	"github.com/newsetl/newsetl/load"
	"github.com/newsetl/newsetl/record"
)

// cmdDemo serves the sample site on a loopback port, points the demo
// config's ${SAMPLE_SITE} at it, ingests every source and prints a summary
// read back from ClickHouse.
func cmdDemo(ctx context.Context, e *env, args []string) error {
	f := newFlags(e, "demo")
	f.config = "examples/demo.yaml"
	f.Lookup("config").DefValue = f.config
	site := f.String("site", "testdata/site", "directory of the sample site to serve")
	// A fixed address keeps the articles' URLs, and so their ids, the same
	// from one demo run to the next.
	listen := f.String("listen", "127.0.0.1:18180", "loopback address to serve the sample site on")
	serve := f.Bool("serve", false, "keep serving the sample site after the summary, until interrupted (to try run and backfill on it)")
	if err := f.parse(e, args); err != nil {
		return err
	}
	if st, err := os.Stat(*site); err != nil || !st.IsDir() {
		return fmt.Errorf("sample site %s: not a directory (run from the repository root or pass --site)", *site)
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		return fmt.Errorf("serving the sample site on %s (pick another with --listen): %w", *listen, err)
	}
	srv := &http.Server{Handler: http.FileServer(http.Dir(*site)), ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()
	siteURL := "http://" + ln.Addr().String()
	e.log.Info("serving sample site", "dir", *site, "url", siteURL)

	lookup := func(k string) (string, bool) {
		if k == "SAMPLE_SITE" {
			return siteURL, true
		}
		return e.lookup(k)
	}
	cfg, err := config.Load(f.config, lookup)
	if err != nil {
		return err
	}
	jobs, err := buildJobs(cfg, newFetcher(cfg, e.log), nil)
	if err != nil {
		return err
	}
	w, err := openWriteSide(ctx, cfg, e.log)
	if err != nil {
		return err
	}
	defer w.close()
	store, pipe, links := w.store, w.pipe, w.links
	runs, runErr := ingest(ctx, e.log, pipe, links, jobs, 4, cfg.ClickHouse.BatchSize)
	if err := printSummary(ctx, e, store, runs); err != nil {
		return errors.Join(runErr, err)
	}
	if *serve {
		fmt.Fprintf(e.stdout, "\nServing the sample site at %s until interrupted; in another terminal:\n"+
			"  SAMPLE_SITE=%s bin/newsetl backfill --config %s --source province-archive --from 2021-09-01 --to 2021-12-31\n"+
			"  SAMPLE_SITE=%s bin/newsetl run --config %s\n", siteURL, siteURL, f.config, siteURL, f.config)
		<-ctx.Done()
	}
	return runErr
}

func printSummary(ctx context.Context, e *env, store *load.Store, runs []record.Run) error {
	w := newTable(e.stdout)
	fmt.Fprintf(w, "\nThis run (ClickHouse %s, database %s):\n", store.ServerVersion(), store.Database())
	fmt.Fprintln(w, "SOURCE\tSTATUS\tPAGES\tNEW\tCHANGED\tUNCHANGED\tFACTS WRITTEN\tOBSERVATIONS WRITTEN\tERRORS")
	for _, r := range runs {
		fmt.Fprintf(w, "%s\t%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\n", r.Source, r.Status, r.PagesFetched, r.ArticlesNew,
			r.ArticlesChanged, r.ArticlesUnchanged, r.FactsWritten, r.ObservationsWritten, r.Errors)
	}
	db := store.Database()
	rows, err := store.Conn().Query(ctx, fmt.Sprintf(`SELECT a.source, a.articles, f.facts
		FROM (SELECT source, count() AS articles FROM %[1]s.articles_latest GROUP BY source) AS a
		ANY LEFT JOIN (SELECT source, count() AS facts FROM %[1]s.facts_latest GROUP BY source) AS f USING source
		ORDER BY a.source`, db))
	if err != nil {
		return fmt.Errorf("reading the summary: %w", err)
	}
	fmt.Fprintf(w, "\nIn %s (views articles_latest, facts_latest):\nSOURCE\tARTICLES\tFACTS\n", db)
	for rows.Next() {
		var src string
		var articles, facts uint64
		if err := rows.Scan(&src, &articles, &facts); err != nil {
			rows.Close()
			return fmt.Errorf("reading the summary: %w", err)
		}
		fmt.Fprintf(w, "%s\t%d\t%d\n", src, articles, facts)
	}
	rows.Close()

	rows, err = store.Conn().Query(ctx, fmt.Sprintf(`SELECT toDate(published_at), source, figure, value, unit, subject, qualifier,
		ifNull(toString(period_end), '') FROM %s.facts_latest ORDER BY published_at DESC, source, position LIMIT 10`, db))
	if err != nil {
		return fmt.Errorf("reading recent facts: %w", err)
	}
	defer rows.Close()
	fmt.Fprintln(w, "\nTen most recent facts:\nPUBLISHED\tSOURCE\tFIGURE\tVALUE\tUNIT\tSUBJECT\tQUALIFIER\tPERIOD (AS OF/END)")
	for rows.Next() {
		var published time.Time
		var src, fig, unit, subject, qual, period string
		var value float64
		if err := rows.Scan(&published, &src, &fig, &value, &unit, &subject, &qual, &period); err != nil {
			return fmt.Errorf("reading recent facts: %w", err)
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", published.Format("2006-01-02"), src, fig, strconv.FormatFloat(value, 'f', -1, 64), unit, clip(subject, 50), qual, period)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if err := printSeries(ctx, w, store); err != nil {
		return err
	}
	return w.Flush()
}

// printSeries lists the statistics series in statistics_latest: per source,
// indicator and dimensions, the number of periods and the latest value.
func printSeries(ctx context.Context, w io.Writer, store *load.Store) error {
	rows, err := store.Conn().Query(ctx, fmt.Sprintf(`SELECT source, indicator_name, arrayStringConcat(dim_values, ', '), count(),
		argMax(period_text, period_end), argMax(ifNull(toString(value), 'NULL'), period_end), any(unit)
		FROM %s.statistics_latest GROUP BY source, indicator_name, dim_values ORDER BY source, indicator_name, dim_values LIMIT 40`, store.Database()))
	if err != nil {
		return fmt.Errorf("reading statistics: %w", err)
	}
	defer rows.Close()
	header := false
	for rows.Next() {
		var src, ind, dims, period, value, unit string
		var n uint64
		if err := rows.Scan(&src, &ind, &dims, &n, &period, &value, &unit); err != nil {
			return fmt.Errorf("reading statistics: %w", err)
		}
		if !header {
			fmt.Fprintln(w, "\nStatistics series (view statistics_latest; revisions in statistics_revisions):\nSOURCE\tINDICATOR\tDIMENSIONS\tPERIODS\tLATEST PERIOD\tVALUE\tUNIT")
			header = true
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%d\t%s\t%s\t%s\n", src, clip(ind, 45), clip(dims, 30), n, period, value, unit)
	}
	return rows.Err()
}

// clip shortens s to n display columns (a Chinese character takes two).
func clip(s string, n int) string { return tableprint.Truncate(s, n) }
