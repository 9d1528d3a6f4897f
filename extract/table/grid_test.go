package table

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/newsetl/newsetl/internal/golden"
	"github.com/newsetl/newsetl/transform/stats"
)

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
			stats.TableObservations(g, stats.TableSpec{HeaderRows: h, DimsColumns: 2})
			stats.TableObservations(g, stats.TableSpec{HeaderRows: h, Layout: stats.PeriodsInRows})
		})
	})
}

// sampleGrid is a table of a sample-site page as Grid, HeaderRows and
// Title read it. The files testdata/NAME.grid.json hold them, and
// transform/stats's tests read them as their input: the stats goldens are
// the observations of these grids.
type sampleGrid struct {
	Page       string     `json:"page"`
	Table      string     `json:"table"` // how the test finds the table
	Title      string     `json:"title"`
	HeaderRows int        `json:"header_rows"`
	Grid       [][]string `json:"grid"`
}

// TestGridOfSamplePages pins the grids of the sample statistics tables;
// `go test ./extract/table -update` rewrites them.
func TestGridOfSamplePages(t *testing.T) {
	for _, c := range []struct {
		name, page string
		gbk        bool
		table      string
		find       func(*goquery.Document) *goquery.Selection
	}{
		{"health_expenditure_en", "health_expenditure_en.html", false, "the second table",
			func(d *goquery.Document) *goquery.Selection { return d.Find("table").Eq(1) }},
		{"health_resources_en", "health_expenditure_en.html", false, "table#resources",
			func(d *goquery.Document) *goquery.Selection { return d.Find("table#resources") }},
		{"soe_2021_zh", "soe_2021_zh.html", true, "table.zsy_table",
			func(d *goquery.Document) *goquery.Selection { return d.Find("table.zsy_table") }},
	} {
		t.Run(c.name, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join("..", "..", "testdata", "site", "stats", c.page))
			if err != nil {
				t.Fatal(err)
			}
			if c.gbk {
				if raw, err = simplifiedchinese.GBK.NewDecoder().Bytes(raw); err != nil {
					t.Fatal(err)
				}
			}
			tb := c.find(doc(t, string(raw)))
			if tb.Length() != 1 {
				t.Fatalf("%s: %d tables", c.table, tb.Length())
			}
			golden.JSON(t, filepath.Join("testdata", c.name+".grid.json"), sampleGrid{
				Page: "testdata/site/stats/" + c.page, Table: c.table,
				Title: Title(tb), HeaderRows: HeaderRows(tb), Grid: Grid(tb),
			})
		})
	}
}
