package main

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsetl/newsetl/internal/pixels"

	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// ChromiumEnv names a variable that may hold the path of the Chromium (or
// Chrome) binary the browser test drives.
const ChromiumEnv = "NEWSETL_CHROMIUM"

// ArtifactsEnv names the directory where tests keep what a reader may want
// to look at after a run (the browser test's screenshot); default
// $TMPDIR/newsetl-test-artifacts.
const ArtifactsEnv = "NEWSETL_TEST_ARTIFACTS"

// findChromium returns the browser to drive, or skips the test saying how
// to pageGet one: $NEWSETL_CHROMIUM, then Debian's chromium and the usual names
// on PATH.
func findChromium(t *testing.T) string {
	t.Helper()
	if p := os.Getenv(ChromiumEnv); p != "" {
		if _, err := exec.LookPath(p); err != nil {
			t.Fatalf("%s=%s: %v", ChromiumEnv, p, err)
		}
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skipf("no Chromium found (looked for chromium, chromium-browser, google-chrome, headless-shell on PATH and $%s): "+
		"install Debian's package (`apt-pageGet install -y chromium`; scripts/test.sh does it when apt can) to run the browser test", ChromiumEnv)
	return ""
}

// artifactDir is where a test keeps its artifacts.
func artifactDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv(ArtifactsEnv)
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "newsetl-test-artifacts")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// stepTimeout bounds each tab's steps (load, read, hover, screenshot):
// a few seconds on an idle machine, generous for a loaded one. Every step
// waits on the page's state, never for a fixed time.
const stepTimeout = 2 * time.Minute

// Browser window of the test, in CSS pixels (the screenshot is its
// viewport: the width, and the height less the window's frame).
const browserWidth, browserHeight = 1280, 1000

