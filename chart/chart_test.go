package chart

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/png"
	"math"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/newsetl/newsetl/internal/pixels"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// institutions is a two-source chart like the sample's institution counts.
func institutions() Chart {
	return Chart{
		Title:  "medical_institutions",
		Unit:   "institutions",
		XLabel: "period end",
		YLabel: "count",
		Series: []Series{
			{Name: "sasac-en", Points: []Point{
				{X: day("2023-12-31"), Y: 182, Label: "2024-03-05 · sasac-en · http://sample.test/sasac/en/2024-03-05.html"},
				{X: day("2022-12-31"), Y: 170, Label: "2023-03-02 · sasac-en · http://sample.test/sasac/en/2023-03-02.html"},
				{X: day("2024-12-31"), Y: 190, Label: "2025-03-04 · sasac-en · http://sample.test/sasac/en/2025-03-04.html"},
			}},
			{Name: "sasac-zh", Points: []Point{
				{X: day("2023-12-31"), Y: 181, Label: "2024-03-06 · sasac-zh · http://sample.test/sasac/zh/2024-03-06.html"},
				{X: day("2024-12-31"), Y: 193, Label: "2025-03-05 · sasac-zh · http://sample.test/sasac/zh/2025-03-05.html"},
			}},
		},
	}
}

func TestRenderPNG(t *testing.T) {
	var buf bytes.Buffer
	c := institutions()
	if err := Render(&buf, "png", c); err != nil {
		t.Fatal(err)
	}
	if keep := os.Getenv("CHART_KEEP"); keep != "" {
		_ = os.WriteFile(keep, buf.Bytes(), 0o644)
	}
	img, err := png.Decode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	b := img.Bounds()
	wantH := DefaultHeight + TableHeight(c)
	if b.Dx() != DefaultWidth || b.Dy() != wantH {
		t.Errorf("size %dx%d, want %dx%d", b.Dx(), b.Dy(), DefaultWidth, wantH)
	}
	if v := Variance(img); v < 100 {
		t.Errorf("pixel variance %.1f: image looks blank", v)
	}
}

// Variance is the variance of the grey level (0..255) of img's pixels.
func Variance(img image.Image) float64 { return pixels.Measure(img).Variance }

func TestRenderErrors(t *testing.T) {
	c := institutions()
	if err := Render(&bytes.Buffer{}, "gif", c); err == nil || !strings.Contains(err.Error(), `"gif"`) {
		t.Errorf("gif: %v", err)
	}
	empty := Chart{Title: "x", Series: []Series{{Name: "a"}}}
	if err := Render(&bytes.Buffer{}, "png", empty); !errors.Is(err, ErrNoPoints) {
		t.Errorf("no points: %v", err)
	}
	bad := institutions()
	bad.Series[1].Points[0].Y = math.NaN()
	err := Render(&bytes.Buffer{}, "svg", bad)
	if err == nil || !strings.Contains(err.Error(), "sasac-zh") || !strings.Contains(err.Error(), "2023-12-31") {
		t.Errorf("NaN: %v", err)
	}
}

func TestRenderSVG(t *testing.T) {
	var buf bytes.Buffer
	if err := Render(&buf, "svg", institutions()); err != nil {
		t.Fatal(err)
	}
	s := buf.String()
	if !strings.HasPrefix(s, "<svg") || !strings.HasSuffix(strings.TrimSpace(s), "</svg>") {
		t.Fatalf("not one svg element: %.80q … %.80q", s, s[max(0, len(s)-80):])
	}
	for _, want := range []string{
		"medical_institutions", "count (institutions)", "period end", "sasac-en", "sasac-zh",
		"2024-03-06 · sasac-zh · http://sample.test/sasac/zh/2024-03-06.html", // table and hover
		"<title>sasac-en · 2023-12-31 · 182&#xA;2024-03-05 · sasac-en",
		">2022<", ">2024<", // time ticks at year ends
		"font-family:Liberation Sans, sans-serif;", // a viewer without Liberation uses its sans-serif
	} {
		if !strings.Contains(s, want) {
			t.Errorf("svg lacks %q", want)
		}
	}
	if n := strings.Count(s, "<circle "); n != 5 {
		t.Errorf("%d hover markers, want 5", n)
	}
}

