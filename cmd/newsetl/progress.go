package main

import (
	"fmt"
	"io"
	"log/slog"
	"os"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/newsetl/newsetl/internal/tableprint"
	"github.com/newsetl/newsetl/record"
	"github.com/newsetl/newsetl/schedules"
)

// newTable aligns tab-separated cells by display width (Chinese characters
// take two columns), like text/tabwriter with padding 2 otherwise.
func newTable(w io.Writer) *tableprint.Writer { return tableprint.NewWriter(w) }

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// newProgress picks the backfill's progress display: a bar on a terminal,
// a log line per partition otherwise.
func newProgress(mode string, w io.Writer, log *slog.Logger, source string) schedules.Progress {
	if mode == "auto" {
		mode = "log"
		if isTerminal(w) {
			mode = "bar"
		}
	}
	switch mode {
	case "bar":
		return &barProgress{w: w, source: source}
	case "none":
		return nil
	default:
		return &logProgress{log: log, source: source}
	}
}

// quiet keeps per-run log lines from tearing the progress bar: with a bar
// only warnings and errors are logged.
func quiet(log *slog.Logger, mode string, w io.Writer) *slog.Logger {
	if mode == "bar" || (mode == "auto" && isTerminal(w)) {
		return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	return log
}

type barProgress struct {
	w            io.Writer
	source       string
	bar          *progressbar.ProgressBar
	pages, facts uint64
}

func (p *barProgress) Start(total, skipped int) {
	p.bar = progressbar.NewOptions(total,
		progressbar.OptionSetWriter(p.w),
		progressbar.OptionSetDescription("backfill "+p.source),
		progressbar.OptionShowCount(),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionSetWidth(30),
		progressbar.OptionThrottle(0),
	)
	p.bar.Add(skipped)
}

func (p *barProgress) PartitionDone(span schedules.Span, run record.Run) {
	p.pages += uint64(run.PagesFetched)
	p.facts += run.FactsWritten
	p.bar.Describe(fmt.Sprintf("backfill %s %s (pages %d, facts %d)", p.source, span, p.pages, p.facts))
	p.bar.Add(1)
}

func (p *barProgress) Finish() {
	p.bar.Finish()
	fmt.Fprintln(p.w)
}

type logProgress struct {
	log          *slog.Logger
	source       string
	total, done  int
	pages, facts uint64
}

func (p *logProgress) Start(total, skipped int) { p.total, p.done = total, skipped }

func (p *logProgress) PartitionDone(span schedules.Span, run record.Run) {
	p.done++
	p.pages += uint64(run.PagesFetched)
	p.facts += run.FactsWritten
	p.log.Info("partition finished", "source", p.source, "partition", span.String(), "status", run.Status,
		"progress", fmt.Sprintf("%d/%d", p.done, p.total), "pages", run.PagesFetched,
		"articles", run.ArticlesNew+run.ArticlesChanged, "facts", run.FactsWritten)
}

func (p *logProgress) Finish() {}
