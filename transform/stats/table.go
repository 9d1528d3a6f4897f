package stats

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Table layouts.
const (
	// PeriodsInColumns: header cells are periods, the leading columns of
	// each body row are the indicator and its dimensions (NBS style).
	PeriodsInColumns = "periods-in-columns"
	// PeriodsInRows: the first column holds periods, header cells name
	// indicators.
	PeriodsInRows = "periods-in-rows"
)

// TableSpec says how to read a grid as observations.
type TableSpec struct {
	Source, Dataset, URL string
	FetchedAt            time.Time
	HeaderRows           int    // rows of grid that are header; at least 1
	Layout               string // PeriodsInColumns (default) or PeriodsInRows
	// DimsColumns is, for PeriodsInColumns, the number of leading row-label
	// columns: the first is the indicator, the others dimensions named by
	// DimNames (default "dim2", "dim3", ...). Default 1.
	DimsColumns int
	DimNames    []string
	// Context is the caption and heading of the table: the unit it gives
	// ("(100 million yuan)") applies to cells without a nearer one, and its
	// year completes header periods written without one ("1-11月").
	Context string
	// Unit is the unit text to use when neither header, row label nor
	// context gives one ("万元", "percent").
	Unit           string
	IndicatorCodes map[string]string // indicator name → code
	MeasureDim     string            // name of the dimension for leftover header text; default "measure"

	// Number is how the cells write numbers; undeclared, the marks are
	// inferred from all value cells (InferNumberFormat) and a cell they
	// leave ambiguous is a CellError.
	Number  NumberFormat
	Missing Missing // missing marks; nil: the default ones
	Units   Units   // unit texts the source defines; before the built-in vocabulary
	Period  PeriodOptions
	// GroupDim, when set, names the dimension that takes its value from
	// heading rows: rows with a label and no value at all (GBE-Bund's
	// "Chirurgie ..." over its sub-specialties). Without it such rows
	// give missing values.
	GroupDim string
}

// CellError is a value cell that is neither a number nor a missing mark:
// its row and column in the grid (from 1), the column's header and the
// error (a *NumberError holds the text).
type CellError struct {
	Row, Col int
	Header   string
	Err      error
}

func (e *CellError) Error() string {
	return fmt.Sprintf("row %d, column %d %q: %v", e.Row, e.Col, e.Header, e.Err)
}

func (e *CellError) Unwrap() error { return e.Err }

// unitInfo is a unit found somewhere and its scale.
type unitInfo struct {
	unit  string
	scale float64
	ok    bool
}

// TableObservations is ReadTable with the cell errors joined into the
// error: a table with one unreadable cell gives no observations.
func TableObservations(grid [][]string, spec TableSpec) ([]Observation, error) {
	obs, cellErrs, err := ReadTable(grid, spec)
	if err != nil {
		return nil, err
	}
	if len(cellErrs) > 0 {
		errs := make([]error, len(cellErrs))
		for i, e := range cellErrs {
			errs[i] = e
		}
		return nil, errors.Join(errs...)
	}
	return obs, nil
}

