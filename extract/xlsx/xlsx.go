// Package xlsx is the "xlsx" source kind: a sheet of an Excel workbook
// read into observations, with the same mapping as the csv kind's tables.
//
// The sheet is chosen by name or index; the table is the sheet's used
// range or a configured range. Merged cells are filled with their value.
// Cells are read raw (the stored number, not its display), so a value keeps
// every digit the workbook holds; a cell with a date format is an Excel
// serial date and becomes an ISO date before the period parser reads it; a
// cell with a percent format holds a fraction and is stored ×100 as
// percent.
//
// Layout periods-in-rows (the default, ABS time-series workbooks): the
// first column holds the periods, each other column is a series; its name,
// code and unit come from the header rows named by name_row, code_row and
// unit_row (ABS: row 1 the description, row 2 the unit "000 Hours", row 10
// the series ID), and dim_rows names header rows whose cells are
// dimensions. Layout periods-in-columns reads the sheet as stats.ReadTable
// does (periods across the header).
package xlsx

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/newsetl/newsetl/config"
	"github.com/newsetl/newsetl/extract"
	"github.com/newsetl/newsetl/transform/stats"
)

// Kind is the name sources use in the config file.
const Kind = "xlsx"

// Options are the kind-specific keys of an xlsx source.
type Options struct {
	URL     string `yaml:"url" required:"true"`
	Dataset string `yaml:"dataset" required:"true"`
	Sheet   string `yaml:"sheet"`       // by name
	Index   int    `yaml:"sheet_index"` // by position, from 1; default 1 when sheet is not given
	Range   string `yaml:"range"`       // "A1:H158"; default: the used range without title rows above and note rows below

	HeaderRows int    `yaml:"header_rows"` // rows of header at the top of the range; default 1
	Layout     string `yaml:"layout"`      // periods-in-rows (default) or periods-in-columns

	// periods-in-rows: header rows (from 1, within the range) giving each
	// column's name, code and unit; 0: the header rows joined / the name /
	// the unit key.
	NameRow int            `yaml:"name_row"`
	CodeRow int            `yaml:"code_row"`
	UnitRow int            `yaml:"unit_row"`
	DimRows map[string]int `yaml:"dim_rows"` // dimension name → header row

	// periods-in-columns: as the csv kind's.
	DimsColumns int      `yaml:"dims_columns"`
	DimNames    []string `yaml:"dim_names"`
	GroupDim    string   `yaml:"group_dim"`

	Unit            string      `yaml:"unit"`
	Units           stats.Units `yaml:"units"`
	Missing         []string    `yaml:"missing"`
	Decimal         string      `yaml:"decimal"` // for numbers stored as text
	PeriodAs        string      `yaml:"period_as"`
	FiscalYearStart int         `yaml:"fiscal_year_start"`
	// ExcelSerial reads bare numbers in the period column as serial dates
	// even where the cell has no date format.
	ExcelSerial bool `yaml:"excel_serial"`
}

func init() { extract.Register(Kind, New) }

