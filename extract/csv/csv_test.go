package csv_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/newsetl/newsetl/config"
	"github.com/newsetl/newsetl/extract"
	"github.com/newsetl/newsetl/extract/csv"
	"github.com/newsetl/newsetl/extract/extracttest"
	"github.com/newsetl/newsetl/internal/golden"
	"github.com/newsetl/newsetl/transform/stats"
)

// site serves the sample site, labelling CSV files "text/csv" without a
// charset (as statistics servers commonly do) unless label says otherwise,
// and extra files from memory.
func site(t *testing.T, label string, extra map[string][]byte) *httptest.Server {
	fs := http.FileServer(http.Dir("../../testdata/site"))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, ".csv") && label != "" {
			w.Header().Set("Content-Type", label)
		}
		if b, ok := extra[r.URL.Path]; ok {
			w.Write(b)
			return
		}
		fs.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func source(t testing.TB, name, opts string) config.Source {
	var n yaml.Node
	if err := yaml.Unmarshal([]byte(opts), &n); err != nil {
		t.Fatal(err)
	}
	return config.Source{Name: name, Kind: "csv", Options: n.Content[0], Line: 3, File: "test.yaml"}
}

func fetcher() *extract.Fetcher {
	return extract.NewFetcher(config.Fetch{UserAgent: "t", Timeout: 2 * time.Second, RequestsPerSecond: 1000,
		RetryBackoff: time.Millisecond, MaxBodyBytes: 1 << 20}, nil, extract.AllowPrivate())
}

const opts = `
url: %s/stats/%f
dataset: health-expenditure-by-region
columns:
  period: 年份
  value: 数值
  indicator: 指标
  unit: 单位
  dims: [地区]
`

func run(t *testing.T, srv *httptest.Server, file, o string, w extract.Window) (*extracttest.Recorder, error) {
	t.Helper()
	o = strings.Replace(strings.Replace(o, "%s", srv.URL, 1), "%f", file, 1)
	x, err := extract.Build(source(t, "nhc-csv", o), fetcher())
	if err != nil {
		t.Fatal(err)
	}
	var rec extracttest.Recorder
	return &rec, x.Extract(context.Background(), w, &rec)
}

