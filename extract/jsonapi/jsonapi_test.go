package jsonapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/newsetl/newsetl/config"
	"github.com/newsetl/newsetl/extract"
	"github.com/newsetl/newsetl/extract/extracttest"
	"github.com/newsetl/newsetl/extract/jsonapi"
	"github.com/newsetl/newsetl/internal/golden"
	"github.com/newsetl/newsetl/transform/stats"
)

func source(t testing.TB, name, yamlOpts string) config.Source {
	var n yaml.Node
	if err := yaml.Unmarshal([]byte(yamlOpts), &n); err != nil {
		t.Fatal(err)
	}
	return config.Source{Name: name, Kind: "json", Options: n.Content[0], Line: 3, File: "test.yaml"}
}

func fetcher() *extract.Fetcher {
	return extract.NewFetcher(config.Fetch{UserAgent: "t", Timeout: 2 * time.Second, RequestsPerSecond: 1000,
		RetryBackoff: time.Millisecond, MaxBodyBytes: 1 << 20}, nil, extract.AllowPrivate())
}

// site serves the sample site.
func site(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.FileServer(http.Dir("../../testdata/site")))
	t.Cleanup(srv.Close)
	return srv
}

func run(t *testing.T, name, opts string, w extract.Window) (*extracttest.Recorder, error) {
	t.Helper()
	x, err := extract.Build(source(t, name, opts), fetcher())
	if err != nil {
		t.Fatal(err)
	}
	rec := &extracttest.Recorder{}
	return rec, x.Extract(context.Background(), w, rec)
}

func worldBankOpts(base string) string {
	return "url: " + base + "/api/worldbank/SH.XPD.CHEX.GD.ZS_p{page}.json\ndataset: health-expenditure\nformat: worldbank\n"
}

func nbsOpts(base string) string {
	return "url: " + base + "/api/nbs/easyquery.json\ndataset: hgyd-profits\nformat: nbs\n"
}

// goldenRow is an observation as the golden files hold it: URLs without the
// test server's address, no fetch time.
type goldenRow struct {
	Source        string            `json:"source"`
	Dataset       string            `json:"dataset"`
	IndicatorCode string            `json:"indicator_code"`
	IndicatorName string            `json:"indicator_name"`
	Dims          map[string]string `json:"dims"`
	PeriodStart   string            `json:"period_start"`
	PeriodEnd     string            `json:"period_end"`
	Granularity   string            `json:"granularity"`
	PeriodText    string            `json:"period_text"`
	Value         *float64          `json:"value"`
	Unit          string            `json:"unit"`
	Scale         float64           `json:"scale"`
	Raw           string            `json:"raw"`
	URL           string            `json:"url"`
}

