package stats

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsetl/newsetl/internal/golden"
)

// sampleGrid is a table of a sample-site page (testdata/site/stats) read
// into a grid, as extract/table's tests write it to
// extract/table/testdata/NAME.grid.json (go test ./extract/table -update
// rewrites them). Reading HTML is extract/table's job; these tests start
// from its grids.
type sampleGrid struct {
	Title      string     `json:"title"` // caption and heading
	HeaderRows int        `json:"header_rows"`
	Grid       [][]string `json:"grid"`
}

func fixture(t *testing.T, name string) sampleGrid {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "..", "extract", "table", "testdata", name+".grid.json"))
	if err != nil {
		t.Fatal(err)
	}
	var g sampleGrid
	if err := json.Unmarshal(raw, &g); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return g
}

// find returns the observation of indicator whose dims hold every pair of kv
// and whose period text is period.
func find(t *testing.T, obs []Observation, indicator, period string, kv ...string) Observation {
	t.Helper()
next:
	for _, o := range obs {
		if o.IndicatorName != indicator || o.PeriodText != period {
			continue
		}
		for i := 0; i+1 < len(kv); i += 2 {
			found := false
			for _, d := range o.Dims {
				found = found || (d.Name == kv[i] && d.Value == kv[i+1])
			}
			if !found {
				continue next
			}
		}
		return o
	}
	t.Fatalf("no observation %s %s %v", indicator, period, kv)
	return Observation{}
}

func value(o Observation) any {
	if o.Value == nil {
		return nil
	}
	return *o.Value
}

