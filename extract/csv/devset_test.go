package csv_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsetl/newsetl/internal/devset"

	"github.com/newsetl/newsetl/extract"
	"github.com/newsetl/newsetl/extract/extracttest"
	"github.com/newsetl/newsetl/transform/stats"
)

// runDevset serves the dev set over HTTP (http.FileServer labels .csv
// "text/csv; charset=utf-8", as servers do whatever the bytes are) and
// extracts with the config testdata/devset/<name>.yaml.
func runDevset(t *testing.T, name string, replace ...string) (*extracttest.Recorder, error) {
	t.Helper()
	srv := httptest.NewServer(http.FileServer(http.Dir(devset.Dir(t, "statistics"))))
	t.Cleanup(srv.Close)
	b, err := os.ReadFile(filepath.Join("testdata", "devset", name+".yaml"))
	if err != nil {
		t.Fatal(err)
	}
	o := strings.NewReplacer(append([]string{"{base}", srv.URL}, replace...)...).Replace(string(b))
	x, err := extract.Build(source(t, name, o), fetcher())
	if err != nil {
		t.Fatal(err)
	}
	var rec extracttest.Recorder
	return &rec, x.Extract(context.Background(), extract.Window{}, &rec)
}

// find returns the observation of indicator with the given dims (name=value) and period start.
func find(t *testing.T, obs []stats.Observation, indicator, start string, dims ...string) stats.Observation {
	t.Helper()
next:
	for _, o := range obs {
		if o.IndicatorCode != indicator || o.PeriodStart.Format("2006-01-02") != start {
			continue
		}
		for _, d := range dims {
			name, value, _ := strings.Cut(d, "=")
			found := false
			for _, od := range o.Dims {
				if od.Name == name && od.Value == value {
					found = true
				}
			}
			if !found {
				continue next
			}
		}
		return o
	}
	t.Fatalf("no observation %s %s %v", indicator, start, dims)
	return stats.Observation{}
}

func value(o stats.Observation) any {
	if o.Value == nil {
		return nil
	}
	return *o.Value
}

func TestDevsetGBEBund(t *testing.T) {
	rec, err := runDevset(t, "gbe-bund-aerzte-schwerpunkt")
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.Errors) > 0 {
		t.Fatalf("page errors: %v", rec.Errors)
	}
	// 50 sub-specialty rows under 10 headings, 9 years (1985-2010).
	if len(rec.Obs) != 450 {
		t.Fatalf("%d observations, want 450", len(rec.Obs))
	}
	chir := "Fachgebiet=Chirurgie (ohne Orthopädie)"
	for _, c := range []struct {
		indicator, start string
		dims             []string
		want             any
		raw              string
	}{
		{"Unfallchirurgie", "1993-01-01", []string{chir}, 1613.0, "1.613"},
		{"Unfallchirurgie", "2010-01-01", []string{chir}, 2590.0, "2.590"},
		{"Gefäßchirurgie", "2000-01-01", []string{chir}, 575.0, "575"},
		{"Gefäßchirurgie", "1985-01-01", []string{chir}, nil, "."},
		{"Herz- und Gefäßchirurgie", "2005-01-01", []string{chir}, nil, ""},
		{"Kardiologie", "2010-01-01", []string{"Fachgebiet=Innere Medizin"}, 2830.0, "2.830"},
		{"Kinderneuropsychiatrie", "1993-01-01", []string{"Fachgebiet=Kinderheilkunde"}, 31.0, "31"},
		{"Kinderneuropsychiatrie", "1993-01-01", []string{"Fachgebiet=Nervenheilkunde, Neurologie, Psychiatrie und Psychotherapie"}, 32.0, "32"},
		{"Strahlentherapie", "2010-01-01", []string{"Fachgebiet=Radiologie"}, 65.0, "65"},
	} {
		o := find(t, rec.Obs, c.indicator, c.start, c.dims...)
		if value(o) != c.want || o.Raw != c.raw || o.Granularity != stats.Year || o.Unit != "persons" || o.Scale != 1 {
			t.Errorf("%s %s: value %v raw %q %s %q, want %v %q", c.indicator, c.start, value(o), o.Raw, o.Granularity, o.Unit, c.want, c.raw)
		}
	}
}

