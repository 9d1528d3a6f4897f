package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/newsetl/newsetl/config"
	"github.com/newsetl/newsetl/load"
	"github.com/newsetl/newsetl/load/loadtest"
)

// storiesConfig ingests the sample site's English and Chinese SASAC
// sources, two short notices of the same publisher published the same day
// as the SASAC release (testdata/stories/notes: they share "2023" and
// "5%"), and a source whose list page answers 500.
const storiesConfig = `clickhouse:
  addr: ${NEWSETL_CLICKHOUSE_ADDR}
  database: ${NEWSETL_DATABASE}
spool:
  dir: "off"
fetch:
  requests_per_second: 100
  retries: 0
sources:
  - name: sasac-en
    kind: html
    allow_private: true
    lang: en
    publisher: sasac.gov.cn
    list_url: ${SITE}/sasac/en/index.html
    max_pages: 5
    selectors:
      links: "ul.news-list > li > a"
      next_page: "div.pager a.next"
      title: "h1.article-title"
      date: "div.article-info span.pub-date"
      body: "div.article-content"
      exclude: "style, script"
    date_format: "2006-01-02"
  - name: sasac-zh
    kind: html
    allow_private: true
    lang: zh
    publisher: sasac.gov.cn
    list_url: ${SITE}/sasac/cn/index.html
    max_pages: 1
    selectors:
      links: "div.zsy_conlist > ul > li > a"
      title: "h2.zsy_cotitle"
      date: "div.zsy_coinfo span.fbsj"
      body: "div.zsy_comain"
      exclude: "p.zsy_editor"
    date_format: "2006-01-02"
  - name: sasac-notes
    kind: html
    allow_private: true
    lang: en
    publisher: sasac.gov.cn
    list_url: ${SITE}/notes/index.html
    selectors:
      links: "ul.news-list > li > a"
      title: "h1.article-title"
      date: "div.article-info span.pub-date"
      body: "div.article-content"
    date_format: "2006-01-02"
  - name: down
    kind: html
    allow_private: true
    list_url: ${SITE}/down/index.html
    selectors:
      links: "ul.news-list > li > a"
`