// TestRenderPlot: the plot alone is the SVG's plot (title, axes, lines,
// hover markers) without the points table, Width x Height pixels.
func TestRenderPlot(t *testing.T) {
	c := institutions()
	c.Width, c.Height = 640, 300
	var plot, full bytes.Buffer
	if err := RenderPlot(&plot, c); err != nil {
		t.Fatal(err)
	}
	if err := Render(&full, "svg", c); err != nil {
		t.Fatal(err)
	}
	s := plot.String()
	if !strings.HasPrefix(s, "<svg") || !strings.HasSuffix(strings.TrimSpace(s), "</svg>") {
		t.Fatalf("not one svg element: %.80q", s)
	}
	// vgsvg writes the size in points: 640x300 px = 480x225 pt; the full
	// SVG is taller by the table.
	if !strings.Contains(s, `width="480pt" height="225pt"`) {
		t.Errorf("plot size: %.300s", s)
	}
	wantFull := fmt.Sprintf(`height="%gpt"`, float64(300+TableHeight(c))*0.75)
	if !strings.Contains(full.String(), wantFull) {
		t.Errorf("full svg lacks %s: %.300s", wantFull, full.String())
	}
	for _, want := range []string{"medical_institutions", "count (institutions)", "sasac-zh",
		`data-label="sasac-en · 2024-12-31 · 190&#xA;2025-03-04 · sasac-en · http://sample.test/sasac/en/2025-03-04.html"`} {
		if !strings.Contains(s, want) {
			t.Errorf("plot lacks %q", want)
		}
	}
	if n := strings.Count(s, "<circle "); n != 5 {
		t.Errorf("%d hover markers, want 5", n)
	}
	// The table's header and rows are text of the full SVG only.
	for _, tableText := range []string{">published · source · URL<", ">2023-03-02 · sasac-en · http://sample.test/sasac/en/2023-03-02.html<"} {
		if !strings.Contains(full.String(), tableText) {
			t.Errorf("full svg lacks the table text %q", tableText)
		}
		if strings.Contains(s, tableText) {
			t.Errorf("the plot carries the table text %q", tableText)
		}
	}
	if err := RenderPlot(&bytes.Buffer{}, Chart{Title: "x", Series: []Series{{Name: "a"}}}); !errors.Is(err, ErrNoPoints) {
		t.Errorf("no points: %v", err)
	}
}

func TestRenderHTML(t *testing.T) {
	c := institutions()
	c.Series[1].Points[0].Label = `2024-03-06 · 国资委 <script>alert(1)</script> · http://sample.test/zh?a=1&b=2`
	var buf bytes.Buffer
	if err := Render(&buf, "html", c); err != nil {
		t.Fatal(err)
	}
	s := buf.String()
	for _, want := range []string{
		"<!DOCTYPE html>", "<title>medical_institutions</title>", "Unit: institutions",
		"<svg", "sasac-zh", "国资委 &lt;script&gt;alert(1)&lt;/script&gt;", "a=1&amp;b=2",
		`<td>2022-12-31</td><td>sasac-en</td><td class="num">170</td><td>2023-03-02 · sasac-en · <a href="http://sample.test/sasac/en/2023-03-02.html">http://sample.test/sasac/en/2023-03-02.html</a></td>`,
		`data-label="sasac-en · 2024-12-31 · 190&#xA;2025-03-04 · sasac-en · http://sample.test/sasac/en/2025-03-04.html"`,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("html lacks %q", want)
		}
	}
	for _, bad := range []string{"<script>alert", "http://cdn", "https://cdn", "src=\"http", "<link "} {
		if strings.Contains(s, bad) {
			t.Errorf("html contains %q", bad)
		}
	}
	if n := strings.Count(s, "<script>"); n != 1 || !strings.Contains(s, "<script>"+HoverScript+"</script>") {
		t.Errorf("%d scripts, want the one inline script, HoverScript as it is (ScriptHash covers it)", n)
	}
	if h := ScriptHash(); !strings.HasPrefix(h, "'sha256-") || len(h) != len("'sha256-'")+44 {
		t.Errorf("ScriptHash() = %s", h)
	}
}

func TestAdd(t *testing.T) {
	var c Chart
	p := func(y float64) Point { return Point{X: day("2024-01-01"), Y: y} }
	c.Add("sasac-zh", p(1))
	c.Add("sasac-en", p(2))
	c.Add("sasac-zh", p(3))
	c.Add("", p(4))
	var got []string
	for _, s := range c.Series {
		var ys []string
		for _, pt := range s.Points {
			ys = append(ys, FormatValue(pt.Y))
		}
		got = append(got, s.Name+":"+strings.Join(ys, ","))
	}
	if want := "sasac-zh:1,3 sasac-en:2 :4"; strings.Join(got, " ") != want {
		t.Errorf("series %q, want %q (first-seen order, points appended)", strings.Join(got, " "), want)
	}
}

