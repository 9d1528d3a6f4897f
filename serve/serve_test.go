package serve

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/newsetl/newsetl/analyst"
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

func TestScriptHashes(t *testing.T) {
	// Hashes computed independently (Python hashlib + base64).
	page := []byte("<html><script>alert(1)</script><p>x</p><script>\nvar x = 1;\n</script></html>")
	want := "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI=' 'sha256-gHAzIVRaQxzYNNimjwLbjxxQL8U3ofFkNNb+igm7dTw='"
	if got := scriptHashes(page); got != want {
		t.Errorf("scriptHashes = %s, want %s", got, want)
	}
	if got := scriptHashes([]byte("<p>no script</p>")); got != "'none'" {
		t.Errorf("scriptHashes without script = %s, want 'none'", got)
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
