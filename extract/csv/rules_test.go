package csv_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"golang.org/x/text/encoding/unicode"

	"github.com/newsetl/newsetl/extract"
	"github.com/newsetl/newsetl/extract/csv"
	"github.com/newsetl/newsetl/extract/extracttest"
	"github.com/newsetl/newsetl/transform/stats"
)

// serveFiles serves testdata/ plus in-memory files, with the given
// Content-Type ("" lets http.FileServer label .csv as UTF-8).
func serveFiles(t *testing.T, contentType string, extra map[string][]byte) *httptest.Server {
	fs := http.FileServer(http.Dir("testdata"))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if contentType != "" {
			w.Header().Set("Content-Type", contentType)
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

func extractWith(t *testing.T, srv *httptest.Server, o string) (*extracttest.Recorder, error) {
	t.Helper()
	x, err := extract.Build(source(t, "s", strings.ReplaceAll(o, "{base}", srv.URL)), fetcher())
	if err != nil {
		t.Fatal(err)
	}
	var rec extracttest.Recorder
	return &rec, x.Extract(context.Background(), extract.Window{}, &rec)
}

const deOpts = `
url: "{base}/de_bevoelkerung.cp1252.csv"
dataset: bevoelkerung
columns: {period: Stichtag, dims: [Land], values: [Einwohner]}
`

// A German CSV: ';', Windows-1252, day-first dates, "." thousands.
func TestGermanCSV(t *testing.T) {
	srv := serveFiles(t, "", nil)
	for _, extra := range []string{"", "decimal: \",\"\n"} {
		rec, err := extractWith(t, srv, deOpts+extra)
		if err != nil {
			t.Fatal(err)
		}
		if len(rec.Errors) > 0 || len(rec.Obs) != 7 {
			t.Fatalf("%q: %d obs, errors %v", extra, len(rec.Obs), rec.Errors)
		}
		// "11.103.043" proves "." groups thousands in this column, so
		// "986.887" is 986887 even without decimal:, never 986.887.
		for i, want := range map[int]float64{0: 11103043, 2: 983991, 5: 986887} {
			if o := rec.Obs[i]; value(o) != want {
				t.Errorf("%q: obs[%d] = %v (%q), want %v", extra, i, value(o), o.Raw, want)
			}
		}
		o := rec.Obs[3]
		if o.Dims[0].Value != "Thüringen" || o.PeriodStart.Format("2006-01-02") != "2020-12-31" || o.Granularity != stats.Day {
			t.Errorf("obs[3] = %+v", o)
		}
	}
	// The density column uses a decimal comma: declared, it is stored exactly.
	rec, err := extractWith(t, srv, strings.Replace(deOpts, "values: [Einwohner]", "values: [Einwohner je km²]", 1)+"decimal: \",\"\n")
	if err != nil || len(rec.Errors) > 0 {
		t.Fatal(err, rec.Errors)
	}
	if value(rec.Obs[0]) != 310.6 || value(rec.Obs[5]) != 384.3 {
		t.Errorf("density = %v, %v", value(rec.Obs[0]), value(rec.Obs[5]))
	}
	// Declared wrongly (decimal "."), the column contradicts it: an error,
	// and "983.991" is not stored as 983.991.
	rec, err = extractWith(t, srv, deOpts+"decimal: \".\"\n")
	if err == nil || len(rec.Obs) != 0 || !strings.Contains(err.Error(), `column "Einwohner": decimal "." is declared, but the cell "11.103.043" writes "," as the decimal mark`) {
		t.Errorf("decimal \".\": %v, %d obs", err, len(rec.Obs))
	}
}

// A one-column-of-evidence file: "986.887" alone is ambiguous.
func TestAmbiguousCellNamesRowAndColumn(t *testing.T) {
	body := []byte("Jahr;Land;Einwohner\n2019;Saarland;986.887\n2019;Bremen;681.202\n2019;Berlin;3669491\n")
	srv := serveFiles(t, "", map[string][]byte{"/amb.csv": body})
	rec, err := extractWith(t, srv, "url: \"{base}/amb.csv\"\ndataset: d\ncolumns: {period: Jahr, dims: [Land], values: [Einwohner]}\n")
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.Obs) != 1 || value(rec.Obs[0]) != 3669491.0 || len(rec.Errors) != 2 {
		t.Fatalf("%d obs, errors %v", len(rec.Obs), rec.Errors)
	}
	want := `source s: ` + srv.URL + `/amb.csv: line 2, column "Einwohner": value "986.887": is ambiguous: "." may be a decimal mark or a thousands separator; set decimal:`
	if !strings.HasPrefix(rec.Errors[0].Error(), want) {
		t.Errorf("error = %v\nwant    %s…", rec.Errors[0], want)
	}
	if _, ok := rec.Errs[srv.URL+"/amb.csv#line-3"]; !ok {
		t.Errorf("no page error for line 3: %v", rec.Errs)
	}
}

const euOpts = `
url: "{base}/eurostat_une_rt_q.csv"
dataset: une_rt_q
skip_rows: 1
missing: [":"]
unit: "%"
columns: {period: TIME, value: OBS_VALUE, indicator: {code: UNE_RT_Q, name: Unemployment rate}, dims: [GEO]}
`

// BOM, a title line, ";" and a decimal comma (proved by the cells), ":" for
// missing, and a "Source:" footer.
func TestFooterSkippedOrError(t *testing.T) {
	srv := serveFiles(t, "", nil)
	rec, err := extractWith(t, srv, euOpts+"skip_footer: 1\n")
	if err != nil || len(rec.Errors) > 0 || len(rec.Obs) != 5 {
		t.Fatalf("skip_footer: %v, %d obs, %v", err, len(rec.Obs), rec.Errors)
	}
	if o := rec.Obs[1]; value(o) != 13.1 || o.Unit != "percent" || o.Granularity != stats.Quarter || o.PeriodStart.Format("2006-01-02") != "2021-07-01" {
		t.Errorf("EL 2021-Q3 = %+v", o)
	}
	if o := rec.Obs[2]; o.Value != nil || o.Raw != ":" {
		t.Errorf("IS: %+v, want missing", o)
	}
	// skip_non_periods: the footer's first cell is no period.
	rec, err = extractWith(t, srv, euOpts+"skip_non_periods: true\n")
	if err != nil || len(rec.Errors) > 0 || len(rec.Obs) != 5 {
		t.Errorf("skip_non_periods: %v, %d obs, %v", err, len(rec.Obs), rec.Errors)
	}
	// Neither: the footer is an error naming its line; the rows still load.
	rec, err = extractWith(t, srv, euOpts)
	if err != nil || len(rec.Obs) != 5 || len(rec.Errors) != 1 ||
		!strings.Contains(rec.Errors[0].Error(), `line 8: "Source: Eurostat (une_rt_q), extracted 2022-02-01" looks like a note or footer line`) {
		t.Errorf("no skip: %v, %d obs, %v", err, len(rec.Obs), rec.Errors)
	}
	// Default missing marks do not include ":" here? They do not: without
	// missing: [":"] the ":" cell is an error, not a NULL.
	rec, err = extractWith(t, srv, strings.Replace(euOpts, "missing: [\":\"]\n", "", 1)+"skip_footer: 1\n")
	if err != nil || len(rec.Obs) != 4 || len(rec.Errors) != 1 || !strings.Contains(rec.Errors[0].Error(), `value ":"`) {
		t.Errorf("\":\" not a missing mark: %v, %d obs, %v", err, len(rec.Obs), rec.Errors)
	}
}

// A UTF-16 file with a BOM, both byte orders, tab-separated (Excel's
// "Unicode text").
func TestUTF16WithBOM(t *testing.T) {
	text := "年份\t地区\t数值\r\n2020\t北京\t2967.9\r\n2020\t上海\t2852.6\r\n"
	le, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(text))
	be, _ := unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(text))
	srv := serveFiles(t, "application/octet-stream", map[string][]byte{"/le.csv": le, "/be.csv": be})
	for _, f := range []string{"le.csv", "be.csv"} {
		rec, err := extractWith(t, srv, "url: \"{base}/"+f+"\"\ndataset: d\nunit: 亿元\ncolumns: {period: 年份, value: 数值, indicator: {code: THE, name: 卫生总费用}, dims: [地区]}\n")
		if err != nil || len(rec.Errors) > 0 || len(rec.Obs) != 2 {
			t.Fatalf("%s: %v, %v, %d obs", f, err, rec.Errors, len(rec.Obs))
		}
		if o := rec.Obs[1]; o.Dims[0].Value != "上海" || value(o) != 285260000000.0 || o.Unit != "CNY" {
			t.Errorf("%s: %+v", f, o)
		}
	}
}

