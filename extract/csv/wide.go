package csv

import (
	"fmt"

	"github.com/newsetl/newsetl/extract"
	"github.com/newsetl/newsetl/transform/stats"
)

// readWide reads the records as a table (stats.ReadTable): periods across
// the header (periods-in-columns) or down the first column
// (periods-in-rows). Blank records are dropped first.
func (s *Source) readWide(recs []Record, p *extract.Page, po stats.PeriodOptions) ([]stats.Observation, []*RowError, error) {
	var grid [][]string
	var lines []int
	for i, r := range recs {
		if i >= s.opt.HeaderRows && blank(r.Fields) {
			continue
		}
		grid = append(grid, r.Fields)
		lines = append(lines, r.Line)
	}
	number := s.number
	if len(s.columns) > 0 {
		return nil, nil, fmt.Errorf("column_formats apply to layout long only; set decimal: for the table")
	}
	obs, cellErrs, err := stats.ReadTable(grid, stats.TableSpec{
		Source: s.name, Dataset: s.opt.Dataset, URL: p.URL, FetchedAt: p.FetchedAt,
		HeaderRows: s.opt.HeaderRows, Layout: s.opt.Layout, DimsColumns: s.opt.DimsColumns, DimNames: s.opt.DimNames,
		Unit: s.opt.Unit, Units: s.opt.Units, Number: number, Missing: s.missing, Period: po, GroupDim: s.opt.GroupDim,
	})
	if err != nil {
		return nil, nil, err
	}
	rowErrs := make([]*RowError, 0, len(cellErrs))
	for _, e := range cellErrs {
		line := 0
		if e.Row-1 < len(lines) {
			line = lines[e.Row-1]
		}
		rowErrs = append(rowErrs, &RowError{Line: line, Column: e.Header, Err: e.Err})
	}
	return obs, rowErrs, nil
}