// Source is a built xlsx source.
type Source struct {
	name    string
	opt     Options
	number  stats.NumberFormat
	missing stats.Missing
	period  stats.PeriodOptions
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
	if opt.Sheet != "" && opt.Index != 0 {
		return nil, src.Errorf("give sheet (a name) or sheet_index (from 1), not both")
	}
	if opt.Index < 0 || opt.HeaderRows < 0 || opt.NameRow < 0 || opt.CodeRow < 0 || opt.UnitRow < 0 {
		return nil, src.Errorf("sheet_index, header_rows and the *_row keys must not be negative")
	}
	if opt.HeaderRows == 0 {
		opt.HeaderRows = 1
	}
	for key, r := range map[string]int{"name_row": opt.NameRow, "code_row": opt.CodeRow, "unit_row": opt.UnitRow} {
		if r > opt.HeaderRows {
			return nil, src.Errorf("%s %d is below the %d header rows", key, r, opt.HeaderRows)
		}
	}
	for name, r := range opt.DimRows {
		if r < 1 || r > opt.HeaderRows {
			return nil, src.Errorf("dim_rows.%s %d is not one of the %d header rows", name, r, opt.HeaderRows)
		}
	}
	if opt.Range != "" {
		if _, _, _, _, err := parseRange(opt.Range); err != nil {
			return nil, src.Errorf("range %q: %v", opt.Range, err)
		}
	}
	switch opt.Layout {
	case "":
		opt.Layout = stats.PeriodsInRows
	case stats.PeriodsInRows, stats.PeriodsInColumns:
	default:
		return nil, src.Errorf("layout %q: want %s or %s", opt.Layout, stats.PeriodsInRows, stats.PeriodsInColumns)
	}
	switch opt.PeriodAs {
	case "", stats.Month, stats.Quarter, stats.Year:
	default:
		return nil, src.Errorf("period_as %q: want month, quarter or year", opt.PeriodAs)
	}
	if opt.FiscalYearStart < 0 || opt.FiscalYearStart > 12 {
		return nil, src.Errorf("fiscal_year_start %d: want a month, 1-12", opt.FiscalYearStart)
	}
	if err := opt.Units.Validate(); err != nil {
		return nil, src.Errorf("%v", err)
	}
	opt.Units = extract.Units(src, opt.Units)
	s := &Source{name: src.Name, fetch: f, missing: stats.NewMissing(opt.Missing)}
	if s.number, err = stats.ParseNumberFormat(opt.Decimal, ""); err != nil {
		return nil, src.Errorf("%v", err)
	}
	s.period = stats.PeriodOptions{FiscalYearStart: opt.FiscalYearStart, As: opt.PeriodAs, ExcelSerial: opt.ExcelSerial}
	s.opt = opt
	return s, nil
}

// Extract fetches the workbook and hands the observations whose period
// overlaps w to sink. A cell that is neither a number nor a missing mark
// goes to sink.PageError naming the sheet, the cell and the text; the
// other cells load. A workbook, sheet or range that cannot be read fails
// the source.
func (s *Source) Extract(ctx context.Context, w extract.Window, sink extract.Sink) error {
	p, err := s.fetch.Fetch(ctx, extract.Request{URL: s.opt.URL, Raw: true})
	if err != nil {
		return fmt.Errorf("source %s: fetching %s: %w", s.name, s.opt.URL, err)
	}
	sink.PageFetched(p.URL)
	obs, cellErrs, err := s.Read(p.Body, p)
	if err != nil {
		return fmt.Errorf("source %s: %s: %w", s.name, p.URL, err)
	}
	for _, e := range cellErrs {
		sink.PageError(p.URL+"#"+e.Cell, fmt.Errorf("source %s: %s: %w", s.name, p.URL, e))
	}
	obs = w.Observations(obs)
	if len(obs) == 0 {
		return nil
	}
	return sink.Observations(ctx, obs)
}

// CellError is a cell that cannot be read.
type CellError struct {
	Sheet, Cell string // "Data1", "C20"
	Header      string
	Err         error
}

func (e *CellError) Error() string {
	return fmt.Sprintf("sheet %q, cell %s (%s): %v", e.Sheet, e.Cell, e.Header, e.Err)
}

func (e *CellError) Unwrap() error { return e.Err }

