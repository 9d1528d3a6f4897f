package schedules_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/newsetl/newsetl/extract"
	"github.com/newsetl/newsetl/load/loadtest"
	"github.com/newsetl/newsetl/schedules"
	"github.com/newsetl/newsetl/transform/stats"
)

// statSource emits the observations it is given, as a statistics kind does.
type statSource struct{ obs []stats.Observation }

func (s *statSource) Extract(ctx context.Context, w extract.Window, sink extract.Sink) error {
	sink.PageFetched("http://stats.test/t.html")
	return sink.Observations(ctx, s.obs)
}

func obs(indicator, period string, value *float64, unit string) stats.Observation {
	y, _ := time.Parse("2006", period)
	return stats.Observation{Dataset: "health", IndicatorCode: indicator, IndicatorName: indicator,
		Dims: []stats.Dim{{Name: "country", Value: "China"}}, PeriodStart: y, PeriodEnd: y.AddDate(1, 0, -1),
		Granularity: stats.Year, PeriodText: period, Value: value, Unit: unit, Scale: 1, URL: "http://stats.test/t.html"}
}

// Re-fetching the same values writes nothing; a revised value is written
// beside the old one (latest view shows the new, revisions view both); a
// changed unit is an error and not loaded; a missing value stays NULL.
func TestStatisticsRevisionsAndUnitChanges(t *testing.T) {
	store := loadtest.Store(t)
	db := store.Database()
	in := &schedules.Ingester{Store: store}
	src := &statSource{obs: []stats.Observation{
		obs("gdp_share", "2016", stats.Float(6.2), "percent"),
		obs("gdp_share", "2017", stats.Float(6.4), "percent"),
		obs("gdp_share", "2018", nil, "percent"),
		obs("spending", "2016", stats.Float(4.63e12), "yuan"),
	}}
	job := schedules.Job{Source: "who", Kind: "table", Extractor: src}
	run := func() (uint64, uint32, uint32, string, uint32) {
		r, err := in.Run(context.Background(), job)
		if err != nil {
			t.Fatal(err)
		}
		return r.ObservationsWritten, r.ObservationsRevised, r.ObservationsUnchanged, r.Status, r.Errors
	}
	if w, rv, un, st, _ := run(); w != 4 || rv != 0 || un != 0 || st != "ok" {
		t.Fatalf("first run: written %d revised %d unchanged %d %s; want 4 0 0 ok", w, rv, un, st)
	}
	if w, rv, un, _, _ := run(); w != 0 || rv != 0 || un != 4 {
		t.Fatalf("same values again: written %d revised %d unchanged %d; want 0 0 4", w, rv, un)
	}
	time.Sleep(2 * time.Millisecond)                                         // versions are milliseconds
	src.obs[1] = obs("gdp_share", "2017", stats.Float(6.36), "percent")      // revised
	src.obs[3] = obs("spending", "2016", stats.Float(46.3), "trillion yuan") // unit header changed
	w, rv, un, st, errs := run()
	if w != 1 || rv != 1 || un != 2 || st != "partial" || errs != 1 {
		t.Fatalf("revision run: written %d revised %d unchanged %d %s errors %d; want 1 1 2 partial 1", w, rv, un, st, errs)
	}
	var msg string
	if err := store.Conn().QueryRow(context.Background(), "SELECT any(error) FROM "+db+".ingest_errors").Scan(&msg); err != nil ||
		!strings.Contains(msg, `unit changed from "yuan" to "trillion yuan"`) || !strings.Contains(msg, "source who") {
		t.Errorf("unit change error = %q (%v)", msg, err)
	}
	var latest float64
	if err := store.Conn().QueryRow(context.Background(), "SELECT value FROM "+db+".statistics_latest WHERE indicator_code = 'gdp_share' AND period_text = '2017'").Scan(&latest); err != nil || latest != 6.36 {
		t.Errorf("latest 2017 value = %v (%v), want the revised 6.36", latest, err)
	}
	if n := loadtest.Count(t, store, "SELECT count() FROM "+db+".statistics_revisions WHERE indicator_code = 'gdp_share' AND period_text = '2017'"); n != 2 {
		t.Errorf("2017 has %d revisions, want 2 (6.4 then 6.36)", n)
	}
	if n := loadtest.Count(t, store, "SELECT count() FROM "+db+".statistics_latest"); n != 4 {
		t.Errorf("statistics_latest has %d series, want 4", n)
	}
	if n := loadtest.Count(t, store, "SELECT count() FROM "+db+".statistics_latest WHERE value IS NULL AND period_text = '2018'"); n != 1 {
		t.Errorf("the missing 2018 value is not NULL")
	}
	var spending float64
	if err := store.Conn().QueryRow(context.Background(), "SELECT value FROM "+db+".statistics_latest WHERE indicator_code = 'spending'").Scan(&spending); err != nil || spending != 4.63e12 {
		t.Errorf("spending = %v (%v), want the old 4.63e12 kept", spending, err)
	}
}
