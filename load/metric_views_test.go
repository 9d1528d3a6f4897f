package load_test

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/newsetl/newsetl/load"
	"github.com/newsetl/newsetl/load/loadtest"
	"github.com/newsetl/newsetl/record"
)

// viewFact is one figure of a synthetic article version for the view tests.
type viewFact struct {
	metric, entity string
	value          float64
	unit           string
	position       uint32
	periodEnd      string // "" for none (NULL)
	change, down   bool
	target         bool
}

// writeVersion writes one article version and its facts, as ingest would.
func writeVersion(t *testing.T, s *load.Store, source, url string, id uint64, version uint64, published string, facts ...viewFact) {
	t.Helper()
	pub, err := time.Parse("2006-01-02", published)
	if err != nil {
		t.Fatal(err)
	}
	a := record.Article{ArticleID: id, Source: source, URL: url, Title: "title of " + url, PublishedAt: pub, Lang: "en",
		Body: "body", ContentHash: fmt.Sprint(version), FetchedAt: pub, Version: version}
	var rows []record.Fact
	for _, f := range facts {
		r := record.Fact{FactID: id*1000 + version*100 + uint64(f.position), ArticleID: id, Version: version, Source: source, URL: url,
			PublishedAt: pub, Lang: "en", Figure: fmt.Sprint(f.value), Value: f.value, ValueLow: f.value, ValueHigh: f.value,
			Kind: "count", Unit: f.unit, Metric: f.metric, Entity: f.entity, Position: f.position, Sentence: "s", ParsedAt: pub,
			IsChange: f.change, PeriodTarget: f.target, PeriodGranularity: "day"}
		if f.down {
			r.Direction = "down"
		}
		if f.periodEnd != "" {
			end, err := time.Parse("2006-01-02", f.periodEnd)
			if err != nil {
				t.Fatal(err)
			}
			r.PeriodStart, r.PeriodEnd = &end, &end
		}
		rows = append(rows, r)
	}
	if err := s.WriteVersions(context.Background(), []record.Article{a}, rows); err != nil {
		t.Fatal(err)
	}
}

// viewRows returns the rows of a query over one database as "a|b|c" strings, sorted.
func viewRows(t *testing.T, s *load.Store, query string) []string {
	t.Helper()
	rows, err := s.Conn().Query(context.Background(), strings.ReplaceAll(query, "DB.", s.Database()+"."))
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var a, b, c string
		if err := rows.Scan(&a, &b, &c); err != nil {
			t.Fatal(err)
		}
		out = append(out, a+"|"+b+"|"+c)
	}
	sort.Strings(out)
	return out
}