// Read opens a workbook's bytes and reads the configured sheet. p gives
// the URL and the fetch time.
func (s *Source) Read(body []byte, p *extract.Page) ([]stats.Observation, []*CellError, error) {
	f, err := excelize.OpenReader(bytes.NewReader(body))
	if err != nil {
		return nil, nil, fmt.Errorf("opening the workbook: %w", err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	sheet := s.opt.Sheet
	if sheet == "" {
		i := max(s.opt.Index, 1)
		if i > len(sheets) {
			return nil, nil, fmt.Errorf("sheet_index %d: the workbook has %d sheets %q", i, len(sheets), sheets)
		}
		sheet = sheets[i-1]
	} else if idx, _ := f.GetSheetIndex(sheet); idx < 0 {
		return nil, nil, fmt.Errorf("no sheet %q (sheets: %q)", sheet, sheets)
	}
	t, err := s.readTable(f, sheet)
	if err != nil {
		return nil, nil, err
	}
	if len(t.cells) <= s.opt.HeaderRows {
		return nil, nil, fmt.Errorf("sheet %q has %d rows in its table and %d header rows: no data", sheet, len(t.cells), s.opt.HeaderRows)
	}
	if s.opt.Layout == stats.PeriodsInColumns {
		return s.readWide(t, p)
	}
	return s.readSeries(t, p)
}

// cell is one cell of the table: its raw text and what its number format says.
type cell struct {
	text    string
	date    bool // a date format: the number is a serial date
	percent bool // a percent format: the number is a fraction
}

// table is the configured range of a sheet.
type table struct {
	sheet      string
	cells      [][]cell
	col0, row0 int // the range's top-left cell, from 1
}

func (t *table) name(i, j int) string {
	n, _ := excelize.CoordinatesToCellName(t.col0+j, t.row0+i)
	return n
}

// readTable reads the range: raw values, merged cells filled, date and
// percent formats noted.
func (s *Source) readTable(f *excelize.File, sheet string) (*table, error) {
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, fmt.Errorf("reading sheet %q: %w", sheet, err)
	}
	grid := make([][]string, len(rows))
	copy(grid, rows)
	merged, err := f.GetMergeCells(sheet)
	if err != nil {
		return nil, fmt.Errorf("reading the merged cells of sheet %q: %w", sheet, err)
	}
	for _, mc := range merged {
		c1, r1, err1 := excelize.CellNameToCoordinates(mc.GetStartAxis())
		c2, r2, err2 := excelize.CellNameToCoordinates(mc.GetEndAxis())
		if err1 != nil || err2 != nil || (r2-r1+1)*(c2-c1+1) > 1<<16 {
			continue
		}
		for r := r1; r <= r2; r++ {
			for c := c1; c <= c2; c++ {
				grid = put(grid, r-1, c-1, mc.GetCellValue())
			}
		}
	}
	t := &table{sheet: sheet, col0: 1, row0: 1}
	c1, r1, c2, r2 := 1, 1, 0, len(grid)
	for _, r := range grid {
		c2 = max(c2, len(r))
	}
	if s.opt.Range != "" {
		c1, r1, c2, r2, _ = parseRange(s.opt.Range)
	}
	t.col0, t.row0 = c1, r1
	styles := map[int]cell{}
	for r := r1; r <= r2 && r <= len(grid); r++ {
		var row []cell
		for c := c1; c <= c2; c++ {
			var x cell
			if c-1 < len(grid[r-1]) {
				x.text = grid[r-1][c-1]
			}
			if x.text != "" && isNumber(x.text) {
				name, _ := excelize.CoordinatesToCellName(c, r)
				if id, err := f.GetCellStyle(sheet, name); err == nil {
					fmtInfo, ok := styles[id]
					if !ok {
						fmtInfo = formatOf(f, id)
						styles[id] = fmtInfo
					}
					x.date, x.percent = fmtInfo.date, fmtInfo.percent
				}
			}
			row = append(row, x)
		}
		t.cells = append(t.cells, row)
	}
	// Trailing rows with no text are no rows.
	for len(t.cells) > 0 && emptyRow(t.cells[len(t.cells)-1]) {
		t.cells = t.cells[:len(t.cells)-1]
	}
	if s.opt.Range == "" {
		s.autoTable(t)
	}
	return t, nil
}

// autoTable finds the table in a used range: leading rows with at most one
// cell of text (a title, a blank line) and trailing rows whose one cell is
// not a period (a source line, a footnote) are not the table.
func (s *Source) autoTable(t *table) {
	filled := func(r []cell) (n int, first string) {
		for _, c := range r {
			if strings.TrimSpace(c.text) != "" {
				if n == 0 {
					first = c.text
				}
				n++
			}
		}
		return n, first
	}
	for len(t.cells) > 1 {
		if n, _ := filled(t.cells[0]); n > 1 {
			break
		}
		t.cells = t.cells[1:]
		t.row0++
	}
	for len(t.cells) > 1 {
		last := t.cells[len(t.cells)-1]
		n, first := filled(last)
		if n > 1 || last[0].date {
			break
		}
		if _, err := stats.ParsePeriodWith(first, s.period); err == nil && n == 1 && strings.TrimSpace(last[0].text) != "" {
			break // a period whose values are all missing
		}
		t.cells = t.cells[:len(t.cells)-1]
	}
}

func put(grid [][]string, r, c int, v string) [][]string {
	for len(grid) <= r {
		grid = append(grid, nil)
	}
	if len(grid[r]) <= c {
		grid[r] = append(grid[r], make([]string, c+1-len(grid[r]))...)
	}
	grid[r][c] = v
	return grid
}

func emptyRow(r []cell) bool {
	for _, c := range r {
		if strings.TrimSpace(c.text) != "" {
			return false
		}
	}
	return true
}

func isNumber(s string) bool {
	_, err := strconv.ParseFloat(s, 64)
	return err == nil
}

// formatOf tells date and percent number formats apart: the built-in
// ids (14-22, 45-47 dates; 9, 10 percent) and custom format codes.
func formatOf(f *excelize.File, styleID int) cell {
	st, err := f.GetStyle(styleID)
	if err != nil || st == nil {
		return cell{}
	}
	switch {
	case st.NumFmt >= 14 && st.NumFmt <= 22, st.NumFmt >= 45 && st.NumFmt <= 47, st.NumFmt >= 27 && st.NumFmt <= 36, st.NumFmt >= 50 && st.NumFmt <= 58:
		return cell{date: true}
	case st.NumFmt == 9 || st.NumFmt == 10:
		return cell{percent: true}
	}
	if st.CustomNumFmt == nil {
		return cell{}
	}
	code := strings.ToLower(*st.CustomNumFmt)
	// Drop quoted literals and escaped characters before looking at the tokens.
	var b strings.Builder
	quoted := false
	for i := 0; i < len(code); i++ {
		switch ch := code[i]; {
		case ch == '"':
			quoted = !quoted
		case quoted:
		case ch == '\\':
			i++
		case ch == '[': // [Red], [$-409]
			for i < len(code) && code[i] != ']' {
				i++
			}
		default:
			b.WriteByte(ch)
		}
	}
	tokens := b.String()
	switch {
	case strings.Contains(tokens, "%"):
		return cell{percent: true}
	case strings.ContainsAny(tokens, "yd") || (strings.Contains(tokens, "m") && strings.ContainsAny(tokens, "yh")):
		return cell{date: true}
	}
	return cell{}
}

// parseRange reads "A1:H158" into 1-based column and row bounds.
func parseRange(r string) (c1, r1, c2, r2 int, err error) {
	from, to, ok := strings.Cut(strings.ToUpper(strings.TrimSpace(r)), ":")
	if !ok {
		return 0, 0, 0, 0, fmt.Errorf("want two cells, \"A1:H158\"")
	}
	if c1, r1, err = excelize.CellNameToCoordinates(from); err != nil {
		return
	}
	if c2, r2, err = excelize.CellNameToCoordinates(to); err != nil {
		return
	}
	if c2 < c1 || r2 < r1 {
		err = fmt.Errorf("the second cell is above or left of the first")
	}
	return
}
