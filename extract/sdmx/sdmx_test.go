package sdmx_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/newsetl/newsetl/extract"
	"github.com/newsetl/newsetl/extract/extracttest"
)

// serve serves testdata/ and records the Accept header of each request.
func serve(t *testing.T) (*httptest.Server, *[]string) {
	var accepts []string
	fs := http.FileServer(http.Dir("testdata"))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/robots.txt" {
			accepts = append(accepts, r.Header.Get("Accept"))
		}
		fs.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv, &accepts
}

func extractFile(t *testing.T, srv *httptest.Server, file, extra string) (*extracttest.Recorder, error) {
	t.Helper()
	x, err := extract.Build(source(t, "url: "+srv.URL+"/"+file+"\ndataset: d\n"+extra), fetcher())
	if err != nil {
		t.Fatal(err)
	}
	var rec extracttest.Recorder
	return &rec, x.Extract(context.Background(), extract.Window{}, &rec)
}

// Structure-specific SDMX-ML: a Group gives UNIT_MEASURE and UNIT_MULT to
// the series of its key; OBS_STATUS M is missing; a decimal comma in an
// SDMX-ML value (xs:double) is an error naming its position.
func TestStructureSpecificGroupUnits(t *testing.T) {
	srv, accepts := serve(t)
	rec, err := extractFile(t, srv, "nama_gdp.structurespecific.xml", "indicator: [na_item]\n")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains((*accepts)[0], "application/vnd.sdmx.data+json") {
		t.Errorf("Accept = %q", (*accepts)[0])
	}
	if len(rec.Obs) != 4 {
		t.Fatalf("%d observations, want 4", len(rec.Obs))
	}
	de := rec.Obs[0]
	if de.IndicatorCode != "B1GQ" || *de.Value != 1043215400000 || de.Unit != "EUR" || de.Scale != 1e6 || de.Raw != "1043215.4" ||
		de.Granularity != "quarter" || de.PeriodStart.Format("2006-01-02") != "2023-07-01" {
		t.Errorf("DE 2023-Q3 = %+v", de)
	}
	if m := rec.Obs[2]; m.Value != nil || m.Raw != "NaN" {
		t.Errorf("DE 2024-Q1 (M) = %+v, want missing", m)
	}
	if len(rec.Errors) != 1 || !strings.Contains(rec.Errors[0].Error(), `series 2, observation 2: OBS_VALUE: value "12,5"`) {
		t.Errorf("errors = %v", rec.Errors)
	}
}

// SDMX-CSV 1.0 with ";" and decimal commas proved by the cells; an empty
// value with OBS_STATUS M is missing, not 0.
func TestSDMXCSVDecimalComma(t *testing.T) {
	srv, _ := serve(t)
	rec, err := extractFile(t, srv, "cpi.sdmx-csv", "units: {PA: {unit: percent}}\nindicator: [MEASURE]\n")
	if err != nil || len(rec.Errors) > 0 {
		t.Fatal(err, rec.Errors)
	}
	if len(rec.Obs) != 4 || *rec.Obs[0].Value != 3.1 || *rec.Obs[2].Value != -0.8 || rec.Obs[3].Value != nil || rec.Obs[0].Unit != "percent" {
		t.Errorf("obs = %+v", rec.Obs)
	}
}

// SDMX-JSON 2.0: labels from the structure, series attributes, missing by status.
func TestSDMXJSON(t *testing.T) {
	srv, _ := serve(t)
	rec, err := extractFile(t, srv, "exr.sdmx.json", "indicator: [CURRENCY]\n")
	if err != nil || len(rec.Errors) > 0 {
		t.Fatal(err, rec.Errors)
	}
	if len(rec.Obs) != 4 {
		t.Fatalf("%d obs", len(rec.Obs))
	}
	o := rec.Obs[0]
	if o.IndicatorCode != "CNY" || o.IndicatorName != "Chinese yuan renminbi" || *o.Value != 7.8147 || o.Unit != "CNY" || o.PeriodText != "2024-01" {
		t.Errorf("obs[0] = %+v", o)
	}
	if o := rec.Obs[3]; o.IndicatorCode != "GBP" || o.Value != nil || o.Unit != "GBP" {
		t.Errorf("obs[3] = %+v, want a missing GBP value", o)
	}
}

// An SDMX error message fails the source with its text, never "0 rows".
func TestErrorMessage(t *testing.T) {
	srv, _ := serve(t)
	_, err := extractFile(t, srv, "error.xml", "")
	if err == nil || !strings.Contains(err.Error(), "no observations: error message 100: No Results Found") {
		t.Errorf("err = %v", err)
	}
}

func TestConfigErrors(t *testing.T) {
	for _, c := range []struct{ opts, want string }{
		{"url: http://h/x\ndataset: d\nformat: parquet\n", `format "parquet"`},
		{"url: http://h/x\ndataset: d\ndecimal: ';'\n", `decimal ";"`},
		{"url: http://h/x\ndataset: d\nperiod: sometime\n", `period: period "sometime" not recognised`},
		{"url: http://h/x\ndataset: d\nunits: {X: {unit: y, scale: -1}}\n", "must not be negative"},
		{"url: http://h/x\n", `missing required key "dataset"`},
	} {
		if _, err := extract.Build(source(t, c.opts), fetcher()); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: err = %v, want %q", c.opts, err, c.want)
		}
	}
}

// A data message without observations is reported, not loaded as nothing.
func TestEmptyMessageReported(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`<m:GenericData xmlns:m="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message"><m:Header><m:ID>x</m:ID></m:Header><m:DataSet/></m:GenericData>`))
	}))
	defer srv.Close()
	rec, err := extractFile(t, srv, "empty.xml", "")
	if err != nil || len(rec.Obs) != 0 || len(rec.Errors) != 1 || !strings.Contains(rec.Errors[0].Error(), "holds no observations") {
		t.Errorf("%v, %d obs, %v", err, len(rec.Obs), rec.Errors)
	}
}
