package load

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/newsetl/newsetl/record"
)

// StaleArticles hands every stale article over once, whatever the size of
// its month ranges, and with ranges of one month in month order (the
// order that lets a reparse batch touch few of the facts table's month
// partitions); articles at the current parser, of other sources or before
// since are left out.
func TestStaleArticlesByMonthRanges(t *testing.T) {
	s := testStore(t)
	ctx := context.Background()
	var arts []record.Article
	for i := range 60 {
		src := []string{"stats-en", "stats-zh"}[i%2]
		pv := "old"
		if i%10 == 9 {
			pv = "current"
		}
		pub := time.Date(2019+i%3, time.Month(1+(i*5)%12), 1+i%28, 0, 0, 0, 0, time.UTC)
		arts = append(arts, record.Article{ArticleID: uint64(1000 + i), Source: src, URL: fmt.Sprintf("https://stats.example.gov/%s/%d.html", src, i),
			Title: "Release", PublishedAt: pub, Lang: "en", Body: "Retail sales rose 3.2 percent.", ContentHash: fmt.Sprint(i),
			FetchedAt: pub, Version: uint64(pub.UnixMilli()), ParserVersion: pv})
	}
	if err := s.WriteArticles(ctx, arts); err != nil {
		t.Fatal(err)
	}
	since := time.Date(2019, 6, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name    string
		sources []string
		since   time.Time
	}{{"all", nil, time.Time{}}, {"one source since June 2019", []string{"stats-zh"}, since}} {
		want := map[uint64]bool{}
		for _, a := range arts {
			if a.ParserVersion == "old" && (tc.sources == nil || a.Source == tc.sources[0]) && !a.PublishedAt.Before(tc.since) {
				want[a.ArticleID] = true
			}
		}
		for _, size := range []int{5000, 7, 1} {
			t.Run(fmt.Sprintf("%s, ranges of %d", tc.name, size), func(t *testing.T) {
				defer func(n int) { staleRangeArticles = n }(staleRangeArticles)
				staleRangeArticles = size
				got := map[uint64]bool{}
				var last time.Time
				err := s.StaleArticles(ctx, tc.sources, tc.since, "current", func(a record.Article) error {
					if got[a.ArticleID] {
						t.Errorf("article %d handed over twice", a.ArticleID)
					}
					got[a.ArticleID] = true
					month := time.Date(a.PublishedAt.Year(), a.PublishedAt.Month(), 1, 0, 0, 0, 0, time.UTC)
					if size == 1 && month.Before(last) {
						t.Errorf("article %d of %s after one of %s", a.ArticleID, month.Format("2006-01"), last.Format("2006-01"))
					}
					last = month
					return nil
				})
				if err != nil {
					t.Fatal(err)
				}
				if len(got) != len(want) || len(want) == 0 {
					t.Fatalf("%d articles handed over, want %d", len(got), len(want))
				}
				for id := range want {
					if !got[id] {
						t.Errorf("stale article %d not handed over", id)
					}
				}
				n, err := s.CountStaleArticles(ctx, tc.sources, tc.since, "current")
				if err != nil || n != len(want) {
					t.Errorf("CountStaleArticles: %d, %v; want %d", n, err, len(want))
				}
			})
		}
	}
}
