// Package table is the "table" source kind: one HTML table of statistics
// (national statistics bureau style) read into observations.
//
// The table is chosen by a CSS selector or by text in its <caption> or in
// the heading just before it. Rowspan and colspan are expanded
// (Grid); header rows are those in <thead> or made only of <th>
// cells, unless header_rows says how many. Units come from the header, the
// row label, the caption or heading, or the unit option, and are applied to
// the numbers (stats.TableObservations).
package table

import (
	"bytes"
	"context"
	"fmt"
	"strings"

	"github.com/PuerkitoBio/goquery"
	"github.com/andybalholm/cascadia"

	"github.com/newsetl/newsetl/config"
	"github.com/newsetl/newsetl/extract"
	"github.com/newsetl/newsetl/transform/stats"
)

// Kind is the name sources use in the config file.
const Kind = "table"

// Options are the kind-specific keys of a table source.
type Options struct {
	URL     string `yaml:"url" required:"true"`
	Dataset string `yaml:"dataset" required:"true"`
	Table   string `yaml:"table"`   // CSS selector of the table (the first match)
	Caption string `yaml:"caption"` // text inside the table's <caption> or the heading just before it
	// HeaderRows is the number of header rows; 0 detects them from <thead>
	// and rows of <th> cells.
	HeaderRows int    `yaml:"header_rows"`
	Layout     string `yaml:"layout"` // periods-in-columns (default) or periods-in-rows
	// DimsColumns (periods-in-columns) is the number of leading row-label
	// columns: the indicator, then dimensions named by DimNames. Default 1.
	DimsColumns    int               `yaml:"dims_columns"`
	DimNames       []string          `yaml:"dim_names"`
	Unit           string            `yaml:"unit"` // used when the page gives no unit
	IndicatorCodes map[string]string `yaml:"indicator_codes"`
	// ExpectHeaders, when set, lists the table's column headers (the header
	// cells of each column joined by " / "); a table whose headers differ
	// fails clearly instead of loading figures under the wrong labels.
	ExpectHeaders []string `yaml:"expect_headers"`
	// Decimal and Thousands are the number marks of the cells; without
	// decimal:, they are inferred from the table and a cell they leave
	// ambiguous ("1.613") is an error.
	Decimal   string      `yaml:"decimal"`
	Thousands string      `yaml:"thousands"`
	Missing   []string    `yaml:"missing"` // missing-value marks; default .. - — x n/a …
	Units     stats.Units `yaml:"units"`   // unit texts → {unit, scale}
}

func init() { extract.Register(Kind, New) }

// Source is a built table source.
type Source struct {
	name    string
	opt     Options
	number  stats.NumberFormat
	missing stats.Missing
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
	switch {
	case opt.Table == "" && opt.Caption == "":
		return nil, src.Errorf("give table (a CSS selector) or caption (text of the table's caption or heading)")
	case opt.Table != "" && opt.Caption != "":
		return nil, src.Errorf("give table or caption, not both")
	case opt.Table != "":
		if _, err := cascadia.ParseGroup(opt.Table); err != nil {
			return nil, src.Errorf("table %q: %v", opt.Table, err)
		}
	}
	if opt.Layout == "" {
		opt.Layout = stats.PeriodsInColumns
	}
	if opt.Layout != stats.PeriodsInColumns && opt.Layout != stats.PeriodsInRows {
		return nil, src.Errorf("layout %q: want %s or %s", opt.Layout, stats.PeriodsInColumns, stats.PeriodsInRows)
	}
	if opt.HeaderRows < 0 || opt.DimsColumns < 0 {
		return nil, src.Errorf("header_rows and dims_columns must not be negative")
	}
	if opt.DimsColumns == 0 {
		opt.DimsColumns = 1
	}
	if opt.Layout == stats.PeriodsInRows && (opt.DimsColumns > 1 || len(opt.DimNames) > 0) {
		return nil, src.Errorf("dims_columns and dim_names apply to layout %s only", stats.PeriodsInColumns)
	}
	if len(opt.DimNames) > opt.DimsColumns-1 {
		return nil, src.Errorf("%d dim_names for %d dimension columns (dims_columns %d: the first column is the indicator)",
			len(opt.DimNames), opt.DimsColumns-1, opt.DimsColumns)
	}
	number, err := stats.ParseNumberFormat(opt.Decimal, opt.Thousands)
	if err != nil {
		return nil, src.Errorf("%v", err)
	}
	if err := opt.Units.Validate(); err != nil {
		return nil, src.Errorf("%v", err)
	}
	opt.Units = extract.Units(src, opt.Units)
	return &Source{name: src.Name, opt: opt, number: number, missing: stats.NewMissing(opt.Missing), fetch: f}, nil
}

// Extract fetches the page, reads the table and hands its observations
// whose period overlaps w to sink. Any failure fails the whole source: a
// table is one page.
func (s *Source) Extract(ctx context.Context, w extract.Window, sink extract.Sink) error {
	p, err := s.fetch.Fetch(ctx, extract.Request{URL: s.opt.URL})
	if err != nil {
		return fmt.Errorf("source %s: fetching %s: %w", s.name, s.opt.URL, err)
	}
	sink.PageFetched(p.URL)
	obs, cellErrs, err := s.read(p)
	if err != nil {
		return fmt.Errorf("source %s: %s: %w", s.name, p.URL, err)
	}
	for _, e := range cellErrs {
		sink.PageError(fmt.Sprintf("%s#row-%d-col-%d", p.URL, e.Row, e.Col), fmt.Errorf("source %s: %s: %w", s.name, p.URL, e))
	}
	obs = w.Observations(obs)
	if len(obs) == 0 {
		return nil
	}
	return sink.Observations(ctx, obs)
}