func TestSparkline(t *testing.T) {
	var buf bytes.Buffer
	s := institutions().Series[0]
	if err := Sparkline(&buf, s, 120, 30); err != nil {
		t.Fatal(err)
	}
	got := buf.String()
	// Points in time order, scaled into the 2-pixel padded box: 170 at the
	// bottom (y 28), 190 at the top (y 2).
	for _, want := range []string{`width="120" height="30"`, `points="2.0,28.0 `, ` 118.0,2.0"`, "<title>sasac-en: 190 (2024-12-31)</title>"} {
		if !strings.Contains(got, want) {
			t.Errorf("sparkline lacks %q: %s", want, got)
		}
	}
	if err := Sparkline(&bytes.Buffer{}, Series{Name: "none"}, 120, 30); !errors.Is(err, ErrNoPoints) {
		t.Errorf("empty series: %v", err)
	}
	one := Series{Name: "one", Points: []Point{{X: day("2024-01-01"), Y: 5}}}
	buf.Reset()
	if err := Sparkline(&buf, one, 100, 20); err != nil || !strings.Contains(buf.String(), `points="50.0,10.0"`) {
		t.Errorf("one point: %v %s", err, buf.String())
	}
}

func TestDateTicks(t *testing.T) {
	for _, tc := range []struct {
		from, to string
		yearly   bool
		want     []string
	}{
		{"2019-11-20", "2021-01-10", true, []string{"2019", "2020"}},
		{"2019-11-20", "2021-01-10", false, []string{"2019-12", "2020-02", "2020-04", "2020-06", "2020-08", "2020-10", "2020-12"}},
		{"2022-11-20", "2025-02-10", false, []string{"2022", "2023", "2024"}},
		{"2022-11-20", "2024-02-10", false, []string{"2022-12", "2023-02", "2023-04", "2023-06", "2023-08", "2023-10", "2023-12"}},
		{"2015-12-01", "2021-01-20", false, []string{"2015", "2016", "2017", "2018", "2019", "2020"}},
		{"2010-01-01", "2024-12-31", false, []string{"2010", "2012", "2014", "2016", "2018", "2020", "2022", "2024"}},
		{"2021-01-15", "2021-12-15", false, []string{"2021-02", "2021-04", "2021-06", "2021-08", "2021-10"}},
		{"2024-03-01", "2024-03-20", false, []string{"2024-03-01", "2024-03-08", "2024-03-15"}},
	} {
		var got []string
		for _, tk := range dateTicks(float64(day(tc.from).Unix()), float64(day(tc.to).Unix()), tc.yearly) {
			got = append(got, tk.Label)
		}
		if strings.Join(got, " ") != strings.Join(tc.want, " ") {
			t.Errorf("%s..%s: %v, want %v", tc.from, tc.to, got, tc.want)
		}
	}
}

func TestShortValue(t *testing.T) {
	for _, tc := range []struct {
		v    float64
		want string
	}{
		{7e12, "7 tn"}, {1.5e12, "1.5 tn"}, {2.5e9, "2.5 bn"}, {-3e6, "-3 mn"}, {83000, "83,000"}, {1234.5, "1,234.5"},
		{-1000, "-1,000"}, {999, "999"}, {0.30000000000000004, "0.3"}, {0, "0"}, {7.12, "7.12"},
	} {
		if got := ShortValue(tc.v); got != tc.want {
			t.Errorf("ShortValue(%v) = %q, want %q", tc.v, got, tc.want)
		}
	}
}

// benchChart is the README's chart: two lines of nine yearly points.
func benchChart() Chart {
	c := Chart{Title: "Current health expenditure (% of GDP)", Unit: "percent", XLabel: "period end"}
	for s, name := range []string{"China, CHN", "High income, HIC"} {
		ser := Series{Name: name}
		for y := 2012; y <= 2020; y++ {
			ser.Points = append(ser.Points, Point{X: time.Date(y, 12, 31, 0, 0, 0, 0, time.UTC), Y: 5 + float64(s*4) + float64(y-2012)*0.2,
				Label: "2021-07-01 · worldbank-health-gdp · http://127.0.0.1:18180/api/worldbank/SH.XPD.CHEX.GD.ZS_p1.json"})
		}
		c.Series = append(c.Series, ser)
	}
	return c
}

func BenchmarkRender(b *testing.B) {
	for _, format := range Formats {
		b.Run(format, func(b *testing.B) {
			c := benchChart()
			var buf bytes.Buffer
			for b.Loop() {
				buf.Reset()
				if err := Render(&buf, format, c); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(buf.Len()), "bytes/chart")
		})
	}
}
