package load_test

import (
	"context"
	"testing"
	"time"

	"github.com/newsetl/newsetl/extract"
	"github.com/newsetl/newsetl/load/loadtest"
	"github.com/newsetl/newsetl/record"
	"github.com/newsetl/newsetl/schedules"
	"github.com/newsetl/newsetl/transform"
)

// TestReparseRecomputesMetricsAfterTableChange stores an English and a
// Chinese article parsed with a synonym table in which "medical
// institution" and 医疗机构 name another key, then reparses with the
// current (default) table: the table's hash is part of the parser version,
// so both articles are stale, and their new facts carry the default
// metrics and the entity the Chinese sentence names. metric_series shows
// them under one key.
func TestReparseRecomputesMetricsAfterTableChange(t *testing.T) {
	ctx := context.Background()
	s := loadtest.Store(t)
	db := s.Database()
	moved, err := transform.WithDefaults([]byte("clinic_count: [medical institution, 医疗机构]\n"))
	if err != nil {
		t.Fatal(err)
	}
	before := schedules.NewParser(moved)
	if before.Version == schedules.CurrentParser.Version {
		t.Fatalf("two tables give one parser version %q", before.Version)
	}
	docs := []extract.Document{
		{Source: "sasac-en", URL: "https://en.sasac.example/art_4512.html", Lang: "en",
			Text: "As of the end of November 2021, the completion rate of the deepening reform of 1,154 medical institutions run by central enterprises reached 99.6%."},
		{Source: "sasac-zh", URL: "https://www.sasac.example/art_4512.html", Lang: "zh",
			Text: "截至2021年11月底，中央企业所办1154家医疗机构深化改革完成率达99.6%。华润集团构建专业化运营管理体系，拥有医疗机构182家。"},
	}
	var arts []record.Article
	var facts []record.Fact
	for i, d := range docs {
		d.PublishedAt = time.Date(2021, 12, 20, 0, 0, 0, 0, time.UTC)
		d.FetchedAt = time.Date(2026, 11, 1, 8, 0, i, 0, time.UTC)
		id, hash, v := d.ID(), d.ContentHash(), uint64(d.FetchedAt.UnixMilli())
		arts = append(arts, record.Article{ArticleID: id, Source: d.Source, URL: d.URL, PublishedAt: d.PublishedAt, Lang: d.Lang,
			Body: d.Text, ContentHash: hash, FetchedAt: d.FetchedAt, Version: v, ParserVersion: before.Version})
		facts = append(facts, before.Facts(d, id, hash, v)...)
	}
	if err := s.WriteVersions(ctx, arts, facts); err != nil {
		t.Fatal(err)
	}
	if n := loadtest.Count(t, s, "SELECT count() FROM "+db+".facts_latest WHERE metric = 'clinic_count'"); n != 3 {
		t.Fatalf("before the reparse %d facts have the moved key clinic_count, want 3", n)
	}
	r := &schedules.Reparse{Store: s, Stored: s}
	res, err := r.Run(ctx, nil, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Articles != 2 {
		t.Errorf("reparsed %d articles, want 2 (the table changed)", res.Articles)
	}
	if n := loadtest.Count(t, s, "SELECT count() FROM "+db+".facts_latest WHERE metric = 'clinic_count'"); n != 0 {
		t.Errorf("after the reparse %d facts keep the old key", n)
	}
	if n := loadtest.Count(t, s, "SELECT count() FROM "+db+".facts_latest WHERE metric = 'medical_institution' AND parser_version = ?",
		schedules.CurrentParser.Version); n != 3 {
		t.Errorf("after the reparse %d facts are medical_institution at the current version, want 3", n)
	}
	if n := loadtest.Count(t, s, "SELECT count() FROM "+db+".facts_latest WHERE entity = '华润集团' AND value = 182"); n != 1 {
		t.Errorf("the figure 182 of 华润集团 has it as entity in %d facts, want 1", n)
	}
	if n := loadtest.Count(t, s, "SELECT uniqExact(source) FROM "+db+".metric_series WHERE metric = 'medical_institution' AND period_end = toDate('2021-11-30') AND value = 1154"); n != 2 {
		t.Errorf("metric_series: 1154 medical institutions in %d of the 2 languages", n)
	}
	// Run again: nothing is stale.
	if res, err := r.Run(ctx, nil, time.Time{}); err != nil || res.Articles != 0 {
		t.Errorf("a second reparse read %d articles (%v), want 0", res.Articles, err)
	}
}
