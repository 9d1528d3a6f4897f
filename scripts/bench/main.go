// Command bench measures newsetl's throughput figures, each next to its
// reference in the same run (`make bench`): it builds its own workloads (a
// generated loopback site served by a Go file server, a dated archive, an
// article corpus, fact rows, stored articles to reparse), runs each
// workload in a child process (so that each one's peak RSS is its own),
// takes the median of interleaved pairs (figure, reference), prints a
// table and writes .local/bench.json. `bin/bench -workload NAME` runs one
// workload and prints its JSON.
//
// BENCH_QUICK=1 runs the small version (about two minutes);
// BENCH_PROFILE_DIR=dir writes each workload's CPU profile there
// (BENCH_TRACE_DIR=dir its execution trace, for `go tool trace`);
// BENCH_BACKFILL_DAYS=n sets the backfill's number of day partitions and
// BENCH_BACKFILL_CONCURRENCY=n its partitions at once; BENCH_REPARSE_BATCH
// and BENCH_REPARSE_WRITERS the reparse's batch size and writers. The
// load, view and reparse figures need a ClickHouse server
// (NEWSETL_BENCH_CLICKHOUSE_ADDR, else NEWSETL_CLICKHOUSE_ADDR, else
// 127.0.0.1:$CLICKHOUSE_TCP_PORT or 127.0.0.1:19000, as `make demo`
// starts) and clickhouse-client; without them those rows say why they
// were skipped.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"runtime/trace"
	"slices"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	_ "github.com/newsetl/newsetl/extract/html"
	"github.com/newsetl/newsetl/internal/repo"
)

// result is what a workload reports: table rows and bench.json values.
type result struct {
	Rows   []row              `json:"rows"`
	Values map[string]float64 `json:"values"`
	Info   map[string]string  `json:"info,omitempty"` // such as the ClickHouse version
}

// row is one line of the table.
type row struct {
	What      string  `json:"what"`
	Unit      string  `json:"unit"`
	Value     float64 `json:"value"`
	Reference string  `json:"reference,omitempty"`
	RefValue  float64 `json:"ref_value,omitempty"`
	Ratio     float64 `json:"ratio,omitempty"`
	Note      string  `json:"note,omitempty"`
}

// workloads in the order they run; each runs in its own child process.
var workloads = []struct {
	name   string
	rssKey string // bench.json key of its peak RSS, if reported
	run    func(ctx context.Context, quick bool) (result, error)
}{
	{"crawl", "crawl_peak_rss_mb", crawlWorkload},
	{"backfill", "backfill_peak_rss_mb", backfillWorkload},
	{"parse", "", parseWorkload},
	{"clickhouse", "", clickhouseWorkload},
	{"reparse", "", reparseWorkload}, // no RSS: the process also holds the corpus it stores
}

var quietLog = slog.New(slog.NewTextHandler(io.Discard, nil))

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	quick := os.Getenv("BENCH_QUICK") == "1"
	if len(os.Args) == 3 && os.Args[1] == "-workload" {
		if err := child(ctx, os.Args[2], quick); err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			os.Exit(1)
		}
		return
	}
	if err := parent(ctx, quick); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// child runs one workload and writes its result as JSON to stdout. With
// BENCH_PROFILE_DIR set it writes the workload's CPU profile there
// (NAME.cpu.pprof), for `go tool pprof`.
func child(ctx context.Context, name string, quick bool) error {
	for _, w := range workloads {
		if w.name == name {
			if dir := os.Getenv("BENCH_PROFILE_DIR"); dir != "" {
				f, err := os.Create(filepath.Join(dir, name+".cpu.pprof"))
				if err != nil {
					return err
				}
				defer f.Close()
				if err := pprof.StartCPUProfile(f); err != nil {
					return err
				}
				defer pprof.StopCPUProfile()
			}
			if dir := os.Getenv("BENCH_TRACE_DIR"); dir != "" {
				f, err := os.Create(filepath.Join(dir, name+".trace"))
				if err != nil {
					return err
				}
				defer f.Close()
				if err := trace.Start(f); err != nil {
					return err
				}
				defer trace.Stop()
			}
			res, err := w.run(ctx, quick)
			if err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			return json.NewEncoder(os.Stdout).Encode(res)
		}
	}
	return fmt.Errorf("no workload %q", name)
}