// storiesSite serves the sample site, the notices and a list page that
// answers 500.
func storiesSite(t *testing.T) *httptest.Server {
	mux := http.NewServeMux()
	mux.Handle("/", http.FileServer(http.Dir(repoRoot+"/testdata/site")))
	mux.Handle("/notes/", http.FileServer(http.Dir("testdata/stories")))
	mux.HandleFunc("/down/", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "internal error", http.StatusInternalServerError)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// ingestStories runs `newsetl ingest` on storiesConfig and returns the
// test database's store.
func ingestStories(t *testing.T) (config.ClickHouse, *load.Store, func() (int, string, string)) {
	ch := loadtest.Config(t)
	srv := storiesSite(t)
	path := filepath.Join(t.TempDir(), "stories.yaml")
	if err := os.WriteFile(path, []byte(storiesConfig), 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{"ingest", "--config", path, "--log-level", "warn"}
	again := func() (int, string, string) { return newsetl(t, ch, map[string]string{"SITE": srv.URL}, args...) }
	// The source answering 500 fails, the others load: a partial outcome.
	if code, stdout, stderr := again(); code != exitPartial {
		t.Fatalf("ingest exited %d, want %d (one source down)\nstdout:\n%s\nstderr:\n%s", code, exitPartial, stdout, stderr)
	}
	return ch, open(t, ch), again
}

// storyRow is a row of the stories view.
type storyRow struct {
	StoryID   uint64
	Publisher string
	Articles  uint64
	Languages []string
	URLs      []string
}

func readStories(t *testing.T, s *load.Store) []storyRow {
	rows, err := s.Conn().Query(context.Background(), "SELECT story_id, publisher, articles, languages, urls FROM "+s.Database()+
		".stories ORDER BY articles DESC, story_id")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []storyRow
	for rows.Next() {
		var r storyRow
		if err := rows.Scan(&r.StoryID, &r.Publisher, &r.Articles, &r.Languages, &r.URLs); err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	return out
}

// TestIngestLinksEnglishAndChineseVersionsIntoOneStory ingests the sample
// site: the English and the Chinese SASAC release become one story; the
// two notices of the same day sharing "2023" and "5%", the other English
// releases (one three days earlier) stay stories of their own;
// facts_by_story counts each fact of the release once; source_health shows
// the failed source; a second ingest changes no link.
func TestIngestLinksEnglishAndChineseVersionsIntoOneStory(t *testing.T) {
	ch, s, again := ingestStories(t)
	db := ch.Database
	got := readStories(t, s)
	// 4 English releases, 1 Chinese, 2 notices: 7 articles, 6 stories.
	if len(got) != 6 {
		t.Fatalf("stories has %d rows, want 6: %+v", len(got), got)
	}
	release := got[0]
	paths := make([]string, len(release.URLs))
	for i, u := range release.URLs {
		paths[i] = u[strings.Index(u, "/sasac/"):]
	}
	sort.Strings(paths)
	if release.Articles != 2 || release.Publisher != "sasac.gov.cn" || fmt.Sprint(release.Languages) != "[en zh]" ||
		fmt.Sprint(paths) != "[/sasac/cn/2021/12/art_4512.html /sasac/en/2021/12/art_4512.html]" {
		t.Errorf("the SASAC release's story: %+v (paths %v)", release, paths)
	}
	for _, r := range got[1:] {
		if r.Articles != 1 {
			t.Errorf("story %d has %d articles, want 1: %+v", r.StoryID, r.Articles, r)
		}
	}
	// The story's id is the smaller article id of the two.
	if n := loadtest.Count(t, s, "SELECT count() FROM "+db+".articles_latest WHERE article_id < ? AND path(url) LIKE '%art_4512.html'",
		release.StoryID); n != 0 {
		t.Errorf("story id %d is not the smallest article id of the story", release.StoryID)
	}

	// Each fact of the release once: the 12 figures are in both versions.
	perArticle := loadtest.Count(t, s, "SELECT count() FROM "+db+".facts_latest WHERE path(url) = '/sasac/en/2021/12/art_4512.html'")
	if perArticle != 12 {
		t.Fatalf("the English release has %d facts, want 12", perArticle)
	}
	if n := loadtest.Count(t, s, "SELECT count() FROM "+db+".facts_by_story WHERE story_id = ?", release.StoryID); n != 12 {
		t.Errorf("facts_by_story has %d facts of the release, want 12 (each once)", n)
	}
	all := loadtest.Count(t, s, "SELECT count() FROM "+db+".facts_latest")
	if n := loadtest.Count(t, s, "SELECT count() FROM "+db+".facts_by_story"); n != all-12 {
		t.Errorf("facts_by_story has %d rows, want %d (facts_latest %d less the Chinese version's 12)", n, all-12, all)
	}
	if n := loadtest.Count(t, s, "SELECT count(DISTINCT story_id) FROM "+db+".facts_by_story WHERE source = 'sasac-notes'"); n != 2 {
		t.Errorf("the two notices' facts are in %d stories, want 2", n)
	}

	// source_health: the source answering 500 failed, every read an error.
	var status, firstErr string
	var runs, failed uint64
	var rate float64
	if err := s.Conn().QueryRow(context.Background(), "SELECT last_status, last_error, runs, failed_runs, error_rate FROM "+db+
		".source_health WHERE source = 'down'").Scan(&status, &firstErr, &runs, &failed, &rate); err != nil {
		t.Fatal(err)
	}
	if status != "failed" || !strings.Contains(firstErr, "500") || runs != 1 || failed != 1 || rate != 1 {
		t.Errorf("source_health of down: status %q, error %q, %d runs, %d failed, error rate %g", status, firstErr, runs, failed, rate)
	}
	var articles, facts uint64
	if err := s.Conn().QueryRow(context.Background(), "SELECT last_status, error_rate, articles, facts FROM "+db+
		".source_health WHERE source = 'sasac-zh'").Scan(&status, &rate, &articles, &facts); err != nil {
		t.Fatal(err)
	}
	if status != "ok" || rate != 0 || articles != 1 || facts != 12 {
		t.Errorf("source_health of sasac-zh: status %q, error rate %g, %d articles, %d facts", status, rate, articles, facts)
	}

	// A second ingest finds every article unchanged and writes no link
	// (max(version), not count(): merges fold replaced rows at any time).
	links := loadtest.Count(t, s, "SELECT max(version) FROM "+db+".story_links")
	if code, stdout, stderr := again(); code != exitPartial {
		t.Fatalf("second ingest exited %d\n%s\n%s", code, stdout, stderr)
	}
	if n := loadtest.Count(t, s, "SELECT max(version) FROM "+db+".story_links"); n != links || n == 0 {
		t.Errorf("second ingest: the latest link version is %d, was %d", n, links)
	}
}

// TestRelinkFollowsTheThresholds ingests the sample site, then relinks
// with a rule the SASAC release's 12 shared figures do not meet (min_shared
// 13: the story splits) and with the default rule again (one story; a
// relink that changes nothing writes no row).
func TestRelinkFollowsTheThresholds(t *testing.T) {
	ch, s, _ := ingestStories(t)
	db := ch.Database
	twoVersions := func() uint64 {
		return loadtest.Count(t, s, "SELECT count() FROM "+db+".stories WHERE articles = 2")
	}
	if n := twoVersions(); n != 1 {
		t.Fatalf("after ingest: %d stories of two versions, want 1", n)
	}
	relink := func(extra string) string {
		path := filepath.Join(t.TempDir(), "relink.yaml")
		if err := os.WriteFile(path, []byte(extra+storiesConfig), 0o644); err != nil {
			t.Fatal(err)
		}
		code, stdout, stderr := newsetl(t, ch, map[string]string{"SITE": "http://127.0.0.1:1"}, "relink", "--config", path, "--log-level", "warn")
		if code != exitOK {
			t.Fatalf("relink exited %d\n%s\n%s", code, stdout, stderr)
		}
		return stdout
	}
	if out := relink("stories: {min_shared: 13}\n"); !strings.Contains(out, "relink: 7 articles read") {
		t.Errorf("relink printed %q", out)
	}
	if n := twoVersions(); n != 0 {
		t.Errorf("min_shared 13: %d stories of two versions, want 0", n)
	}
	var rule string
	if err := s.Conn().QueryRow(context.Background(), "SELECT any(rule) FROM "+db+".story_links_latest").Scan(&rule); err != nil || rule != "window=3d min_shared=13 min_overlap=0.6" {
		t.Errorf("story_links_latest.rule = %q, %v", rule, err)
	}
	relink("")
	if n := twoVersions(); n != 1 {
		t.Errorf("default rule again: %d stories of two versions, want 1", n)
	}
	// (max(version), not count(): merges fold the replaced rows at any time.)
	last := loadtest.Count(t, s, "SELECT max(version) FROM "+db+".story_links")
	relink("")
	if n := loadtest.Count(t, s, "SELECT max(version) FROM "+db+".story_links"); n != last {
		t.Errorf("a relink that changes nothing wrote links (latest version %d, was %d)", n, last)
	}
}
