package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/newsetl/newsetl/chart"
	"github.com/newsetl/newsetl/config"
	"github.com/newsetl/newsetl/load"
	"github.com/newsetl/newsetl/load/loadtest"
	"github.com/newsetl/newsetl/serve"
)

// What the hostile site's sentence and title hold as text (HTML written as
// text in its page, testdata/serve-hostile).
const (
	hostileScript = `<script>alert("xss")</script>`
	hostileTitle  = `<img src=x onerror=alert(2)> Health commission removes a tampered web banner`
)

// loadServeFixtures fills ch's database through the real load path: the
// sample site with `newsetl demo`, then the one-article hostile site with
// `newsetl ingest`.
func loadServeFixtures(t testing.TB, ch config.ClickHouse) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0") // a free port for the demo's sample site
	if err != nil {
		t.Fatal(err)
	}
	siteAddr := ln.Addr().String()
	ln.Close()
	run := func(extraEnv map[string]string, args ...string) {
		t.Helper()
		var stdout, stderr bytes.Buffer
		if code := run(context.Background(), args, &stdout, &stderr, testLookup(ch, extraEnv)); code != exitOK {
			t.Fatalf("newsetl %s exited %d\nstdout:\n%s\nstderr:\n%s", args[0], code, stdout.String(), stderr.String())
		}
	}
	run(nil, "demo", "--config", repoRoot+"/examples/demo.yaml", "--site", repoRoot+"/testdata/site", "--listen", siteAddr, "--log-level", "warn")
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
	run(map[string]string{"SITE": site.URL}, "ingest", "--config", path, "--log-level", "warn")
}