func TestGBKCSV(t *testing.T) {
	srv := site(t, "text/csv", nil)
	rec, err := run(t, srv, "health_expenditure_by_region.csv", opts, extract.Window{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.Obs) != 9 || len(rec.Pages) != 1 {
		t.Fatalf("%d observations, pages %v", len(rec.Obs), rec.Pages)
	}
	o := rec.Obs[2] // 2020,全国,卫生总费用,"72,306.4",亿元
	if o.IndicatorName != "卫生总费用" || o.IndicatorCode != "卫生总费用" || *o.Value != 7230640000000 || o.Unit != "CNY" || o.Scale != 1e8 ||
		o.Raw != "72,306.4" || o.PeriodText != "2020" || o.Granularity != stats.Year ||
		!reflect.DeepEqual(o.Dims, []stats.Dim{{Name: "地区", Value: "全国"}}) {
		t.Errorf("obs[2] = %+v", o)
	}
	if o := rec.Obs[0]; *o.Value != 6.2 || o.Unit != "percent" || o.Scale != 1 {
		t.Errorf("obs[0] = %+v", o)
	}
	if o := rec.Obs[7]; o.Dims[0].Value != "福建" || o.Value != nil || o.Raw != "……" || o.Unit != "CNY" {
		t.Errorf("obs[7] = %+v, want a NULL", o)
	}
	assertGolden(t, rec.Obs, srv.URL)
}

// assertGolden compares obs, their URLs relative to the sample site and
// without fetch times, with testdata/health_expenditure_by_region.json
// (go test -update rewrites it).
func assertGolden(t *testing.T, obs []stats.Observation, base string) {
	t.Helper()
	for i := range obs {
		obs[i].URL = strings.Replace(obs[i].URL, base, "${SAMPLE_SITE}", 1)
		obs[i].FetchedAt = time.Time{}
	}
	golden.JSON(t, "testdata/health_expenditure_by_region.json", obs)
}

func TestCharsetLabels(t *testing.T) {
	// A server that declares the real charset: the Fetcher decodes.
	srv := site(t, "text/csv; charset=gbk", nil)
	if rec, err := run(t, srv, "health_expenditure_by_region.csv", opts, extract.Window{}); err != nil || len(rec.Obs) != 9 || rec.Obs[3].Dims[0].Value != "北京" {
		t.Errorf("charset=gbk: %v, %+v", err, rec.Obs)
	}
	// http.FileServer labels .csv "text/csv; charset=utf-8": the bytes are not
	// UTF-8, so detection wins over the label and the GBK file reads right.
	srv = site(t, "", nil)
	rec, err := run(t, srv, "health_expenditure_by_region.csv", opts, extract.Window{})
	if err != nil || len(rec.Obs) != 9 || rec.Obs[3].Dims[0].Value != "北京" {
		t.Errorf("GBK labelled utf-8: %v, %+v", err, rec.Obs)
	}
	// A UTF-8 file with a BOM and semicolons, served without a charset.
	utf8CSV := []byte("\uFEFF说明：示例\n年份;地区;指标;数值;单位\n2021年11月;全国;城镇调查失业率;5.0;%\n")
	srv = site(t, "text/csv", map[string][]byte{"/stats/utf8.csv": utf8CSV})
	rec, err = run(t, srv, "utf8.csv", opts+"delimiter: \";\"\nskip_rows: 1\n", extract.Window{})
	if err != nil || len(rec.Obs) != 1 || rec.Obs[0].IndicatorName != "城镇调查失业率" || rec.Obs[0].Granularity != stats.Month || *rec.Obs[0].Value != 5 {
		t.Errorf("UTF-8 with BOM: %v, %+v", err, rec.Obs)
	}
}

func gbk(t *testing.T, s string) []byte {
	b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestRenamedColumn(t *testing.T) {
	renamed := gbk(t, "年份,地区,指标,值,单位\n2020,全国,卫生总费用,72306.4,亿元\n")
	srv := site(t, "text/csv", map[string][]byte{"/stats/renamed.csv": renamed})
	_, err := run(t, srv, "renamed.csv", opts, extract.Window{})
	want := `source nhc-csv: ` + srv.URL + `/stats/renamed.csv: column "数值" not found in header [年份 地区 指标 值 单位] (the file's columns changed?)`
	if err == nil || err.Error() != want {
		t.Errorf("err = %v\nwant  %s", err, want)
	}
	var he *csv.HeaderError
	if !errors.As(err, &he) || !reflect.DeepEqual(he.Missing, []string{"数值"}) {
		t.Errorf("err is not a HeaderError naming 数值: %#v", err)
	}
	// expect_columns: an added column is reported too.
	added := gbk(t, "年份,地区,指标,数值,单位,备注\n2020,全国,卫生总费用,72306.4,亿元,\n")
	srv = site(t, "text/csv", map[string][]byte{"/stats/added.csv": added})
	_, err = run(t, srv, "added.csv", opts+"expect_columns: [年份, 地区, 指标, 数值, 单位]\n", extract.Window{})
	if err == nil || !strings.Contains(err.Error(), `differs from expect_columns: missing [], added ["备注"]`) || !strings.Contains(err.Error(), srv.URL+"/stats/added.csv") {
		t.Errorf("added column: err = %v", err)
	}
}

func TestFixedIndicatorAndWindow(t *testing.T) {
	srv := site(t, "text/csv", nil)
	o := `
url: %s/stats/%f
dataset: d
encoding: gbk
columns: {period: 年份, value: 数值, indicator: {code: THE, name: Total health expenditure}, dims: [地区, 指标, 单位]}
unit: 亿元
`
	w := extract.Window{From: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)}
	rec, err := run(t, srv, "health_expenditure_by_region.csv", o, w)
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.Obs) != 5 {
		t.Fatalf("%d observations from 2020, want 5", len(rec.Obs))
	}
	if x := rec.Obs[0]; x.IndicatorCode != "THE" || x.IndicatorName != "Total health expenditure" || x.Unit != "CNY" || x.Scale != 1e8 || x.PeriodText != "2020" {
		t.Errorf("obs[0] = %+v", x)
	}
}

func TestConfigErrors(t *testing.T) {
	base := "url: http://h/x.csv\ndataset: d\n"
	for _, c := range []struct{ opts, want string }{
		{base, `give columns.period`},
		{base + "columns: {period: a, value: b}\n", "columns.indicator"},
		{base + "columns: {period: a, value: b, indicator: a}\n", `column "a" is mapped twice`},
		{base + "columns: {period: a, value: b, indicator: c}\nencoding: latin-9\n", `encoding "latin-9"`},
		{base + "columns: {period: a, value: b, indicator: c}\ndelimiter: ab\n", `delimiter "ab"`},
		{base + "columns: {period: a, value: b, indicator: {code: x, nom: y}}\n", `unknown key "columns.indicator.nom"`},
		{base + "columns: {period: a, value: b, indicator: c, unit: u}\nunit: 亿元\n", "not both"},
	} {
		_, err := extract.Build(source(t, "s", c.opts), fetcher())
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "source s") {
			t.Errorf("%q: err = %v, want %q", c.opts, err, c.want)
		}
	}
}

func TestDetect(t *testing.T) {
	raw, err := os.ReadFile("../../testdata/site/stats/health_expenditure_by_region.csv")
	if err != nil {
		t.Fatal(err)
	}
	if enc, name, err := csv.DetectEncoding(raw); err != nil || enc != simplifiedchinese.GB18030 || name != "gb18030" {
		t.Errorf("GBK fixture detected as %q, %v; want gb18030", name, err)
	}
}
