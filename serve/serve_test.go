package serve

import (
	"crypto/sha256"
	"encoding/base64"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/newsetl/newsetl/analyst"
	"github.com/newsetl/newsetl/chart"
)

// The pages that read ClickHouse are tested against a real server with the
// sample site in cmd/newsetl/serve_test.go; these need no database.

func newTestServer(t *testing.T) *Server {
	t.Helper()
	s, err := New(nil, Options{DB: "newsetl", Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func do(s *Server, method, target, host string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, nil)
	req.Host = host
	w := httptest.NewRecorder()
	s.ServeHTTP(w, req)
	return w
}

func TestRoutesWithoutDatabase(t *testing.T) {
	s := newTestServer(t)
	for _, tc := range []struct {
		method, target, host string
		status               int
		body, contentType    string
	}{
		{"GET", "/nowhere", "127.0.0.1:8080", 404, "There is no page at this address.", "text/html; charset=utf-8"},
		{"GET", "/metric/a/b/c", "localhost", 404, "There is no page at this address.", "text/html; charset=utf-8"},
		{"GET", "/static/style.css", "localhost:8080", 200, "figure.chart", "text/css; charset=utf-8"},
		{"GET", "/static/chart.js", "[::1]:8080", 200, "data-label", "text/javascript; charset=utf-8"},
		{"GET", "/static/favicon.svg", "localhost", 200, "<svg", "image/svg+xml"},
		{"POST", "/", "localhost", 405, "read-only", "text/html; charset=utf-8"},
		{"DELETE", "/metric/x", "localhost", 405, "read-only", "text/html; charset=utf-8"},
		{"GET", "/", "evil.example", 421, "loopback host names", "text/plain; charset=utf-8"},
		{"GET", "/static/style.css", "127.0.0.1.nip.example", 421, "loopback host names", "text/plain; charset=utf-8"},
	} {
		w := do(s, tc.method, tc.target, tc.host)
		if w.Code != tc.status || !strings.Contains(w.Body.String(), tc.body) || w.Header().Get("Content-Type") != tc.contentType {
			t.Errorf("%s %s (Host %s) = %d %q, body %.200q; want %d %q with %q",
				tc.method, tc.target, tc.host, w.Code, w.Header().Get("Content-Type"), w.Body.String(), tc.status, tc.contentType, tc.body)
		}
		if csp := w.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || !strings.Contains(csp, "default-src 'none'") {
			t.Errorf("%s %s: Content-Security-Policy %q", tc.method, tc.target, csp)
		}
		if w.Header().Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s %s: no X-Content-Type-Options: nosniff", tc.method, tc.target)
		}
	}
}

func TestAnyHostServesOtherNames(t *testing.T) {
	s, err := New(nil, Options{DB: "newsetl", AnyHost: true, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	if w := do(s, "GET", "/static/style.css", "stats.example.org"); w.Code != http.StatusOK {
		t.Errorf("with AnyHost, Host stats.example.org = %d, want 200", w.Code)
	}
}

func TestErrorPageEscapesAndHidesInternals(t *testing.T) {
	s := newTestServer(t)
	w := httptest.NewRecorder()
	r := httptest.NewRequest("GET", "/metric/x", nil)
	s.errorPage(w, r, http.StatusInternalServerError, `No metric "<b>x</b>"`, errTest("dial tcp 10.1.2.3:9000: secret internals"))
	body := w.Body.String()
	if w.Code != 500 || !strings.Contains(body, "No metric &#34;&lt;b&gt;x&lt;/b&gt;&#34;") || strings.Contains(body, "<b>x") {
		t.Errorf("error page %d does not show the message escaped:\n%s", w.Code, body)
	}
	if strings.Contains(body, "secret internals") {
		t.Error("the error page shows the internal error")
	}
	if !strings.Contains(body, "Request <code>") {
		t.Error("the error page has no request id")
	}
}

type errTest string

func (e errTest) Error() string { return string(e) }

func TestNewRefusesABadDatabaseName(t *testing.T) {
	for _, db := range []string{"", "newsetl.facts", "x; DROP TABLE facts", "a b", "`x`", "1st"} {
		if _, err := New(nil, Options{DB: db}); err == nil || !strings.Contains(err.Error(), "plain identifier") {
			t.Errorf("New with database %q: %v, want a refusal", db, err)
		}
	}
}

func TestGroupCharts(t *testing.T) {
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	facts := []analyst.SeriesRow{ // as analyst.MetricSeries orders them: entity, unit, source, period
		{Entity: "", Unit: "", Source: "sasac-zh", PeriodEnd: day("2021-11-30"), Value: 360, PublishedAt: day("2021-12-20"), URL: "http://x/zh"},
		{Entity: "", Unit: "", Source: "sasac-en", PeriodEnd: day("2021-11-30"), Value: 1154, PublishedAt: day("2021-12-20"), URL: "http://x/en"},
		{Entity: "", Unit: "", Source: "sasac-en", PeriodEnd: day("2021-12-20"), Value: 182, PublishedAt: day("2021-12-20"), URL: "http://x/en"},
		{Entity: "China Resources", Unit: "", Source: "sasac-en", PeriodEnd: day("2021-11-30"), Value: 182, PublishedAt: day("2021-12-21"), URL: "http://x/cr"},
		{Entity: "China Resources", Unit: "percent", Source: "sasac-en", PeriodEnd: day("2021-11-30"), Value: 12.5, PublishedAt: day("2021-12-21"), URL: "http://x/cr"},
	}
	got := groupCharts("medical_institution", facts)
	if len(got) != 3 {
		t.Fatalf("%d charts, want 3 (one per entity and unit)", len(got))
	}
	c := got[0].chart
	if got[0].entity != "" || c.Title != "medical_institution" || len(c.Series) != 2 || c.Series[0].Name != "sasac-en" || c.Series[1].Name != "sasac-zh" {
		t.Errorf("first chart %q: series %+v, want sasac-en then sasac-zh", c.Title, c.Series)
	}
	if n := len(c.Series[0].Points); n != 2 {
		t.Errorf("sasac-en has %d points, want 2", n)
	}
	if p := c.Series[1].Points[0]; p.Y != 360 || p.Label != "2021-12-20 · sasac-zh · http://x/zh" {
		t.Errorf("sasac-zh point = %+v", p)
	}
	if got[1].chart.Title != "medical_institution · China Resources" || got[2].unit != "percent" || got[2].chart.Unit != "percent" {
		t.Errorf("charts 2 and 3: %q unit %q, %q unit %q", got[1].chart.Title, got[1].unit, got[2].chart.Title, got[2].unit)
	}
}

// csp parses a Content-Security-Policy into its directives.
func csp(t *testing.T, policy string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, d := range strings.Split(policy, ";") {
		name, value, _ := strings.Cut(strings.TrimSpace(d), " ")
		if name == "" {
			continue
		}
		if _, dup := out[name]; dup {
			t.Errorf("directive %s twice in %q", name, policy)
		}
		out[name] = value
	}
	return out
}

// TestContentSecurityPolicy: the pages may run exactly the script they are
// served with: /static/chart.js (script-src 'self', and the templates load
// no other script, inline or not), and on the interactive chart page
// package chart's inline HoverScript alone, by its hash.
func TestContentSecurityPolicy(t *testing.T) {
	s := newTestServer(t)
	for _, target := range []string{"/nowhere", "/static/style.css", "/static/chart.js"} { // pages reading ClickHouse: cmd/newsetl TestServe
		w := do(s, "GET", target, "localhost")
		d := csp(t, w.Header().Get("Content-Security-Policy"))
		if d["script-src"] != "'self'" || d["default-src"] != "'none'" || d["frame-ancestors"] != "'none'" || d["base-uri"] != "'none'" {
			t.Errorf("GET %s: Content-Security-Policy %v, want script-src 'self' only, default-src, frame-ancestors and base-uri 'none'", target, d)
		}
		for name, v := range d {
			if strings.Contains(v, "*") || strings.Contains(v, "http") || (name != "style-src" && strings.Contains(v, "unsafe")) {
				t.Errorf("GET %s: %s %s allows more than this server", target, name, v)
			}
		}
	}
	// The templates load one script, the static chart.js, and hold no
	// inline script or event handler attribute.
	scripts := 0
	entries, err := templateFS.ReadDir("templates")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := templateFS.ReadFile("templates/" + e.Name())
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range regexp.MustCompile(`<script[^>]*>`).FindAllString(string(b), -1) {
			scripts++
			if m != `<script src="/static/chart.js" defer>` {
				t.Errorf("templates/%s: %s, want only <script src=\"/static/chart.js\" defer>", e.Name(), m)
			}
		}
		if on := regexp.MustCompile(`(?i)\son[a-z]+=`).FindString(string(b)); on != "" {
			t.Errorf("templates/%s has an event handler attribute%s", e.Name(), on)
		}
	}
	if scripts != 1 {
		t.Errorf("%d script tags in the templates, want 1 (the layout's)", scripts)
	}
	statics, err := staticFS.ReadDir("static")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range statics {
		if strings.HasSuffix(e.Name(), ".js") && e.Name() != "chart.js" {
			t.Errorf("static/%s: a script the pages do not load is served under script-src 'self'", e.Name())
		}
	}
	// The interactive chart: HoverScript's hash, computed here, and nothing else.
	sum := sha256.Sum256([]byte(chart.HoverScript))
	want := "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
	d := csp(t, chartPageCSP)
	if d["script-src"] != want || d["default-src"] != "'none'" || d["form-action"] != "'none'" {
		t.Errorf("the chart page's policy %v, want script-src %s alone", d, want)
	}
}