func TestDetectEncoding(t *testing.T) {
	de, err := os.ReadFile("testdata/de_bevoelkerung.cp1252.csv")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		raw  []byte
		want string
	}{
		{de, "windows-1252"},
		{[]byte("\xEF\xBB\xBFa,b\n"), "utf-8"},
		{[]byte("a,b\nü,1\n"), "utf-8"},
		{[]byte("\xFF\xFEa\x00"), "utf-16le"},
		{[]byte("a\x00,\x00b\x00\n\x001\x00,\x002\x00\n\x00"), "utf-16le"},
		{gbk(t, "年份,地区\n2020,北京\n"), "gb18030"},
	} {
		_, name, err := csv.DetectEncoding(c.raw)
		if err != nil || name != c.want {
			t.Errorf("DetectEncoding(%q) = %q, %v; want %q", c.raw, name, err, c.want)
		}
	}
	// Bytes no encoding explains: an error asking for encoding:, not a guess.
	if _, name, err := csv.DetectEncoding([]byte("a,b\n\x81\x82\x83\x84\x85,1\n")); err == nil || !strings.Contains(err.Error(), "set encoding:") {
		t.Errorf("undetectable bytes: %q, %v", name, err)
	}
}

func TestSniffDelimiter(t *testing.T) {
	for _, c := range []struct {
		lines []string
		want  rune
	}{
		{[]string{"a;b;c", "1;2,5;3", "4;5;6"}, ';'},
		{[]string{"a,b,c", `1,"2;5",3`}, ','},
		{[]string{"a\tb\tc", "1\t2\t3"}, '\t'},
		{[]string{"a|b|c", "1|2|3"}, '|'},
		{[]string{"single column", "1"}, ','},
	} {
		if got := csv.SniffDelimiter(c.lines); got != c.want {
			t.Errorf("SniffDelimiter(%q) = %q, want %q", c.lines, got, c.want)
		}
	}
}

