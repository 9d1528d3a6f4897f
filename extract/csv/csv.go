// Package csv is the "csv" source kind: a CSV download of statistics read
// into observations, either record by record through a column mapping
// (layout "long", the default) or as a table whose header holds the
// periods or the indicators (layouts "periods-in-columns" and
// "periods-in-rows", read by stats.ReadTable).
//
// Encoding: the file is fetched raw (extract.Request.Raw). The encoding
// option wins; else a charset the server declares, unless it says UTF-8
// (servers label files UTF-8 by default); else the bytes decide
// (DetectEncoding). A file that does not decode cleanly is an error, never
// mojibake.
//
// Numbers: a value cell must be a number in the source's format (decimal,
// thousands, per column in column_formats) or one of its missing marks;
// anything else is a page error naming the line, the column and the text,
// and the other cells still load. Without decimal:, the marks are inferred
// per column and a cell such as "1.613" that could be 1.613 or 1613 is such
// an error.
package csv

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
	"golang.org/x/text/encoding"

	"github.com/newsetl/newsetl/config"
	"github.com/newsetl/newsetl/extract"
	"github.com/newsetl/newsetl/transform/stats"
)

// Kind is the name sources use in the config file.
const Kind = "csv"

// Layouts of a csv source.
const (
	Long = "long" // one or more value columns per record, a period column or a fixed period
)

// Options are the kind-specific keys of a csv source.
type Options struct {
	URL       string `yaml:"url" required:"true"`
	Dataset   string `yaml:"dataset" required:"true"`
	Encoding  string `yaml:"encoding"`  // "" detects; see EncodingNames
	Delimiter string `yaml:"delimiter"` // one character, or "\t"; "" sniffs , ; tab |
	Comment   string `yaml:"comment"`   // lines starting with it are skipped

	Decimal   string `yaml:"decimal"`   // "." or ","; "" infers per column, ambiguous cells are errors
	Thousands string `yaml:"thousands"` // ",", ".", " ", "'" or none; default: the other of . and ,
	// ColumnFormats overrides decimal and thousands for single columns.
	ColumnFormats map[string]NumberOptions `yaml:"column_formats"`
	Missing       []string                 `yaml:"missing"` // missing-value marks; default: .. - — x n/a NaN …

	SkipRows   int    `yaml:"skip_rows"`   // lines before the header; 0 (long layout): the first record holding every mapped column
	SkipFooter int    `yaml:"skip_footer"` // lines at the end that are notes
	StopBefore string `yaml:"stop_before"` // a regexp: data ends before the first line matching it
	HeaderRows int    `yaml:"header_rows"` // rows of header, joined " / " per column; default 1

	Layout  string  `yaml:"layout"` // long (default), periods-in-columns, periods-in-rows
	Columns Columns `yaml:"columns"`

	// Period is the period of every row when the file has no period
	// column ("2011" for a budget file whose header says so).
	Period          string `yaml:"period"`
	PeriodAs        string `yaml:"period_as"`         // month, quarter or year: widen dated periods
	FiscalYearStart int    `yaml:"fiscal_year_start"` // month fiscal years ("2010-11") start in
	// SkipNonPeriods skips rows whose period cell is not a period (notes
	// inside the data); without it such a row is an error.
	SkipNonPeriods bool `yaml:"skip_non_periods"`
	// PeriodYear completes periods written without a year ("1-11月",
	// "Jan-Nov"): "url" takes the first year (1900-2099) in the file's URL,
	// "title" the first in the lines skipped before the header, or a year.
	PeriodYear string `yaml:"period_year"`

	// FillDown lists hierarchies of columns where a blank cell means "as
	// the row above": [[GF, F, SF]]. A value in a column clears the
	// columns after it in its hierarchy. Hierarchies of one length run in
	// parallel (codes and names): a row must start them at one level.
	FillDown [][]string `yaml:"fill_down"`

	Unit  string      `yaml:"unit"`  // the unit of every value when there is no unit column ("亿元", "EUR million")
	Units stats.Units `yaml:"units"` // unit texts → {unit, scale}

	// Wide layouts (periods-in-columns): row-label columns and their names.
	DimsColumns int      `yaml:"dims_columns"`
	DimNames    []string `yaml:"dim_names"`
	GroupDim    string   `yaml:"group_dim"` // dimension taking heading rows' labels

	// ExpectColumns, when set, is the header exactly (in any order): a
	// column added or removed is an error.
	ExpectColumns []string `yaml:"expect_columns"`
}

