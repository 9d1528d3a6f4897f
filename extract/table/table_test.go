package table_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"go.yaml.in/yaml/v3"

	"github.com/newsetl/newsetl/config"
	"github.com/newsetl/newsetl/extract"
	"github.com/newsetl/newsetl/extract/extracttest"
	"github.com/newsetl/newsetl/extract/table"
	"github.com/newsetl/newsetl/transform/stats"
)

func site(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.FileServer(http.Dir("../../testdata/site")))
	t.Cleanup(srv.Close)
	return srv
}

func source(t testing.TB, name, opts string) config.Source {
	var n yaml.Node
	if err := yaml.Unmarshal([]byte(opts), &n); err != nil {
		t.Fatal(err)
	}
	return config.Source{Name: name, Kind: "table", Options: n.Content[0], Line: 3, File: "test.yaml"}
}

func fetcher() *extract.Fetcher {
	return extract.NewFetcher(config.Fetch{UserAgent: "t", Timeout: 2 * time.Second, RequestsPerSecond: 1000,
		RetryBackoff: time.Millisecond, MaxBodyBytes: 1 << 20}, nil, extract.AllowPrivate())
}

func run(t *testing.T, name, opts string, w extract.Window) (*extracttest.Recorder, error) {
	t.Helper()
	x, err := extract.Build(source(t, name, opts), fetcher())
	if err != nil {
		t.Fatal(err)
	}
	var rec extracttest.Recorder
	return &rec, x.Extract(context.Background(), w, &rec)
}

const (
	enOpts = `
url: %s/stats/health_expenditure_en.html
dataset: total-health-expenditure
caption: Total Health Expenditure
dims_columns: 2
dim_names: [financing source]
indicator_codes: {Total Health Expenditure: THE}
`
	resourcesOpts = `
url: %s/stats/health_expenditure_en.html
dataset: health-resources
table: "table#resources"
layout: periods-in-rows
`
	zhOpts = `
url: %s/stats/soe_2021_zh.html
dataset: central-soe-main-indicators
caption: 中央企业主要经济指标
`
)

func opts(o, base string) string { return strings.Replace(o, "%s", base, 1) }

// sameAsGolden compares obs (URL and fetch time blanked) with the golden
// file transform/stats writes for the same fixture: the source kind reads
// the page exactly as the transform test reads the file.
func sameAsGolden(t *testing.T, obs []stats.Observation, srvURL, golden string) {
	t.Helper()
	for i := range obs {
		if !strings.HasPrefix(obs[i].URL, srvURL+"/stats/") || obs[i].FetchedAt.IsZero() {
			t.Fatalf("observation %d: URL %q, fetched at %v", i, obs[i].URL, obs[i].FetchedAt)
		}
		obs[i].URL, obs[i].FetchedAt = "", time.Time{}
	}
	raw, err := os.ReadFile("../../transform/stats/testdata/" + golden)
	if err != nil {
		t.Fatal(err)
	}
	var want []stats.Observation
	if err := json.Unmarshal(raw, &want); err != nil {
		t.Fatal(err)
	}
	got, _ := json.Marshal(obs)
	wantJSON, _ := json.Marshal(want)
	if string(got) != string(wantJSON) {
		t.Errorf("observations differ from transform/stats/testdata/%s:\n got %s\nwant %s", golden, got, wantJSON)
	}
}