// FuzzReadRecords: the dialect reader never panics, and every record's
// line is within the text.
func FuzzReadRecords(f *testing.F) {
	f.Add("a;b\n1;2\n", 0, 0, "")
	f.Add("\ntitle\n\"x\";\"y\"\n1,5;2\nSource: z\n", 1, 1, `^Source`)
	f.Add("a,\"b\nc\",d\n", 0, 0, "")
	f.Fuzz(func(t *testing.T, text string, skip, footer int, stop string) {
		d := csv.Dialect{SkipRows: skip & 7, SkipFooter: footer & 7}
		recs, _, err := csv.ReadRecords(text, d)
		if err != nil {
			return
		}
		lines := strings.Count(text, "\n") + 1
		for _, r := range recs {
			if r.Line < 1 || r.Line > lines {
				t.Fatalf("record at line %d of %d", r.Line, lines)
			}
		}
	})
}

// "2011-12" is ambiguous alone; a monthly column proves months; a year
// for "1-11月" comes from the URL.
func TestMonthsAndYearFromURL(t *testing.T) {
	monthly := []byte("month,value\n2011-11,5.1\n2011-12,5.3\n2012-01,5.0\n")
	zh := []byte("月份,数值\n1-10月,10.5\n1-11月,11.2\n")
	srv := serveFiles(t, "", map[string][]byte{"/m.csv": monthly, "/2021/cum.csv": zh})
	rec, err := extractWith(t, srv, "url: \"{base}/m.csv\"\ndataset: d\ncolumns: {period: month, values: [value]}\n")
	if err != nil || len(rec.Errors) > 0 || len(rec.Obs) != 3 || rec.Obs[1].Granularity != stats.Month || rec.Obs[1].PeriodStart.Format("2006-01") != "2011-12" {
		t.Errorf("monthly: %v %v %+v", err, rec.Errors, rec.Obs)
	}
	rec, err = extractWith(t, srv, "url: \"{base}/2021/cum.csv\"\ndataset: d\nperiod_year: url\ncolumns: {period: 月份, values: [数值]}\n")
	if err != nil || len(rec.Errors) > 0 || len(rec.Obs) != 2 || rec.Obs[1].Granularity != stats.Cumulative || rec.Obs[1].PeriodEnd.Format("2006-01-02") != "2021-11-30" {
		t.Errorf("period_year url: %v %v %+v", err, rec.Errors, rec.Obs)
	}
	rec, err = extractWith(t, srv, "url: \"{base}/2021/cum.csv\"\ndataset: d\ncolumns: {period: 月份, values: [数值]}\n")
	if err != nil || len(rec.Obs) != 0 || len(rec.Errors) != 2 || !strings.Contains(rec.Errors[0].Error(), `period "1-10月" has no year`) {
		t.Errorf("no year: %v %v", err, rec.Errors)
	}
}

