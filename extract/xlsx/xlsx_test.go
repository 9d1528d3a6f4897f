package xlsx_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/newsetl/newsetl/internal/devset"

	"go.yaml.in/yaml/v3"

	"github.com/newsetl/newsetl/config"
	"github.com/newsetl/newsetl/extract"
	"github.com/newsetl/newsetl/extract/extracttest"
	_ "github.com/newsetl/newsetl/extract/xlsx"
	"github.com/newsetl/newsetl/transform/stats"
)

func source(t testing.TB, opts string) config.Source {
	var n yaml.Node
	if err := yaml.Unmarshal([]byte(opts), &n); err != nil {
		t.Fatal(err)
	}
	return config.Source{Name: "x", Kind: "xlsx", Options: n.Content[0], Line: 3, File: "test.yaml"}
}

func fetcher() *extract.Fetcher {
	return extract.NewFetcher(config.Fetch{UserAgent: "t", Timeout: 2 * time.Second, RequestsPerSecond: 1000,
		RetryBackoff: time.Millisecond, MaxBodyBytes: 1 << 22}, nil, extract.AllowPrivate())
}

func run(t *testing.T, dir, opts string) (*extracttest.Recorder, error) {
	t.Helper()
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	t.Cleanup(srv.Close)
	x, err := extract.Build(source(t, strings.ReplaceAll(opts, "{base}", srv.URL)), fetcher())
	if err != nil {
		t.Fatal(err)
	}
	var rec extracttest.Recorder
	return &rec, x.Extract(context.Background(), extract.Window{}, &rec)
}

func value(o stats.Observation) any {
	if o.Value == nil {
		return nil
	}
	return *o.Value
}

const quarterly = `
url: "{base}/labour.xlsx"
dataset: labour
sheet: Quarterly
header_rows: 3
name_row: 1
unit_row: 2
code_row: 3
period_as: quarter
`

// Periods-in-rows: date-formatted serials, a percent format, a "000"
// unit, a configured missing mark.
func TestQuarterlySeries(t *testing.T) {
	rec, err := run(t, "testdata", quarterly+"missing: [np]\n")
	if err != nil || len(rec.Errors) > 0 {
		t.Fatal(err, rec.Errors)
	}
	if len(rec.Obs) != 8 {
		t.Fatalf("%d observations, want 8", len(rec.Obs))
	}
	ur := rec.Obs[0]
	if ur.IndicatorCode != "UR_T" || ur.IndicatorName != "Unemployment rate ;  Persons" && ur.IndicatorName != "Unemployment rate ; Persons" ||
		value(ur) != 3.7 || ur.Unit != "percent" || ur.Raw != "0.037" || ur.Granularity != stats.Quarter ||
		ur.PeriodStart.Format("2006-01-02") != "2023-01-01" || ur.PeriodEnd.Format("2006-01-02") != "2023-03-31" || ur.PeriodText != "2023-03-01" {
		t.Errorf("UR 2023Q1 = %+v", ur)
	}
	emp := rec.Obs[1]
	if emp.IndicatorCode != "EMP_FT" || value(emp) != 9876543.21 || emp.Unit != "Persons" || emp.Scale != 1e3 {
		t.Errorf("EMP 2023Q1 = %+v", emp)
	}
	if o := rec.Obs[3]; o.Value != nil || o.Raw != "np" {
		t.Errorf("EMP 2023Q2 = %+v, want missing", o)
	}
	if o := rec.Obs[5]; value(o) != 10234500.0 {
		t.Errorf("EMP 2023Q3 (text \"10,234.5\") = %v", value(o))
	}
	// "np" not declared missing: an error naming the cell, never a NULL or 0.
	rec, err = run(t, "testdata", quarterly+"missing: [x]\n")
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.Obs) != 7 || len(rec.Errors) != 1 || !strings.Contains(rec.Errors[0].Error(), `sheet "Quarterly", cell C5 (EMP_FT): value "np": is not a number`) {
		t.Errorf("%d obs, errors %v", len(rec.Obs), rec.Errors)
	}
}

