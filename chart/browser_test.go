package chart

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"io"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// TestHTMLTooltipInChromium loads the HTML chart in headless Chromium
// under a strict Content-Security-Policy, hovers the first point (a
// mouseover event, as the pointer sends) and reads the DOM: the tooltip is
// shown with the point's label. Skips where Chromium is not installed.
func TestHTMLTooltipInChromium(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: no browser")
	}
	bin, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("chromium is not installed (apt-get install chromium): the tooltip is checked in a browser only where one is")
	}
	var page bytes.Buffer
	if err := Render(&page, "html", institutions()); err != nil {
		t.Fatal(err)
	}
	// The test's own script hovers the first point; the page is served
	// with a Content-Security-Policy that allows only the two scripts by
	// hash, as newsetl serve may serve it (ScriptHash).
	const hover = `document.querySelector(".chart circle").dispatchEvent(new MouseEvent("mouseover", {bubbles: true}));`
	html := strings.Replace(page.String(), "</body>", "<script>"+hover+"</script></body>", 1)
	sum := sha256.Sum256([]byte(hover))
	csp := "default-src 'none'; style-src 'unsafe-inline'; script-src " + ScriptHash() + " 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", csp)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, html)
	}))
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir="+t.TempDir(), "--dump-dom", srv.URL)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium: %v", err)
	}
	dom := string(out)
	i := strings.Index(dom, `id="tip"`)
	if i < 0 {
		t.Fatalf("no tooltip in the DOM:\n%s", dom)
	}
	tip := dom[i:min(len(dom), i+400)]
	if !strings.Contains(tip, "display: block") || !strings.Contains(tip, "sasac-en · 2022-12-31 · 170\n2023-03-02 · sasac-en · http://sample.test/sasac/en/2023-03-02.html") {
		t.Errorf("tooltip after hovering the first point: %s", tip)
	}
}