// ReadTable reads grid as spec says. Every value cell yields one
// observation, a missing mark giving a nil Value; a cell that is neither
// a number under spec.Number nor a missing mark yields a CellError and no
// observation, and the other cells still load. The unit of a cell is the
// first found of: a percent unit in its column header, the row label's
// unit, the column header's unit, the context's unit, spec.Unit. An error
// names the header cell that holds no period. Rows shorter than the
// longest are read as if padded with empty cells.
func ReadTable(grid [][]string, spec TableSpec) ([]Observation, []*CellError, error) {
	if spec.HeaderRows < 1 {
		spec.HeaderRows = 1
	}
	if len(grid) <= spec.HeaderRows {
		return nil, nil, fmt.Errorf("table has %d rows and %d header rows: no data rows", len(grid), spec.HeaderRows)
	}
	if err := spec.Units.Validate(); err != nil {
		return nil, nil, err
	}
	if spec.MeasureDim == "" {
		spec.MeasureDim = "measure"
	}
	if spec.Period.Year == 0 {
		spec.Period.Year = YearIn(spec.Context)
	}
	findUnit := func(text string) unitInfo {
		if s, ok := spec.Units.lookup(text); ok {
			return unitInfo{s.Unit, s.Scale, true}
		}
		u, s, ok := FindUnit(text)
		return unitInfo{u, s, ok}
	}
	ctxUnit := findUnit(spec.Context)
	cfgUnit := unitInfo{scale: 1}
	if spec.Unit != "" {
		u, sc, ok := ResolveUnit(spec.Unit, spec.Units)
		cfgUnit = unitInfo{u, sc, ok}
		if !cfgUnit.ok { // a unit this parser does not know: taken as written
			cfgUnit = unitInfo{unit: spec.Unit, scale: 1, ok: true}
		}
	}
	grid, width := rectangle(grid)
	header, body := grid[:spec.HeaderRows], grid[spec.HeaderRows:]
	// Trailing columns empty from top to bottom (a trailing delimiter) are no columns.
	for width > 1 && columnEmpty(grid, width-1) {
		width--
	}
	var cells []string
	for _, r := range body {
		cells = append(cells, r[min(1, width):width]...) // a grid of empty rows has width 0
	}
	if err := CheckNumberFormat(spec.Number, cells); err != nil {
		return nil, nil, err
	}
	if !spec.Number.Declared() {
		f, err := InferNumberFormat(cells)
		if err != nil {
			return nil, nil, fmt.Errorf("%v (set decimal:)", err)
		}
		spec.Number = f
	}
	var cellErrs []*CellError
	// columnParts returns the distinct header texts down column j.
	columnParts := func(j int) []string {
		var parts []string
		for _, r := range header {
			if j < len(r) && r[j] != "" && (len(parts) == 0 || parts[len(parts)-1] != r[j]) {
				parts = append(parts, r[j])
			}
		}
		return parts
	}
	pick := func(us ...unitInfo) unitInfo {
		for _, u := range us {
			if u.ok {
				if u.scale == 0 {
					u.scale = 1
				}
				return u
			}
		}
		return unitInfo{scale: 1}
	}
	var out []Observation
	// add appends the observation of the cell at grid row i, column j.
	add := func(i, j int, headerText, indicator string, dims []Dim, p Period, u unitInfo, cell string) {
		name := StripFootnotes(StripUnit(indicator))
		code := name
		if c, ok := spec.IndicatorCodes[name]; ok {
			code = c
		}
		v, err := ParseNumber(cell, spec.Number, spec.Missing, u.scale)
		if err != nil {
			cellErrs = append(cellErrs, &CellError{Row: i + 1, Col: j + 1, Header: headerText, Err: err})
			return
		}
		out = append(out, Observation{
			Source: spec.Source, Dataset: spec.Dataset, IndicatorCode: code, IndicatorName: name, Dims: dims,
			PeriodStart: p.Start, PeriodEnd: p.End, Granularity: p.Granularity, PeriodText: p.Text,
			Value: v, Unit: u.unit, Scale: u.scale, Raw: strings.TrimSpace(cell), URL: spec.URL, FetchedAt: spec.FetchedAt,
		})
	}
	valuesEmpty := func(r []string, from int) bool {
		for _, c := range r[from:width] {
			if Normalize(c) != "" {
				return false
			}
		}
		return true
	}

	switch spec.Layout {
	case "", PeriodsInColumns:
		labels := max(spec.DimsColumns, 1)
		if labels >= width {
			return nil, nil, fmt.Errorf("table has %d columns, %d of them row labels: no value columns", width, labels)
		}
		type column struct {
			period  Period
			unit    unitInfo
			measure string
		}
		cols := make([]column, width)
		// Header parts shared by every value column ("Year" over all the
		// years) distinguish nothing and are dropped from the measure.
		common := map[string]int{}
		for j := labels; j < width; j++ {
			for _, p := range columnParts(j) {
				common[p]++
			}
		}
		for j := labels; j < width; j++ {
			parts := columnParts(j)
			p, used, err := periodOf(parts, spec.Period)
			if err != nil {
				return nil, nil, fmt.Errorf("header of column %d %q: %v", j+1, strings.Join(parts, " / "), err)
			}
			c := column{period: p}
			var measure []string
			for i, part := range parts {
				if u := findUnit(part); u.ok && !c.unit.ok {
					c.unit = u
				}
				if used[i] || (common[part] == width-labels && width-labels > 1) {
					continue
				}
				if m := StripFootnotes(StripUnit(part)); m != "" {
					measure = append(measure, m)
				}
			}
			c.measure = strings.Join(measure, " / ")
			cols[j] = c
		}
		group := ""
		for bi, r := range body {
			i := spec.HeaderRows + bi
			indicator := Normalize(r[0])
			if indicator == "" || allSame(r[:width]) {
				continue // a blank row or a section heading spanning the table
			}
			if spec.GroupDim != "" && valuesEmpty(r, labels) {
				group = StripFootnotes(strings.TrimRight(indicator, ". …"))
				continue
			}
			rowUnit := findUnit(indicator)
			var dims []Dim
			for k := 1; k < labels; k++ {
				if r[k] == "" || r[k] == indicator { // a label spanning the dimension columns
					continue
				}
				name := fmt.Sprintf("dim%d", k+1)
				if k-1 < len(spec.DimNames) {
					name = spec.DimNames[k-1]
				}
				dims = append(dims, Dim{Name: name, Value: StripFootnotes(r[k])})
			}
			if spec.GroupDim != "" && group != "" {
				dims = append(dims, Dim{Name: spec.GroupDim, Value: group})
			}
			for j := labels; j < width; j++ {
				c := cols[j]
				d := dims
				if c.measure != "" {
					d = append(append([]Dim(nil), dims...), Dim{Name: spec.MeasureDim, Value: c.measure})
				}
				var colPct unitInfo
				if c.unit.ok && c.unit.unit == "percent" {
					colPct = c.unit
				}
				add(i, j, c.period.Text, indicator, d, c.period, pick(colPct, rowUnit, c.unit, ctxUnit, cfgUnit), r[j])
			}
		}
	case PeriodsInRows:
		if width < 2 {
			return nil, nil, fmt.Errorf("table has %d column: no value columns", width)
		}
		names := make([]string, width)
		units := make([]unitInfo, width)
		for j := 1; j < width; j++ {
			names[j] = strings.Join(columnParts(j), " / ")
			units[j] = findUnit(names[j])
		}
		for bi, r := range body {
			i := spec.HeaderRows + bi
			if r[0] == "" || allSame(r[:width]) {
				continue
			}
			p, err := ParsePeriodWith(r[0], spec.Period)
			if err != nil {
				return nil, nil, fmt.Errorf("row %d: row label %q: %v", i+1, r[0], err)
			}
			for j := 1; j < width; j++ {
				if names[j] == "" {
					continue
				}
				add(i, j, names[j], names[j], nil, p, pick(units[j], ctxUnit, cfgUnit), r[j])
			}
		}
	default:
		return nil, nil, fmt.Errorf("unknown layout %q (want %s or %s)", spec.Layout, PeriodsInColumns, PeriodsInRows)
	}
	return out, cellErrs, nil
}