// Periods-in-columns with merged header cells: "Einwohner (1 000)" spans
// the years; the unit applies.
func TestMergedHeader(t *testing.T) {
	rec, err := run(t, "testdata", "url: \"{base}/labour.xlsx\"\ndataset: regionen\nsheet_index: 3\nlayout: periods-in-columns\nheader_rows: 2\n")
	if err != nil || len(rec.Errors) > 0 {
		t.Fatal(err, rec.Errors)
	}
	if len(rec.Obs) != 6 {
		t.Fatalf("%d observations, want 6", len(rec.Obs))
	}
	o := rec.Obs[1]
	if o.IndicatorCode != "Nord" || o.PeriodText != "2022" || value(o) != 1240250.0 || o.Scale != 1e3 {
		t.Errorf("Nord 2022 = %+v", o)
	}
	if o := rec.Obs[2]; o.Value != nil || o.Raw != "–" {
		t.Errorf("Nord 2023 = %+v, want missing", o)
	}
}

func TestConfigErrors(t *testing.T) {
	for _, c := range []struct{ opts, want string }{
		{"url: http://h/x\ndataset: d\nsheet: a\nsheet_index: 2\n", "not both"},
		{"url: http://h/x\ndataset: d\nrange: A1\n", `range "A1"`},
		{"url: http://h/x\ndataset: d\nheader_rows: 2\nunit_row: 3\n", "unit_row 3 is below"},
		{"url: http://h/x\ndataset: d\nlayout: diagonal\n", `layout "diagonal"`},
	} {
		if _, err := extract.Build(source(t, c.opts), fetcher()); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: err = %v, want %q", c.opts, err, c.want)
		}
	}
	rec, err := run(t, "testdata", "url: \"{base}/labour.xlsx\"\ndataset: d\nsheet: Data9\n")
	if err == nil || !strings.Contains(err.Error(), `no sheet "Data9" (sheets: ["Notes" "Quarterly" "Regionen" "Titled"])`) {
		t.Errorf("missing sheet: %v, %d obs", err, len(rec.Obs))
	}
}

// The ABS workbook: ten header rows, Excel serial dates, "000 Hours",
// unrounded doubles; the config is testdata/devset/abs-6202021.yaml.
func TestDevsetABS(t *testing.T) {
	ds := devset.Dir(t, "statistics")
	cfg, err := os.ReadFile("testdata/devset/abs-6202021.yaml")
	if err != nil {
		t.Fatal(err)
	}
	rec, err := run(t, filepath.Join(ds, "tables"), string(cfg))
	if err != nil || len(rec.Errors) > 0 {
		t.Fatal(err, rec.Errors)
	}
	// 148 quarters (Dec 1984 to Sep 2021) × 7 series.
	if len(rec.Obs) != 148*7 {
		t.Fatalf("%d observations, want %d", len(rec.Obs), 148*7)
	}
	exact := func(s string) float64 {
		v, _ := strconv.ParseFloat(s, 64)
		return v
	}
	first := rec.Obs[0]
	if first.IndicatorCode != "A84426298K" || first.IndicatorName != "Quarterly hours worked in all jobs" ||
		value(first) != exact("2923556481.6999999") || first.Raw != "2923556.4816999999" || first.Unit != "Hours" || first.Scale != 1e3 ||
		first.Granularity != stats.Quarter || first.PeriodStart.Format("2006-01-02") != "1984-10-01" || first.PeriodText != "1984-12-01" {
		t.Errorf("first = %+v", first)
	}
	if d := first.Dims; len(d) != 1 || d[0] != (stats.Dim{Name: "series_type", Value: "Seasonally Adjusted"}) {
		t.Errorf("dims = %v", d)
	}
	agri := rec.Obs[2]
	if agri.IndicatorCode != "A84426292W" || !strings.HasSuffix(agri.IndicatorName, "> Agriculture, Forestry and Fishing") || value(agri) != exact("230750806.09") {
		t.Errorf("agriculture Dec 1984 = %+v", agri)
	}
	last := rec.Obs[len(rec.Obs)-1]
	if last.IndicatorCode != "A84426295C" || value(last) != exact("1067782868.9999999") || last.PeriodStart.Format("2006-01-02") != "2021-07-01" {
		t.Errorf("last = %+v", last)
	}
}

// Without a range, the title above the table and the source line below it
// are not part of it.
func TestAutoTable(t *testing.T) {
	rec, err := run(t, "testdata", "url: \"{base}/labour.xlsx\"\ndataset: betten\nsheet: Titled\n")
	if err != nil || len(rec.Errors) > 0 {
		t.Fatal(err, rec.Errors)
	}
	if len(rec.Obs) != 2 || value(rec.Obs[1]) != 788.25 || rec.Obs[1].PeriodText != "2022" || rec.Obs[1].IndicatorName != "Betten (Anzahl)" {
		t.Errorf("obs = %+v", rec.Obs)
	}
}