// read finds the table in a fetched page and turns it into observations
// and the cells that are neither numbers nor missing marks.
func (s *Source) read(p *extract.Page) ([]stats.Observation, []*stats.CellError, error) {
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(p.Body))
	if err != nil {
		return nil, nil, fmt.Errorf("parsing HTML: %w", err)
	}
	var tbl *goquery.Selection
	if s.opt.Table != "" {
		if tbl = doc.Find(s.opt.Table).First(); tbl.Length() == 0 {
			return nil, nil, fmt.Errorf("table selector %q matched nothing", s.opt.Table)
		}
		if !tbl.Is("table") {
			if tbl = tbl.Find("table").First(); tbl.Length() == 0 {
				return nil, nil, fmt.Errorf("table selector %q matched no table", s.opt.Table)
			}
		}
	} else {
		want := stats.Normalize(s.opt.Caption)
		var titles []string
		doc.Find("table").EachWithBreak(func(_ int, t *goquery.Selection) bool {
			title := Title(t)
			if title != "" {
				titles = append(titles, title)
			}
			if strings.Contains(title, want) {
				tbl = t
				return false
			}
			return true
		})
		if tbl == nil {
			return nil, nil, fmt.Errorf("no table with caption or heading containing %q (found: %q)", s.opt.Caption, titles)
		}
	}
	header := s.opt.HeaderRows
	if header == 0 {
		if header = HeaderRows(tbl); header == 0 {
			return nil, nil, fmt.Errorf("no header row found (no <thead>, no row of <th> cells): set header_rows")
		}
	}
	grid := Grid(tbl)
	if len(s.opt.ExpectHeaders) > 0 {
		if err := checkHeaders(ColumnHeaders(grid, header), s.opt.ExpectHeaders); err != nil {
			return nil, nil, err
		}
	}
	obs, cellErrs, err := stats.ReadTable(grid, stats.TableSpec{
		Source: s.name, Dataset: s.opt.Dataset, URL: p.URL, FetchedAt: p.FetchedAt,
		HeaderRows: header, Layout: s.opt.Layout, DimsColumns: s.opt.DimsColumns, DimNames: s.opt.DimNames,
		Context: Title(tbl), Unit: s.opt.Unit, IndicatorCodes: s.opt.IndicatorCodes,
		Number: s.number, Missing: s.missing, Units: s.opt.Units,
	})
	if err != nil {
		return nil, nil, fmt.Errorf("reading the table: %w", err)
	}
	if len(obs) == 0 && len(cellErrs) == 0 {
		return nil, nil, fmt.Errorf("the table has no value cells")
	}
	return obs, cellErrs, nil
}

// Title is a table's caption and the heading just before it (an h1-h6 or
// an element whose class names a title, among the three elements before
// the table), joined by a space and normalised.
func Title(t *goquery.Selection) string {
	var parts []string
	prev := t.PrevAll()
	for i := 0; i < prev.Length() && i < 3; i++ {
		e := prev.Eq(i)
		if e.Is("table") {
			break
		}
		if e.Is("h1,h2,h3,h4,h5,h6") || strings.Contains(strings.ToLower(e.AttrOr("class", "")), "title") {
			parts = append(parts, stats.Normalize(e.Text()))
			break
		}
	}
	if c := t.ChildrenFiltered("caption"); c.Length() > 0 {
		var b strings.Builder
		c.Contents().Each(func(_ int, n *goquery.Selection) {
			if n.Is("br") {
				b.WriteByte(' ')
			} else {
				b.WriteString(n.Text())
			}
		})
		parts = append(parts, stats.Normalize(b.String()))
	}
	return strings.Join(parts, " ")
}

// ColumnHeaders returns each column's header: its header cells, top to
// bottom, without repeats, joined by " / ".
func ColumnHeaders(grid [][]string, headerRows int) []string {
	var out []string
	for col := 0; len(grid) > 0 && col < len(grid[0]); col++ {
		var parts []string
		for row := 0; row < headerRows && row < len(grid); row++ {
			if col >= len(grid[row]) {
				continue
			}
			cell := stats.Normalize(grid[row][col])
			if cell != "" && (len(parts) == 0 || parts[len(parts)-1] != cell) {
				parts = append(parts, cell)
			}
		}
		out = append(out, strings.Join(parts, " / "))
	}
	return out
}

// checkHeaders fails when the found headers differ from the expected ones,
// naming what is missing and what is new.
func checkHeaders(found, want []string) error {
	have := map[string]bool{}
	for _, h := range found {
		have[h] = true
	}
	expected := map[string]bool{}
	var missing, added []string
	for _, h := range want {
		h = stats.Normalize(h)
		expected[h] = true
		if !have[h] {
			missing = append(missing, h)
		}
	}
	for _, h := range found {
		if !expected[h] {
			added = append(added, h)
		}
	}
	if len(missing)+len(added) == 0 {
		return nil
	}
	return fmt.Errorf("the table's headers changed: missing %q, new %q (found %q; update expect_headers once the new layout is checked)", missing, added, found)
}
