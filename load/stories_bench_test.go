package load_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/newsetl/newsetl/load/loadtest"
	"github.com/newsetl/newsetl/record"
	"github.com/newsetl/newsetl/stories"
)

// BenchmarkLinkStories measures the story linker against ClickHouse: a
// publisher with 3000 stored articles over 60 days (50 a day, 12 facts
// each, every tenth a translation of the one before), and a run's 50 new
// articles of one day linked against them (each iteration links another
// day's articles, already stored, as a run would after writing them).
func BenchmarkLinkStories(b *testing.B) {
	ctx := context.Background()
	s := loadtest.Store(b)
	r := rand.New(rand.NewPCG(16, 2026))
	day0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	var arts []record.Article
	var facts []record.Fact
	var prev []stories.Figure
	for i := range 3000 {
		src := []string{"pub-en", "pub-zh"}[i%2]
		id := uint64(i + 1)
		at := day0.AddDate(0, 0, i/50)
		figs := make([]stories.Figure, 12)
		for j := range figs {
			if j < 4 {
				figs[j] = stories.Figure{Value: float64(1 + r.IntN(50)), Kind: "count"}
			} else {
				figs[j] = stories.Figure{Value: float64(r.IntN(100000)), Kind: "count"}
			}
		}
		if i%10 == 9 {
			figs = prev
		}
		prev = figs
		a, f := storyArticle(id, src, fmt.Sprintf("https://%s.example.gov/%d.html", src[4:], id), src[4:], at.Format("2006-01-02"), 1, figs...)
		arts = append(arts, a)
		facts = append(facts, f...)
	}
	if err := s.WriteVersions(ctx, arts, facts); err != nil {
		b.Fatal(err)
	}
	linker := stories.NewLinker(s, stories.DefaultRule(), stories.Publishers{}, discard)
	b.ResetTimer()
	for i := range b.N {
		day := i % 60
		if err := linker.LinkStories(ctx, arts[day*50:day*50+50]); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	if n := loadtest.Count(b, s, "SELECT count() FROM "+s.Database()+".stories WHERE articles > 1"); b.N >= 60 && n < 200 {
		b.Errorf("%d stories of several versions after linking every day, want about 300", n)
	}
}
