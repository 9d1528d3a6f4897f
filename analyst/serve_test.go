package analyst_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/newsetl/newsetl/analyst"
)

// TestServeQueries checks the queries of newsetl serve on the fixture of
// TestAnalystQueries (three articles, two sources, a statistics series
// with a missing value).
func TestServeQueries(t *testing.T) {
	ctx := context.Background()
	_, conn, db := fixture(t)

	groups, err := analyst.MetricGroups(ctx, conn, db, 10)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, g := range groups {
		var pts []string
		for _, p := range g.Points {
			pts = append(pts, p.Date.Format(time.DateOnly)+"="+analystValue(p.Value))
		}
		got = append(got, fmt.Sprintf("%s/%s/%s/%s %s rows=%d %s", g.Metric, g.Entity, g.Unit, g.Kind, strings.Join(g.Sources, "+"), g.Rows, strings.Join(pts, ",")))
	}
	want := []string{ // most periods first, then by metric, entity, unit
		"bed/China Resources Group//count sasac-en rows=2 2021-09-30=18000,2021-11-30=18500",
		"medical_institution///count sasac-en rows=2 2021-09-30=1154,2021-11-30=1160",
		"bed/华润集团/张/count sasac-zh rows=1 2021-11-30=18500",
		"medical_institution//家/count sasac-zh rows=1 2021-11-30=1160",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("MetricGroups:\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(want, "\n     "))
	}
	if limited, err := analyst.MetricGroups(ctx, conn, db, 1); err != nil || len(limited) != 1 || limited[0].Metric != "bed" {
		t.Errorf("MetricGroups limit 1 = %+v, %v", limited, err)
	}

	for metric, want := range map[string]string{
		"medical_institution": "entities [:3] sources [sasac-en:2 sasac-zh:1]",
		"bed":                 "entities [China Resources Group:2 华润集团:1] sources [sasac-en:2 sasac-zh:1]",
		"nope":                "entities [] sources []",
		"bed' OR '1'='1":      "entities [] sources []",
	} {
		es, ss, err := analyst.MetricFacets(ctx, conn, db, metric)
		if err != nil {
			t.Fatal(err)
		}
		f := func(fs []analyst.MetricFacet) string {
			var out []string
			for _, x := range fs {
				out = append(out, fmt.Sprintf("%s:%d", x.Value, x.Rows))
			}
			return "[" + strings.Join(out, " ") + "]"
		}
		if g := "entities " + f(es) + " sources " + f(ss); g != want {
			t.Errorf("MetricFacets(%q) = %s, want %s", metric, g, want)
		}
	}

	series, err := analyst.StatisticsOverview(ctx, conn, db, 10)
	if err != nil {
		t.Fatal(err)
	}
	got = nil
	for _, s := range series {
		var pts []string
		for _, p := range s.Points {
			pts = append(pts, p.Date.Format(time.DateOnly)+"="+analystValue(p.Value))
		}
		got = append(got, fmt.Sprintf("%s/%s/%s/%s %s missing=%d %s", s.Source, s.Dataset, s.Indicator, strings.Join(s.DimValues, ","), s.Unit, s.Missing, strings.Join(pts, ",")))
	}
	want = []string{
		"nhc-csv/by-region/卫生总费用/全国 CNY missing=0 2019-12-31=6584140000000,2020-12-31=7230640000000",
		"nhc-csv/by-region/卫生总费用/北京 CNY missing=0 2020-12-31=296790000000",
		"nhc-csv/by-region/卫生总费用/福建 CNY missing=1 ",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("StatisticsOverview:\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(want, "\n     "))
	}

	for _, tc := range []struct {
		dims []string
		want string
	}{
		{[]string{"全国"}, "2019 6584140000000 CNY 1|2020 7230640000000 CNY 1"},
		{[]string{"福建"}, "2020 NULL CNY 1"},
		{nil, ""},                  // the series has a dimension: no rows without it
		{[]string{"全国", "北京"}, ""}, // nor with one too many
		{[]string{"全国' OR '1'='1"}, ""},
	} {
		obs, err := analyst.StatSeriesObservations(ctx, conn, db, analyst.StatSeriesKey{Source: "nhc-csv", Dataset: "by-region", Indicator: "卫生总费用", DimValues: tc.dims})
		if err != nil {
			t.Fatalf("StatSeriesObservations %v: %v", tc.dims, err)
		}
		var rows []string
		for _, o := range obs {
			v := "NULL"
			if o.Value != nil {
				v = analystValue(*o.Value)
			}
			rows = append(rows, fmt.Sprintf("%s %s %s %d", o.PeriodText, v, o.Unit, o.Revisions))
		}
		if strings.Join(rows, "|") != tc.want {
			t.Errorf("StatSeriesObservations %q:\n got %q\nwant %q", tc.dims, strings.Join(rows, "|"), tc.want)
		}
	}

	// The fixture records no run: both health views are empty, not an error.
	if h, err := analyst.SourceHealth(ctx, conn, db); err != nil || len(h) != 0 {
		t.Errorf("SourceHealth = %+v, %v; want no row", h, err)
	}
	if d, err := analyst.SourceHealthDaily(ctx, conn, db, 30); err != nil || len(d) != 0 {
		t.Errorf("SourceHealthDaily = %+v, %v; want no row", d, err)
	}
}