// NumberOptions are the number marks of one column.
type NumberOptions struct {
	Decimal   string `yaml:"decimal"`
	Thousands string `yaml:"thousands"`
}

// Columns maps the file's columns (by header name) to observation fields.
type Columns struct {
	Period string `yaml:"period"`
	Value  string `yaml:"value"`
	// Values are several value columns, each its own indicator named by
	// its header (NHS: one column per measure).
	Values    []string  `yaml:"values"`
	Indicator Indicator `yaml:"indicator"`
	Unit      string    `yaml:"unit"` // a column of unit texts ("亿元"); optional
	Dims      []string  `yaml:"dims"` // columns that are dimensions, named by their header
}

// Indicator is either a column name (`indicator: 指标`) or, for a file that
// holds one indicator, the indicator itself (`indicator: {code: X, name: Y}`).
type Indicator struct {
	Column string `yaml:"-"`
	Code   string `yaml:"code"`
	Name   string `yaml:"name"`
}

// UnmarshalYAML accepts a scalar (the column) or a mapping (code, name).
func (i *Indicator) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		i.Column = n.Value
		return nil
	}
	type plain Indicator
	return n.Decode((*plain)(i))
}

func (i Indicator) empty() bool { return i.Column == "" && i.Code == "" && i.Name == "" }

func init() { extract.Register(Kind, New) }

// Source is a built csv source.
type Source struct {
	name    string
	opt     Options
	enc     encoding.Encoding // nil: detect
	encName string
	dialect Dialect
	number  stats.NumberFormat
	columns map[string]stats.NumberFormat
	missing stats.Missing
	period  stats.PeriodOptions
	fixed   *stats.Period // opt.Period, parsed
	unit    string
	scale   float64
	fetch   *extract.Fetcher
}

// New validates src's options without network I/O.
func New(src config.Source, f *extract.Fetcher) (extract.Extractor, error) {
	opt, err := extract.DecodeOptions[Options](src)
	if err != nil {
		return nil, err
	}
	if _, err := extract.SourceURL("url", opt.URL); err != nil {
		return nil, src.Errorf("%v", err)
	}
	s := &Source{name: src.Name, fetch: f, scale: 1}
	if opt.Encoding != "" {
		var ok bool
		if s.enc, ok = LookupEncoding(opt.Encoding); !ok {
			return nil, src.Errorf("encoding %q: want one of %s (or nothing, to detect)", opt.Encoding, EncodingNames)
		}
		s.encName = strings.ToLower(opt.Encoding)
	}
	if s.dialect, err = dialectOf(opt); err != nil {
		return nil, src.Errorf("%v", err)
	}
	if s.number, err = stats.ParseNumberFormat(opt.Decimal, opt.Thousands); err != nil {
		return nil, src.Errorf("%v", err)
	}
	s.columns = map[string]stats.NumberFormat{}
	for col, nf := range opt.ColumnFormats {
		f, err := stats.ParseNumberFormat(nf.Decimal, nf.Thousands)
		if err != nil {
			return nil, src.Errorf("column_formats.%s: %v", col, err)
		}
		s.columns[stats.Normalize(col)] = f
	}
	s.missing = stats.NewMissing(opt.Missing)
	if opt.HeaderRows < 0 {
		return nil, src.Errorf("header_rows must not be negative")
	}
	if opt.HeaderRows == 0 {
		opt.HeaderRows = 1
	}
	if opt.FiscalYearStart < 0 || opt.FiscalYearStart > 12 {
		return nil, src.Errorf("fiscal_year_start %d: want a month, 1-12", opt.FiscalYearStart)
	}
	switch opt.PeriodAs {
	case "", stats.Month, stats.Quarter, stats.Year:
	default:
		return nil, src.Errorf("period_as %q: want month, quarter or year", opt.PeriodAs)
	}
	s.period = stats.PeriodOptions{FiscalYearStart: opt.FiscalYearStart, As: opt.PeriodAs}
	switch opt.PeriodYear {
	case "", "url", "title":
	default:
		y, err := strconv.Atoi(opt.PeriodYear)
		if err != nil || y < 1900 || y > 2099 {
			return nil, src.Errorf("period_year %q: want url, title or a year", opt.PeriodYear)
		}
		s.period.Year = y
	}
	if opt.Period != "" {
		p, err := stats.ParsePeriodWith(opt.Period, s.period)
		if err != nil {
			return nil, src.Errorf("period: %v", err)
		}
		s.fixed = &p
	}
	if err := opt.Units.Validate(); err != nil {
		return nil, src.Errorf("%v", err)
	}
	opt.Units = extract.Units(src, opt.Units)
	if opt.Layout == "" {
		opt.Layout = Long
	}
	switch opt.Layout {
	case Long:
		if err := s.checkLong(opt); err != nil {
			return nil, src.Errorf("%v", err)
		}
	case stats.PeriodsInColumns, stats.PeriodsInRows:
		if opt.Columns.Period != "" || opt.Columns.Value != "" || len(opt.Columns.Values) > 0 || len(opt.FillDown) > 0 {
			return nil, src.Errorf("layout %s reads periods and values from the table: columns and fill_down apply to layout long only", opt.Layout)
		}
		if opt.DimsColumns < 0 {
			return nil, src.Errorf("dims_columns must not be negative")
		}
	default:
		return nil, src.Errorf("layout %q: want long, %s or %s", opt.Layout, stats.PeriodsInColumns, stats.PeriodsInRows)
	}
	s.opt = opt
	return s, nil
}

