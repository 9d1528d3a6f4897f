package html_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/newsetl/newsetl/extract"
	"github.com/newsetl/newsetl/extract/extracttest"
)

// The generated archive (scripts/genarchive): 36 articles from 2021-09-01 to
// 2021-12-28, listed newest first, ten per page, each entry with its date.
func archive(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.FileServer(http.Dir("../../testdata/site")))
	t.Cleanup(srv.Close)
	return srv
}

const archiveOpts = `
list_url: %s/archive/index.html
max_pages: 2
selectors:
  item: li.item
  links: a
  item_date: span.date
  next_page: div.pages a.next
  title: h1.title
  date: div.meta
  body: div.content
`

func date(s string) time.Time { t, _ := time.Parse("2006-01-02", s); return t }

func TestExtractWindowOverPaginatedArchive(t *testing.T) {
	srv := archive(t)
	cases := []struct {
		name       string
		opts       string
		window     extract.Window
		wantDocs   int
		wantPages  int // list + article pages fetched
		wantFirst  string
		wantLast   string
		partitions extract.Granularity
	}{
		// Nightly: the first max_pages (2) list pages, 20 articles.
		{"nightly", archiveOpts, extract.Window{}, 20, 2 + 20, "2021-12-28", "2021-10-25", extract.ByMonth},
		// October only: item dates skip other links unfetched; paging stops at the
		// first page wholly older than October (page 4).
		{"october with item dates", archiveOpts, extract.Window{From: date("2021-10-01"), To: date("2021-11-01")}, 9, 4 + 9, "2021-10-28", "2021-10-01", extract.ByMonth},
		// Without item dates every article is fetched to learn its date.
		{"october without item dates", strings.Replace(archiveOpts, "  item_date: span.date\n", "", 1),
			extract.Window{From: date("2021-10-01"), To: date("2021-11-01")}, 9, 4 + 36, "2021-10-28", "2021-10-01", extract.ByMonth},
		// A {date} template walks one list per day; days without a list are 404 and skipped.
		{"daily template", strings.Replace(strings.Replace(archiveOpts, "archive/index.html", "archive/daily/{date}.html", 1), "  next_page: div.pages a.next\n", "", 1),
			extract.Window{From: date("2021-12-01"), To: date("2021-12-11")}, 3, 3 + 3, "2021-12-01", "2021-12-08", extract.ByDay},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			x, err := extract.Build(source(t, "archive", strings.Replace(c.opts, "%s", srv.URL, 1)), fetcher())
			if err != nil {
				t.Fatal(err)
			}
			if g := x.(extract.Partitioner).Partition(); g != c.partitions {
				t.Errorf("Partition() = %s, want %s", g, c.partitions)
			}
			var rec extracttest.Recorder
			if err := x.Extract(context.Background(), c.window, &rec); err != nil {
				t.Fatal(err)
			}
			if len(rec.Errs) != 0 {
				t.Errorf("page errors: %v", rec.Errs)
			}
			if len(rec.Docs) != c.wantDocs {
				t.Fatalf("got %d documents, want %d", len(rec.Docs), c.wantDocs)
			}
			for _, d := range rec.Docs {
				if !c.window.Contains(d.PublishedAt) {
					t.Errorf("%s published %s is outside %s", d.URL, d.PublishedAt, c.window)
				}
			}
			if len(rec.Pages) != c.wantPages {
				t.Errorf("fetched %d pages, want %d", len(rec.Pages), c.wantPages)
			}
			first, last := rec.Docs[0].PublishedAt.Format("2006-01-02"), rec.Docs[len(rec.Docs)-1].PublishedAt.Format("2006-01-02")
			if first != c.wantFirst || last != c.wantLast {
				t.Errorf("documents run from %s to %s, want %s to %s", first, last, c.wantFirst, c.wantLast)
			}
		})
	}
}
