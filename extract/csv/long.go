package csv

import (
	"fmt"
	"slices"
	"strings"

	"github.com/newsetl/newsetl/extract"
	"github.com/newsetl/newsetl/transform/stats"
)

// joinHeader joins header records into one name per column: the distinct
// non-empty cells top to bottom, " / " between them, normalised.
func joinHeader(recs []Record) []string {
	width := 0
	for _, r := range recs {
		width = max(width, len(r.Fields))
	}
	out := make([]string, width)
	for j := range out {
		var parts []string
		for _, r := range recs {
			if j < len(r.Fields) {
				c := stats.Normalize(strings.TrimPrefix(r.Fields[j], "\uFEFF"))
				if c != "" && (len(parts) == 0 || parts[len(parts)-1] != c) {
					parts = append(parts, c)
				}
			}
		}
		out[j] = strings.Join(parts, " / ")
	}
	return out
}

// readLong maps records through the column mapping.
func (s *Source) readLong(recs []Record, p *extract.Page, po stats.PeriodOptions) ([]stats.Observation, []*RowError, error) {
	if s.opt.SkipRows == 0 && s.opt.HeaderRows == 1 {
		// Title and note lines before the header, not configured: the
		// header is the first of the first records holding every mapped
		// column.
		if i := findHeader(recs, mapped(s.opt)); i > 0 {
			recs = recs[i:]
		}
	}
	header := joinHeader(recs[:s.opt.HeaderRows])
	body := recs[s.opt.HeaderRows:]
	index := map[string]int{}
	for i, h := range header {
		if _, dup := index[h]; !dup {
			index[h] = i
		}
	}
	if len(s.opt.ExpectColumns) > 0 {
		var missing, added []string
		for _, c := range s.opt.ExpectColumns {
			if _, ok := index[stats.Normalize(c)]; !ok {
				missing = append(missing, c)
			}
		}
		for _, h := range header {
			if !slices.Contains(s.opt.ExpectColumns, h) {
				added = append(added, h)
			}
		}
		if len(missing)+len(added) > 0 {
			return nil, nil, &HeaderError{Source: s.name, URL: p.URL, Missing: missing, Added: added, Found: header, ExpectedColumns: true}
		}
	}
	var missing []string
	for _, c := range mapped(s.opt) {
		if _, ok := index[stats.Normalize(c)]; !ok {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		return nil, nil, &HeaderError{Source: s.name, URL: p.URL, Missing: missing, Found: header}
	}
	col := s.opt.Columns
	colIndex := map[string]int{} // configured name → column, normalised once
	for _, c := range mapped(s.opt) {
		colIndex[c] = index[stats.Normalize(c)]
	}
	at := func(fields []string, name string) string {
		if i := colIndex[name]; i < len(fields) {
			return strings.TrimFunc(fields[i], isSpace)
		}
		return ""
	}
	fillDown(body, s.opt.FillDown, func(name string) int { return index[stats.Normalize(name)] })

	values := col.Values
	if col.Value != "" {
		values = []string{col.Value}
	}
	formats := map[string]stats.NumberFormat{}
	for _, v := range values {
		f, err := s.columnFormat(v, body, func(fields []string) string { return at(fields, v) })
		if err != nil {
			return nil, nil, err
		}
		formats[v] = f
	}

	if col.Period != "" {
		cells := make([]string, len(body))
		for i, r := range body {
			cells[i] = at(r.Fields, col.Period)
		}
		po.YearMonth = stats.ProvesYearMonth(cells) // "2011-12" is a month when "2011-05" is in the column
	}
	out := make([]stats.Observation, 0, len(body)*len(values))
	var rowErrs []*RowError
	for _, r := range body {
		if blank(r.Fields) {
			continue
		}
		if len(header) > 2 && noteLine(r.Fields) && !isPeriod(r.Fields[0], po) {
			if s.opt.SkipNonPeriods && col.Period != "" {
				continue
			}
			rowErrs = append(rowErrs, &RowError{Line: r.Line, Err: fmt.Errorf("%q looks like a note or footer line, not a row (set skip_footer, stop_before or skip_non_periods)", strings.TrimSpace(r.Fields[0]))})
			continue
		}
		var per stats.Period
		if s.fixed != nil {
			per = *s.fixed
		} else {
			var err error
			per, err = stats.ParsePeriodWith(at(r.Fields, col.Period), po)
			if err != nil {
				if s.opt.SkipNonPeriods {
					continue
				}
				rowErrs = append(rowErrs, &RowError{Line: r.Line, Column: col.Period, Err: err})
				continue
			}
		}
		unit, scale := s.unit, s.scale
		if col.Unit != "" {
			ut := at(r.Fields, col.Unit)
			var ok bool
			if unit, scale, ok = stats.ResolveUnit(ut, s.opt.Units); !ok {
				unit, scale = ut, 1
			}
		}
		var dims []stats.Dim
		for _, d := range col.Dims {
			dims = append(dims, stats.Dim{Name: d, Value: stats.Normalize(at(r.Fields, d))})
		}
		for _, v := range values {
			code, name := v, v
			if col.Value != "" {
				code, name = col.Indicator.Code, col.Indicator.Name
				if col.Indicator.Column != "" {
					name = stats.StripFootnotes(stats.Normalize(at(r.Fields, col.Indicator.Column)))
					code = name
				}
				if code == "" {
					code = name
				}
				if name == "" {
					name = code
				}
			}
			cell := at(r.Fields, v)
			value, err := stats.ParseNumber(cell, formats[v], s.missing, scale)
			if err != nil {
				rowErrs = append(rowErrs, &RowError{Line: r.Line, Column: v, Err: err})
				continue
			}
			out = append(out, stats.Observation{
				Source: s.name, Dataset: s.opt.Dataset, IndicatorCode: code, IndicatorName: name, Dims: dims,
				PeriodStart: per.Start, PeriodEnd: per.End, Granularity: per.Granularity, PeriodText: per.Text,
				Value: value, Unit: unit, Scale: scale, Raw: cell, URL: p.URL, FetchedAt: p.FetchedAt,
			})
		}
	}
	return out, rowErrs, nil
}

// findHeader returns the index of the first of the first 50 records that
// holds every name of want, or -1.
func findHeader(recs []Record, want []string) int {
	for i := 0; i < len(recs) && i < 50; i++ {
		have := map[string]bool{}
		for _, f := range recs[i].Fields {
			have[stats.Normalize(strings.TrimPrefix(f, "\uFEFF"))] = true
		}
		all := true
		for _, w := range want {
			if !have[stats.Normalize(w)] {
				all = false
				break
			}
		}
		if all {
			return i
		}
	}
	return -1
}

// columnFormat is the number format of a value column: its column_formats
// entry, else the source's declared one, else what its cells prove.
func (s *Source) columnFormat(name string, body []Record, cell func([]string) string) (stats.NumberFormat, error) {
	cells := make([]string, 0, len(body))
	for _, r := range body {
		cells = append(cells, cell(r.Fields))
	}
	f, ok := s.columns[stats.Normalize(name)]
	if !ok && (s.number.Declared() || s.number.NoThousands) {
		f, ok = s.number, true
	}
	if ok {
		if err := stats.CheckNumberFormat(f, cells); err != nil {
			return f, fmt.Errorf("column %q: %v", name, err)
		}
		return f, nil
	}
	f, err := stats.InferNumberFormat(cells)
	if err != nil {
		return f, fmt.Errorf("column %q: %v", name, err)
	}
	return f, nil
}

// isPeriod reports whether a cell reads as a period: a row "2021,,," is
// a row of missing values, not a note.
func isPeriod(cell string, po stats.PeriodOptions) bool {
	_, err := stats.ParsePeriodWith(cell, po)
	return err == nil
}

// noteLine reports a record with text in its first cell only: a title,
// note or source line inside or after the data.
func noteLine(fields []string) bool {
	if len(fields) == 0 || strings.TrimFunc(fields[0], isSpace) == "" {
		return false
	}
	return blank(fields[1:])
}

// fillDown fills blank cells of each hierarchy from the row above; a value
// in a column clears the columns after it in its hierarchy.
func fillDown(body []Record, hierarchies [][]string, index func(string) int) {
	for _, h := range hierarchies {
		cols := make([]int, len(h))
		for i, name := range h {
			cols[i] = index(name)
		}
		last := make([]string, len(h))
		for _, r := range body {
			if blank(r.Fields) || noteLine(r.Fields) {
				continue
			}
			set := -1
			for k, c := range cols {
				if c < len(r.Fields) && strings.TrimFunc(r.Fields[c], isSpace) != "" && set < 0 {
					set = k
				}
			}
			for k, c := range cols {
				if c >= len(r.Fields) {
					continue
				}
				switch {
				case set < 0 || k < set:
					r.Fields[c] = last[k]
				case k > set && strings.TrimFunc(r.Fields[c], isSpace) == "":
					last[k] = ""
				}
				if set >= 0 && k >= set {
					last[k] = r.Fields[c]
				}
			}
		}
	}
}