// assertGolden compares obs with testdata/file (go test -update rewrites it).
func assertGolden(t *testing.T, file, base string, obs []stats.Observation) {
	t.Helper()
	rows := make([]goldenRow, 0, len(obs))
	for _, o := range obs {
		if o.FetchedAt.IsZero() {
			t.Errorf("%s %s: no fetch time", o.IndicatorCode, o.PeriodText)
		}
		dims := map[string]string{}
		for _, d := range o.Dims {
			dims[d.Name] = d.Value
		}
		rows = append(rows, goldenRow{o.Source, o.Dataset, o.IndicatorCode, o.IndicatorName, dims,
			o.PeriodStart.Format("2006-01-02"), o.PeriodEnd.Format("2006-01-02"), o.Granularity, o.PeriodText,
			o.Value, o.Unit, o.Scale, o.Raw, strings.TrimPrefix(o.URL, base)})
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(rows); err != nil {
		t.Fatal(err)
	}
	golden.Assert(t, filepath.Join("testdata", file), buf.Bytes())
}

func find(obs []stats.Observation, dim, year string) *stats.Observation {
	for i, o := range obs {
		for _, d := range o.Dims {
			if d.Value == dim && o.PeriodText == year {
				return &obs[i]
			}
		}
	}
	return nil
}

func TestWorldBankTwoPagesGolden(t *testing.T) {
	srv := site(t)
	rec, err := run(t, "worldbank-health-gdp", worldBankOpts(srv.URL), extract.Window{})
	if err != nil {
		t.Fatal(err)
	}
	assertGolden(t, "worldbank.golden.json", srv.URL, rec.Obs)
	if len(rec.Pages) != 2 || !strings.HasSuffix(rec.Pages[1], "_p2.json") {
		t.Errorf("fetched %v, want pages 1 and 2", rec.Pages)
	}
	if len(rec.Obs) != 18 { // the replies' "total"
		t.Fatalf("got %d observations, want 18 (10 on page 1, 8 on page 2)", len(rec.Obs))
	}
	china, hic := find(rec.Obs, "CHN", "2016"), find(rec.Obs, "HIC", "2016")
	if china == nil || china.Value == nil || *china.Value != 6.2 || china.Unit != "percent" || china.Scale != 1 {
		t.Errorf("China 2016 = %+v, want 6.2 percent", china)
	}
	if hic == nil || hic.Value == nil || *hic.Value != 9 {
		t.Errorf("High income 2016 = %+v, want 9", hic)
	}
	if want := time.Date(2016, 12, 31, 0, 0, 0, 0, time.UTC); china == nil || !china.PeriodEnd.Equal(want) || china.Granularity != stats.Year {
		t.Errorf("China 2016 period = %v %v, want a year ending %v", china.PeriodEnd, china.Granularity, want)
	}
	null := find(rec.Obs, "HIC", "2020")
	if null == nil || null.Value != nil || null.Raw != "" {
		t.Errorf("High income 2020 = %+v, want a NULL value", null)
	}
	if len(rec.Errs) != 0 {
		t.Errorf("page errors: %v", rec.Errs)
	}
}

func TestNBSGolden(t *testing.T) {
	srv := site(t)
	rec, err := run(t, "nbs-profits", nbsOpts(srv.URL), extract.Window{})
	if err != nil {
		t.Fatal(err)
	}
	assertGolden(t, "nbs.golden.json", srv.URL, rec.Obs)
	if len(rec.Obs) != 6 || len(rec.Pages) != 1 {
		t.Fatalf("got %d observations from %d pages, want 6 from 1", len(rec.Obs), len(rec.Pages))
	}
	o := rec.Obs[0]
	if o.IndicatorCode != "A0E0101" || o.IndicatorName != "国有控股工业企业利润总额_累计值" || o.Value == nil || *o.Value != 2298750000000 ||
		o.Unit != "CNY" || o.Scale != 1e8 || o.Raw != "22987.5" || o.Granularity != stats.Cumulative || o.PeriodText != "2021年11月" ||
		!o.PeriodStart.Equal(time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)) || !o.PeriodEnd.Equal(time.Date(2021, 11, 30, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("first row = %+v", o)
	}
	last := rec.Obs[5]
	if last.IndicatorCode != "A0E0102" || last.PeriodText != "2021年9月" || last.Value != nil || last.Unit != "percent" {
		t.Errorf("hasdata:false row = %+v, want a NULL percent", last)
	}
}

// The World Bank's own API pages by a query parameter: the preset sets
// page=N when the url has no {page}.
func TestQueryParamPagination(t *testing.T) {
	var asked []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v2/country/CHN;HIC/indicator/SH.XPD.CHEX.GD.ZS" || r.URL.Query().Get("format") != "json" {
			http.NotFound(w, r)
			return
		}
		page := r.URL.Query().Get("page")
		asked = append(asked, page)
		http.ServeFile(w, r, "../../testdata/site/api/worldbank/SH.XPD.CHEX.GD.ZS_p"+page+".json")
	}))
	defer srv.Close()
	rec, err := run(t, "wb", "url: "+srv.URL+"/v2/country/CHN;HIC/indicator/SH.XPD.CHEX.GD.ZS?format=json&per_page=10\ndataset: d\nformat: worldbank\n", extract.Window{})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(asked, ",") != "1,2" || len(rec.Obs) != 18 {
		t.Errorf("asked pages %v and got %d observations, want pages 1,2 and 18", asked, len(rec.Obs))
	}
	if !strings.Contains(rec.Obs[17].URL, "page=2") {
		t.Errorf("last observation's URL %q, want page 2's", rec.Obs[17].URL)
	}
}

