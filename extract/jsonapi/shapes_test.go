package jsonapi_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/newsetl/newsetl/extract"
	"github.com/newsetl/newsetl/extract/extracttest"
)

const debtOpts = `
url: "{base}/gov_debt.json"
dataset: gov_debt
records_path: dataSets.0.series
fields:
  indicator_code: "$.label"
  period: time
  value: value
  unit: "$.dataSets.0.unit"
  dims: {geo_code: "@key", geo: geo}
  missing_when: {path: flag, equals: na}
units:
  EUR million: {unit: EUR, scale: 1000000}
`

func runFile(t *testing.T, files map[string]string, opts string) (*extracttest.Recorder, error) {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if b, ok := files[r.URL.Path]; ok {
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(b))
			return
		}
		http.FileServer(http.Dir("testdata")).ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	x, err := extract.Build(source(t, "debt", strings.ReplaceAll(opts, "{base}", srv.URL)), fetcher())
	if err != nil {
		t.Fatal(err)
	}
	var rec extracttest.Recorder
	return &rec, x.Extract(context.Background(), extract.Window{}, &rec)
}

// Records as an object (key → record) under an index path; missing_when
// read before the value (":" flagged "na"); a units map.
func TestObjectRecordsAndMissingFlag(t *testing.T) {
	rec, err := runFile(t, nil, debtOpts)
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.Obs) != 4 {
		t.Fatalf("%d observations, want 4", len(rec.Obs))
	}
	de := rec.Obs[0]
	if de.IndicatorCode != "General government gross debt" || *de.Value != 2566772000000 || de.Unit != "EUR" || de.Scale != 1e6 ||
		de.Dims[0].Name != "geo" || de.Dims[0].Value != "Germany" || de.Dims[1].Value != "DE:2022" || de.PeriodText != "2022" {
		t.Errorf("DE 2022 = %+v", de)
	}
	if o := rec.Obs[1]; *o.Value != 2623580500000 || o.Raw != "2623580.5" {
		t.Errorf("DE 2023 = %+v", o)
	}
	if o := rec.Obs[2]; o.Value != nil || o.Raw != ":" {
		t.Errorf("EL 2022 = %+v, want missing", o)
	}
}

// Values that cannot be read with certainty fail the page naming the
// record and the text: "1,234" in a string without decimal:, a number of
// 500 digits.
func TestUncertainValues(t *testing.T) {
	body := func(v string) map[string]string {
		return map[string]string{"/x.json": `{"rows": [{"t": "2021", "v": ` + v + `}]}`}
	}
	opts := "url: \"{base}/x.json\"\ndataset: d\nrecords_path: rows\nfields: {indicator_code: \"$.rows\", period: t, value: v}\n"
	opts = strings.Replace(opts, `indicator_code: "$.rows"`, "indicator_code: t", 1)
	for _, c := range []struct{ value, extra, want string }{
		{`"1,234"`, "", `record 0: field "v" holds "1,234", which is ambiguous`},
		{strings.Repeat("9", 500), "", `which has 500 significant digits, more than a Float64 keeps`},
		{`"1,234"`, "decimal: \",\"\n", ""},
	} {
		rec, err := runFile(t, body(c.value), opts+c.extra)
		if c.want == "" {
			if err != nil || len(rec.Obs) != 1 || *rec.Obs[0].Value != 1.234 {
				t.Errorf("%s with %q: %v %+v", c.value, c.extra, err, rec.Obs)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), c.want) || len(rec.Obs) != 0 {
			t.Errorf("%.20s: err = %v, want %q", c.value, err, c.want)
		}
	}
}
