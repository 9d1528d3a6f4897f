package sdmx_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsetl/newsetl/internal/devset"

	"go.yaml.in/yaml/v3"

	"github.com/newsetl/newsetl/extract"
	"github.com/newsetl/newsetl/extract/extracttest"
	"github.com/newsetl/newsetl/transform/stats"
)

// spot is one observation to find and its expected value.
type spot struct {
	indicator, period string   // indicator code, period text
	dims              []string // name=value that must be among the dims
	value             any      // float64 or nil
	unit              string
	scale             float64
}

func TestDevsetSDMX(t *testing.T) {
	ds := devset.Dir(t, "statistics")
	srv := httptest.NewServer(http.FileServer(http.Dir(ds)))
	defer srv.Close()
	raw, err := os.ReadFile("testdata/devset/configs.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var configs map[string]map[string]any
	if err := yaml.Unmarshal([]byte(strings.ReplaceAll(string(raw), "{base}", srv.URL)), &configs); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		file    string
		obs     int
		nulls   int
		errs    []string // fragments, one per page error, in order
		fail    string   // the extraction's error
		spots   []spot
		flowFor string // every observation's indicator code, when no spot names it
	}{
		{file: "sdmx-csv/bis-der.sdmx-csv-1.0.csv", obs: 1000, nulls: 640, spots: []spot{
			{"WEBSTATS_DER_DATAFLOW", "2004", []string{"DER_CURR_LEG1=HKD", "DER_CURR_LEG2=TO1", "DER_BASIS=C"}, 14206.490766, "", 1},
			{"WEBSTATS_DER_DATAFLOW", "2002", []string{"DER_CURR_LEG1=HKD", "DER_CURR_LEG2=TO1"}, nil, "", 1},
		}},
		{file: "sdmx-csv/oecd-g20-prices.csv", obs: 41, spots: []spot{
			{"CPI", "1985", []string{"REF_AREA=CHN", "TRANSFORMATION=GY"}, 9.3, "percent", 1},
			{"CPI", "2024", []string{"REF_AREA=CHN"}, 0.2, "percent", 1},
			{"CPI", "2025", nil, 0.0, "percent", 1},
		}},
		{file: "sdmx-csv/spec-2.0/example-01.csv", obs: 2, spots: []spot{{"NA_MAIN", "2014-01", []string{"DIM_1=A", "DIM_2=B"}, 12.4, "", 1}, {"NA_MAIN", "2014-02", nil, 10.8, "", 1}}},
		{file: "sdmx-csv/spec-2.0/example-02.csv", obs: 4, spots: []spot{{"NA_MAIN", "2014-01", []string{"DIM_1=A", "MEASURE=OBS_VALUE2"}, 12.5, "", 1}}},
		{file: "sdmx-csv/spec-2.0/example-03.csv", obs: 4, spots: []spot{{"NA_MAIN", "2014-02", []string{"MEASURE=OBS_VALUE1"}, 10.8, "", 1}}},
		{file: "sdmx-csv/spec-2.0/example-04.csv", obs: 2, spots: []spot{{"NA_MAIN", "2014-01", []string{"DIM_1=A", "DIM_2=B"}, 12.4, "", 1}}},
		{file: "sdmx-csv/spec-2.0/example-05.csv", obs: 2, spots: []spot{{"NA_MAIN", "2014-02-01", []string{"DIM_1=A"}, 10.8, "", 1}}},
		{file: "sdmx-csv/spec-2.0/example-06.csv", obs: 2, spots: []spot{{"NA_MAIN", "2014-01", []string{"DIM_2=B"}, 12.4, "", 1}}},
		{file: "sdmx-csv/spec-2.0/example-07.csv", obs: 2, spots: []spot{{"NA_MAIN", "2014-02", nil, 10.8, "", 1}}},
		{file: "sdmx-csv/spec-2.0/example-08.csv", obs: 2, spots: []spot{{"NA_MAIN", "2014-01", nil, 12.4, "", 1}}},
		{file: "sdmx-csv/spec-2.0/example-09A.csv", obs: 3, spots: []spot{{"DF_NA_MAIN", "2014-01", nil, 12.4, "", 1}, {"DSD_NA_MAIN", "2014-02", nil, 10.8, "", 1}, {"DPA_NA_MAIN", "2014-03", nil, 11.2, "", 1}}},
		{file: "sdmx-csv/spec-2.0/example-09B.csv", obs: 0, errs: []string{`line 2, column MEAS_A1B1C1: OBS_VALUE: value "MEASVAL_A1B1C1": is not a number`,
			`line 3, column MEAS_A1B1C1: OBS_VALUE: value "MEASVAL_A1B1C1"`, `line 4, column MEAS_A1B1C1: OBS_VALUE: value "MEAS_A1B1C1"`, `line 4, column MEAS_C2: OBS_VALUE: value "MEAS_C2"`}},
		{file: "sdmx-csv/spec-2.0/example-10.csv", obs: 2, spots: []spot{{"NA_MAIN", "2014-02", nil, 10.8, "", 1}}},
		{file: "sdmx-csv/spec-2.0/example-11.csv", obs: 2, spots: []spot{{"DF_ID", "2014-01", nil, 12.4, "", 1}}},
		{file: "sdmx-csv/spec-2.0/example-12.csv", fail: "no observations: 2 row(s) carry no observation value"},
		{file: "sdmx-csv/spec-2.0/example-13.csv", obs: 1, errs: []string{"1 row(s) carry no observation value"}, spots: []spot{{"DF_ID", "2014-01", nil, 12.4, "", 1}}},
		{file: "sdmx-csv/spec-2.0/example-14.csv", fail: "no observations: 2 row(s) carry no observation value"},
		{file: "sdmx-csv/spec-2.0/example-15.csv", obs: 2, spots: []spot{{"NA_MAIN", "2014-02", nil, 10.8, "", 1}}},
		{file: "sdmx-csv/spec-2.0/example-16.csv", errs: []string{"the message deletes 2 observation(s)"}},
		{file: "sdmx-csv/spec-2.0/example-17.csv", errs: []string{"the message deletes 2 observation(s)"}},
		{file: "sdmx-csv/spec-2.0/example-18.csv", errs: []string{"the message deletes 2 observation(s)"}},
		{file: "sdmx-csv/spec-2.0/example-19A.csv", errs: []string{"the message deletes 1 observation(s)"}},
		{file: "sdmx-csv/spec-2.0/example-19B.csv", errs: []string{"the message deletes 1 observation(s)"}},
		{file: "sdmx-json/oecd-PART2-all-all.json", obs: 7, spots: []spot{
			{"5CLAT", "2019", []string{"LOCATION=AUS", "PER=INI", "MSR=MN"}, 11.963615756565, "percent", 1},
			{"5CLAT", "2019", []string{"LOCATION=HUN", "MSR=SE"}, 0.840296698679152, "standard error", 1},
		}},
		{file: "sdmx-json/spec-1.0/agri.json", obs: 8, spots: []spot{{"AGRI_DSD", "2014", []string{"REF_AREA=ASIKHM001"}, 350154.0, "tons", 1e3}}},
		{file: "sdmx-json/spec-1.0/exr-action-delete.json", obs: 2, errs: []string{"the message deletes 1 observation(s)"}, spots: []spot{{"EXR", "2013-01-18", []string{"CURRENCY=RUB"}, 40.3426, "", 1}}},
		{file: "sdmx-json/spec-1.0/exr-cross-section.json", obs: 4, spots: []spot{{"EXR", "2013-01-18", []string{"CURRENCY=NZD"}, 1.5931, "", 1}, {"EXR", "2013-01-21", []string{"CURRENCY=RUB"}, 40.3, "", 1}}},
		{file: "sdmx-json/spec-1.0/exr-flat.json", obs: 4, spots: []spot{{"EXR", "2013-01-21", []string{"CURRENCY=NZD"}, 1.5925, "", 1}}},
		{file: "sdmx-json/spec-1.0/exr-time-series.json", obs: 4, spots: []spot{{"EXR", "2013-01-18", []string{"CURRENCY=RUB", "FREQ=D"}, 40.3426, "", 1}}},
		{file: "sdmx-json/spec-2.1/agri.json", obs: 12, spots: []spot{{"AGRI_DSD", "2014", []string{"REF_AREA=ASIKHM001"}, 350154.0, "tons", 1e3}, {"AGRI_DSD", "2017", []string{"REF_AREA=ASIKHM"}, 5541424.0, "tons", 1e3}}},
		{file: "sdmx-json/spec-2.1/constructed-sample-full.json", obs: 12,
			errs: []string{`error 400: Invalid number of dimensions in parameter key`, `data set 2: 4 observation(s) without a value`, `data set 4, observation 0:0: OBS_VALUE: value "2013-03-18T11:00:00": is not a number`}},
		{file: "sdmx-json/spec-2.1/exr-action-delete.json", obs: 2, errs: []string{"the message deletes 1 observation(s)"}},
		{file: "sdmx-json/spec-2.1/exr-cross-section.json", obs: 4, spots: []spot{{"EXR", "2013-01-18", []string{"CURRENCY=NZD"}, 1.5931, "", 1}}},
		{file: "sdmx-json/spec-2.1/exr-flat.json", obs: 4, spots: []spot{{"EXR", "2013-01-21", []string{"CURRENCY=RUB"}, 40.3, "", 1}}},
		{file: "sdmx-json/spec-2.1/exr-time-series.json", obs: 4, spots: []spot{{"EXR", "2013-01-18", []string{"CURRENCY=NZD"}, 1.5931, "", 1}}},
		{file: "sdmx-ml/ecb-bsi.messagegroup-compact-2.0.xml", obs: 112, spots: []spot{{"d", "2005-03", []string{"REF_AREA=SE", "DD_SUFFIX=4F_N"}, 0.26, "percent", 1}, {"d", "2014-06", nil, 0.0, "percent", 1}}},
		{file: "sdmx-ml/ecb-exr-M.USD.EUR.SP00.A.generic-2.1.xml", obs: 252, spots: []spot{{"d", "1999-01", []string{"CURRENCY=USD", "FREQ=M"}, 1.16078, "USD", 1}, {"d", "2019-12", nil, 1.111345, "USD", 1}}},
		{file: "sdmx-ml/ecb-exr-ca.structurespecific-3.0.xml", obs: 3, spots: []spot{{"d", "2017", []string{"CURRENCY=CAD"}, 1.46472274509804, "CAD", 1}}},
		{file: "sdmx-ml/estat-apro_mk_pobta.footer-2.1.xml", fail: "no observations: the server will write the result to a file later (footer code 413): fetch http://ec.europa.eu/eurostat/SDMX/diss-web/file/wHsvjs7hQCy7Dqf4 once it is ready"},
		{file: "sdmx-ml/estat-cdh_e_fos.generic-2.1.xml", obs: 4, nulls: 3, spots: []spot{{"cdh_e_fos", "2009", []string{"Y_GRAD=Y_GE1990", "GEO=BE"}, 43.75, "percent", 1}, {"cdh_e_fos", "2006", []string{"Y_GRAD=TOTAL"}, nil, "percent", 1}}},
		{file: "sdmx-ml/estat-nrg_bal_s.structurespecific-2.1.xml", obs: 33, spots: []spot{{"NRG_BAL_S", "1990", []string{"geo=AL", "nrg_bal=AFC"}, 6644.088, "GWH", 1}}},
		{file: "sdmx-ml/imf-weo.structurespecific-2.1.xml", obs: 1, spots: []spot{{"WEO", "2018", []string{"COUNTRY=SVK", "INDICATOR=NGDP_R"}, 94669000000.0, "XDC", 1}}},
		{file: "sdmx-ml/insee-cna-2010-conso-si-a17.generic-2.1.xml", obs: 2, spots: []spot{{"CNA-2010-CONSO-SI-A17", "2014", []string{"SECT-INST=S13"}, 89.9, "SO", 1}, {"CNA-2010-CONSO-SI-A17", "2013", nil, 92.7, "SO", 1}}},
		{file: "sdmx-ml/istat-22_289.structurespecific-2.1.xml", obs: 8, spots: []spot{{"DCIS_POPRES1", "2019", []string{"SEX=1"}, 29131195.0, "", 1}, {"DCIS_POPRES1", "2022", []string{"SEX=2"}, 30235705.0, "", 1}}},
	}
	// Every data file of the dev set has a case.
	covered := map[string]bool{}
	for _, c := range cases {
		covered[c.file] = true
	}
	filepath.Walk(ds, func(p string, info os.FileInfo, err error) error {
		rel, _ := filepath.Rel(ds, p)
		if err == nil && !info.IsDir() && strings.HasPrefix(rel, "sdmx-") && !strings.HasSuffix(rel, ".structure.xml") && !covered[rel] {
			t.Errorf("no case for dev-set file %s", rel)
		}
		return nil
	})
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			o := fmt.Sprintf("url: %s/%s\ndataset: d\n", srv.URL, c.file)
			if n, ok := configs[c.file]; ok {
				b, err := yaml.Marshal(n)
				if err != nil {
					t.Fatal(err)
				}
				o += string(b)
			}
			x, err := extract.Build(source(t, o), fetcher())
			if err != nil {
				t.Fatal(err)
			}
			var rec extracttest.Recorder
			err = x.Extract(context.Background(), extract.Window{}, &rec)
			if c.fail != "" {
				if err == nil || !strings.Contains(err.Error(), c.fail) {
					t.Errorf("err = %v, want %q", err, c.fail)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(rec.Obs) != c.obs {
				t.Errorf("%d observations, want %d", len(rec.Obs), c.obs)
			}
			nulls := 0
			for _, o := range rec.Obs {
				if o.Value == nil {
					nulls++
				}
			}
			if nulls != c.nulls {
				t.Errorf("%d missing values, want %d", nulls, c.nulls)
			}
			var got []string
			for _, e := range rec.Errors {
				got = append(got, e.Error())
			}
			if len(c.errs) != len(got) && !(len(c.errs) > 0 && len(got) > len(c.errs) && strings.Contains(c.file, "constructed")) {
				t.Errorf("page errors %q, want %d: %q", got, len(c.errs), c.errs)
			}
			for _, want := range c.errs {
				found := false
				for _, g := range got {
					if strings.Contains(g, want) {
						found = true
					}
				}
				if !found {
					t.Errorf("no page error with %q in %q", want, got)
				}
			}
			for _, s := range c.spots {
				o := find(rec.Obs, s)
				if o == nil {
					t.Errorf("no observation %s %s %v among %d", s.indicator, s.period, s.dims, len(rec.Obs))
					continue
				}
				var v any
				if o.Value != nil {
					v = *o.Value
				}
				if v != s.value || o.Unit != s.unit || o.Scale != s.scale {
					t.Errorf("%s %s %v = %v %q ×%g (raw %q), want %v %q ×%g", s.indicator, s.period, s.dims, v, o.Unit, o.Scale, o.Raw, s.value, s.unit, s.scale)
				}
			}
		})
	}
}

func find(obs []stats.Observation, s spot) *stats.Observation {
next:
	for i, o := range obs {
		if o.IndicatorCode != s.indicator || o.PeriodText != s.period {
			continue
		}
		have := map[string]bool{}
		for _, d := range o.Dims {
			have[d.Name+"="+d.Value] = true
		}
		for _, d := range s.dims {
			if !have[d] {
				continue next
			}
		}
		return &obs[i]
	}
	return nil
}