func TestMaxPagesStopsTheWalk(t *testing.T) {
	srv := site(t)
	rec, err := run(t, "wb", worldBankOpts(srv.URL)+"max_pages: 1\n", extract.Window{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.Obs) != 10 || len(rec.Errs) != 1 {
		t.Errorf("got %d observations and errors %v, want 10 and one error about max_pages", len(rec.Obs), rec.Errs)
	}
	for _, e := range rec.Errs {
		if !strings.Contains(e.Error(), "max_pages (1) of 2 pages") {
			t.Errorf("error %v", e)
		}
	}
}

func TestWindow(t *testing.T) {
	srv := site(t)
	w := extract.Window{From: time.Date(2015, 6, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2017, 1, 1, 0, 0, 0, 0, time.UTC)}
	rec, err := run(t, "wb", worldBankOpts(srv.URL), w)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, o := range rec.Obs {
		_, values := o.SortedDims()
		got = append(got, values[1]+" "+o.PeriodText)
	}
	if strings.Join(got, ", ") != "CHN 2016, CHN 2015, HIC 2016, HIC 2015" {
		t.Errorf("window %v kept %v", w, got)
	}
	// Cumulative figures run from January: those to October and to
	// November overlap October, those to September end before it.
	w = extract.Window{From: time.Date(2021, 10, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2021, 11, 1, 0, 0, 0, 0, time.UTC)}
	rec, err = run(t, "nbs", nbsOpts(srv.URL), w)
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.Obs) != 4 {
		t.Errorf("window %v kept %d cumulative observations, want the 4 to October and November", w, len(rec.Obs))
	}
	w = extract.Window{From: time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC)}
	if rec, err = run(t, "nbs", nbsOpts(srv.URL), w); err != nil || len(rec.Obs) != 0 {
		t.Errorf("window %v kept %d observations (err %v), want none", w, len(rec.Obs), err)
	}
}

// serveBody serves body at /reply.json.
func serveBody(t *testing.T, body string) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestReplyErrors(t *testing.T) {
	const rec0 = `{"indicator":{"id":"X","value":"X (% of GDP)"},"country":{"id":"CN","value":"China"},"countryiso3code":"CHN","date":"2016","value":6.2,"unit":""}`
	cases := []struct{ name, body, opts, want string }{
		{"missing field", `[{"page":1,"pages":1},[` + rec0 + `,{"indicator":{"value":"X"},"country":{"id":"CN","value":"China"},"countryiso3code":"CHN","date":"2017","value":6.3,"unit":""}]]`,
			"format: worldbank", `record 1: field "indicator.id" not found`},
		{"invalid JSON", `[{"page":1,"pages":1},[` + rec0 + `,]]`, "format: worldbank", "decoding JSON: invalid character ']' looking for beginning of value at byte"},
		{"truncated JSON", `[{"page":1,"pages":1},[` + rec0, "format: worldbank", "decoding JSON: unexpected end of data"},
		{"an HTML error page", `<html><body>Service unavailable</body></html>`, "format: worldbank", "decoding JSON: invalid character '<'"},
		{"World Bank error message", `[{"message":[{"id":"120","key":"Invalid value","value":"The provided parameter value is not valid"}]}]`,
			"format: worldbank", `pagination.pages_path "0.pages": no page count`},
		{"NBS error reply", `{"returncode":501,"returndata":"查询失败"}`, "format: nbs", `field "returndata.datanodes" not found (the list of records)`},
		{"bad period", `[{"page":1,"pages":1},[` + strings.Replace(rec0, `"2016"`, `"sometime"`, 1) + `]]`, "format: worldbank", `record 0: field "date" period "sometime" not recognised`},
		{"bad value", `[{"page":1,"pages":1},[` + strings.Replace(rec0, `6.2`, `"about six"`, 1) + `]]`, "format: worldbank", `record 0: field "value" holds "about six", not a number`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv := serveBody(t, c.body)
			u := srv.URL + "/reply.json"
			rec, err := run(t, "src-x", "url: "+u+"\ndataset: d\n"+c.opts+"\n", extract.Window{})
			if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "source src-x: "+u) {
				t.Fatalf("Extract = %v, want an error naming the source, the URL %s and %q", err, u, c.want)
			}
			if len(rec.Obs) != 0 {
				t.Errorf("got %d observations from a failed reply", len(rec.Obs))
			}
		})
	}
}

