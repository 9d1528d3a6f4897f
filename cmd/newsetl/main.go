// Command newsetl fetches press releases and statistics, parses the figures
// in them and loads them into ClickHouse.
//
//	newsetl migrate [--config FILE]
//	newsetl ingest  [--config FILE] [--source NAME]... [--parallel N]
//	newsetl run      [--config FILE] [--listen ADDR]
//	newsetl backfill [--config FILE] --source NAME --from YYYY-MM-DD --to YYYY-MM-DD [--concurrency N] [--force]
//	newsetl reparse  [--config FILE] [--source NAME]... [--since YYYY-MM-DD]
//	newsetl sources  [--config FILE]
//	newsetl demo    [--config FILE] [--site DIR]
//	newsetl query   [--config FILE] [--format table|csv|json|markdown] ('SQL' | -f FILE.sql)
//	newsetl chart   [--config FILE] (--metric KEY [--entity E] | --series KEY [--dataset D]) [--source S] [--unit U] [--from DATE] [--to DATE] --out FILE.png|.svg|.html
//	newsetl serve   [--config FILE] [--addr 127.0.0.1:8080] [--allow-remote]
//	newsetl version
//
// Exit status: 0 all went well, 1 a failure (bad config, ClickHouse down, a
// source failed as a whole), 2 bad usage, 3 a partial run (some pages failed,
// everything else loaded), 4 a run record could be neither written nor
// spooled, 5 rows (or a run record) went to the local spool because
// ClickHouse stayed down (the next run replays them), 143 an ingest or
// backfill stopped by SIGTERM or SIGINT before the end (what was read is
// written).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/newsetl/newsetl/internal/redact"
	"github.com/newsetl/newsetl/schedules"

	_ "github.com/newsetl/newsetl/extract/csv"     // registers the csv source kind
	_ "github.com/newsetl/newsetl/extract/feed"    // registers the feed source kind
	_ "github.com/newsetl/newsetl/extract/html"    // registers the html source kind
	_ "github.com/newsetl/newsetl/extract/jsonapi" // registers the json source kind
	_ "github.com/newsetl/newsetl/extract/sdmx"    // registers the sdmx source kind
	_ "github.com/newsetl/newsetl/extract/table"   // registers the table source kind
	_ "github.com/newsetl/newsetl/extract/xlsx"    // registers the xlsx source kind
)

const version = "0.1.0"

// Exit statuses.
const (
	exitOK         = 0
	exitFailed     = 1
	exitUsage      = 2
	exitPartial    = 3
	exitUnrecorded = 4   // a run's record could be neither written nor spooled
	exitSpooled    = 5   // rows or a run record are in the spool, not yet in ClickHouse
	exitStopped    = 143 // 128+SIGTERM: an ingest or backfill stopped by a signal
)

// errPartial marks a run in which some pages or sources failed.
var errPartial = errors.New("partial run")

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, env *env, args []string) error
}

var commands = []command{
	{"migrate", "create or upgrade the ClickHouse schema", cmdMigrate},
	{"ingest", "fetch the configured sources once and load their figures", cmdIngest},
	{"run", "the daemon: ingest every source on its cron schedule, serve /metrics", cmdRun},
	{"backfill", "load a source's history over a date range, resumably", cmdBackfill},
	{"sources", "list the sources with their schedule, next run and last run", cmdSources},
	{"article", "print the title, date, author and text of one page, read without selectors", cmdArticle},
	{"demo", "serve the bundled sample site and ingest it into ClickHouse", cmdDemo},
	{"reparse", "re-derive facts from stored article bodies with the current parser (no refetch)", cmdReparse},
	{"relink", "recompute the story links of stored articles (after a change of stories: or publisher:)", cmdRelink},
	{"parse", "read JSON lines of text on stdin, write the figures in each as JSON lines", cmdParse},
	{"query", "run a read-only SQL query, print a table (or CSV, JSON, Markdown)", cmdQuery},
	{"chart", "draw a metric or statistics series to a PNG, SVG or HTML file", cmdChart},
	{"serve", "a read-only web page of the loaded metrics, statistics and source health (loopback)", cmdServe},
	{"version", "print the version", cmdVersion},
}

