package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/newsetl/newsetl/config"
	"github.com/newsetl/newsetl/schedules"
)

// cmdReparse re-derives the facts of stored articles with the current
// parser, from the bodies ClickHouse holds: no page is fetched.
func cmdReparse(ctx context.Context, e *env, args []string) (err error) {
	f := newFlags(e, "reparse")
	var names stringList
	f.Var(&names, "source", "source to reparse (repeatable; default: all)")
	sinceS := f.String("since", "", "only articles published on or after this day, YYYY-MM-DD")
	batch := f.Int("batch", 0, "articles written per insert (0: 5000, fewer once their text passes 32 MiB)")
	progress := f.String("progress", "auto", "auto (a bar on a terminal, log lines otherwise), bar, log or none")
	prof := addProfileFlags(f)
	if err := f.parse(e, args); err != nil {
		return err
	}
	var since time.Time
	if *sinceS != "" {
		if since, err = time.Parse("2006-01-02", *sinceS); err != nil {
			return usageError{fmt.Errorf("--since %q: want YYYY-MM-DD", *sinceS)}
		}
	}
	cfg, err := config.Load(f.config, e.lookup)
	if err != nil {
		return err
	}
	for _, n := range names {
		if _, err := cfg.Source(n); err != nil {
			return usageError{err}
		}
	}
	stopProfile, err := prof.start()
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, stopProfile()) }()
	w, err := openWriteSide(ctx, cfg, e.log)
	if err != nil {
		return err
	}
	defer w.close()
	store, pipe, links := w.store, w.pipe, w.links
	r := &schedules.Reparse{Store: pipe, Stored: store, Log: quiet(e.log, *progress, e.stderr), Batch: *batch, Stories: links}
	reparseProgress(r, *progress, e.stderr, e.log)
	start := time.Now()
	res, err := r.Run(ctx, names, since)
	secs := time.Since(start).Seconds()
	fmt.Fprintf(e.stdout, "reparse (parser %s): %d articles, %d facts, %.1f MB of text in %.1fs (%.1f MB/s)\n",
		schedules.CurrentParser.Version, res.Articles, res.Facts, float64(res.Bytes)/1e6, secs, float64(res.Bytes)/1e6/max(secs, 1e-9))
	return err
}

// reparseProgress shows r's progress: a bar on a terminal (or with
// --progress bar), a log line per written batch otherwise.
func reparseProgress(r *schedules.Reparse, mode string, w io.Writer, log *slog.Logger) {
	if mode == "auto" {
		mode = "log"
		if isTerminal(w) {
			mode = "bar"
		}
	}
	var articles, facts, bytes int
	switch mode {
	case "bar":
		var bar *progressbar.ProgressBar
		r.Started = func(total int) {
			bar = progressbar.NewOptions(total,
				progressbar.OptionSetWriter(w),
				progressbar.OptionSetDescription("reparse"),
				progressbar.OptionShowCount(),
				progressbar.OptionSetPredictTime(true),
				progressbar.OptionSetWidth(30),
				progressbar.OptionThrottle(100*time.Millisecond),
				progressbar.OptionOnCompletion(func() { fmt.Fprintln(w) }),
			)
		}
		r.Done = func(a, f, b int) {
			facts += f
			bytes += b
			bar.Describe(fmt.Sprintf("reparse (facts %d, %.1f MB)", facts, float64(bytes)/1e6))
			bar.Add(a)
		}
	case "log":
		var total int
		r.Started = func(n int) { total = n }
		r.Done = func(a, f, b int) {
			articles += a
			facts += f
			bytes += b
			log.Info("reparse progress", "progress", fmt.Sprintf("%d/%d", articles, total), "facts", facts, "mb", float64(bytes)/1e6)
		}
	}
}