// testMetricPageInBrowser opens a metric's page in a real headless Chromium
// and checks what a reader sees: the chart is an SVG with the series' path,
// laid out with a real size; the facts table has wantFacts rows; hovering a
// point shows its publication through the page's own script (/static,
// allowed by the Content-Security-Policy); no script error or CSP
// violation is logged. The viewport's screenshot is kept as an artifact
// and must not be blank. The metric's interactive chart (pageURL/chart)
// shows a point's label on hover with package chart's inline script.
func testMetricPageInBrowser(t *testing.T, pageURL string, wantFacts int) {
	exe := findChromium(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.WindowSize(browserWidth, browserHeight),
		chromedp.Flag("hide-scrollbars", true),
	)
	if os.Geteuid() == 0 {
		// Chromium refuses to start its sandbox as root (CI and these
		// machines run tests as root); the page is our own, served from
		// loopback, so running it unsandboxed costs nothing here.
		opts = append(opts, chromedp.NoSandbox)
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(allocCtx)
	defer cancel()

	var mu sync.Mutex
	var problems []string
	// The first Run starts the browser; it must not carry a timeout (that
	// would stop the browser), so the listener goes first, without one.
	listen := func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch ev := ev.(type) {
		case *cdplog.EventEntryAdded:
			if ev.Entry.Level == cdplog.EntryLevelError {
				problems = append(problems, fmt.Sprintf("log %s: %s (%s)", ev.Entry.Source, ev.Entry.Text, ev.Entry.URL))
			}
		case *runtime.EventExceptionThrown:
			d := ev.ExceptionDetails
			problems = append(problems, fmt.Sprintf("exception at %s:%d: %s", d.URL, d.LineNumber, d.Text))
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError {
				problems = append(problems, "console.error")
			}
		}
	}
	if err := chromedp.Listen(ctx, listen); err != nil {
		t.Fatalf("starting Chromium %s: %v", exe, err)
	}
	step, cancelStep := context.WithTimeout(ctx, stepTimeout)
	defer cancelStep()

	if err := chromedp.Do(step, chromedp.Navigate(pageURL), waitVisible("figure.chart svg")); err != nil {
		t.Fatalf("loading %s in Chromium: %v", pageURL, err)
	}
	type layout struct {
		Charts, Paths, Points, Facts int
		SVGWidth, SVGHeight          float64
		FactsVisible                 bool
	}
	got, err := chromedp.Run(step, chromedp.Evaluate[layout](`(() => {
		const svg = document.querySelector("figure.chart svg"), r = svg.getBoundingClientRect();
		const facts = document.querySelector("#facts");
		return {
			Charts: document.querySelectorAll("figure.chart svg").length,
			Paths: svg.querySelectorAll("path").length,
			Points: svg.querySelectorAll("circle[data-label]").length,
			Facts: document.querySelectorAll("#facts tbody tr").length,
			SVGWidth: r.width, SVGHeight: r.height,
			FactsVisible: facts.getBoundingClientRect().height > 0,
		};
	})()`))
	if err != nil {
		t.Fatalf("reading the page's layout: %v", err)
	}
	if got.Charts == 0 || got.Paths == 0 || got.Points == 0 || got.SVGWidth < 300 || got.SVGHeight < 150 {
		t.Errorf("the chart is not drawn as expected: %+v", got)
	}
	if got.Facts != wantFacts || !got.FactsVisible {
		t.Errorf("the facts table shows %d rows (visible %v), want %d", got.Facts, got.FactsVisible, wantFacts)
	}

	// Hover the first point with the mouse: the page's script shows its
	// label (publication date · source · URL).
	xy, err := chromedp.Run(step, chromedp.Evaluate[[2]float64](`(() => {
		const c = document.querySelector("figure.chart circle[data-label]");
		c.scrollIntoView({block: "center"});
		const r = c.getBoundingClientRect();
		return [r.left + r.width / 2, r.top + r.height / 2];
	})()`))
	if err != nil {
		t.Fatalf("finding a chart point: %v", err)
	}
	if err := chromedp.Do(step, chromedp.MouseEvent(chromedp.MouseMoved, xy[0], xy[1]), waitVisible("#tip")); err != nil {
		t.Fatalf("hovering the chart point at %v: %v", xy, err)
	}
	tip, err := chromedp.Run(step, chromedp.Evaluate[string](`document.querySelector("#tip").textContent`))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(tip, " · http://") {
		t.Errorf("hovering a point shows %q, want its label (publication date · source · URL)", tip)
	}

	vp, err := chromedp.Run(step, chromedp.Evaluate[[3]float64](`[innerWidth, innerHeight, devicePixelRatio]`))
	if err != nil {
		t.Fatal(err)
	}
	shot, err := chromedp.Run(step, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatalf("taking a screenshot: %v", err)
	}
	path := filepath.Join(artifactDir(t), "serve-metric-page.png")
	if err := os.WriteFile(path, shot, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot of %s: %s (%d bytes)", pageURL, path, len(shot))
	checkScreenshot(t, shot, int(vp[0]*vp[2]), int(vp[1]*vp[2]))

	// The interactive chart (package chart's page): its inline script runs
	// under the CSP that allows it by hash, and shows a point's label.
	chartURL := pageURL + "/chart"
	tab, closeTab := chromedp.NewContext(ctx) // a second tab of the same browser
	defer closeTab()
	if err := chromedp.Listen(tab, listen); err != nil {
		t.Fatalf("opening a second tab: %v", err)
	}
	step, cancelStep = context.WithTimeout(tab, stepTimeout)
	defer cancelStep()
	if err := chromedp.Do(step, chromedp.Navigate(chartURL), waitVisible(".chart svg")); err != nil {
		t.Fatalf("loading %s: %v", chartURL, err)
	}
	xy, err = chromedp.Run(step, chromedp.Evaluate[[2]float64](`(() => {
		const r = document.querySelector(".chart circle[data-label]").getBoundingClientRect();
		return [r.left + r.width / 2, r.top + r.height / 2];
	})()`))
	if err != nil {
		t.Fatalf("finding a point of %s: %v", chartURL, err)
	}
	if err := chromedp.Do(step, chromedp.MouseEvent(chromedp.MouseMoved, xy[0], xy[1]), waitVisible("#tip")); err != nil {
		t.Fatalf("hovering a point of %s: %v", chartURL, err)
	}

	mu.Lock()
	defer mu.Unlock()
	for _, p := range problems {
		t.Errorf("Chromium reported: %s", p)
	}
}

// waitVisible waits until the page's first element matching the CSS
// selector has a size and is not hidden. It polls with Runtime.evaluate,
// which always reads the current document (chromedp's WaitVisible right
// after a Navigate sometimes queried the document before it and waited
// out the deadline).
func waitVisible(selector string) chromedp.Action[chromedp.Void] {
	js := fmt.Sprintf(`(() => {
		const e = document.querySelector(%q);
		if (!e) return false;
		const r = e.getBoundingClientRect(), st = getComputedStyle(e);
		return r.width > 0 && r.height > 0 && st.display !== "none" && st.visibility !== "hidden";
	})()`, selector)
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		for {
			ok, err := chromedp.Evaluate[bool](js)(ctx, t)
			if err != nil {
				return fmt.Errorf("waiting for %s: %w", selector, err)
			}
			if ok {
				return nil
			}
			select {
			case <-ctx.Done():
				return fmt.Errorf("waiting for %s to be visible: %w", selector, ctx.Err())
			case <-time.After(50 * time.Millisecond):
			}
		}
	})
}

// checkScreenshot fails unless shot is a PNG of the viewport's size (w x h
// device pixels, near the window's) whose pixels vary (a blank or
// single-colour page fails).
func checkScreenshot(t *testing.T, shot []byte, w, h int) {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(shot))
	if err != nil {
		t.Fatalf("the screenshot is not a PNG: %v", err)
	}
	b := img.Bounds()
	if b.Dx() != w || b.Dy() != h || w != browserWidth || h < browserHeight/2 || h > browserHeight {
		t.Errorf("the screenshot is %dx%d, want the viewport's %dx%d within the %dx%d window", b.Dx(), b.Dy(), w, h, browserWidth, browserHeight)
	}
	st := pixels.Measure(img)
	mean, sd, colours := st.Mean, st.SD(), st.Colours
	// A rendered page of text, tables and a chart: many colours and a
	// spread of light and dark; a blank page has one colour and sd 0.
	if sd < 10 || colours < 50 {
		t.Errorf("the screenshot looks blank: luma mean %.1f, standard deviation %.1f, %d colours", mean, sd, colours)
	}
	t.Logf("screenshot %dx%d: luma mean %.1f, standard deviation %.1f, %d colours", b.Dx(), b.Dy(), mean, sd, colours)
}