func TestEnglishTableByCaption(t *testing.T) {
	srv := site(t)
	rec, err := run(t, "nbs-en", opts(enOpts, srv.URL), extract.Window{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.Obs) != 30 || !reflect.DeepEqual(rec.Pages, []string{srv.URL + "/stats/health_expenditure_en.html"}) {
		t.Fatalf("%d observations, pages %v", len(rec.Obs), rec.Pages)
	}
	o := rec.Obs[4] // Total Health Expenditure, Total, 2020
	if o.IndicatorCode != "THE" || *o.Value != 7230640000000 || o.Unit != "CNY" || o.Scale != 1e8 || o.PeriodText != "2020" ||
		!reflect.DeepEqual(o.Dims, []stats.Dim{{Name: "financing source", Value: "Total"}}) {
		t.Errorf("obs[4] = %+v", o)
	}
	if last := rec.Obs[29]; last.IndicatorName != "Per Capita Health Expenditure" || last.Value != nil || last.Raw != ".." {
		t.Errorf("last = %+v, want a NULL", last)
	}
	sameAsGolden(t, rec.Obs, srv.URL, "health_expenditure_en.json")
}

func TestEnglishTablePeriodsInRows(t *testing.T) {
	srv := site(t)
	rec, err := run(t, "nbs-en", opts(resourcesOpts, srv.URL), extract.Window{})
	if err != nil {
		t.Fatal(err)
	}
	sameAsGolden(t, rec.Obs, srv.URL, "health_resources_en.json")
}

func TestChineseGBKTable(t *testing.T) {
	srv := site(t) // FileServer says charset=utf-8; the page's <meta> says gbk
	rec, err := run(t, "sasac-zh-stats", opts(zhOpts, srv.URL), extract.Window{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.Obs) != 14 {
		t.Fatalf("%d observations", len(rec.Obs))
	}
	if o := rec.Obs[0]; o.IndicatorName != "营业总收入" || *o.Value != 31704620000000 || o.Granularity != stats.Cumulative {
		t.Errorf("obs[0] = %+v", o)
	}
	sameAsGolden(t, rec.Obs, srv.URL, "soe_2021_zh.json")
}

func TestWindowFiltersPeriods(t *testing.T) {
	srv := site(t)
	w := extract.Window{From: time.Date(2019, 6, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)}
	rec, err := run(t, "nbs-en", opts(enOpts, srv.URL), w)
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.Obs) != 6 {
		t.Fatalf("%d observations in %v, want 6 (2019 only)", len(rec.Obs), w)
	}
	for _, o := range rec.Obs {
		if o.PeriodText != "2019" {
			t.Errorf("observation of %s in %v", o.PeriodText, w)
		}
	}
}

func TestErrors(t *testing.T) {
	srv := site(t)
	x, err := extract.Build(source(t, "nbs-en", opts(enOpts, srv.URL)), fetcher())
	if err != nil {
		t.Fatal(err)
	}
	refused := errors.New("loader went away")
	if err := x.Extract(context.Background(), extract.Window{}, &extracttest.Recorder{Refuse: refused}); !errors.Is(err, refused) {
		t.Errorf("Extract into a sink that refuses = %v, want the sink's error", err)
	}
	for _, c := range []struct{ opts, want string }{
		{strings.Replace(enOpts, "Total Health Expenditure\n", "Hospital Beds\n", 1), `no table with caption or heading containing "Hospital Beds"`},
		{strings.Replace(enOpts, "health_expenditure_en", "gone", 1), "HTTP 404"},
		{strings.Replace(resourcesOpts, "table#resources", "table#nothing", 1), `table selector "table#nothing" matched nothing`},
	} {
		_, err := run(t, "nbs-en", opts(c.opts, srv.URL), extract.Window{})
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "source nbs-en") || !strings.Contains(err.Error(), srv.URL+"/stats/") {
			t.Errorf("err = %v, want the source, the URL and %q", err, c.want)
		}
	}
}

func TestConfigErrors(t *testing.T) {
	for _, c := range []struct{ opts, want string }{
		{"dataset: d\ncaption: x\n", `missing required key "url"`},
		{"url: http://h/x\ncaption: x\n", `missing required key "dataset"`},
		{"url: http://h/x\ndataset: d\n", "give table"},
		{"url: http://h/x\ndataset: d\ntable: t\ncaption: x\n", "not both"},
		{"url: http://h/x\ndataset: d\ntable: '[['\n", `table "[["`},
		{"url: /x\ndataset: d\ncaption: x\n", "not an absolute"},
		{"url: http://h/x\ndataset: d\ncaption: x\nlayout: diagonal\n", `layout "diagonal"`},
		{"url: http://h/x\ndataset: d\ncaption: x\ndim_names: [a]\n", "1 dim_names for 0 dimension columns"},
		{"url: http://h/x\ndataset: d\ncaption: x\ncolumns: 3\n", `unknown key "columns"`},
	} {
		_, err := extract.Build(source(t, "s", c.opts), fetcher())
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "source s") {
			t.Errorf("%q: err = %v, want %q", c.opts, err, c.want)
		}
	}
}

// With expect_headers, a table whose column headers changed (a renamed
// column) fails with an error naming what is missing and what is new.
func TestExpectHeaders(t *testing.T) {
	raw, err := os.ReadFile("../../testdata/site/stats/health_expenditure_en.html")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	tbl := doc.Find("table#resources")
	headers := table.ColumnHeaders(table.Grid(tbl), table.HeaderRows(tbl))
	if len(headers) < 3 || headers[0] == "" {
		t.Fatalf("headers = %q", headers)
	}
	yamlList := func(hs []string) string {
		q := make([]string, len(hs))
		for i, h := range hs {
			q[i] = strconv.Quote(h)
		}
		return "expect_headers: [" + strings.Join(q, ", ") + "]\n"
	}
	srv := site(t)
	if rec, err := run(t, "nbs-en", opts(resourcesOpts, srv.URL)+yamlList(headers), extract.Window{}); err != nil || len(rec.Obs) != 6 {
		t.Fatalf("matching headers: %v, %d observations", err, len(rec.Obs))
	}
	renamed := append([]string(nil), headers...)
	renamed[1] = "Hospitals (old name)"
	_, err = run(t, "nbs-en", opts(resourcesOpts, srv.URL)+yamlList(renamed), extract.Window{})
	want := fmt.Sprintf(`the table's headers changed: missing ["Hospitals (old name)"], new [%q]`, headers[1])
	if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "source nbs-en: "+srv.URL+"/stats/health_expenditure_en.html") {
		t.Fatalf("renamed header: err = %v\nwant it to name the source, the URL and: %s", err, want)
	}
}