// Without decimal:, "1.613" could be 1.613 or 1613: each such cell is an
// error naming line and column, and the cells that are plain integers load.
func TestDevsetGBEBundAmbiguousWithoutDecimal(t *testing.T) {
	srv := httptest.NewServer(http.FileServer(http.Dir(devset.Dir(t, "statistics"))))
	defer srv.Close()
	b, err := os.ReadFile("testdata/devset/gbe-bund-aerzte-schwerpunkt.yaml")
	if err != nil {
		t.Fatal(err)
	}
	o := strings.ReplaceAll(strings.ReplaceAll(string(b), "{base}", srv.URL), `decimal: ","`, "")
	x, err := extract.Build(source(t, "gbe", o), fetcher())
	if err != nil {
		t.Fatal(err)
	}
	var rec extracttest.Recorder
	if err := x.Extract(context.Background(), extract.Window{}, &rec); err != nil {
		t.Fatal(err)
	}
	if len(rec.Errors) == 0 {
		t.Fatal("no errors for 1.613 without decimal:")
	}
	want := `source gbe: ` + srv.URL + `/tables/gbe-bund-aerzte-schwerpunkt.csv: line 20, column "1993": value "1.613": is ambiguous`
	found := false
	for _, e := range rec.Errors {
		if strings.HasPrefix(e.Error(), want) && strings.Contains(e.Error(), "set decimal:") {
			found = true
		}
	}
	if !found {
		t.Errorf("no error %q…; got %v", want, rec.Errors[0])
	}
	for _, ob := range rec.Obs {
		if ob.Raw == "1.613" || strings.Count(ob.Raw, ".") == 1 && len(ob.Raw) > 1 {
			t.Errorf("ambiguous cell %q loaded as %v", ob.Raw, value(ob))
		}
	}
	if len(rec.Obs)+len(rec.Errors) != 450 {
		t.Errorf("%d observations + %d errors, want 450 cells", len(rec.Obs), len(rec.Errors))
	}
}

func TestDevsetNHSUTF16(t *testing.T) {
	rec, err := runDevset(t, "nhs-mha-kp90-2010-11")
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.Errors) > 0 {
		t.Fatalf("page errors: %v", rec.Errors[:min(3, len(rec.Errors))])
	}
	if len(rec.Obs) != 327*15 {
		t.Fatalf("%d observations, want %d (327 providers × 15 measures)", len(rec.Obs), 327*15)
	}
	o := find(t, rec.Obs, "Total_informal_admissions", "2010-04-01", "Organisation_code=RA2")
	if value(o) != 62271.0 || o.Raw != "62,271" || o.Granularity != stats.FiscalYear || o.PeriodEnd.Format("2006-01-02") != "2011-03-31" || o.PeriodText != "2010-11" {
		t.Errorf("RA2 informal admissions: %+v", o)
	}
	o = find(t, rec.Obs, "Part_II_patients", "2010-04-01", "Organisation_code=5C1")
	if value(o) != 2.0 || o.Dims[1].Value != "Enfield PCT" || o.Dims[2].Value != "NHS Facilities" || o.Unit != "persons" {
		t.Errorf("5C1 Part II: %+v", o)
	}
	o = find(t, rec.Obs, "Total_changes_in_legal_status", "2010-04-01", "Organisation_code=RAT")
	if value(o) != 1370.0 {
		t.Errorf("RAT legal status changes = %v, want 1370", value(o))
	}
	// Without fiscal_year_start, "2010-11" could be November 2010: every row is an error.
	rec, err = runDevset(t, "nhs-mha-kp90-2010-11", "fiscal_year_start: 4\n", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.Obs) != 0 || len(rec.Errors) != 327 || !strings.Contains(rec.Errors[0].Error(), `column "Reporting_period": period "2010-11" is ambiguous`) {
		t.Errorf("without fiscal_year_start: %d obs, %d errors, first %v", len(rec.Obs), len(rec.Errors), rec.Errors[0])
	}
}

