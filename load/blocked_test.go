package load_test

import (
	"context"
	"testing"
	"time"

	"github.com/newsetl/newsetl/load/loadtest"
	"github.com/newsetl/newsetl/record"
)

// Migration 0006: articles carry date_source, runs pages_blocked, and
// ArticleSources says which sources hold an article id.
func TestDateSourceBlockedAndArticleSources(t *testing.T) {
	ctx := context.Background()
	s := loadtest.Store(t)
	pub := time.Date(2021, 3, 12, 0, 0, 0, 0, time.UTC)
	art := func(id uint64, source, dateSource string) record.Article {
		return record.Article{ArticleID: id, Source: source, URL: "http://x/a", Title: "t", PublishedAt: pub, DateSource: dateSource,
			ContentHash: "h", FetchedAt: pub, Version: 1}
	}
	if err := s.WriteArticles(ctx, []record.Article{art(7, "gov", "byline"), art(8, "gov", "text"), art(8, "blog", "meta")}); err != nil {
		t.Fatal(err)
	}
	var ds string
	if err := s.Conn().QueryRow(ctx, "SELECT date_source FROM "+s.Database()+".articles WHERE article_id = 7").Scan(&ds); err != nil || ds != "byline" {
		t.Errorf("date_source = %q, %v; want byline", ds, err)
	}
	for id, want := range map[uint64]string{7: "[gov]", 8: "[blog gov]", 9: "[]"} {
		got, err := s.ArticleSources(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if s := fmtList(got); s != want {
			t.Errorf("ArticleSources(%d) = %s, want %s", id, s, want)
		}
	}
	run := record.Run{RunID: "r1", Source: "gov", Kind: "html", StartedAt: pub, FinishedAt: pub, Status: record.StatusFailed, Errors: 2, PagesBlocked: 2}
	if err := s.WriteRun(ctx, run, nil); err != nil {
		t.Fatal(err)
	}
	if n := loadtest.Count(t, s, "SELECT toUInt64(pages_blocked) FROM "+s.Database()+".ingest_runs WHERE run_id = 'r1'"); n != 2 {
		t.Errorf("pages_blocked = %d, want 2", n)
	}
}

func fmtList(ss []string) string {
	out := "["
	for i, s := range ss {
		if i > 0 {
			out += " "
		}
		out += s
	}
	return out + "]"
}
