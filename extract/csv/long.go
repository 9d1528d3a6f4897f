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
	unsure := fillDown(body, s.opt.FillDown, func(name string) int { return index[stats.Normalize(name)] })

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
		if err := unsure[r.Line]; err != nil {
			rowErrs = append(rowErrs, &RowError{Line: r.Line, Err: err})
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
//
// Hierarchies of the same length are parallel (codes and names, level by
// level: [[GF_ID, FN_ID, SF_ID], [GF, F, SF]]): a row must start both at
// the same level. A row whose code opens a top level while its name sits a
// level below (a name shifted into the wrong column) would otherwise give
// its rows and those after it the names of the group above; such a row is
// returned, by line, with why, and so is every later row that takes a
// label from it, until a row sets both hierarchies again at that level or
// above. The caller reports them as row errors: no label is guessed.
func fillDown(body []Record, hierarchies [][]string, index func(string) int) map[int]error {
	cols := make([][]int, len(hierarchies))
	for h, names := range hierarchies {
		cols[h] = make([]int, len(names))
		for i, name := range names {
			cols[h][i] = index(name)
		}
	}
	// setLevel is the first level of hierarchy h the row gives a value; -1: none.
	setLevel := func(r Record, h int) int {
		for k, c := range cols[h] {
			if c < len(r.Fields) && strings.TrimFunc(r.Fields[c], isSpace) != "" {
				return k
			}
		}
		return -1
	}
	var bad map[int]error
	flag := func(line int, err error) {
		if bad == nil {
			bad = map[int]error{}
		}
		bad[line] = err
	}
	last := make([][]string, len(hierarchies))
	for h := range hierarchies {
		last[h] = make([]string, len(hierarchies[h]))
	}
	brokenLevel, brokenLine := -1, 0 // labels from this level down came from a disagreeing row
	set := make([]int, len(hierarchies))
	for _, r := range body {
		if blank(r.Fields) || noteLine(r.Fields) {
			continue
		}
		for h := range hierarchies {
			set[h] = setLevel(r, h)
		}
		agree := true
		shallowest := -1 // the shallowest level any hierarchy sets
		for a := range hierarchies {
			if set[a] >= 0 && (shallowest < 0 || set[a] < shallowest) {
				shallowest = set[a]
			}
			for b := a + 1; b < len(hierarchies); b++ {
				if len(cols[a]) == len(cols[b]) && set[a] >= 0 && set[b] >= 0 && set[a] != set[b] {
					agree = false
					flag(r.Line, fmt.Errorf("fill_down: the row starts hierarchy %v at %s but %v at %s: its levels disagree, so no label is filled from it",
						hierarchies[a], hierarchies[a][set[a]], hierarchies[b], hierarchies[b][set[b]]))
				}
			}
		}
		switch {
		case !agree:
			if brokenLevel < 0 || shallowest < brokenLevel {
				brokenLevel, brokenLine = shallowest, r.Line
			}
		case brokenLevel >= 0 && shallowest >= 0 && shallowest <= brokenLevel:
			brokenLevel = -1 // a row that sets the broken levels again
		case brokenLevel >= 0:
			flag(r.Line, fmt.Errorf("fill_down: a label would come from line %d, whose levels disagree", brokenLine))
		}
		for h := range hierarchies {
			for k, c := range cols[h] {
				if c >= len(r.Fields) {
					continue
				}
				switch {
				case set[h] < 0 || k < set[h]:
					r.Fields[c] = last[h][k]
				case k > set[h] && strings.TrimFunc(r.Fields[c], isSpace) == "":
					last[h][k] = ""
				}
				if set[h] >= 0 && k >= set[h] {
					last[h][k] = r.Fields[c]
				}
			}
		}
	}
	return bad
}
