package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"golang.org/x/net/html"

	"github.com/newsetl/newsetl/chart"
	"github.com/newsetl/newsetl/config"
	"github.com/newsetl/newsetl/load"
	"github.com/newsetl/newsetl/load/loadtest"
	"github.com/newsetl/newsetl/serve"
)

// hostileSentence is the text of the hostile site's figure sentence as the
// extractor reads it: HTML written as text in the page.
const (
	hostileScript = `<script>alert("xss")</script>`
	hostileTitle  = `<img src=x onerror=alert(2)> Health commission removes a tampered web banner`
)

// loadServeFixtures fills ch's database through the real load path: the
// sample site with `newsetl demo`, then the one-article hostile site with
// `newsetl ingest`.
func loadServeFixtures(t *testing.T, ch config.ClickHouse) {
	t.Helper()
	code, stdout, stderr := newsetl(t, ch, nil, "demo", "--config", repoRoot+"/examples/demo.yaml", "--site", repoRoot+"/testdata/site",
		"--listen", freeAddr(t), "--log-level", "warn")
	if code != exitOK {
		t.Fatalf("demo exited %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	site := httptest.NewServer(http.FileServer(http.Dir("testdata/serve-hostile")))
	t.Cleanup(site.Close)
	cfg := `clickhouse:
  addr: ${NEWSETL_CLICKHOUSE_ADDR}
  database: ${NEWSETL_DATABASE}
fetch:
  requests_per_second: 100
sources:
  - name: hostile-health
    kind: html
    allow_private: true
    lang: en
    list_url: ${SITE}/index.html
    selectors:
      links: "ul.news a"
      title: "h1.title"
      date: "div.meta"
      body: "div.content"
    date_format: "2006-01-02"
`
	path := filepath.Join(t.TempDir(), "hostile.yaml")
	if err := os.WriteFile(path, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr = newsetl(t, ch, map[string]string{"SITE": site.URL}, "ingest", "--config", path, "--log-level", "warn")
	if code != exitOK {
		t.Fatalf("ingest of the hostile site exited %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
}

// syncBuffer is a log destination shared by the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// get fetches path from the test server and returns the status and body.
func get(t *testing.T, base, path string, header ...string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, base+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		if header[i] == "Host" {
			req.Host = header[i+1]
		} else {
			req.Header.Set(header[i], header[i+1])
		}
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(body)
}

// TestServe loads the sample site (and a page carrying HTML as text) into
// a real ClickHouse and checks newsetl serve's pages: the metric list, a
// metric's page with its chart and the facts behind it, 404 pages,
// escaping, the statistics and source pages, the Host check, and the
// metric page in a real headless Chromium.
func TestServe(t *testing.T) {
	ch := loadtest.Config(t)
	loadServeFixtures(t, ch)
	s := open(t, ch)
	var logs syncBuffer
	srv, err := serve.New(s.Conn(), serve.Options{DB: ch.Database, Log: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("server log:\n%s", logs.String())
		}
	})

	t.Run("metric list", func(t *testing.T) {
		code, body := get(t, ts.URL, "/")
		if code != http.StatusOK {
			t.Fatalf("GET / = %d\n%s", code, body)
		}
		doc := parseHTML(t, body)
		table := byID(doc, "metrics")
		if table == nil {
			t.Fatalf("no table#metrics on the front page:\n%s", body)
		}
		hrefs := map[string]bool{}
		for _, a := range findAll(table, isElem("a")) {
			hrefs[attr(a, "href")] = true
		}
		if !hrefs["/metric/medical_institution?entity="] {
			t.Errorf("the front page has no link to medical_institution (no entity); links: %v", hrefs)
		}
		if n := len(findAll(table, hasClass("sparkline"))); n < 10 {
			t.Errorf("%d sparklines on the front page, want one per metric line (at least 10)", n)
		}
	})

	t.Run("metric page lists the facts behind each point", func(t *testing.T) {
		code, body := get(t, ts.URL, "/metric/medical_institution")
		if code != http.StatusOK {
			t.Fatalf("GET /metric/medical_institution = %d\n%s", code, body)
		}
		doc := parseHTML(t, body)
		got := factRows(t, doc)
		want := metricSeriesRows(t, s, "medical_institution")
		if len(want) < 3 {
			t.Fatalf("metric_series has %d rows of medical_institution, want at least 3 (English and Chinese SASAC pages)", len(want))
		}
		if len(got) != len(want) {
			t.Errorf("the page lists %d facts, metric_series has %d", len(got), len(want))
		}
		have := map[pageFact]bool{}
		for _, f := range got {
			have[f] = true
		}
		for _, w := range want {
			if !have[w] {
				t.Errorf("the page lacks the fact %+v", w)
			}
		}
		// Independently of the view: the English and Chinese SASAC
		// releases both count medical institutions.
		var en, zh bool
		for _, f := range got {
			en = en || f.source == "sasac-en" && f.value == "1154" && strings.Contains(f.sentence, "medical institutions")
			zh = zh || f.source == "sasac-zh" && strings.Contains(f.sentence, "医疗机构") && strings.HasPrefix(f.href, "http")
		}
		if !en || !zh {
			t.Errorf("facts of sasac-en (1154 medical institutions: %v) or sasac-zh (医疗机构: %v) missing: %+v", en, zh, got)
		}
		// One chart per entity and unit, each an SVG with the series' path.
		figs := findAll(doc, hasClass("chart"))
		if len(figs) == 0 {
			t.Fatal("no chart on the metric page")
		}
		for _, fig := range figs {
			svgs := findAll(fig, isElem("svg"))
			if len(svgs) != 1 || len(findAll(svgs[0], isElem("path"))) == 0 || len(findAll(svgs[0], withAttr("data-label"))) == 0 {
				t.Errorf("a chart is not one SVG with paths and labelled points: %d svg", len(svgs))
			}
		}
	})

	t.Run("unknown metric is a 404 page", func(t *testing.T) {
		code, body := get(t, ts.URL, "/metric/no_such_metric")
		if code != http.StatusNotFound || !strings.Contains(body, `No metric &#34;no_such_metric&#34; has been loaded.`) {
			t.Errorf("GET /metric/no_such_metric = %d, want 404 with a page naming the metric:\n%s", code, body)
		}
		code, body = get(t, ts.URL, "/nowhere")
		if code != http.StatusNotFound || !strings.Contains(body, "There is no page at this address.") {
			t.Errorf("GET /nowhere = %d, want the 404 page:\n%s", code, body)
		}
		// A key carrying markup is shown escaped.
		code, body = get(t, ts.URL, "/metric/"+url.PathEscape(hostileScript))
		if code != http.StatusNotFound || strings.Contains(body, hostileScript) || !strings.Contains(body, "&lt;script&gt;") {
			t.Errorf("GET /metric/<script>… = %d, want 404 showing the key escaped:\n%s", code, body)
		}
		checkOnlyOwnScript(t, parseHTML(t, body))
	})

	t.Run("hostile text is escaped", func(t *testing.T) {
		var metric string
		err := s.Conn().QueryRow(context.Background(), "SELECT any(metric) FROM "+ch.Database+".metric_series WHERE source = 'hostile-health'").Scan(&metric)
		if err != nil || metric == "" {
			t.Fatalf("the hostile page's fact is not in metric_series (metric %q): %v", metric, err)
		}
		code, body := get(t, ts.URL, "/metric/"+url.PathEscape(metric)+"?source=hostile-health")
		if code != http.StatusOK {
			t.Fatalf("GET the hostile fact's metric %q = %d\n%s", metric, code, body)
		}
		doc := parseHTML(t, body)
		facts := factRows(t, doc)
		if len(facts) != 1 || !strings.Contains(facts[0].sentence, hostileScript) || facts[0].value != "1234" {
			t.Errorf("the hostile source's facts are %+v, want one of 1234 whose sentence holds %s as text", facts, hostileScript)
		}
		if strings.Contains(body, hostileScript) || strings.Contains(body, "<img src=x") {
			t.Error("the page carries the hostile markup unescaped")
		}
		if !strings.Contains(body, "&lt;script&gt;alert(&#34;xss&#34;)&lt;/script&gt;") {
			t.Error("the page does not show the hostile sentence escaped")
		}
		checkOnlyOwnScript(t, doc)
		for _, img := range findAll(doc, isElem("img")) {
			t.Errorf("the page has an <img> (src %q): the hostile title became markup", attr(img, "src"))
		}
	})

	t.Run("statistics", func(t *testing.T) {
		code, body := get(t, ts.URL, "/statistics")
		if code != http.StatusOK {
			t.Fatalf("GET /statistics = %d\n%s", code, body)
		}
		var china string
		for _, a := range findAll(byID(parseHTML(t, body), "series"), isElem("a")) {
			href := attr(a, "href")
			if strings.Contains(href, "source=worldbank-health-gdp") && strings.Contains(href, "dim=China") {
				china = href
			}
		}
		if china == "" {
			t.Fatalf("the statistics list has no link to the World Bank health expenditure series of China:\n%s", body)
		}
		code, body = get(t, ts.URL, china)
		if code != http.StatusOK {
			t.Fatalf("GET %s = %d\n%s", china, code, body)
		}
		doc := parseHTML(t, body)
		var rows [][]string
		for _, tr := range findAll(byID(doc, "observations"), isElem("tr")) {
			if cells := findAll(tr, isElem("td")); len(cells) > 3 {
				rows = append(rows, []string{textOf(cells[0]), textOf(cells[2]), textOf(cells[3])})
			}
		}
		if len(rows) != 9 {
			t.Errorf("the China series lists %d observations, want 9 (2012-2020)", len(rows))
		}
		found := false
		for _, r := range rows {
			found = found || r[0] == "2016" && r[1] == "6.2" && r[2] == "percent"
		}
		if !found {
			t.Errorf("the China series lacks 2016: 6.2 percent: %v", rows)
		}
		if len(findAll(doc, hasClass("chart"))) != 1 {
			t.Error("the series page has no chart")
		}
		code, _ = get(t, ts.URL, "/statistics/series?source=worldbank-health-gdp&dataset=nope&indicator=nope")
		if code != http.StatusNotFound {
			t.Errorf("an unknown series = %d, want 404", code)
		}
	})

	t.Run("sources", func(t *testing.T) {
		code, body := get(t, ts.URL, "/sources")
		if code != http.StatusOK {
			t.Fatalf("GET /sources = %d\n%s", code, body)
		}
		status := map[string]string{}
		for _, tr := range findAll(byID(parseHTML(t, body), "sources"), isElem("tr")) {
			if cells := findAll(tr, isElem("td")); len(cells) > 2 {
				status[textOf(cells[0])] = textOf(cells[2])
			}
		}
		for _, src := range []string{"sasac-en", "sasac-zh", "worldbank-health-gdp", "hostile-health"} {
			if status[src] != "ok" {
				t.Errorf("source %s has status %q on the sources page, want ok (all: %v)", src, status[src], status)
			}
		}
	})

	t.Run("read-only and loopback names only", func(t *testing.T) {
		if code, _ := get(t, ts.URL, "/", "Host", "evil.example:80"); code != http.StatusMisdirectedRequest {
			t.Errorf("a request for Host evil.example = %d, want 421", code)
		}
		if code, _ := get(t, ts.URL, "/", "Host", "localhost:8080"); code != http.StatusOK {
			t.Errorf("a request for Host localhost = %d, want 200", code)
		}
		resp, err := http.Post(ts.URL+"/", "text/plain", strings.NewReader("x"))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusMethodNotAllowed {
			t.Errorf("POST / = %d, want 405", resp.StatusCode)
		}
		if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
			t.Errorf("Content-Security-Policy = %q", csp)
		}
		code, body := get(t, ts.URL, "/static/chart.js")
		if code != http.StatusOK || !strings.Contains(body, "data-label") {
			t.Errorf("GET /static/chart.js = %d", code)
		}
	})

	t.Run("browser", func(t *testing.T) {
		testMetricPageInBrowser(t, ts.URL+"/metric/medical_institution", len(metricSeriesRows(t, s, "medical_institution")))
	})
}

// TestServeCommandRefusesRemoteAddress: without --allow-remote, an address
// that is not loopback is a usage error, before anything is opened.
func TestServeCommandRefusesRemoteAddress(t *testing.T) {
	ch := config.ClickHouse{Addr: "127.0.0.1:1", Database: "unused"}
	cfg := filepath.Join(t.TempDir(), "c.yaml")
	os.WriteFile(cfg, []byte("clickhouse:\n  addr: ${NEWSETL_CLICKHOUSE_ADDR}\n  database: ${NEWSETL_DATABASE}\nsources: []\n"), 0o644)
	for _, addr := range []string{"0.0.0.0:8080", ":8080", "192.0.2.1:8080"} {
		code, _, stderr := newsetl(t, ch, nil, "serve", "--config", cfg, "--addr", addr)
		if code != exitUsage || !strings.Contains(stderr, "--allow-remote") {
			t.Errorf("serve --addr %s exited %d, want %d naming --allow-remote:\n%s", addr, code, exitUsage, stderr)
		}
	}
}

// pageFact is one row of a metric page's facts table as the reader sees it.
type pageFact struct {
	periodEnd, entity, value, sentence, href, source string
}

// factRows reads table#facts.
func factRows(t *testing.T, doc *html.Node) []pageFact {
	t.Helper()
	table := byID(doc, "facts")
	if table == nil {
		t.Fatal("no table#facts on the page")
	}
	var out []pageFact
	for _, tr := range findAll(table, isElem("tr")) {
		cells := findAll(tr, isElem("td"))
		if len(cells) == 0 {
			continue
		}
		if len(cells) != 9 {
			t.Fatalf("a facts row has %d cells, want 9", len(cells))
		}
		links := findAll(cells[6], isElem("a"))
		if len(links) != 1 {
			t.Fatalf("a facts row has %d article links, want 1", len(links))
		}
		period, _, _ := strings.Cut(textOf(cells[0]), " ")
		out = append(out, pageFact{periodEnd: period, entity: textOf(cells[1]), value: textOf(cells[2]), sentence: textOf(cells[5]),
			href: attr(links[0], "href"), source: textOf(cells[8])})
	}
	return out
}

// metricSeriesRows reads the rows of metric from metric_series as the page
// should show them.
func metricSeriesRows(t *testing.T, s *load.Store, metric string) []pageFact {
	t.Helper()
	rows, err := s.Conn().Query(context.Background(), "SELECT toString(period_end), entity, value, sentence, url, source FROM "+
		s.Database()+".metric_series WHERE metric = ?", metric)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []pageFact
	for rows.Next() {
		var f pageFact
		var v float64
		if err := rows.Scan(&f.periodEnd, &f.entity, &v, &f.sentence, &f.href, &f.source); err != nil {
			t.Fatal(err)
		}
		f.value = chart.FormatValue(v)
		f.sentence = strings.Join(strings.Fields(f.sentence), " ")
		out = append(out, f)
	}
	return out
}

// checkOnlyOwnScript fails when the page has any script but the one the
// layout loads from /static.
func checkOnlyOwnScript(t *testing.T, doc *html.Node) {
	t.Helper()
	for _, sc := range findAll(doc, isElem("script")) {
		if attr(sc, "src") != "/static/chart.js" || textOf(sc) != "" {
			t.Errorf("the page runs a script other than /static/chart.js: src %q, text %q", attr(sc, "src"), textOf(sc))
		}
	}
	for _, n := range findAll(doc, func(n *html.Node) bool { return n.Type == html.ElementNode }) {
		for _, a := range n.Attr {
			if strings.HasPrefix(strings.ToLower(a.Key), "on") {
				t.Errorf("<%s> has an event handler attribute %s=%q", n.Data, a.Key, a.Val)
			}
		}
	}
}

func parseHTML(t *testing.T, body string) *html.Node {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// findAll lists the nodes under n (n included) that match, in document order.
func findAll(n *html.Node, match func(*html.Node) bool) []*html.Node {
	if n == nil {
		return nil
	}
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if match(n) {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}

func isElem(name string) func(*html.Node) bool {
	return func(n *html.Node) bool { return n.Type == html.ElementNode && n.Data == name }
}

func hasClass(class string) func(*html.Node) bool {
	return func(n *html.Node) bool {
		return n.Type == html.ElementNode && strings.Contains(" "+attr(n, "class")+" ", " "+class+" ")
	}
}

func withAttr(key string) func(*html.Node) bool {
	return func(n *html.Node) bool {
		for _, a := range n.Attr {
			if a.Key == key {
				return true
			}
		}
		return false
	}
}

func byID(n *html.Node, id string) *html.Node {
	all := findAll(n, func(n *html.Node) bool { return n.Type == html.ElementNode && attr(n, "id") == id })
	if len(all) == 0 {
		return nil
	}
	return all[0]
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// textOf is the text under n with runs of white space collapsed.
func textOf(n *html.Node) string {
	var b strings.Builder
	for _, t := range findAll(n, func(n *html.Node) bool { return n.Type == html.TextNode }) {
		b.WriteString(t.Data)
	}
	return strings.Join(strings.Fields(b.String()), " ")
}
