package load_test

import (
	"context"
	"testing"
	"time"

	"github.com/newsetl/newsetl/load/loadtest"
	"github.com/newsetl/newsetl/record"
)

// TestFactSubjectHeadAndTarget writes a fact with a subject head and a
// target period (migration 0007) and reads both back through facts_latest.
func TestFactSubjectHeadAndTarget(t *testing.T) {
	s := loadtest.Store(t)
	ctx := context.Background()
	pub := time.Date(2021, 12, 20, 0, 0, 0, 0, time.UTC)
	end := time.Date(2030, 12, 31, 0, 0, 0, 0, time.UTC)
	a := record.Article{ArticleID: 7, Source: "s", URL: "http://example.test/a", PublishedAt: pub, Lang: "en",
		ContentHash: "h", FetchedAt: pub, Version: 1}
	f := record.Fact{FactID: 70, ArticleID: 7, Version: 1, Source: "s", PublishedAt: pub, Lang: "en", Figure: "30%",
		Value: 30, Kind: "percent", Subject: "greenhouse gas emissions", SubjectHead: "emission",
		PeriodStart: &end, PeriodEnd: &end, PeriodGranularity: "year", PeriodTarget: true, ParsedAt: pub}
	if err := s.WriteVersions(ctx, []record.Article{a}, []record.Fact{f}); err != nil {
		t.Fatal(err)
	}
	var head string
	var target uint8
	if err := s.Conn().QueryRow(ctx, "SELECT subject_head, period_target FROM "+s.Database()+".facts_latest WHERE fact_id = 70").
		Scan(&head, &target); err != nil {
		t.Fatal(err)
	}
	if head != "emission" || target != 1 {
		t.Fatalf("subject_head %q, period_target %d; want \"emission\", 1", head, target)
	}
}