func TestTableHealthExpenditureEN(t *testing.T) {
	tb := fixture(t, "health_expenditure_en")
	obs, err := TableObservations(tb.Grid, TableSpec{
		Source: "nbs-en", Dataset: "total-health-expenditure", HeaderRows: tb.HeaderRows,
		DimsColumns: 2, DimNames: []string{"financing source"}, Context: "Table 2-1 Total Health Expenditure, 2016-2020 (100 million yuan)",
		IndicatorCodes: map[string]string{"Total Health Expenditure": "THE"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(obs) != 30 {
		t.Fatalf("%d observations, want 30", len(obs))
	}
	o := find(t, obs, "Total Health Expenditure", "2020", "financing source", "Total")
	if value(o) != 7230640000000.0 || o.Unit != "CNY" || o.Scale != 1e8 || o.Raw != "72,306.4" || o.IndicatorCode != "THE" || o.Granularity != Year {
		t.Errorf("total 2020 = %+v", o)
	}
	o = find(t, obs, "Total Health Expenditure", "2016", "financing source", "Out-of-pocket") // rowspan label
	if value(o) != 1333790000000.0 {
		t.Errorf("out-of-pocket 2016 = %v", value(o))
	}
	o = find(t, obs, "Share of GDP", "2016") // colspan label: no dimension; footnote stripped
	if value(o) != 6.2 || o.Unit != "percent" || o.Scale != 1 || o.Raw != "6.2*" || len(o.Dims) != 0 {
		t.Errorf("share 2016 = %+v", o)
	}
	o = find(t, obs, "Per Capita Health Expenditure", "2020")
	if o.Value != nil || o.Raw != ".." || o.Unit != "CNY" || o.Scale != 1 {
		t.Errorf("per capita 2020 = %+v, want a NULL in CNY", o)
	}
	golden.JSON(t, filepath.Join("testdata", "health_expenditure_en.json"), obs)
}

func TestTableResourcesPeriodsInRows(t *testing.T) {
	tb := fixture(t, "health_resources_en")
	obs, err := TableObservations(tb.Grid, TableSpec{Source: "nbs-en", Dataset: "health-resources", HeaderRows: tb.HeaderRows, Layout: PeriodsInRows})
	if err != nil {
		t.Fatal(err)
	}
	if len(obs) != 6 {
		t.Fatalf("%d observations, want 6", len(obs))
	}
	o := find(t, obs, "Beds", "2020")
	if value(o) != 9110000.0 || o.Unit != "beds" || o.Scale != 1e4 {
		t.Errorf("beds 2020 = %+v", o)
	}
	o = find(t, obs, "Hospitals", "2019")
	if value(o) != 34354.0 || o.Unit != "" || o.Scale != 1 {
		t.Errorf("hospitals 2019 = %+v", o)
	}
	golden.JSON(t, filepath.Join("testdata", "health_resources_en.json"), obs)
}

func TestTableSOEZH(t *testing.T) {
	tb := fixture(t, "soe_2021_zh")
	obs, err := TableObservations(tb.Grid, TableSpec{
		Source: "sasac-zh-stats", Dataset: "central-soe-main-indicators", HeaderRows: tb.HeaderRows,
		Context: tb.Title,
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(obs) != 14 {
		t.Fatalf("%d observations, want 14", len(obs))
	}
	o := find(t, obs, "应交税费", "1-11月", "measure", "绝对额") // full-width digits
	if value(o) != 2048750000000.0 || o.Unit != "CNY" || o.Scale != 1e8 || o.Granularity != Cumulative ||
		o.PeriodStart.Format("2006-01-02") != "2021-01-01" || o.PeriodEnd.Format("2006-01-02") != "2021-11-30" {
		t.Errorf("应交税费 = %+v", o)
	}
	o = find(t, obs, "境外营业收入", "1-11月", "measure", "绝对额") // the row's unit beats the column's
	if value(o) != 612400000000.0 || o.Unit != "USD" {
		t.Errorf("境外营业收入 = %+v", o)
	}
	o = find(t, obs, "境外营业收入", "1-11月", "measure", "同比增长") // a percent column beats the row
	if value(o) != 14.3 || o.Unit != "percent" {
		t.Errorf("境外营业收入 growth = %+v", o)
	}
	o = find(t, obs, "固定资产投资", "1-11月", "measure", "绝对额")
	if o.Value != nil || o.Raw != "—" {
		t.Errorf("固定资产投资 = %+v, want NULL", o)
	}
	find(t, obs, "研发经费投入", "1-11月", "measure", "同比增长") // "①" stripped from the name
	golden.JSON(t, filepath.Join("testdata", "soe_2021_zh.json"), obs)
}

func TestTableErrors(t *testing.T) {
	g := [][]string{{"Item", "Total"}, {"A", "1"}}
	if _, err := TableObservations(g, TableSpec{HeaderRows: 1}); err == nil || !strings.Contains(err.Error(), `"Total"`) {
		t.Errorf("header without a period: err = %v", err)
	}
	if _, err := TableObservations(g[:1], TableSpec{HeaderRows: 1}); err == nil {
		t.Error("no data rows: no error")
	}
	if _, err := TableObservations(g, TableSpec{HeaderRows: 1, Layout: "diagonal"}); err == nil {
		t.Error("unknown layout: no error")
	}
}

// TableObservations never panics, whatever the grid: rows are lines of s,
// cells separated by "|", possibly ragged.
func FuzzTableObservations(f *testing.F) {
	f.Add("Item|2020|2021\nA (万元)|1,234|—\nB|5|6", 1, 1)
	f.Add("Indicator|Source|2021年\n|1-11月\nGDP|Total|12.5%", 2, 2)
	f.Add("Year|Beds (10000)\n2020|911\n2019|", 1, 0)
	f.Add("|\n|", 3, 5)
	f.Add("||1月\n0", -37, 2) // a short data row
	f.Fuzz(func(t *testing.T, s string, header, dims int) {
		var grid [][]string
		for _, line := range strings.Split(s, "\n") {
			grid = append(grid, strings.Split(line, "|"))
		}
		header, dims = header%8, dims%8
		ctx := "Table 1 (100 million yuan), 2021"
		TableObservations(grid, TableSpec{HeaderRows: header, DimsColumns: dims, Context: ctx})
		TableObservations(grid, TableSpec{HeaderRows: header, Layout: PeriodsInRows, Context: ctx, Unit: "percent"})
	})
}