func TestDevsetSHCPWindows1252(t *testing.T) {
	rec, err := runDevset(t, "shcp-mx-gasto-funcional-2011")
	if err != nil {
		t.Fatal(err)
	}
	// The encoding is detected from the bytes as well.
	if rec2, err := runDevset(t, "shcp-mx-gasto-funcional-2011", "encoding: windows-1252\n", ""); err != nil || len(rec2.Obs) != 70 || rec2.Obs[1].Dims[4].Value != "Legislación" {
		t.Errorf("detected encoding: %v, %d obs", err, len(rec2.Obs))
	}
	// 3 groups, 24 functions, 87 subfunctions: 114 rows. Line 72, the third
	// group's total (GF_ID 3), has its name "Desarrollo Económico" in the SF
	// column: filled down, its 44 rows would be named after the group above
	// ("Desarrollo Social"). They are errors naming their lines; the 70 rows
	// before load.
	if len(rec.Obs) != 70 || len(rec.Errors) != 44 {
		t.Fatalf("%d observations and %d errors, want 70 and 44: %v", len(rec.Obs), len(rec.Errors), rec.Errors)
	}
	if e := rec.Errors[0].Error(); !strings.Contains(e, "line 72: fill_down: the row starts hierarchy [GF_ID FN_ID SF_ID] at GF_ID but [GF F SF] at SF") {
		t.Errorf("first error: %s", e)
	}
	if e := rec.Errors[43].Error(); !strings.Contains(e, "line 115: fill_down: a label would come from line 72") {
		t.Errorf("last error: %s", e)
	}
	for _, o := range rec.Obs {
		if o.Dims[0].Value == "3" {
			t.Errorf("a row of group 3 loaded with labels filled from another group: %v", o.Dims)
		}
	}
	ind := "Gasto total 2011"
	o := rec.Obs[0]
	if o.IndicatorCode != ind || value(o) != 229932500000.0 || o.Raw != "229,932.50" || o.Unit != "MXN" || o.Scale != 1e6 ||
		o.Granularity != stats.Year || o.PeriodStart.Year() != 2011 {
		t.Errorf("first row: %+v", o)
	}
	o = find(t, rec.Obs, ind, "2011-01-01", "GF=Desarrollo Social", "F=Salud", "SF=")
	if value(o) != 385598900000.0 || o.Raw != "385,598.90" {
		t.Errorf("Salud: %v %q", value(o), o.Raw)
	}
	o = find(t, rec.Obs, ind, "2011-01-01", "GF=Gobierno", "F=Legislación", "SF=Legislación", "GF_ID=1", "FN_ID=0", "SF_ID=1")
	if value(o) != 10105400000.0 {
		t.Errorf("Legislación/Legislación: %v", value(o))
	}
	last := rec.Obs[len(rec.Obs)-1]
	if got := [3]string{last.Dims[3].Value, last.Dims[4].Value, last.Dims[5].Value}; got != [3]string{"Desarrollo Social", "Asistencia Social", "Otras de Asistencia Social"} || value(last) != 515000000.0 {
		t.Errorf("last row: %v %v", got, value(last))
	}
}

// The Fuente: line after the data is an error (not a row, not a NULL) when
// skip_footer is not set; the data rows still load.
func TestDevsetSHCPFooterNotSkipped(t *testing.T) {
	srv := httptest.NewServer(http.FileServer(http.Dir(devset.Dir(t, "statistics"))))
	defer srv.Close()
	b, err := os.ReadFile("testdata/devset/shcp-mx-gasto-funcional-2011.yaml")
	if err != nil {
		t.Fatal(err)
	}
	o := strings.ReplaceAll(strings.ReplaceAll(string(b), "{base}", srv.URL), "skip_footer: 1\n", "")
	x, err := extract.Build(source(t, "shcp", o), fetcher())
	if err != nil {
		t.Fatal(err)
	}
	var rec extracttest.Recorder
	if err := x.Extract(context.Background(), extract.Window{}, &rec); err != nil {
		t.Fatal(err)
	}
	if len(rec.Obs) != 70 || len(rec.Errors) != 45 || !strings.Contains(rec.Errors[44].Error(), `line 117: "Fuente: Presupuesto`) ||
		!strings.Contains(rec.Errors[44].Error(), "note or footer line") {
		t.Errorf("%d obs, errors %v", len(rec.Obs), rec.Errors)
	}
	// Read as UTF-8 (the wrong encoding), the file is an error, not mojibake.
	o = strings.Replace(o, "encoding: windows-1252", "encoding: utf-8", 1)
	x, err = extract.Build(source(t, "shcp", o), fetcher())
	if err != nil {
		t.Fatal(err)
	}
	rec = extracttest.Recorder{}
	if err := x.Extract(context.Background(), extract.Window{}, &rec); err == nil || !strings.Contains(err.Error(), "is not UTF-8; set encoding:") || len(rec.Obs) != 0 {
		t.Errorf("read as utf-8: %v, %d obs", err, len(rec.Obs))
	}
}
