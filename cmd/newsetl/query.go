package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
	"github.com/newsetl/newsetl/analyst"
	"github.com/newsetl/newsetl/config"
)

// cmdQuery runs one read-only SQL query with the configured connection
// (default database: the configured one) and prints the result as a table
// aligned by display width, or as CSV, JSON or Markdown. The server refuses
// writes (setting readonly=2 on the connection and the query).
func cmdQuery(ctx context.Context, e *env, args []string) error {
	f := newFlags(e, "query")
	file := f.String("f", "", "read the query from this file instead of the argument")
	format := f.String("format", "table", "table, csv, json or markdown")
	maxRows := f.Int("max-rows", 100000, "stop reading after this many rows (0: no limit)")
	f.Usage = func() {
		fmt.Fprintln(e.stderr, "usage: newsetl query [flags] 'SQL'   or   newsetl query [flags] -f FILE.sql")
		f.PrintDefaults()
	}
	pos, err := parseInterspersed(e, f, args)
	if err != nil {
		return err
	}
	var sql, name string
	switch {
	case *file != "" && len(pos) > 0:
		return usageError{errors.New("give the query either as an argument or with -f, not both")}
	case *file != "":
		b, err := os.ReadFile(*file)
		if err != nil {
			return fmt.Errorf("reading the query: %w", err)
		}
		sql, name = string(b), *file
	case len(pos) == 1:
		sql, name = pos[0], queryName(pos[0])
	case len(pos) > 1:
		return usageError{fmt.Errorf("one query argument, got %d (quote the SQL)", len(pos))}
	default:
		return usageError{errors.New("no query: give it as an argument or with -f FILE")}
	}
	if strings.TrimSpace(sql) == "" {
		return usageError{fmt.Errorf("query %s is empty", name)}
	}
	switch *format {
	case "table", "csv", "json", "markdown":
	default:
		return usageError{fmt.Errorf("--format %q: want table, csv, json or markdown", *format)}
	}
	if *maxRows < 0 {
		return usageError{fmt.Errorf("--max-rows %d: want 0 or more", *maxRows)}
	}
	_, conn, err := openReadOnly(ctx, e, f.config)
	if err != nil {
		return err
	}
	defer conn.Close()
	res, err := analyst.Query(ctx, conn, sql, *maxRows)
	if err != nil {
		return fmt.Errorf("query %s: %w", name, err)
	}
	switch *format {
	case "csv":
		err = res.CSVTable().CSV(e.stdout)
	case "json":
		err = res.JSON(e.stdout)
	case "markdown":
		err = res.Table().Markdown(e.stdout)
	default:
		err = res.Table().Text(e.stdout)
	}
	if err != nil {
		return fmt.Errorf("query %s: writing %s: %w", name, *format, err)
	}
	if res.Truncated {
		fmt.Fprintf(e.stderr, "newsetl query: stopped after %d rows (--max-rows)\n", *maxRows)
	}
	return nil
}

// openReadOnly loads the config at path and opens the read-only
// connection of query, chart and serve (analyst.Open: readonly=2, the
// configured database as the default one). The caller closes conn.
func openReadOnly(ctx context.Context, e *env, path string) (*config.File, driver.Conn, error) {
	cfg, err := config.Load(path, e.lookup)
	if err != nil {
		return nil, nil, err
	}
	conn, err := analyst.Open(ctx, cfg.ClickHouse)
	if err != nil {
		return nil, nil, err
	}
	return cfg, conn, nil
}

// queryName names a query given on the command line in messages: its first
// line, clipped.
func queryName(sql string) string {
	s := strings.Join(strings.Fields(sql), " ")
	return fmt.Sprintf("%q", clip(s, 70))
}

// parseInterspersed parses flags placed before or after positional
// arguments (`newsetl query 'SQL' --format csv`) and returns the
// positional ones. "--" ends the flags.
func parseInterspersed(e *env, f *flags, args []string) ([]string, error) {
	var pos []string
	rest := args
	for {
		if err := f.FlagSet.Parse(rest); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, usageError{err}
		}
		if f.NArg() == 0 {
			break
		}
		if len(rest) > f.NArg() && rest[len(rest)-f.NArg()-1] == "--" {
			pos = append(pos, f.Args()...)
			break
		}
		pos = append(pos, f.Arg(0))
		rest = f.Args()[1:]
	}
	return pos, f.parse(e, nil)
}