// columnEmpty reports whether column j of grid holds no text.
func columnEmpty(grid [][]string, j int) bool {
	for _, r := range grid {
		if j < len(r) && Normalize(r[j]) != "" {
			return false
		}
	}
	return true
}

// periodOf finds the period in a column's header parts: the parts joined
// ("2021" over "Jan-Nov"), else the first part that is one. It returns the
// indexes of the parts that made the period.
func periodOf(parts []string, o PeriodOptions) (Period, map[int]bool, error) {
	if len(parts) == 0 {
		return Period{}, nil, fmt.Errorf("empty header")
	}
	for i, p := range parts {
		if i+1 < len(parts) { // "2021" over "Jan-Nov": the two parts together
			if both, err := ParsePeriodWith(StripUnit(p)+" "+StripUnit(parts[i+1]), o); err == nil {
				both.Text = p + " " + parts[i+1]
				return both, map[int]bool{i: true, i + 1: true}, nil
			}
		}
		if per, err := ParsePeriodWith(StripUnit(p), o); err == nil {
			return per, map[int]bool{i: true}, nil
		}
	}
	return Period{}, nil, fmt.Errorf("no period in the header")
}

// rectangle pads the rows of grid shorter than its longest with "", in a
// copy (Grid's rows are of one width already), and returns the width.
func rectangle(grid [][]string) ([][]string, int) {
	width := 0
	for _, r := range grid {
		width = max(width, len(r))
	}
	var out [][]string
	for i, r := range grid {
		if len(r) < width {
			if out == nil {
				out = append([][]string(nil), grid...)
			}
			out[i] = append(append(make([]string, 0, width), r...), make([]string, width-len(r))...)
		}
	}
	if out == nil {
		return grid, width
	}
	return out, width
}

func allSame(r []string) bool {
	for _, c := range r[1:] {
		if c != r[0] {
			return false
		}
	}
	return len(r) > 1
}
