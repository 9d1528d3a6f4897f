package xlsx

import (
	"fmt"
	"strings"

	"github.com/newsetl/newsetl/extract"
	"github.com/newsetl/newsetl/transform/stats"
)

// rawNumber is the format of a number cell's stored value: "." decimals,
// no grouping, an exponent at most.
var rawNumber = stats.NumberFormat{Decimal: '.', NoThousands: true}

// series is one value column of a periods-in-rows table.
type series struct {
	col        int
	name, code string
	unit       string
	scale      float64
	dims       []stats.Dim
}

// readSeries reads a periods-in-rows table: periods down the first
// column, one series per other column.
func (s *Source) readSeries(t *table, p *extract.Page) ([]stats.Observation, []*CellError, error) {
	h := s.opt.HeaderRows
	header, body := t.cells[:h], t.cells[h:]
	width := 0
	for _, r := range t.cells {
		width = max(width, len(r))
	}
	at := func(r []cell, j int) cell {
		if j < len(r) {
			return r[j]
		}
		return cell{}
	}
	text := func(i, j int) string { return stats.Normalize(at(header[i], j).text) }
	var cols []series
	for j := 1; j < width; j++ {
		var parts []string
		for i := range header {
			if x := text(i, j); x != "" && (len(parts) == 0 || parts[len(parts)-1] != x) {
				parts = append(parts, x)
			}
		}
		if len(parts) == 0 {
			continue // a column without a header is no series
		}
		c := series{col: j, name: strings.Join(parts, " / "), scale: 1}
		if s.opt.NameRow > 0 {
			c.name = text(s.opt.NameRow-1, j)
		}
		c.name = strings.TrimRight(c.name, " ;") // ABS ends each level of its description with " ;"
		c.code = c.name
		if s.opt.CodeRow > 0 && text(s.opt.CodeRow-1, j) != "" {
			c.code = text(s.opt.CodeRow-1, j)
		}
		unitText := s.opt.Unit
		if s.opt.UnitRow > 0 {
			unitText = text(s.opt.UnitRow-1, j)
		}
		if unitText != "" {
			u, sc, ok := stats.ResolveUnit(unitText, s.opt.Units)
			if !ok {
				u, sc = unitText, 1
			}
			c.unit, c.scale = u, sc
		}
		for _, name := range sortedKeys(s.opt.DimRows) {
			c.dims = append(c.dims, stats.Dim{Name: name, Value: text(s.opt.DimRows[name]-1, j)})
		}
		cols = append(cols, c)
	}
	if len(cols) == 0 {
		return nil, nil, fmt.Errorf("sheet %q: no column has a header", t.sheet)
	}
	var out []stats.Observation
	var errs []*CellError
	for bi, r := range body {
		i := h + bi
		pc := at(r, 0)
		if strings.TrimSpace(pc.text) == "" {
			if !emptyRow(r) {
				errs = append(errs, &CellError{Sheet: t.sheet, Cell: t.name(i, 0), Header: "period", Err: fmt.Errorf("a row with values but no period")})
			}
			continue
		}
		po := s.period
		if pc.date {
			po.ExcelSerial = true
		}
		per, err := stats.ParsePeriodWith(pc.text, po)
		if err != nil {
			errs = append(errs, &CellError{Sheet: t.sheet, Cell: t.name(i, 0), Header: "period", Err: err})
			continue
		}
		if pc.date { // the serial as the date it stands for
			if day, err := stats.ParsePeriodWith(pc.text, stats.PeriodOptions{ExcelSerial: true}); err == nil {
				per.Text = day.Start.Format("2006-01-02")
			}
		}
		for _, c := range cols {
			v := at(r, c.col)
			o := stats.Observation{
				Source: s.name, Dataset: s.opt.Dataset, IndicatorCode: c.code, IndicatorName: c.name, Dims: c.dims,
				PeriodStart: per.Start, PeriodEnd: per.End, Granularity: per.Granularity, PeriodText: per.Text,
				Unit: c.unit, Scale: c.scale, Raw: strings.TrimSpace(v.text), URL: p.URL, FetchedAt: p.FetchedAt,
			}
			nf := s.number
			if isNumber(strings.TrimSpace(v.text)) {
				nf = rawNumber
			}
			if v.percent {
				o.Unit, o.Scale = "percent", 100
			}
			val, err := stats.ParseNumber(v.text, nf, s.missing, o.Scale)
			if err != nil {
				errs = append(errs, &CellError{Sheet: t.sheet, Cell: t.name(i, c.col), Header: c.code, Err: err})
				continue
			}
			o.Value = val
			out = append(out, o)
		}
	}
	return out, errs, nil
}

// readWide reads a periods-in-columns table through stats.ReadTable.
func (s *Source) readWide(t *table, p *extract.Page) ([]stats.Observation, []*CellError, error) {
	grid := make([][]string, len(t.cells))
	for i, r := range t.cells {
		grid[i] = make([]string, len(r))
		for j, c := range r {
			grid[i][j] = c.text
			if c.date {
				if per, err := stats.ParsePeriodWith(c.text, stats.PeriodOptions{ExcelSerial: true}); err == nil {
					grid[i][j] = per.Start.Format("2006-01-02")
				}
			}
		}
	}
	number := s.number
	if !number.Declared() {
		number = rawNumber // raw cells; text cells with other marks are errors
	}
	obs, cellErrs, err := stats.ReadTable(grid, stats.TableSpec{
		Source: s.name, Dataset: s.opt.Dataset, URL: p.URL, FetchedAt: p.FetchedAt,
		HeaderRows: s.opt.HeaderRows, Layout: stats.PeriodsInColumns, DimsColumns: s.opt.DimsColumns, DimNames: s.opt.DimNames,
		Unit: s.opt.Unit, Units: s.opt.Units, Number: number, Missing: s.missing, Period: s.period, GroupDim: s.opt.GroupDim,
	})
	if err != nil {
		return nil, nil, fmt.Errorf("sheet %q: %w", t.sheet, err)
	}
	errs := make([]*CellError, 0, len(cellErrs))
	for _, e := range cellErrs {
		errs = append(errs, &CellError{Sheet: t.sheet, Cell: t.name(e.Row-1, e.Col-1), Header: e.Header, Err: e.Err})
	}
	return obs, errs, nil
}

func sortedKeys(m map[string]int) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j] < out[j-1]; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}
