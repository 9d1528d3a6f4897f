package spool_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/newsetl/newsetl/extract"
	"github.com/newsetl/newsetl/schedules"
)

// fakeExtractor hands over one English document per id.
type fakeExtractor []uint64

func (f fakeExtractor) Extract(ctx context.Context, _ extract.Window, sink extract.Sink) error {
	for _, id := range f {
		url := fmt.Sprintf("https://example.org/a/%d.html", id)
		sink.PageFetched(url)
		if err := sink.Document(ctx, extract.Document{Source: "news", URL: url, Title: "t", Lang: "en",
			PublishedAt: time.Date(2021, 12, 20, 0, 0, 0, 0, time.UTC),
			Text:        fmt.Sprintf("Revenue rose 3.%d percent to 27,000 yuan in 2021.", id)}); err != nil {
			return err
		}
	}
	return nil
}

// loadThenDown lets the run read the store, then takes it down: the
// writes fail as ClickHouse going away mid-run would.
type loadThenDown struct {
	schedules.Store
	down *atomic.Bool
}

func (l *loadThenDown) ArticleHashes(ctx context.Context, source string) (map[uint64]string, error) {
	l.down.Store(false)
	defer l.down.Store(true)
	return l.Store.ArticleHashes(ctx, source)
}
