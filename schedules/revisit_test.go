package schedules_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/newsetl/newsetl/config"
	"github.com/newsetl/newsetl/extract"
	"github.com/newsetl/newsetl/load/loadtest"
	"github.com/newsetl/newsetl/schedules"
)

// A second run sends conditional requests: a page answering 304 and a page
// whose body did not change are skipped unread and counted; a changed page
// is written as a new version.
func TestSecondRunSkipsNotModifiedAndUnchangedPages(t *testing.T) {
	var edits atomic.Int32
	article := func(title, text string) string {
		return fmt.Sprintf(`<html><body><h1>%s</h1><p class="d">2021-12-20</p><div class="c"><p>%s</p></div></body></html>`, title, text)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/list.html", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`<ul><li><a href="/etag.html">a</a></li><li><a href="/plain.html">b</a></li><li><a href="/edited.html">c</a></li></ul>`))
	})
	mux.HandleFunc("/etag.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", `"e1"`)
		if r.Header.Get("If-None-Match") == `"e1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Write([]byte(article("ETag", "There were 1,154 medical institutions.")))
	})
	mux.HandleFunc("/plain.html", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(article("Plain", "There were 27,000 beds.")))
	})
	mux.HandleFunc("/edited.html", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(article("Edited", fmt.Sprintf("The rate reached %d.5 percent.", 90+edits.Load()))))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	var n yaml.Node
	yaml.Unmarshal([]byte(`{list_url: "`+srv.URL+`/list.html", selectors: {links: "li a", title: h1, date: p.d, body: div.c}}`), &n)
	x, err := extract.Build(config.Source{Name: "revisit", Kind: "html", Lang: "en", Options: n.Content[0]},
		extract.NewFetcher(config.Fetch{UserAgent: "t", Timeout: 5 * time.Second, RequestsPerSecond: 1000, RetryBackoff: time.Millisecond, MaxBodyBytes: 1 << 20}, nil, extract.WithPageStates(schedules.PageStates()), extract.AllowPrivate()))
	if err != nil {
		t.Fatal(err)
	}
	store := loadtest.Store(t)
	in := &schedules.Ingester{Store: store}
	job := schedules.Job{Source: "revisit", Kind: "html", Extractor: x}
	first, err := in.Run(context.Background(), job)
	if err != nil || first.ArticlesNew != 3 || first.FactsWritten != 3 {
		t.Fatalf("first run: %+v, %v", first, err)
	}
	edits.Add(1)
	second, err := in.Run(context.Background(), job)
	if err != nil {
		t.Fatal(err)
	}
	got := fmt.Sprintf("not_modified=%d unchanged_pages=%d unchanged_articles=%d changed=%d new=%d facts=%d",
		second.PagesNotModified, second.PagesUnchanged, second.ArticlesUnchanged, second.ArticlesChanged, second.ArticlesNew, second.FactsWritten)
	if want := "not_modified=1 unchanged_pages=1 unchanged_articles=2 changed=1 new=0 facts=1"; got != want {
		t.Errorf("second run: %s, want %s", got, want)
	}
	var notModified, unchanged uint32
	if err := store.Conn().QueryRow(context.Background(), "SELECT pages_not_modified, pages_unchanged FROM "+store.Database()+
		".ingest_runs WHERE run_id = ?", second.RunID).Scan(&notModified, &unchanged); err != nil || notModified != 1 || unchanged != 1 {
		t.Errorf("run record: not modified %d, unchanged %d (%v); want 1 and 1", notModified, unchanged, err)
	}
	var value float64
	if err := store.Conn().QueryRow(context.Background(), "SELECT value FROM "+store.Database()+".facts_latest WHERE url LIKE '%edited%'").Scan(&value); err != nil || value != 91.5 {
		t.Errorf("edited article's fact = %v (%v), want the new 91.5", value, err)
	}
	if n := loadtest.Count(t, store, "SELECT count() FROM "+store.Database()+".facts_latest"); n != 3 {
		t.Errorf("facts_latest has %d rows, want 3", n)
	}
	if second.Status != "ok" {
		t.Errorf("status %s", second.Status)
	}
}
