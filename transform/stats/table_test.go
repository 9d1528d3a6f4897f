package stats

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/text/encoding/simplifiedchinese"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func doc(t testing.TB, html string) *goquery.Document {
	d, err := goquery.NewDocumentFromReader(strings.NewReader(html))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestGridSpans(t *testing.T) {
	d := doc(t, `<table>
<tr><th rowspan="2">Item</th><th colspan="2">2021</th><th rowspan="3">Note</th></tr>
<tr><th>Q1</th><th>Q2</th></tr>
<tr><td rowspan="2">A<br>B</td><td>1</td><td>2<table><tr><td>nested</td></tr></table></td></tr>
<tr><td colspan="2">3</td><td>x</td></tr>
<tr><td>short</td></tr>
</table>`)
	got := Grid(doc(t, "").Find("table")) // no table: nil
	if got != nil {
		t.Errorf("Grid(empty) = %v", got)
	}
	got = Grid(d.Find("table").First())
	want := [][]string{
		{"Item", "2021", "2021", "Note"},
		{"Item", "Q1", "Q2", "Note"},
		{"A B", "1", "2 nested", "Note"},
		{"A B", "3", "3", "x"},
		{"short", "", "", ""},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Grid =\n%q\nwant\n%q", got, want)
	}
	if n := HeaderRows(d.Find("table").First()); n != 2 {
		t.Errorf("HeaderRows = %d, want 2", n)
	}
	if n := HeaderRows(doc(t, `<table><thead><tr><td>a</td></tr><tr><td>b</td></tr></thead><tr><th>x</th></tr></table>`).Find("table")); n != 2 {
		t.Errorf("HeaderRows(thead) = %d, want 2", n)
	}
}

func TestGridHostileSpans(t *testing.T) {
	d := doc(t, `<table><tr><td rowspan="0" colspan="99999999">a</td><td rowspan="-3" colspan="x">b</td></tr><tr><td>c</td></tr></table>`)
	g := Grid(d.Find("table"))
	if len(g) != 2 || len(g[0]) != maxSpan+1 || g[0][maxSpan] != "b" || g[1][0] != "c" {
		t.Errorf("Grid of hostile spans: %d rows, first %d wide", len(g), len(g[0]))
	}
}

func FuzzGrid(f *testing.F) {
	f.Add(`<table><tr><th rowspan=2>a</th><th colspan=2>b</th></tr><tr><td>1</td><td>2</td></tr></table>`)
	f.Add(`<table><tr><td rowspan=3 colspan=3>x</td></tr><tr></tr><tr><td>y</td><td rowspan=2>z</td></tr></table>`)
	f.Fuzz(func(t *testing.T, s string) {
		d, err := goquery.NewDocumentFromReader(strings.NewReader(s))
		if err != nil {
			return
		}
		d.Find("table").Each(func(_ int, tb *goquery.Selection) {
			g := Grid(tb)
			for _, r := range g {
				if len(r) != len(g[0]) {
					t.Fatalf("ragged grid from %q", s)
				}
			}
			h := HeaderRows(tb)
			TableObservations(g, TableSpec{HeaderRows: h, DimsColumns: 2})
			TableObservations(g, TableSpec{HeaderRows: h, Layout: PeriodsInRows})
		})
	})
}

// fixture reads a sample-site page, decoding GBK when asked.
func fixture(t *testing.T, name string, gbk bool) *goquery.Document {
	raw, err := os.ReadFile(filepath.Join("..", "..", "testdata", "site", "stats", name))
	if err != nil {
		t.Fatal(err)
	}
	if gbk {
		if raw, err = simplifiedchinese.GBK.NewDecoder().Bytes(raw); err != nil {
			t.Fatal(err)
		}
	}
	return doc(t, string(raw))
}

// golden compares obs with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, obs []Observation) {
	t.Helper()
	got, err := json.MarshalIndent(obs, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("observations differ from %s (go test -update rewrites it); got:\n%s", path, got)
	}
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
	tb := fixture(t, "health_expenditure_en.html", false).Find("table").Eq(1)
	obs, err := TableObservations(Grid(tb), TableSpec{
		Source: "nbs-en", Dataset: "total-health-expenditure", HeaderRows: HeaderRows(tb),
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
	if value(o) != 7230640000000.0 || o.Unit != "yuan" || o.Scale != 1e8 || o.Raw != "72,306.4" || o.IndicatorCode != "THE" || o.Granularity != Year {
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
	if o.Value != nil || o.Raw != ".." || o.Unit != "yuan" || o.Scale != 1 {
		t.Errorf("per capita 2020 = %+v, want a NULL in yuan", o)
	}
	golden(t, "health_expenditure_en.json", obs)
}

func TestTableResourcesPeriodsInRows(t *testing.T) {
	tb := fixture(t, "health_expenditure_en.html", false).Find("table#resources")
	obs, err := TableObservations(Grid(tb), TableSpec{Source: "nbs-en", Dataset: "health-resources", HeaderRows: HeaderRows(tb), Layout: PeriodsInRows})
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
	golden(t, "health_resources_en.json", obs)
}

func TestTableSOEZH(t *testing.T) {
	d := fixture(t, "soe_2021_zh.html", true)
	tb := d.Find("table.zsy_table")
	obs, err := TableObservations(Grid(tb), TableSpec{
		Source: "sasac-zh-stats", Dataset: "central-soe-main-indicators", HeaderRows: HeaderRows(tb),
		Context: d.Find("h3.tabletitle").Text(),
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(obs) != 14 {
		t.Fatalf("%d observations, want 14", len(obs))
	}
	o := find(t, obs, "应交税费", "1-11月", "measure", "绝对额") // full-width digits
	if value(o) != 2048750000000.0 || o.Unit != "yuan" || o.Scale != 1e8 || o.Granularity != Cumulative ||
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
	golden(t, "soe_2021_zh.json", obs)
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