// serveLogBuffer is a log destination shared by the server's goroutines.
type serveLogBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *serveLogBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *serveLogBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// pageGet fetches path from the test server and returns the status and body.
func pageGet(t *testing.T, base, path string, header ...string) (int, string) {
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
	var logs serveLogBuffer
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
		code, body := pageGet(t, ts.URL, "/")
		if code != http.StatusOK {
			t.Fatalf("GET / = %d\n%s", code, body)
		}
		doc := pageParse(t, body)
		table := pageByID(doc, "metrics")
		if table == nil {
			t.Fatalf("no table#metrics on the front page:\n%s", body)
		}
		hrefs := map[string]bool{}
		for _, a := range pageFindAll(table, pageIsElem("a")) {
			hrefs[pageAttr(a, "href")] = true
		}
		if !hrefs["/metric/medical_institution?entity="] {
			t.Errorf("the front page has no link to medical_institution (no entity); links: %v", hrefs)
		}
		if n := len(pageFindAll(table, pageHasClass("sparkline"))); n < 10 {
			t.Errorf("%d sparklines on the front page, want one per metric line (at least 10)", n)
		}
	})

	t.Run("metric page lists the facts behind each point", func(t *testing.T) {
		code, body := pageGet(t, ts.URL, "/metric/medical_institution")
		if code != http.StatusOK {
			t.Fatalf("GET /metric/medical_institution = %d\n%s", code, body)
		}
		doc := pageParse(t, body)
		got := pageFactRows(t, doc)
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
		figs := pageFindAll(doc, pageHasClass("chart"))
		if len(figs) == 0 {
			t.Fatal("no chart on the metric page")
		}
		for _, fig := range figs {
			svgs := pageFindAll(fig, pageIsElem("svg"))
			if len(svgs) != 1 || len(pageFindAll(svgs[0], pageIsElem("path"))) == 0 || len(pageFindAll(svgs[0], pageWithAttr("data-label"))) == 0 {
				t.Errorf("a chart is not one SVG with paths and labelled points: %d svg", len(svgs))
				continue
			}
			// The plot alone: the facts are listed once, in table#facts,
			// not again as a points table drawn under the plot.
			for _, text := range pageFindAll(svgs[0], pageIsElem("text")) {
				if tx := pageText(text); strings.Contains(tx, "published · source · URL") || strings.Contains(tx, "http://") {
					t.Errorf("the chart SVG draws a points table: text %q", tx)
				}
			}
		}
	})

	t.Run("interactive chart runs exactly its own script", func(t *testing.T) {
		resp, err := http.Get(ts.URL + "/metric/medical_institution/chart")
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("GET the interactive chart = %d (%v)", resp.StatusCode, err)
		}
		var scriptSrc string
		for _, d := range strings.Split(resp.Header.Get("Content-Security-Policy"), ";") {
			if v, ok := strings.CutPrefix(strings.TrimSpace(d), "script-src "); ok {
				scriptSrc = v
			}
		}
		scripts := pageFindAll(pageParse(t, string(body)), pageIsElem("script"))
		if len(scripts) != 1 || pageAttr(scripts[0], "src") != "" || scripts[0].FirstChild == nil {
			t.Fatalf("the chart page has %d scripts, want its one inline script", len(scripts))
		}
		sum := sha256.Sum256([]byte(scripts[0].FirstChild.Data))
		if want := "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"; scriptSrc != want {
			t.Errorf("the chart page's script-src is %q, want exactly the hash of its script %s", scriptSrc, want)
		}
	})

	t.Run("metric page filters", func(t *testing.T) {
		all := metricSeriesRows(t, s, "medical_institution")
		want := func(keep func(pageFact) bool) map[pageFact]int {
			m := map[pageFact]int{}
			for _, f := range all {
				if keep(f) {
					m[f]++
				}
			}
			return m
		}
		named := ""
		for _, f := range all {
			if f.entity != "" {
				named = f.entity
			}
		}
		if named == "" {
			t.Fatal("no medical_institution row names an entity (the archive's provinces should)")
		}
		for query, keep := range map[string]func(pageFact) bool{
			"?entity=*&source=*":                func(pageFact) bool { return true }, // the form's "any"
			"?entity=":                          func(f pageFact) bool { return f.entity == "" },
			"?entity=&source=*":                 func(f pageFact) bool { return f.entity == "" },
			"?source=sasac-zh":                  func(f pageFact) bool { return f.source == "sasac-zh" },
			"?entity=" + url.QueryEscape(named): func(f pageFact) bool { return f.entity == named },
			"?entity=nobody":                    func(pageFact) bool { return false },
		} {
			code, body := pageGet(t, ts.URL, "/metric/medical_institution"+query)
			if code != http.StatusOK {
				t.Fatalf("GET %s = %d", query, code)
			}
			got := map[pageFact]int{}
			for _, f := range pageFactRows(t, pageParse(t, body)) {
				got[f]++
			}
			w := want(keep)
			if len(w) == 0 && len(got) == 0 {
				continue
			}
			if fmt.Sprint(got) != fmt.Sprint(w) {
				t.Errorf("/metric/medical_institution%s lists %d facts, want %d:\n got %v\nwant %v", query, len(got), len(w), got, w)
			}
		}
	})

	t.Run("unknown metric is a 404 page", func(t *testing.T) {
		code, body := pageGet(t, ts.URL, "/metric/no_such_metric")
		if code != http.StatusNotFound || !strings.Contains(body, `No metric &#34;no_such_metric&#34; has been loaded.`) {
			t.Errorf("GET /metric/no_such_metric = %d, want 404 with a page naming the metric:\n%s", code, body)
		}
		code, body = pageGet(t, ts.URL, "/nowhere")
		if code != http.StatusNotFound || !strings.Contains(body, "There is no page at this address.") {
			t.Errorf("GET /nowhere = %d, want the 404 page:\n%s", code, body)
		}
		// A key carrying markup is shown escaped.
		code, body = pageGet(t, ts.URL, "/metric/"+url.PathEscape(hostileScript))
		if code != http.StatusNotFound || strings.Contains(body, hostileScript) || !strings.Contains(body, "&lt;script&gt;") {
			t.Errorf("GET /metric/<script>… = %d, want 404 showing the key escaped:\n%s", code, body)
		}
		checkOnlyOwnScript(t, pageParse(t, body))
	})

	t.Run("hostile text is escaped", func(t *testing.T) {
		var metric string
		err := s.Conn().QueryRow(context.Background(), "SELECT any(metric) FROM "+ch.Database+".metric_series WHERE source = 'hostile-health'").Scan(&metric)
		if err != nil || metric == "" {
			t.Fatalf("the hostile page's fact is not in metric_series (metric %q): %v", metric, err)
		}
		code, body := pageGet(t, ts.URL, "/metric/"+url.PathEscape(metric)+"?source=hostile-health")
		if code != http.StatusOK {
			t.Fatalf("GET the hostile fact's metric %q = %d\n%s", metric, code, body)
		}
		doc := pageParse(t, body)
		facts := pageFactRows(t, doc)
		if len(facts) != 1 || !strings.Contains(facts[0].sentence, hostileScript) || facts[0].value != "1234" {
			t.Errorf("the hostile source's facts are %+v, want one of 1234 whose sentence holds %s as text", facts, hostileScript)
		}
		if strings.Contains(body, hostileScript) || strings.Contains(body, "<img src=x") {
			t.Error("the page carries the hostile markup unescaped")
		}
		if !strings.Contains(body, "&lt;script&gt;alert(&#34;xss&#34;)&lt;/script&gt;") {
			t.Error("the page does not show the hostile sentence escaped")
		}
		if links := pageFindAll(pageByID(doc, "facts"), pageIsElem("a")); len(links) != 1 || pageText(links[0]) != hostileTitle {
			t.Errorf("the hostile fact's article link does not show its title %q as text", hostileTitle)
		}
		checkOnlyOwnScript(t, doc)
		for _, img := range pageFindAll(doc, pageIsElem("img")) {
			t.Errorf("the page has an <img> (src %q): the hostile title became markup", pageAttr(img, "src"))
		}
	})

	t.Run("statistics", func(t *testing.T) {
		code, body := pageGet(t, ts.URL, "/statistics")
		if code != http.StatusOK {
			t.Fatalf("GET /statistics = %d\n%s", code, body)
		}
		var china string
		for _, a := range pageFindAll(pageByID(pageParse(t, body), "series"), pageIsElem("a")) {
			href := pageAttr(a, "href")
			if strings.Contains(href, "source=worldbank-health-gdp") && strings.Contains(href, "dim=China") {
				china = href
			}
		}
		if china == "" {
			t.Fatalf("the statistics list has no link to the World Bank health expenditure series of China:\n%s", body)
		}
		code, body = pageGet(t, ts.URL, china)
		if code != http.StatusOK {
			t.Fatalf("GET %s = %d\n%s", china, code, body)
		}
		doc := pageParse(t, body)
		var rows [][]string
		for _, tr := range pageFindAll(pageByID(doc, "observations"), pageIsElem("tr")) {
			if cells := pageFindAll(tr, pageIsElem("td")); len(cells) > 5 {
				rows = append(rows, []string{pageText(cells[0]), pageText(cells[2]), pageText(cells[3]), pageText(cells[5])})
			}
		}
		if len(rows) != 9 {
			t.Errorf("the China series lists %d observations, want 9 (2012-2020)", len(rows))
		}
		found := false
		for _, r := range rows {
			found = found || r[0] == "2016" && r[1] == "6.2" && r[2] == "percent" && r[3] == "1" // one value seen
		}
		if !found {
			t.Errorf("the China series lacks 2016: 6.2 percent, one value seen: %v", rows)
		}
		if len(pageFindAll(doc, pageHasClass("chart"))) != 1 {
			t.Error("the series page has no chart")
		}
		code, _ = pageGet(t, ts.URL, "/statistics/series?source=worldbank-health-gdp&dataset=nope&indicator=nope")
		if code != http.StatusNotFound {
			t.Errorf("an unknown series = %d, want 404", code)
		}
	})

	t.Run("sources", func(t *testing.T) {
		code, body := pageGet(t, ts.URL, "/sources")
		if code != http.StatusOK {
			t.Fatalf("GET /sources = %d\n%s", code, body)
		}
		status := map[string]string{}
		for _, tr := range pageFindAll(pageByID(pageParse(t, body), "sources"), pageIsElem("tr")) {
			if cells := pageFindAll(tr, pageIsElem("td")); len(cells) > 2 {
				status[pageText(cells[0])] = pageText(cells[2])
			}
		}
		for _, src := range []string{"sasac-en", "sasac-zh", "worldbank-health-gdp", "hostile-health"} {
			if status[src] != "ok" {
				t.Errorf("source %s has status %q on the sources page, want ok (all: %v)", src, status[src], status)
			}
		}
	})

	t.Run("read-only and loopback names only", func(t *testing.T) {
		if code, _ := pageGet(t, ts.URL, "/", "Host", "evil.example:80"); code != http.StatusMisdirectedRequest {
			t.Errorf("a request for Host evil.example = %d, want 421", code)
		}
		if code, _ := pageGet(t, ts.URL, "/", "Host", "localhost:8080"); code != http.StatusOK {
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
		code, body := pageGet(t, ts.URL, "/static/chart.js")
		if code != http.StatusOK || !strings.Contains(body, "data-label") {
			t.Errorf("GET /static/chart.js = %d", code)
		}
	})

	t.Run("command serves until stopped", func(t *testing.T) {
		cfg := filepath.Join(t.TempDir(), "serve.yaml")
		os.WriteFile(cfg, []byte("clickhouse:\n  addr: ${NEWSETL_CLICKHOUSE_ADDR}\n  database: ${NEWSETL_DATABASE}\nserve:\n  addr: ${ADDR}\nsources: []\n"), 0o644)
		addr := freeAddr(t)
		ctx, stop := context.WithCancel(context.Background())
		defer stop()
		var stdout, stderr serveLogBuffer
		done := make(chan int, 1)
		go func() {
			done <- run(ctx, []string{"serve", "--config", cfg, "--log-level", "warn"}, &stdout, &stderr, testLookup(ch, map[string]string{"ADDR": addr}))
		}()
		var code int
		var body string
		// The server starts in a few milliseconds; a loaded machine gets a
		// minute before the test gives up.
		deadline := time.After(time.Minute)
	wait:
		for {
			resp, err := http.Get("http://" + addr + "/metric/medical_institution")
			if err == nil {
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				code, body = resp.StatusCode, string(b)
				break
			}
			select {
			case c := <-done:
				t.Fatalf("serve exited %d before answering:\n%s", c, stderr.String())
			case <-deadline:
				t.Errorf("serve did not answer within a minute: %v", err)
				break wait
			case <-time.After(100 * time.Millisecond):
			}
		}
		if code != http.StatusOK || !strings.Contains(body, `id="facts"`) {
			t.Errorf("GET /metric/medical_institution from newsetl serve = %d:\n%.300s", code, body)
		}
		stop()
		select {
		case c := <-done:
			if c != exitOK {
				t.Errorf("serve exited %d after its context ended, want 0:\n%s", c, stderr.String())
			}
		case <-time.After(time.Minute): // ShutdownGrace is 10 s; a loaded machine gets more
			t.Fatal("serve did not stop within a minute of its context ending")
		}
		if !strings.Contains(stdout.String(), "newsetl serve: http://"+addr+"/") {
			t.Errorf("serve did not say where it listens:\n%s", stdout.String())
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

// pageFactRows reads table#facts.
func pageFactRows(t *testing.T, doc *html.Node) []pageFact {
	t.Helper()
	table := pageByID(doc, "facts")
	if table == nil {
		t.Fatal("no table#facts on the page")
	}
	var out []pageFact
	for _, tr := range pageFindAll(table, pageIsElem("tr")) {
		cells := pageFindAll(tr, pageIsElem("td"))
		if len(cells) == 0 {
			continue
		}
		if len(cells) != 9 {
			t.Fatalf("a facts row has %d cells, want 9", len(cells))
		}
		links := pageFindAll(cells[6], pageIsElem("a"))
		if len(links) != 1 {
			t.Fatalf("a facts row has %d article links, want 1", len(links))
		}
		period, _, _ := strings.Cut(pageText(cells[0]), " ")
		out = append(out, pageFact{periodEnd: period, entity: pageText(cells[1]), value: pageText(cells[2]), sentence: pageText(cells[5]),
			href: pageAttr(links[0], "href"), source: pageText(cells[8])})
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
	for _, sc := range pageFindAll(doc, pageIsElem("script")) {
		if pageAttr(sc, "src") != "/static/chart.js" || pageText(sc) != "" {
			t.Errorf("the page runs a script other than /static/chart.js: src %q, text %q", pageAttr(sc, "src"), pageText(sc))
		}
	}
	for _, n := range pageFindAll(doc, func(n *html.Node) bool { return n.Type == html.ElementNode }) {
		for _, a := range n.Attr {
			if strings.HasPrefix(strings.ToLower(a.Key), "on") {
				t.Errorf("<%s> has an event handler attribute %s=%q", n.Data, a.Key, a.Val)
			}
		}
	}
}

func pageParse(t *testing.T, body string) *html.Node {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// pageFindAll lists the nodes under n (n included) that match, in document order.
func pageFindAll(n *html.Node, match func(*html.Node) bool) []*html.Node {
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

func pageIsElem(name string) func(*html.Node) bool {
	return func(n *html.Node) bool { return n.Type == html.ElementNode && n.Data == name }
}

func pageHasClass(class string) func(*html.Node) bool {
	return func(n *html.Node) bool {
		return n.Type == html.ElementNode && strings.Contains(" "+pageAttr(n, "class")+" ", " "+class+" ")
	}
}

func pageWithAttr(key string) func(*html.Node) bool {
	return func(n *html.Node) bool {
		for _, a := range n.Attr {
			if a.Key == key {
				return true
			}
		}
		return false
	}
}

func pageByID(n *html.Node, id string) *html.Node {
	all := pageFindAll(n, func(n *html.Node) bool { return n.Type == html.ElementNode && pageAttr(n, "id") == id })
	if len(all) == 0 {
		return nil
	}
	return all[0]
}

func pageAttr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// pageText is the text under n with runs of white space collapsed.
func pageText(n *html.Node) string {
	var b strings.Builder
	for _, t := range pageFindAll(n, func(n *html.Node) bool { return n.Type == html.TextNode }) {
		b.WriteString(t.Data)
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// BenchmarkServePages renders each page of newsetl serve on the sample
// site (handler and ClickHouse queries, no network):
// go test -run '^$' -bench ServePages ./cmd/newsetl
func BenchmarkServePages(b *testing.B) {
	ch := loadtest.Config(b)
	loadServeFixtures(b, ch)
	s, err := load.Open(context.Background(), ch, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	srv, err := serve.New(s.Conn(), serve.Options{DB: ch.Database, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		b.Fatal(err)
	}
	for _, page := range []string{"/", "/metric/medical_institution", "/metric/medical_institution/chart", "/statistics",
		"/statistics/series?source=worldbank-health-gdp&dataset=SH.XPD.CHEX.GD.ZS&indicator=SH.XPD.CHEX.GD.ZS&dim=China&dim=CHN", "/sources"} {
		name := strings.TrimPrefix(strings.SplitN(page, "?", 2)[0], "/")
		if name == "" {
			name = "index"
		}
		b.Run(name, func(b *testing.B) {
			var size int
			for b.Loop() {
				w := httptest.NewRecorder()
				srv.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "http://127.0.0.1:8080"+page, nil))
				if w.Code != http.StatusOK {
					b.Fatalf("GET %s = %d", page, w.Code)
				}
				size = w.Body.Len()
			}
			b.ReportMetric(float64(size), "bytes/page")
		})
	}
}
