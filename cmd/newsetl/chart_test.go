package main

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"text/tabwriter"
	"time"

	"github.com/newsetl/newsetl/internal/pixels"

	"github.com/newsetl/newsetl/chart"
	"github.com/newsetl/newsetl/config"
	"github.com/newsetl/newsetl/internal/tableprint"
	"github.com/newsetl/newsetl/load/loadtest"
	"github.com/newsetl/newsetl/record"
)

// demoDatabase loads the sample site into a fresh database with `newsetl
// demo` and returns its settings, a config file for query and chart, and
// the demo's summary.
func demoDatabase(t *testing.T) (config.ClickHouse, string, string) {
	t.Helper()
	ch := loadtest.Config(t)
	code, stdout, stderr := newsetl(t, ch, nil, "demo", "--config", repoRoot+"/examples/demo.yaml", "--site", repoRoot+"/testdata/site",
		"--listen", freeAddr(t), "--log-level", "warn")
	if code != exitOK {
		t.Fatalf("demo exited %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	return ch, analystConfig(t, ch), stdout
}

func TestChartOnSampleData(t *testing.T) {
	ch, cfg, summary := demoDatabase(t)
	dir := t.TempDir()
	chartCmd := func(args ...string) (int, string, string) {
		return newsetl(t, ch, nil, append([]string{"chart", "--config", cfg}, args...)...)
	}

	t.Run("demo summary aligned by display width", func(t *testing.T) {
		checkAligned(t, summary, "SOURCE  ", "Statistics series")
		checkAligned(t, summary, "PUBLISHED  ", "Ten most recent facts")
		if !strings.Contains(summary, "卫生总费用") {
			t.Fatalf("the summary lists no Chinese series:\n%s", summary)
		}
	})

	t.Run("health expenditure PNG", func(t *testing.T) {
		out := filepath.Join(dir, "the.png")
		code, stdout, stderr := chartCmd("--series", "Total Health Expenditure", "--out", out)
		if code != exitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		// 4 financing sources × 2016–2020 from the English NBS table.
		img := decodePNG(t, out)
		c := chart.Chart{Series: []chart.Series{{Points: make([]chart.Point, 20)}}}
		wantH := chart.DefaultHeight + chart.TableHeight(c)
		if b := img.Bounds(); b.Dx() != chart.DefaultWidth || b.Dy() != wantH {
			t.Errorf("size %dx%d, want %dx%d", b.Dx(), b.Dy(), chart.DefaultWidth, wantH)
		}
		if v := pixels.Measure(img).Variance; v < 300 {
			t.Errorf("pixel variance %.0f: the chart looks blank", v)
		}
		for _, want := range []string{"2020-12-31  Total ", " 7230640000000  CNY ", "2016-12-31  Out-of-pocket ", " 1333790000000 ", "/stats/health_expenditure_en.html"} {
			if !strings.Contains(stdout, want) {
				t.Errorf("points table lacks %q:\n%s", want, stdout)
			}
		}
		if n := strings.Count(stdout, "\n"); n != 22 {
			t.Errorf("points table has %d lines, want header, rule and 20 points", n)
		}
		if !strings.Contains(stderr, "wrote "+out+" (20 points, 4 lines)") {
			t.Errorf("stderr: %s", stderr)
		}
	})

	t.Run("institution counts PNG", func(t *testing.T) {
		out := filepath.Join(dir, "institutions.png")
		code, stdout, stderr := chartCmd("--metric", "medical_institution", "--unit", "", "--width", "640", "--height", "360", "--out", out)
		if code != exitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		img := decodePNG(t, out)
		if b := img.Bounds(); b.Dx() != 640 || b.Dy() <= 360 {
			t.Errorf("size %dx%d, want 640 wide and taller than 360", b.Dx(), b.Dy())
		}
		if v := pixels.Measure(img).Variance; v < 300 {
			t.Errorf("pixel variance %.0f: the chart looks blank", v)
		}
		// The SASAC seed release (1,154 institutions run by central SOEs)
		// and China Daily's national count.
		for _, want := range []string{"sasac-en", "1154", "chinadaily-en", "1023085", "2021-12-20 · sasac-en · http://"} {
			if !strings.Contains(stdout, want) {
				t.Errorf("points table lacks %q:\n%s", want, stdout)
			}
		}
	})

	t.Run("SVG and HTML carry series and labels", func(t *testing.T) {
		for _, ext := range []string{"svg", "html"} {
			out := filepath.Join(dir, "wb."+ext)
			code, _, stderr := chartCmd("--series", "SH.XPD.CHEX.GD.ZS", "--from", "2013-01-01", "--out", out)
			if code != exitOK {
				t.Fatalf("%s: exit %d: %s", ext, code, stderr)
			}
			// High income 2020 is NULL in the sample: left out and said.
			if !strings.Contains(stderr, "left out 1 period the source marks missing") {
				t.Errorf("%s: stderr %s", ext, stderr)
			}
			b, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			s := string(b)
			for _, want := range []string{"Current health expenditure (% of GDP)", "China, CHN", "High income, HIC", "percent", "period end",
				"China, CHN · 2016-12-31 · 6.2", "/api/worldbank/SH.XPD.CHEX.GD.ZS_p1.json", "<title>"} {
				if !strings.Contains(s, want) {
					t.Errorf("%s lacks %q", ext, want)
				}
			}
			if strings.Contains(s, "2012-12-31") {
				t.Errorf("%s: --from 2013-01-01 kept 2012", ext)
			}
			if n := strings.Count(s, "<circle "); n != 15 {
				t.Errorf("%s: %d point markers, want 15 (8 + 7 years)", ext, n)
			}
			if ext == "html" && (strings.Contains(s, `src="http`) || strings.Contains(s, "<link")) {
				t.Errorf("html loads something from elsewhere")
			}
		}
	})

	t.Run("errors", func(t *testing.T) {
		out := filepath.Join(dir, "x.png")
		units := addPercentFact(t, ch, "medical_institution")
		for _, tc := range []struct {
			args []string
			code int
			want []string
		}{
			{[]string{"--metric", "medical_institutions", "--out", out}, exitFailed, []string{`unknown metric "medical_institutions"`, `close: "medical_institution"`}},
			{[]string{"--metric", "medical_institution", "--unit", "", "--from", "2030-01-01", "--out", out}, exitFailed, []string{"no points for metric \"medical_institution\"", "from 2030-01-01", "period ends 20"}},
			{[]string{"--metric", "medical_institution", "--out", out}, exitFailed, []string{units, "--unit"}},
			{[]string{"--series", "Health expenditure", "--out", out}, exitFailed, []string{`unknown statistics series "Health expenditure"`, `"Total Health Expenditure"`}},
			{[]string{"--series", "Total Health Expenditure", "--out", filepath.Join(dir, "x.gif")}, exitUsage, []string{".png, .svg or .html"}},
			{[]string{"--series", "x", "--metric", "y", "--out", out}, exitUsage, []string{"one of --metric"}},
			{[]string{"--metric", "y"}, exitUsage, []string{"--out"}},
			{[]string{"--metric", "y", "--out", out, "--from", "2021-13-01"}, exitUsage, []string{"--from"}},
			{[]string{"--metric", "y", "--out", out, "--width", "50"}, exitUsage, []string{"--width 50"}},
			{[]string{"--series", "Total Health Expenditure", "--max-lines", "3", "--out", out}, exitFailed, []string{"makes 4 lines", `"Government"`, "--max-lines 3"}},
		} {
			code, _, stderr := chartCmd(tc.args...)
			if code != tc.code {
				t.Errorf("%q: exit %d, want %d: %s", tc.args, code, tc.code, stderr)
			}
			for _, w := range tc.want {
				if !strings.Contains(stderr, w) {
					t.Errorf("%q: stderr lacks %q: %s", tc.args, w, stderr)
				}
			}
		}
		if _, err := os.Stat(out); !os.IsNotExist(err) {
			t.Errorf("a failed chart left %s", out)
		}
	})
}

// addPercentFact writes one more fact of metric, in percent, so its rows
// have several units, and returns how chart names them: `N units ("", …)`.
func addPercentFact(t *testing.T, ch config.ClickHouse, metric string) string {
	t.Helper()
	ctx := context.Background()
	s := open(t, ch)
	pub := time.Date(2024, 3, 7, 9, 0, 0, 0, time.UTC)
	end := time.Date(2023, 12, 31, 0, 0, 0, 0, time.UTC)
	const url = "http://sample.test/sasac/en/extra-percent.html"
	a := record.Article{ArticleID: 990001, Source: "sasac-en", URL: url, Title: "Share of institutions reformed", PublishedAt: pub, Lang: "en",
		Body: "body", ContentHash: "extra", FetchedAt: pub, Version: 1}
	f := record.Fact{FactID: 99000100, ArticleID: a.ArticleID, Version: 1, Source: a.Source, URL: url, PublishedAt: pub, Lang: "en",
		Figure: "12%", Value: 12, ValueLow: 12, ValueHigh: 12, Kind: "percent", Unit: "percent", Subject: "medical institutions", Metric: metric,
		PeriodEnd: &end, PeriodGranularity: "year", Sentence: "12% of medical institutions were reformed.", ParsedAt: pub}
	if err := s.WriteVersions(ctx, []record.Article{a}, []record.Fact{f}); err != nil {
		t.Fatal(err)
	}
	var units []string
	if err := s.Conn().QueryRow(ctx, "SELECT arraySort(groupUniqArray(unit)) FROM "+ch.Database+".metric_series WHERE metric = ?", metric).Scan(&units); err != nil {
		t.Fatal(err)
	}
	if len(units) < 2 {
		t.Fatalf("metric_series has units %q of %s after adding one in percent, want 2 or more", units, metric)
	}
	return fmt.Sprintf("%d units (%s)", len(units), quoted(units))
}

func decodePNG(t *testing.T, path string) image.Image {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return img
}

// checkAligned finds the table after the line starting with title in out
// (a header line starting with header, then rows up to a blank line) and
// checks that each row's cells start at the header's columns, counted in
// display width: cut at those columns, every piece but the last ends with
// the two-space gap, and each piece starts with a cell, not with padding,
// unless it is blank (an empty cell).
func checkAligned(t testing.TB, out, header, title string) {
	t.Helper()
	i := strings.Index(out, title)
	if i < 0 {
		t.Fatalf("no %q in:\n%s", title, out)
	}
	lines := strings.Split(out[i:], "\n")[1:]
	if !strings.HasPrefix(lines[0], header) {
		t.Fatalf("table %q: header %q", title, lines[0])
	}
	var starts []int // display columns where the header's cells start
	h := []rune(lines[0])
	for j := 1; j < len(h); j++ {
		if h[j] != ' ' && h[j-1] == ' ' && j >= 2 && h[j-2] == ' ' {
			starts = append(starts, tableprint.Width(string(h[:j])))
		}
	}
	rows := 0
	for _, l := range lines[1:] {
		if l == "" {
			break
		}
		rows++
		pieces := cutAtColumns(l, starts)
		for k, p := range pieces {
			if k < len(pieces)-1 && strings.TrimSpace(p) != "" && !strings.HasSuffix(p, "  ") {
				t.Errorf("%s: cell %d of %q runs into the next column: %q", title, k+1, l, p)
			}
			if k > 0 && strings.TrimSpace(p) != "" && strings.HasPrefix(p, " ") {
				t.Errorf("%s: cell %d of %q does not start at the header's column: %q", title, k+1, l, p)
			}
		}
	}
	if rows == 0 {
		t.Errorf("%s: no rows", title)
	}
}

// cutAtColumns cuts s at the given display columns.
func cutAtColumns(s string, cols []int) []string {
	var pieces []string
	var cur strings.Builder
	col, next := 0, 0
	for _, r := range s {
		if next < len(cols) && col >= cols[next] {
			pieces = append(pieces, cur.String())
			cur.Reset()
			next++
		}
		cur.WriteRune(r)
		col += tableprint.Width(string(r))
	}
	pieces = append(pieces, cur.String())
	for ; next < len(cols); next++ {
		pieces = append(pieces, "")
	}
	return pieces
}

// failRecorder notes failures instead of failing the test.
type failRecorder struct {
	testing.TB
	failed bool
}

func (r *failRecorder) Errorf(string, ...any) { r.failed = true }

// TestCheckAlignedCatchesRuneCounting shows that checkAligned fails the
// summary text/tabwriter printed (it counts runes, not display width) and
// passes the same rows printed by newTable.
func TestCheckAlignedCatchesRuneCounting(t *testing.T) {
	rows := [][]string{{"SOURCE", "INDICATOR", "UNIT"}, {"nbs-health-expenditure-en", "Total Health Expenditure", "CNY"},
		{"nhc-health-expenditure-csv", "卫生总费用", "CNY"}, {"sasac-soe-indicators-zh", "境外营业收入", "USD"}}
	print := func(w interface {
		Write([]byte) (int, error)
		Flush() error
	}) {
		fmt.Fprintln(w, "Statistics series:")
		for _, r := range rows {
			fmt.Fprintln(w, strings.Join(r, "\t"))
		}
		w.Flush()
	}
	var old, fixed bytes.Buffer
	print(tabwriter.NewWriter(&old, 2, 4, 2, ' ', 0))
	print(newTable(&fixed))
	rec := &failRecorder{TB: t}
	checkAligned(rec, old.String(), "SOURCE  ", "Statistics series")
	if !rec.failed {
		t.Errorf("checkAligned passed rune-counted columns:\n%s", old.String())
	}
	checkAligned(t, fixed.String(), "SOURCE  ", "Statistics series")
}