// FuzzCSVRead: reading any text through a long and a wide mapping never
// panics, and every observation it returns carries its raw text.
func FuzzCSVRead(f *testing.F) {
	f.Add("年份;地区;数值\n2020;北京;2.967,9\n2021;上海;..\nSource: x\n")
	f.Add(";\"\";;\n;\"1985\";\"1993\"\n\"   A ...\";\" \";\" \"\n\"      b\";\".\";\"1.613\"\n")
	long, err := extract.Build(source(f, "l", "url: http://h/x.csv\ndataset: d\ncolumns: {period: 年份, dims: [地区], values: [数值]}\n"), fetcher())
	if err != nil {
		f.Fatal(err)
	}
	wide, err := extract.Build(source(f, "w", "url: http://h/x.csv\ndataset: d\nlayout: periods-in-columns\nheader_rows: 2\ngroup_dim: g\n"), fetcher())
	if err != nil {
		f.Fatal(err)
	}
	page := &extract.Page{URL: "http://h/x.csv"}
	f.Fuzz(func(t *testing.T, text string) {
		for _, x := range []extract.Extractor{long, wide} {
			obs, _, err := x.(*csv.Source).Read([]byte(text), page)
			if err != nil {
				continue
			}
			for _, o := range obs {
				if o.Value != nil && o.Raw == "" {
					t.Fatalf("a value without its raw text: %+v", o)
				}
			}
		}
	})
}

// A row holding only its period is a row of missing values, not a note.
func TestPeriodOnlyRowIsMissing(t *testing.T) {
	body := []byte("year,a,b\n2020,1.5,2.5\n2021,,\n")
	srv := serveFiles(t, "", map[string][]byte{"/p.csv": body})
	rec, err := extractWith(t, srv, "url: \"{base}/p.csv\"\ndataset: d\ncolumns: {period: year, values: [a, b]}\n")
	if err != nil || len(rec.Errors) > 0 || len(rec.Obs) != 4 || rec.Obs[2].Value != nil || rec.Obs[3].Value != nil {
		t.Errorf("%v %v %+v", err, rec.Errors, rec.Obs)
	}
}

// Title lines before the header are found without skip_rows: the header is
// the first record holding every mapped column.
func TestHeaderFoundAfterTitle(t *testing.T) {
	srv := serveFiles(t, "", nil)
	rec, err := extractWith(t, srv, strings.Replace(euOpts, "skip_rows: 1\n", "", 1)+"skip_footer: 1\n")
	if err != nil || len(rec.Errors) > 0 || len(rec.Obs) != 5 || value(rec.Obs[0]) != 6.9 {
		t.Errorf("%v %v %d obs", err, rec.Errors, len(rec.Obs))
	}
}