func dialectOf(opt Options) (Dialect, error) {
	d := Dialect{SkipRows: opt.SkipRows, SkipFooter: opt.SkipFooter}
	if opt.SkipRows < 0 || opt.SkipFooter < 0 {
		return d, fmt.Errorf("skip_rows and skip_footer must not be negative")
	}
	one := func(key, v string) (rune, error) {
		if v == `\t` || v == "tab" {
			return '\t', nil
		}
		r, size := utf8.DecodeRuneInString(v)
		if size != len(v) || r == '"' || r == '\r' || r == '\n' || r == utf8.RuneError {
			return 0, fmt.Errorf("%s %q: want one character other than a quote or a line break", key, v)
		}
		return r, nil
	}
	var err error
	if opt.Delimiter != "" {
		if d.Comma, err = one("delimiter", opt.Delimiter); err != nil {
			return d, err
		}
	}
	if opt.Comment != "" {
		if d.Comment, err = one("comment", opt.Comment); err != nil {
			return d, err
		}
		if d.Comment == d.Comma {
			return d, fmt.Errorf("comment and delimiter are both %q", opt.Comment)
		}
	}
	if opt.StopBefore != "" {
		if d.StopBefore, err = regexp.Compile(opt.StopBefore); err != nil {
			return d, fmt.Errorf("stop_before %q: %v", opt.StopBefore, err)
		}
	}
	return d, nil
}

// checkLong validates the column mapping of the long layout.
func (s *Source) checkLong(opt Options) error {
	c := opt.Columns
	switch {
	case c.Period == "" && opt.Period == "":
		return fmt.Errorf("give columns.period (the period column) or period (the period of every row)")
	case c.Period != "" && opt.Period != "":
		return fmt.Errorf("give columns.period or period, not both")
	case c.Value == "" && len(c.Values) == 0:
		return fmt.Errorf("give columns.value (the value column) or columns.values (several, each an indicator)")
	case c.Value != "" && len(c.Values) > 0:
		return fmt.Errorf("give columns.value or columns.values, not both")
	case c.Value != "" && c.Indicator.empty():
		return fmt.Errorf("columns.indicator: give the indicator's column, or {code, name} when the file holds one indicator")
	case len(c.Values) > 0 && !c.Indicator.empty():
		return fmt.Errorf("columns.values name their indicators by their headers: leave out columns.indicator")
	case opt.Unit != "" && c.Unit != "":
		return fmt.Errorf("give unit (one unit for every value) or columns.unit (a unit column), not both")
	case len(opt.DimNames) > 0 || opt.DimsColumns > 0 || opt.GroupDim != "":
		return fmt.Errorf("dims_columns, dim_names and group_dim apply to the wide layouts only")
	}
	if opt.Unit != "" {
		u, sc, ok := stats.ResolveUnit(opt.Unit, opt.Units)
		if !ok {
			u, sc = opt.Unit, 1
		}
		s.unit, s.scale = u, sc
	}
	seen := map[string]bool{}
	for _, col := range mapped(opt) {
		if seen[col] {
			return fmt.Errorf("column %q is mapped twice", col)
		}
		seen[col] = true
	}
	for _, h := range opt.FillDown {
		for _, col := range h {
			if !seen[col] {
				return fmt.Errorf("fill_down column %q is not a mapped column", col)
			}
		}
	}
	return nil
}

// mapped lists the header names the long mapping uses.
func mapped(opt Options) []string {
	c := opt.Columns
	var cols []string
	for _, x := range append([]string{c.Period, c.Value, c.Indicator.Column, c.Unit}, c.Values...) {
		if x != "" {
			cols = append(cols, x)
		}
	}
	return append(cols, c.Dims...)
}