// A later page that fails is recorded; the earlier pages are kept.
func TestLaterPageFailure(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("page") == "2" {
			http.Error(w, "boom", http.StatusNotFound)
			return
		}
		http.ServeFile(w, r, "../../testdata/site/api/worldbank/SH.XPD.CHEX.GD.ZS_p1.json")
	}))
	defer srv.Close()
	rec, err := run(t, "wb", "url: "+srv.URL+"/wb\ndataset: d\nformat: worldbank\n", extract.Window{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.Obs) != 10 || len(rec.Errs) != 1 || rec.Errs[srv.URL+"/wb?page=2"] == nil {
		t.Errorf("got %d observations and errors %v, want 10 and page 2's 404", len(rec.Obs), rec.Errs)
	}
}

func TestSinkRefusalStopsTheWalk(t *testing.T) {
	srv := site(t)
	x, err := extract.Build(source(t, "wb", worldBankOpts(srv.URL)), fetcher())
	if err != nil {
		t.Fatal(err)
	}
	refused := errors.New("loader went away")
	rec := &extracttest.Recorder{Refuse: refused}
	if err := x.Extract(context.Background(), extract.Window{}, rec); !errors.Is(err, refused) {
		t.Fatalf("Extract = %v, want the sink's error", err)
	}
	if len(rec.Pages) != 1 {
		t.Errorf("fetched %d pages after the sink refused the first, want 1 (%v)", len(rec.Pages), rec.Pages)
	}
}