func parent(ctx context.Context, quick bool) error {
	self, err := os.Executable()
	if err != nil {
		return err
	}
	started := time.Now()
	out := map[string]any{"cores": runtime.NumCPU(), "gomaxprocs": runtime.GOMAXPROCS(0), "quick": quick,
		"go": runtime.Version(), "started_at": started.UTC().Format(time.RFC3339)}
	var rows []row
	var failed []string
	for _, w := range workloads {
		fmt.Fprintf(os.Stderr, "bench: %s ...\n", w.name)
		cmd := exec.CommandContext(ctx, self, "-workload", w.name)
		cmd.Stderr = os.Stderr
		stdout, err := cmd.Output()
		if err != nil {
			failed = append(failed, w.name)
			rows = append(rows, row{What: w.name, Note: "failed: " + err.Error()})
			continue
		}
		var res result
		if err := json.Unmarshal(stdout, &res); err != nil {
			return fmt.Errorf("%s: reading its result: %w", w.name, err)
		}
		rss := 0.0
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			rss = float64(ru.Maxrss) / 1024 // KiB on Linux
		}
		if w.rssKey != "" {
			out[w.rssKey] = rss
			res.Rows = append(res.Rows, row{What: w.name + ": peak RSS of its process", Unit: "MB", Value: rss})
		}
		rows = append(rows, res.Rows...)
		for k, v := range res.Values {
			out[k] = v
		}
		for k, v := range res.Info {
			out[k] = v
		}
	}
	out["rows"] = rows
	out["seconds"] = time.Since(started).Seconds()
	printTable(os.Stdout, rows, quick, time.Since(started))
	root, err := repo.Root()
	if err != nil {
		return err
	}
	path := filepath.Join(root, ".local", "bench.json")
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
		return err
	}
	fmt.Printf("\nwritten to %s\n", path)
	if len(failed) > 0 {
		return errors.New("workloads failed: " + strings.Join(failed, ", "))
	}
	return nil
}

func printTable(w io.Writer, rows []row, quick bool, took time.Duration) {
	mode := "full"
	if quick {
		mode = "quick (BENCH_QUICK=1)"
	}
	fmt.Fprintf(w, "newsetl bench, %s, %d cores, %s; medians of %d interleaved pairs\n\n", mode, runtime.NumCPU(), took.Round(time.Second), pairCount(quick))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "| what\t| newsetl\t| reference\t| ratio\t|")
	fmt.Fprintln(tw, "|---\t|---\t|---\t|---\t|")
	for _, r := range rows {
		val, ref, ratio := "", "", ""
		if r.Unit != "" {
			val = fmt.Sprintf("%s %s", num(r.Value), r.Unit)
		}
		if r.Reference != "" {
			ref = fmt.Sprintf("%s: %s %s", r.Reference, num(r.RefValue), r.Unit)
			ratio = fmt.Sprintf("%.2f", r.Ratio)
		}
		if r.Note != "" {
			val = strings.TrimSpace(val + " " + r.Note)
		}
		fmt.Fprintf(tw, "| %s\t| %s\t| %s\t| %s\t|\n", r.What, val, ref, ratio)
	}
	tw.Flush()
}

func num(v float64) string {
	switch {
	case v >= 100:
		return fmt.Sprintf("%.0f", v)
	case v >= 10:
		return fmt.Sprintf("%.1f", v)
	}
	return fmt.Sprintf("%.2f", v)
}

func pairCount(quick bool) int {
	if quick {
		return 3
	}
	return 5
}

// paired is the median of interleaved pairs of a figure and its reference.
type paired struct {
	value, ref, ratio float64 // ratio: the median of the pairs' ratios
}

func (p paired) row(what, unit, reference string) row {
	return row{What: what, Unit: unit, Value: p.value, Reference: reference, RefValue: p.ref, Ratio: p.ratio}
}

// pairs runs measure and reference alternately, pairCount times each, and
// returns their medians and the median of value/reference.
func pairs(quick bool, measure, reference func() (float64, error)) (paired, error) {
	return nPairs(pairCount(quick), measure, reference)
}

// nPairs runs measure and reference alternately, n times each.
func nPairs(n int, measure, reference func() (float64, error)) (paired, error) {
	var vs, rs, ratios []float64
	for range n {
		v, err := measure()
		if err != nil {
			return paired{}, err
		}
		r, err := reference()
		if err != nil {
			return paired{}, fmt.Errorf("reference: %w", err)
		}
		vs, rs, ratios = append(vs, v), append(rs, r), append(ratios, v/r)
	}
	return paired{median(vs), median(rs), median(ratios)}, nil
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}
