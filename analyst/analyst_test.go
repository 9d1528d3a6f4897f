package analyst_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"

	"github.com/newsetl/newsetl/analyst"
	"github.com/newsetl/newsetl/load"
	"github.com/newsetl/newsetl/load/loadtest"
	"github.com/newsetl/newsetl/record"
	"github.com/newsetl/newsetl/transform/stats"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// fixture writes three articles (two sources, English and Chinese) whose
// facts carry metrics and entities, and a statistics series with a
// missing value, and returns the store and a read-only connection.
func fixture(t *testing.T) (*load.Store, driver.Conn, string) {
	t.Helper()
	ctx := context.Background()
	cfg := loadtest.Config(t)
	s, err := load.Open(ctx, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	type fact struct {
		metric, entity, unit, period string
		value                        float64
	}
	write := func(id uint64, source, lang, url, published string, facts []fact) {
		pub := day(published).Add(9 * time.Hour)
		a := record.Article{ArticleID: id, Source: source, URL: url, Title: "release " + published, PublishedAt: pub, Lang: lang,
			Body: "body", ContentHash: "h", FetchedAt: pub, Version: 1}
		var fs []record.Fact
		for i, f := range facts {
			end := day(f.period)
			fs = append(fs, record.Fact{FactID: id*100 + uint64(i), ArticleID: id, Version: 1, Source: source, URL: url, PublishedAt: pub,
				Lang: lang, Figure: "x", Value: f.value, Kind: "count", Unit: f.unit, Subject: f.metric, Metric: f.metric, Entity: f.entity,
				PeriodEnd: &end, PeriodGranularity: "month", Sentence: "s", Position: uint32(i), ParsedAt: pub, ValueLow: f.value, ValueHigh: f.value})
		}
		if err := s.WriteVersions(ctx, []record.Article{a}, fs); err != nil {
			t.Fatal(err)
		}
	}
	write(1, "sasac-en", "en", "http://sample.test/en/1.html", "2021-10-29", []fact{
		{"medical_institution", "", "", "2021-09-30", 1154},
		{"bed", "China Resources Group", "", "2021-09-30", 18000},
	})
	write(2, "sasac-en", "en", "http://sample.test/en/2.html", "2021-12-20", []fact{
		{"medical_institution", "", "", "2021-11-30", 1160},
		{"bed", "China Resources Group", "", "2021-11-30", 18500},
	})
	write(3, "sasac-zh", "zh", "http://sample.test/zh/3.html", "2021-12-21", []fact{
		{"medical_institution", "", "家", "2021-11-30", 1160},
		{"bed", "华润集团", "张", "2021-11-30", 18500},
	})
	v := func(f float64) *float64 { return &f }
	var obs []record.Observation
	for i, o := range []struct {
		region, period string
		value          *float64
		unit           string
	}{{"全国", "2019", v(65841.4e8), "CNY"}, {"全国", "2020", v(72306.4e8), "CNY"}, {"北京", "2020", v(2967.9e8), "CNY"}, {"福建", "2020", nil, "CNY"}} {
		start := day(o.period + "-01-01")
		obs = append(obs, record.Observation{Observation: stats.Observation{
			Source: "nhc-csv", Dataset: "by-region", IndicatorCode: "卫生总费用", IndicatorName: "卫生总费用",
			Dims: []stats.Dim{{Name: "地区", Value: o.region}}, PeriodStart: start, PeriodEnd: start.AddDate(1, 0, -1), Granularity: "year",
			PeriodText: o.period, Value: o.value, Unit: o.unit, Scale: 1e8, Raw: "x", URL: "http://sample.test/stats.csv", FetchedAt: day("2026-01-02"),
		}, SeriesKey: uint64(i + 1), ValueKey: uint64(i + 1), FirstSeenAt: day("2026-01-02")})
	}
	if err := s.WriteObservations(ctx, obs); err != nil {
		t.Fatal(err)
	}
	conn, err := analyst.Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return s, conn, cfg.Database
}

func TestAnalystQueries(t *testing.T) {
	ctx := context.Background()
	s, _, db := fixture(t)
	conn := s.Conn() // a read-write connection: the functions set readonly themselves

	ms, err := analyst.Metrics(ctx, conn, db)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range ms {
		got = append(got, m.Metric+":"+strings.Join(m.Sources, "+")+":"+strings.Join(m.Units, "/")+":"+m.First.Format(time.DateOnly)+".."+m.Last.Format(time.DateOnly))
	}
	if want := "bed:sasac-en+sasac-zh:/张:2021-09-30..2021-11-30 medical_institution:sasac-en+sasac-zh:/家:2021-09-30..2021-11-30"; strings.Join(got, " ") != want {
		t.Errorf("Metrics:\n got %s\nwant %s", strings.Join(got, " "), want)
	}

	for _, tc := range []struct {
		name string
		f    analyst.Filter
		want string // source entity period value unit, by entity, unit, source, period
	}{
		{"all", analyst.Filter{Metric: "medical_institution"}, "sasac-en  2021-09-30 1154 |sasac-en  2021-11-30 1160 |sasac-zh  2021-11-30 1160 家"},
		{"unit ''", analyst.Filter{Metric: "medical_institution", Units: []string{""}}, "sasac-en  2021-09-30 1154 |sasac-en  2021-11-30 1160 "},
		{"source", analyst.Filter{Metric: "medical_institution", Source: "sasac-zh"}, "sasac-zh  2021-11-30 1160 家"},
		{"from", analyst.Filter{Metric: "medical_institution", From: day("2021-10-01")}, "sasac-en  2021-11-30 1160 |sasac-zh  2021-11-30 1160 家"},
		{"to", analyst.Filter{Metric: "medical_institution", To: day("2021-09-30")}, "sasac-en  2021-09-30 1154 "},
		{"entity", analyst.Filter{Metric: "bed", Entity: "华润集团"}, "sasac-zh 华润集团 2021-11-30 18500 张"},
		{"quote in value is a parameter", analyst.Filter{Metric: "bed' OR '1'='1"}, ""},
		{"any entity", analyst.Filter{Metric: "bed"}, "sasac-en China Resources Group 2021-09-30 18000 |sasac-en China Resources Group 2021-11-30 18500 |sasac-zh 华润集团 2021-11-30 18500 张"},
		{"no entity named: none of bed", analyst.Filter{Metric: "bed", ExactEntity: true}, ""},
		{"no entity named", analyst.Filter{Metric: "medical_institution", ExactEntity: true, Source: "sasac-zh"}, "sasac-zh  2021-11-30 1160 家"},
		{"limit", analyst.Filter{Metric: "medical_institution", Limit: 2}, "sasac-en  2021-09-30 1154 |sasac-en  2021-11-30 1160 "},
	} {
		rows, err := analyst.MetricSeries(ctx, conn, db, tc.f)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		var got []string
		for _, r := range rows {
			got = append(got, strings.Join([]string{r.Source, r.Entity, r.PeriodEnd.Format(time.DateOnly), analystValue(r.Value), r.Unit}, " "))
		}
		if strings.Join(got, "|") != tc.want {
			t.Errorf("MetricSeries %s (%s):\n got %q\nwant %q", tc.name, tc.f, strings.Join(got, "|"), tc.want)
		}
		if len(rows) > 0 && (rows[0].URL == "" || rows[0].Title == "" || rows[0].PublishedAt.IsZero()) {
			t.Errorf("%s: row without its publication: %+v", tc.name, rows[0])
		}
	}

	if _, err := analyst.MetricSeries(ctx, conn, db, analyst.Filter{Metric: "bed", Entity: "华润集团", ExactEntity: true}); err == nil || !strings.Contains(err.Error(), "ExactEntity") {
		t.Errorf("ExactEntity with an entity: %v, want an error (it selects the figures naming none)", err)
	}

	rows, err := analyst.StatisticsSeries(ctx, conn, db, analyst.StatFilter{Series: "卫生总费用", From: day("2020-01-01")})
	if err != nil {
		t.Fatal(err)
	}
	var stat []string
	for _, r := range rows {
		val := "NULL"
		if r.Value != nil {
			val = analystValue(*r.Value)
		}
		stat = append(stat, strings.Join(r.DimValues, ",")+" "+r.PeriodText+" "+val)
	}
	if want := "全国 2020 7230640000000|北京 2020 296790000000|福建 2020 NULL"; strings.Join(stat, "|") != want {
		t.Errorf("StatisticsSeries:\n got %q\nwant %q", strings.Join(stat, "|"), want)
	}
	ins, err := analyst.StatisticsIndicators(ctx, conn, db)
	if err != nil || len(ins) != 1 || ins[0].Code != "卫生总费用" || ins[0].Rows != 4 {
		t.Errorf("StatisticsIndicators: %+v %v", ins, err)
	}
}

func analystValue(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

func TestQueryIsReadOnly(t *testing.T) {
	ctx := context.Background()
	_, conn, db := fixture(t)
	res, err := analyst.Query(ctx, conn, "SELECT metric, value, entity FROM metric_series WHERE source = 'sasac-zh' ORDER BY metric", 0)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(res.Columns, ",") != "metric,value,entity" || strings.Join(res.Types, ",") != "String,Float64,String" || len(res.Rows) != 2 ||
		res.Rows[1][0] != "medical_institution" || res.Rows[0][2] != "华润集团" || res.Rows[1][1] != 1160.0 {
		t.Errorf("unqualified names in the configured database: %+v", res)
	}
	for _, q := range []string{
		"CREATE TABLE " + db + ".scratch (a UInt8) ENGINE = Memory",
		"DROP TABLE " + db + ".facts",
		"ALTER TABLE " + db + ".facts DELETE WHERE 1",
		"INSERT INTO " + db + ".ingest_runs (source) SELECT 'x'",
		// A query cannot lower the level it runs at.
		"INSERT INTO " + db + ".ingest_runs (source) SELECT 'x' SETTINGS readonly = 0",
		"SET readonly = 0",
		"SELECT count() FROM " + db + ".facts SETTINGS readonly = 0",
	} {
		_, err := analyst.Query(ctx, conn, q, 0)
		var ex *clickhouse.Exception
		if !errors.As(err, &ex) || ex.Code != 164 || !strings.Contains(err.Error(), "readonly") {
			t.Errorf("%s: %v, want the server's readonly refusal (code 164)", q, err)
		}
	}
	var n uint64
	if err := conn.QueryRow(ctx, "SELECT count() FROM "+db+".ingest_runs WHERE source = 'x'").Scan(&n); err != nil || n != 0 {
		t.Errorf("%d runs of source x after the refused writes (%v), want 0", n, err)
	}
	res, err = analyst.Query(ctx, conn, "SELECT value FROM system.settings WHERE name = 'readonly'", 0)
	if err != nil || len(res.Rows) != 1 || res.Cell(0, 0) != "2" {
		t.Errorf("readonly = %v (%v)", res, err)
	}
}

// TestQueryReadOnlyOnAnyConnection: the readonly setting travels with each
// query of the package, so even a plain read-write connection refuses
// writes. (Not load.Store's connection: it retries code 164, READONLY, as
// a replica's passing state.)
func TestQueryReadOnlyOnAnyConnection(t *testing.T) {
	s := loadtest.Store(t)
	conn, err := clickhouse.Open(&clickhouse.Options{Addr: []string{loadtest.Config(t).Addr}})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_, err = analyst.Query(context.Background(), conn, "CREATE TABLE "+s.Database()+".scratch (a UInt8) ENGINE = Memory", 0)
	if err == nil || !strings.Contains(err.Error(), "readonly") {
		t.Errorf("CREATE on a read-write connection: %v, want the server's readonly refusal", err)
	}
}