func TestMetricSeriesRules(t *testing.T) {
	s := loadtest.Store(t)
	// Two publications of one source about the same period: the later wins.
	writeVersion(t, s, "src", "https://x.example/1", 1, 10, "2021-12-01",
		viewFact{metric: "bed", entity: "Gansu", value: 100, position: 5, periodEnd: "2021-11-30"},
		// two figures of one key in one article: the first (smallest position) wins
		viewFact{metric: "revenue", value: 7, unit: "CNY", position: 9, periodEnd: "2021-11-30"},
		viewFact{metric: "revenue", value: 1, unit: "USD", position: 12, periodEnd: "2021-11-30"},
		// a fall is negative; a target is left out; no period: the publication day
		viewFact{metric: "revenue_growth", value: 3.5, unit: "percent", position: 20, periodEnd: "2021-11-30", change: true, down: true},
		viewFact{metric: "bed", entity: "Gansu", value: 999, position: 30, periodEnd: "2030-12-31", target: true},
		viewFact{metric: "hospital", value: 31, position: 40},
		viewFact{metric: "", value: 5, position: 50, periodEnd: "2021-11-30"})
	writeVersion(t, s, "src", "https://x.example/2", 2, 10, "2021-12-05",
		viewFact{metric: "bed", entity: "Gansu", value: 120, position: 3, periodEnd: "2021-11-30"})
	// Another source keeps its own row.
	writeVersion(t, s, "other", "https://y.example/1", 3, 10, "2021-11-20",
		viewFact{metric: "bed", entity: "Gansu", value: 90, position: 1, periodEnd: "2021-11-30"})

	got := viewRows(t, s, "SELECT concat(metric, ' ', entity), concat(toString(period_end), ' ', source), concat(toString(value), ' ', unit, ' ', title) FROM DB.metric_series")
	want := []string{
		"bed Gansu|2021-11-30 other|90  title of https://y.example/1",
		"bed Gansu|2021-11-30 src|120  title of https://x.example/2",
		"hospital |2021-12-01 src|31  title of https://x.example/1",
		"revenue |2021-11-30 src|7 CNY title of https://x.example/1",
		"revenue_growth |2021-11-30 src|-3.5 percent title of https://x.example/1",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("metric_series:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestFactRevisionsRules(t *testing.T) {
	s := loadtest.Store(t)
	// A named holder: chains across articles and sources.
	writeVersion(t, s, "a", "https://a.example/1", 1, 10, "2021-12-01",
		viewFact{metric: "medical_institution", entity: "China Resources Group", value: 182, position: 1, periodEnd: "2021-11-30"},
		viewFact{metric: "hospital", value: 50, position: 2, periodEnd: "2021-11-30"},
		viewFact{metric: "bed", value: 100, position: 3, periodEnd: "2021-11-30"},
		viewFact{metric: "bed", value: 200, position: 4, periodEnd: "2021-11-30"})
	writeVersion(t, s, "b", "https://b.example/1", 2, 10, "2021-12-03",
		viewFact{metric: "medical_institution", entity: "China Resources Group", value: 182, position: 7, periodEnd: "2021-11-30"}) // the same value: no row
	writeVersion(t, s, "b", "https://b.example/2", 3, 10, "2021-12-09",
		viewFact{metric: "medical_institution", entity: "China Resources Group", value: 185, position: 2, periodEnd: "2021-11-30"},
		// no holder named: another article's 51 hospitals are not a revision
		viewFact{metric: "hospital", value: 51, position: 3, periodEnd: "2021-11-30"})
	// A revised page: article 1 again, its second bed figure changed; a third version repeats it.
	writeVersion(t, s, "a", "https://a.example/1", 1, 11, "2021-12-01",
		viewFact{metric: "medical_institution", entity: "China Resources Group", value: 182, position: 1, periodEnd: "2021-11-30"},
		viewFact{metric: "hospital", value: 50, position: 2, periodEnd: "2021-11-30"},
		viewFact{metric: "bed", value: 100, position: 3, periodEnd: "2021-11-30"},
		viewFact{metric: "bed", value: 210, position: 4, periodEnd: "2021-11-30"})
	writeVersion(t, s, "a", "https://a.example/1", 1, 12, "2021-12-01",
		viewFact{metric: "bed", value: 100, position: 3, periodEnd: "2021-11-30"},
		viewFact{metric: "bed", value: 210, position: 4, periodEnd: "2021-11-30"})
	// Facts whose article row never came (an interrupted write) are no report.
	if err := s.WriteFacts(context.Background(), []record.Fact{{FactID: 99, ArticleID: 1, Version: 13, Source: "a", URL: "https://a.example/1",
		Metric: "bed", Value: 300, Position: 4, PeriodEnd: ptrDate("2021-11-30"), PublishedAt: time.Date(2021, 12, 1, 0, 0, 0, 0, time.UTC)}}); err != nil {
		t.Fatal(err)
	}

	got := viewRows(t, s, `SELECT concat(metric, ' ', entity, ' #', toString(ordinal)),
		concat(toString(revision), ' ', cause, ' ', source, ' v', toString(version)),
		concat(toString(value), ' after ', ifNull(toString(previous_value), 'NULL')) FROM DB.fact_revisions`)
	want := []string{
		"bed  #2|1 first a v10|200 after NULL",
		"bed  #2|2 revised page a v11|210 after 200",
		"medical_institution China Resources Group #1|1 first a v10|182 after NULL",
		"medical_institution China Resources Group #1|2 later publication b v10|185 after 182",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("fact_revisions:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func ptrDate(s string) *time.Time {
	d, _ := time.Parse("2006-01-02", s)
	return &d
}