// env is what every command gets: its output streams and the environment.
type env struct {
	stdout, stderr io.Writer
	lookup         func(string) (string, bool)
	log            *slog.Logger
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr, os.LookupEnv))
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer, lookup func(string) (string, bool)) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stderr)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	for _, c := range commands {
		if c.name != args[0] {
			continue
		}
		e := &env{stdout: stdout, stderr: stderr, lookup: lookup}
		err := c.run(ctx, e, args[1:])
		code := exitCode(ctx, c.name, err)
		if err != nil && code != exitOK {
			fmt.Fprintf(stderr, "newsetl %s: %v\n", c.name, redact.String(err.Error()))
		}
		if code == exitStopped {
			fmt.Fprintf(stderr, "newsetl %s: stopped by a signal before the end (exit %d); what was read is written\n", c.name, exitStopped)
		}
		return code
	}
	fmt.Fprintf(stderr, "newsetl: unknown command %q\n\n", args[0])
	usage(stderr)
	return exitUsage
}

// exitCode maps a command's error to the exit status: the worst outcome
// wins (a record not written, then rows spooled, then a stop by signal,
// then a failure or a partial run).
func exitCode(ctx context.Context, name string, err error) int {
	switch {
	case errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.As(err, new(usageError)):
		return exitUsage
	case errors.Is(err, schedules.ErrRunNotRecorded):
		return exitUnrecorded
	case errors.Is(err, schedules.ErrSpooled):
		return exitSpooled
	case ctx.Err() != nil && (name == "ingest" || name == "backfill" || name == "reparse"):
		return exitStopped
	case err == nil:
		return exitOK
	case errors.Is(err, errPartial):
		return exitPartial
	default:
		return exitFailed
	}
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: newsetl COMMAND [flags]\n\ncommands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'newsetl COMMAND -h' for a command's flags.")
}

type usageError struct{ error }

// flags is the flag set every command starts from: --config and logging.
type flags struct {
	*flag.FlagSet
	config    string
	logLevel  string
	logFormat string
}

func newFlags(e *env, name string) *flags {
	f := &flags{FlagSet: flag.NewFlagSet("newsetl "+name, flag.ContinueOnError)}
	f.SetOutput(e.stderr)
	def := "newsetl.yaml"
	if v, ok := e.lookup("NEWSETL_CONFIG"); ok && v != "" {
		def = v
	}
	f.StringVar(&f.config, "config", def, "config file (env NEWSETL_CONFIG)")
	f.StringVar(&f.logLevel, "log-level", "info", "debug, info, warn or error")
	f.StringVar(&f.logFormat, "log-format", "text", "text or json")
	return f
}

// parse parses args and sets up e.log.
func (f *flags) parse(e *env, args []string) error {
	if err := f.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err}
	}
	if f.NArg() > 0 {
		return usageError{fmt.Errorf("unexpected arguments: %s", strings.Join(f.Args(), " "))}
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(f.logLevel)); err != nil {
		return usageError{fmt.Errorf("--log-level %q: want debug, info, warn or error", f.logLevel)}
	}
	opts := &slog.HandlerOptions{Level: level}
	switch f.logFormat {
	case "text": // every handler behind redact: no URL's password reaches a log
		e.log = slog.New(redact.NewHandler(slog.NewTextHandler(e.stderr, opts)))
	case "json":
		e.log = slog.New(redact.NewHandler(slog.NewJSONHandler(e.stderr, opts)))
	default:
		return usageError{fmt.Errorf("--log-format %q: want text or json", f.logFormat)}
	}
	return nil
}

// stringList is a repeatable string flag.
type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

func cmdVersion(_ context.Context, e *env, args []string) error {
	fmt.Fprintln(e.stdout, "newsetl", version)
	return nil
}