// Another API mapped by config alone: a flat list of records with values
// as strings, a constant unit, a missing marker and a region.
func TestRecordsMappedByConfig(t *testing.T) {
	srv := serveBody(t, `{"result":{"rows":[
		{"code":"GDP","name":"地区生产总值","region":{"name":"北京"},"period":"2021年1-9月","value":"29,932.5"},
		{"code":"GDP","name":"地区生产总值","region":{"name":"天津"},"period":"2021年1-9月","value":".."},
		{"code":"GDP","name":"地区生产总值","region":{"name":"上海"},"period":"2021C","value":1.5e4}]}}`)
	opts := "url: " + srv.URL + "/q\ndataset: gdp\nrecords_path: result.rows\nfields:\n  indicator_code: code\n  indicator_name: name\n  period: period\n  value: value\n  unit: \"=亿元\"\n  dims: {region: region.name, note: \"note?\"}\n"
	rec, err := run(t, "gdp", opts, extract.Window{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.Obs) != 3 {
		t.Fatalf("got %d observations, want 3", len(rec.Obs))
	}
	bj, tj, sh := rec.Obs[0], rec.Obs[1], rec.Obs[2]
	if bj.Value == nil || *bj.Value != 2993250000000 || bj.Unit != "CNY" || bj.Scale != 1e8 || bj.Raw != "29,932.5" ||
		bj.Granularity != stats.Cumulative || !bj.PeriodEnd.Equal(time.Date(2021, 9, 30, 0, 0, 0, 0, time.UTC)) ||
		len(bj.Dims) != 1 || bj.Dims[0] != (stats.Dim{Name: "region", Value: "北京"}) {
		t.Errorf("Beijing = %+v", bj)
	}
	if tj.Value != nil || tj.Raw != ".." {
		t.Errorf("Tianjin = %+v, want NULL with raw \"..\"", tj)
	}
	if sh.Value == nil || *sh.Value != 1.5e12 || sh.Granularity != stats.Quarter || !sh.PeriodStart.Equal(time.Date(2021, 7, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("Shanghai = %+v", sh)
	}
}

// An NBS regional query: the reg dimension gives region and region_code.
func TestNBSRegions(t *testing.T) {
	srv := serveBody(t, `{"returncode":200,"returndata":{"datanodes":[
		{"code":"zb.A0301_reg.110000_sj.2020","data":{"data":2189.31,"dotcount":2,"hasdata":true,"strdata":"2189.31"},
		 "wds":[{"valuecode":"A0301","wdcode":"zb"},{"valuecode":"110000","wdcode":"reg"},{"valuecode":"2020","wdcode":"sj"}]}],
		"wdnodes":[{"wdcode":"zb","nodes":[{"code":"A0301","cname":"年末常住人口","unit":"万人"}]},
		{"wdcode":"reg","nodes":[{"code":"110000","cname":"北京市"}]},{"wdcode":"sj","nodes":[{"code":"2020","cname":"2020年"}]}]}}`)
	rec, err := run(t, "nbs", "url: "+srv.URL+"/q\ndataset: fsnd\nformat: nbs\n", extract.Window{})
	if err != nil {
		t.Fatal(err)
	}
	o := rec.Obs[0]
	names, values := o.SortedDims()
	if strings.Join(names, ",") != "region,region_code" || strings.Join(values, ",") != "北京市,110000" ||
		o.Value == nil || *o.Value != 21893100 || o.Unit != "persons" || o.PeriodText != "2020年" || o.Granularity != stats.Year {
		t.Errorf("got %+v", o)
	}
}

func TestBuildRejectsBadOptions(t *testing.T) {
	cases := []struct{ name, opts, want string }{
		{"unknown key", "url: http://x/\ndataset: d\nformat: worldbank\nmax_page: 3\n", `unknown key "max_page"`},
		{"missing url", "dataset: d\nformat: worldbank\n", `missing required key "url"`},
		{"missing dataset", "url: http://x/\nformat: worldbank\n", `missing required key "dataset"`},
		{"unknown format", "url: http://x/\ndataset: d\nformat: imf\n", `format "imf" is not one of`},
		{"records without fields", "url: http://x/\ndataset: d\n", "fields.indicator_code is required"},
		{"bad path", "url: http://x/\ndataset: d\nformat: worldbank\nfields: {value: 'data[hasdata'}\n", `fields.value "data[hasdata"`},
		{"page and param", "url: http://x/p{page}.json\ndataset: d\npagination: {param: page}\n", "use one of them"},
		{"relative url", "url: /api/x.json\ndataset: d\nformat: nbs\n", "not an absolute http(s) URL"},
		{"unknown field", "url: http://x/\ndataset: d\nformat: nbs\nfields: {values: x}\n", `unknown key "fields.values"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := jsonapi.New(source(t, "bad", c.opts), fetcher())
			if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "test.yaml: line") || !strings.Contains(err.Error(), "source bad") {
				t.Fatalf("New = %v, want an error naming file, line, source and %q", err, c.want)
			}
		})
	}
}

// The demo's json sources read the sample site as the golden tests do.
func TestDemoConfig(t *testing.T) {
	srv := site(t)
	lookup := func(k string) (string, bool) {
		if k == "SAMPLE_SITE" {
			return srv.URL, true
		}
		return "", false
	}
	cfg, err := config.Load("../../examples/demo.yaml", lookup)
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]int{"worldbank-health-gdp": 18, "nbs-soe-profits": 6} {
		src, err := cfg.Source(name)
		if err != nil {
			t.Fatal(err)
		}
		x, err := extract.Build(src, fetcher())
		if err != nil {
			t.Fatal(err)
		}
		rec := &extracttest.Recorder{}
		if err := x.Extract(context.Background(), extract.Window{}, rec); err != nil || len(rec.Obs) != want {
			t.Errorf("%s: %d observations (err %v), want %d", name, len(rec.Obs), err, want)
		}
	}
}