// HeaderError is a header that does not match the config: the file's
// columns changed.
type HeaderError struct {
	Source, URL     string
	Missing, Added  []string // against expect_columns, or the mapped columns not found
	Found           []string
	ExpectedColumns bool // the check was against expect_columns
}

func (e *HeaderError) Error() string {
	if !e.ExpectedColumns {
		q := make([]string, len(e.Missing))
		for i, m := range e.Missing {
			q[i] = fmt.Sprintf("%q", m)
		}
		what := "column " + strings.Join(q, ", ")
		if len(q) > 1 {
			what = "columns " + strings.Join(q, ", ")
		}
		return fmt.Sprintf("source %s: %s: %s not found in header [%s] (the file's columns changed?)",
			e.Source, e.URL, what, strings.Join(e.Found, " "))
	}
	return fmt.Sprintf("source %s: %s: header [%s] differs from expect_columns: missing %q, added %q (the file's columns changed?)",
		e.Source, e.URL, strings.Join(e.Found, " "), e.Missing, e.Added)
}

// RowError is a row or a cell that cannot be read: the line it is on, the
// column (its header; "" for the whole row) and what is wrong, with the
// raw text. Extract hands each to sink.PageError; the other rows load.
type RowError struct {
	Line   int
	Column string
	Err    error
}

func (e *RowError) Error() string {
	if e.Column == "" {
		return fmt.Sprintf("line %d: %v", e.Line, e.Err)
	}
	return fmt.Sprintf("line %d, column %q: %v", e.Line, e.Column, e.Err)
}

func (e *RowError) Unwrap() error { return e.Err }

// Extract fetches the file and hands the observations whose period
// overlaps w to sink. A row or cell that cannot be read goes to
// sink.PageError (URL#line-N) naming the source, URL, line, column and the
// raw text, and the other rows load; an encoding that cannot be told, a
// header that does not match or a table that cannot be read fails the
// source.
func (s *Source) Extract(ctx context.Context, w extract.Window, sink extract.Sink) error {
	p, err := s.fetch.Fetch(ctx, extract.Request{URL: s.opt.URL, Raw: true})
	if err != nil {
		return fmt.Errorf("source %s: fetching %s: %w", s.name, s.opt.URL, err)
	}
	sink.PageFetched(p.URL)
	text, _, err := decodeFile(p.Body, s.enc, s.encName, p.ContentType)
	if err != nil {
		return fmt.Errorf("source %s: %s: %w", s.name, p.URL, err)
	}
	obs, rowErrs, err := s.Read(text, p)
	if err != nil {
		var he *HeaderError
		if errors.As(err, &he) {
			return err
		}
		return fmt.Errorf("source %s: %s: %w", s.name, p.URL, err)
	}
	for _, re := range rowErrs {
		sink.PageError(fmt.Sprintf("%s#line-%d", p.URL, re.Line), fmt.Errorf("source %s: %s: %w", s.name, p.URL, re))
	}
	obs = w.Observations(obs)
	if len(obs) == 0 {
		return nil
	}
	return sink.Observations(ctx, obs)
}

// Read parses the decoded file into observations and the rows or cells
// that could not be read. p gives the URL and the fetch time.
func (s *Source) Read(text []byte, p *extract.Page) ([]stats.Observation, []*RowError, error) {
	recs, _, err := ReadRecords(string(text), s.dialect)
	if err != nil {
		return nil, nil, err
	}
	if len(recs) < s.opt.HeaderRows {
		return nil, nil, fmt.Errorf("the file has %d records after skip_rows %d: no header", len(recs), s.opt.SkipRows)
	}
	po := s.period
	switch s.opt.PeriodYear {
	case "url":
		if u, err := url.Parse(p.URL); err == nil {
			po.Year = stats.YearIn(u.EscapedPath() + "?" + u.RawQuery) // not the host or port
		}
	case "title":
		lines := strings.SplitN(string(text), "\n", s.opt.SkipRows+1)
		po.Year = stats.YearIn(strings.Join(lines[:min(len(lines), s.opt.SkipRows)], " "))
	}
	if s.opt.PeriodYear != "" && po.Year == 0 {
		return nil, nil, fmt.Errorf("period_year %s: no year (1900-2099) in the %s", s.opt.PeriodYear, s.opt.PeriodYear)
	}
	if s.opt.Layout != Long {
		return s.readWide(recs, p, po)
	}
	return s.readLong(recs, p, po)
}
