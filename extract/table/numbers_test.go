package table_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/newsetl/newsetl/extract"
)

// German thousands in an HTML table: without decimal: every "45.010" is an
// error naming row and column (never 45.01), the plain integers load; with
// decimal: "," the values are exact.
func TestAmbiguousTableCells(t *testing.T) {
	srv := httptest.NewServer(http.FileServer(http.Dir("testdata")))
	defer srv.Close()
	opts := "url: " + srv.URL + "/aerzte_de.html\ndataset: aerzte\ntable: \"#aerzte\"\nmissing: [\".\"]\n"
	rec, err := run(t, "de", opts, extract.Window{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.Obs) != 2 || len(rec.Errors) != 4 {
		t.Fatalf("%d obs, %d errors: %v", len(rec.Obs), len(rec.Errors), rec.Errors)
	}
	if e := rec.Errors[0].Error(); !strings.Contains(e, `row 2, column 2 "2021": value "45.010": is ambiguous`) || !strings.Contains(e, "set decimal:") {
		t.Errorf("error = %s", e)
	}
	rec, err = run(t, "de", opts+"decimal: \",\"\n", extract.Window{})
	if err != nil || len(rec.Errors) > 0 || len(rec.Obs) != 6 {
		t.Fatal(err, rec.Errors, len(rec.Obs))
	}
	if o := rec.Obs[0]; *o.Value != 45010 || o.Raw != "45.010" {
		t.Errorf("Allgemeinmedizin 2021 = %+v", o)
	}
	if o := rec.Obs[5]; o.Value != nil || o.Raw != "." {
		t.Errorf("Neuropathologie 2022 = %+v, want missing", o)
	}
}
