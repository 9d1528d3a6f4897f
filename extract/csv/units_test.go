package csv_test

import (
	"context"
	"strings"
	"testing"

	"github.com/newsetl/newsetl/config"
	"github.com/newsetl/newsetl/extract"
	"github.com/newsetl/newsetl/extract/extracttest"
)

// The file's top-level units: apply to every statistics source; a
// source's own units: win.
func TestGlobalAndSourceUnits(t *testing.T) {
	body := []byte("year,region,budget\n2023,North,\"1,250.5\"\n2023,South,980.25\n")
	srv := serveFiles(t, "", map[string][]byte{"/budget.csv": body})
	file := `
units:
  Mio. EUR: {unit: EUR, scale: 1000000}
  Tsd. EUR: {unit: EUR, scale: 1000}
sources:
  - name: budget
    kind: csv
    url: "{base}/budget.csv"
    dataset: budget
    unit: Mio. EUR
    columns: {period: year, dims: [region], values: [budget]}
  - name: budget-own
    kind: csv
    url: "{base}/budget.csv"
    dataset: budget
    unit: Mio. EUR
    units: {Mio. EUR: {unit: EUR, scale: 1000}}
    columns: {period: year, dims: [region], values: [budget]}
`
	f, err := config.Parse([]byte(strings.ReplaceAll(file, "{base}", srv.URL)), "t.yaml", func(string) (string, bool) { return "", false })
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []float64{1250500000, 1250500} {
		x, err := extract.Build(f.Sources[i], fetcher())
		if err != nil {
			t.Fatal(err)
		}
		var rec extracttest.Recorder
		if err := x.Extract(context.Background(), extract.Window{}, &rec); err != nil || len(rec.Errors) > 0 {
			t.Fatal(err, rec.Errors)
		}
		if o := rec.Obs[0]; *o.Value != want || o.Unit != "EUR" {
			t.Errorf("%s: North = %v %s, want %v EUR", f.Sources[i].Name, *o.Value, o.Unit, want)
		}
	}
	if _, err := config.Parse([]byte("units:\n  X: {unit: y, scale: -3}\n"), "t.yaml", nil); err == nil || !strings.Contains(err.Error(), "must not be negative") {
		t.Errorf("negative scale: %v", err)
	}
	if _, err := config.Parse([]byte("units:\n  X: {unit: y, factor: 3}\n"), "t.yaml", nil); err == nil || !strings.Contains(err.Error(), "factor") {
		t.Errorf("unknown key: %v", err)
	}
}
