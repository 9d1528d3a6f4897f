package schedules_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/newsetl/newsetl/config"
	"github.com/newsetl/newsetl/extract"
	"github.com/newsetl/newsetl/record"
	"github.com/newsetl/newsetl/schedules"
	"github.com/newsetl/newsetl/schedules/schedulestest"
)

// An article page whose bytes are UTF-8 while its <meta> says
// windows-1252 is read as UTF-8 and counted in the run record
// (CharsetMismatches) and in /metrics; a page really in windows-1252 is
// decoded from it and not counted.
func TestCharsetMismatchIsCounted(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw, err := os.ReadFile(filepath.Join("testdata", "charset", filepath.Base(r.URL.Path)))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html") // no charset: the page's <meta> speaks
		w.Write(raw)
	}))
	defer srv.Close()
	var n yaml.Node
	if err := yaml.Unmarshal([]byte(`{list_url: "`+srv.URL+`/list.html", selectors: {links: "ul.stories a"}}`), &n); err != nil {
		t.Fatal(err)
	}
	x, err := extract.Build(config.Source{Name: "northshire", Kind: "html", Lang: "en", Options: n.Content[0]},
		extract.NewFetcher(config.Fetch{UserAgent: "t", Timeout: 5 * time.Second, RequestsPerSecond: 1000, RetryBackoff: time.Millisecond, MaxBodyBytes: 1 << 20},
			nil, extract.WithPageStates(schedules.PageStates()), extract.AllowPrivate()))
	if err != nil {
		t.Fatal(err)
	}
	store := &schedulestest.Store{}
	in := &schedules.Ingester{Store: store}
	run, err := in.Run(context.Background(), schedules.Job{Source: "northshire", Kind: "html", Extractor: x})
	if err != nil {
		t.Fatal(err)
	}
	if run.Status != record.StatusOK || run.ArticlesNew != 2 || run.CharsetMismatches != 1 {
		t.Errorf("run: status %s, %d new, %d charset mismatches; want ok, 2 new, 1 mismatch (errors: %+v)", run.Status, run.ArticlesNew, run.CharsetMismatches, store.RunErrors())
	}
	if runs := store.Runs(); len(runs) != 1 || runs[0].CharsetMismatches != 1 {
		t.Errorf("stored run records %+v, want one with 1 charset mismatch", runs)
	}
	texts := map[string]string{}
	for _, a := range store.Articles("northshire") {
		texts[strings.TrimPrefix(a.URL, srv.URL)] = a.Body
	}
	for path, want := range map[string]string{
		"/cafe-jobs.html":    "Turnover at the region’s cafés rose to €85 million — up 12% on 2020",
		"/harbour-fees.html": "saving the fleet’s 86 owners about £140,000 a year",
	} {
		if got := texts[path]; !strings.Contains(got, want) || strings.ContainsAny(got, "ÃÂ") {
			t.Errorf("%s: body %q; want %q, no mojibake", path, got, want)
		}
	}

	m := schedules.NewMetrics()
	m.Observe(run)
	rr := httptest.NewRecorder()
	m.Handler().ServeHTTP(rr, httptest.NewRequest("GET", "/metrics", nil))
	body, _ := io.ReadAll(rr.Body)
	if !strings.Contains(string(body), `newsetl_charset_mismatches_total{source="northshire"} 1`) {
		t.Errorf("/metrics has no charset mismatch count of 1:\n%s", grepLines(string(body), "charset"))
	}
}
