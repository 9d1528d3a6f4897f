package chart

import (
	"bytes"
	"fmt"
	"image/color"
	"io"
	"math"
	"regexp"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// px is one CSS pixel (1/96 inch) in vg units (points, 1/72 inch); PNGs
// are drawn at 96 DPI, so a length of n*px is n pixels.
const px = vg.Length(72.0 / 96.0)

// legendLine is the height of one legend entry, in points.
const legendLine = 16

// margin is the blank border around the plot.
const margin = vg.Length(8)

// padDays widens the time axis of a chart whose points share one date.
const padDays = 15

// newPlot builds the gonum plot of c (prepared): time X axis, one line with
// marked points per series, legend; text in typeface ("": Liberation).
func newPlot(c Chart, typeface font.Typeface) (*plot.Plot, error) {
	p := plot.New()
	p.Title.Text = c.Title
	p.X.Label.Text = c.XLabel
	p.Y.Label.Text = c.yLabel()
	yearly := true
	for _, s := range c.Series {
		for _, pt := range s.Points {
			if u := pt.X.UTC(); u.Month() != time.December || u.Day() != 31 {
				yearly = false
			}
		}
	}
	p.X.Tick.Marker = plot.TickerFunc(func(lo, hi float64) []plot.Tick { return dateTicks(lo, hi, yearly) })
	p.Y.Tick.Marker = plot.TickerFunc(valueTicks)
	for _, f := range []*font.Font{&p.Title.TextStyle.Font, &p.X.Label.TextStyle.Font, &p.Y.Label.TextStyle.Font,
		&p.X.Tick.Label.Font, &p.Y.Tick.Label.Font, &p.Legend.TextStyle.Font} {
		f.Variant = "Sans"
		if typeface != "" {
			f.Typeface = typeface
		}
	}
	p.Title.TextStyle.Font.Size = vg.Points(14)
	p.Title.Padding = vg.Points(8)
	p.Legend.Padding = vg.Points(4)
	p.Legend.Top = true
	p.Legend.Left = true
	p.Add(plotter.NewGrid())

	minX, maxX := math.Inf(1), math.Inf(-1)
	minY, maxY := math.Inf(1), math.Inf(-1)
	for i, s := range c.Series {
		if len(s.Points) == 0 {
			continue
		}
		xys := make(plotter.XYs, len(s.Points))
		for j, pt := range s.Points {
			xys[j].X = float64(pt.X.Unix())
			xys[j].Y = pt.Y
			minX, maxX = math.Min(minX, xys[j].X), math.Max(maxX, xys[j].X)
			minY, maxY = math.Min(minY, pt.Y), math.Max(maxY, pt.Y)
		}
		line, points, err := plotter.NewLinePoints(xys)
		if err != nil {
			return nil, fmt.Errorf("chart %q: series %q: %w", c.Title, s.Name, err)
		}
		line.Color = plotutil.Color(i)
		line.Width = vg.Points(1.5)
		points.Color = plotutil.Color(i)
		points.Shape = plotutil.Shape(i)
		points.Radius = vg.Points(3)
		p.Add(line, points)
		p.Legend.Add(s.Name, line, points)
	}
	if minX == maxX {
		minX -= padDays * 86400
		maxX += padDays * 86400
	} else {
		pad := (maxX - minX) * 0.04
		minX, maxX = minX-pad, maxX+pad
	}
	span := maxY - minY
	if span == 0 {
		span = math.Max(math.Abs(maxY)*0.1, 1)
	}
	p.X.Min, p.X.Max = minX, maxX
	// The legend sits at the top left inside the plot: leave it the top
	// part of the height, so no line runs under it.
	legend := float64(legendLine)*float64(len(c.Series)) + 12
	data := float64(vg.Length(c.Height)*px) - 90 // title, axis labels and ticks
	top := math.Min(0.6, legend/math.Max(data, 1))
	p.Y.Min = minY - span*0.06
	p.Y.Max = p.Y.Min + (maxY+span*0.04-p.Y.Min)/(1-top)
	return p, nil
}

// tableRow is one line of the points table.
type tableRow struct{ period, series, value, label string }

// maxTableRows bounds the points table drawn under a PNG/SVG plot; the
// rest is counted in a last line.
const maxTableRows = 60

// pointRows lists the points of c (prepared) by series, then period.
func pointRows(c Chart) []tableRow {
	var rows []tableRow
	for _, s := range c.Series {
		for _, p := range s.Points {
			rows = append(rows, tableRow{p.X.UTC().Format(time.DateOnly), s.Name, FormatValue(p.Y), p.Label})
		}
	}
	return rows
}

// Table layout, in points.
const (
	tableFontSize = 9
	tableLine     = vg.Length(13)
	tablePad      = vg.Length(10)
	tableGap      = vg.Length(12)
)

// TableHeight is the height in pixels that PNG and SVG add under the plot
// of c for its points table.
func TableHeight(c Chart) int {
	n := 0
	for _, s := range c.Series {
		n += len(s.Points)
	}
	lines := 1 + min(n, maxTableRows) // header
	if n > maxTableRows {
		lines++
	}
	h := 2*tablePad + vg.Length(lines)*tableLine
	return int(math.Ceil(float64(h / px)))
}

// renderImage draws the plot and its points table as PNG or SVG.
func renderImage(w io.Writer, format string, c Chart) error {
	typeface, err := textFace(c, format)
	if err != nil {
		return err
	}
	p, err := newPlot(c, typeface)
	if err != nil {
		return err
	}
	width := vg.Length(c.Width) * px
	plotH := vg.Length(c.Height) * px
	tableH := vg.Length(TableHeight(c)) * px
	height := plotH + tableH

	var cw vg.CanvasWriterTo
	var svg *vgsvg.Canvas
	switch format {
	case "png":
		cw = vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(width, height), vgimg.UseDPI(96), vgimg.UseBackgroundColor(color.White))}
	default:
		svg = vgsvg.New(width, height)
		cw = svg
	}
	dc := draw.New(cw)
	// The plot takes the top of the canvas, the table the bottom.
	plotArea := draw.Crop(dc, margin, -margin, tableH, -margin)
	p.Draw(plotArea)
	drawTable(draw.Crop(dc, 0, 0, 0, -plotH), pointRows(c), typeface)

	if svg == nil {
		if _, err := cw.WriteTo(w); err != nil {
			return fmt.Errorf("chart %q: writing %s: %w", c.Title, format, err)
		}
		return nil
	}
	var buf bytes.Buffer
	if _, err := svg.WriteTo(&buf); err != nil {
		return fmt.Errorf("chart %q: writing svg: %w", c.Title, err)
	}
	out := withMarkers(sansFallback(buf.Bytes()), markers(c, p, plotArea, height), "")
	if _, err := w.Write(out); err != nil {
		return fmt.Errorf("chart %q: writing svg: %w", c.Title, err)
	}
	return nil
}

// drawTable writes rows as aligned columns from the top of area, in
// typeface ("": Liberation).
func drawTable(area draw.Canvas, rows []tableRow, typeface font.Typeface) {
	if typeface == "" {
		typeface = "Liberation"
	}
	sty := text.Style{
		Color:   color.Black,
		Font:    font.From(font.Font{Typeface: typeface, Variant: "Sans"}, tableFontSize),
		Handler: plot.DefaultTextHandler,
		XAlign:  draw.XLeft,
		YAlign:  draw.YTop,
	}
	head := tableRow{"period", "series", "value", "published · source · URL"}
	shown := rows[:min(len(rows), maxTableRows)]
	all := append([]tableRow{head}, shown...)
	var wPeriod, wSeries, wValue vg.Length
	for _, r := range all {
		wPeriod = max(wPeriod, sty.Width(r.period))
		wSeries = max(wSeries, sty.Width(r.series))
		wValue = max(wValue, sty.Width(r.value))
	}
	x0 := area.Min.X + tablePad
	xSeries := x0 + wPeriod + tableGap
	xValue := xSeries + wSeries + tableGap
	xLabel := xValue + wValue + tableGap
	labelRoom := area.Max.X - tablePad - xLabel
	y := area.Max.Y - tablePad
	for i, r := range all {
		rs := sty
		if i == 0 {
			rs.Color = color.Gray{Y: 0x40}
		}
		area.FillText(rs, vg.Point{X: x0, Y: y}, r.period)
		area.FillText(rs, vg.Point{X: xSeries, Y: y}, r.series)
		rv := rs
		rv.XAlign = draw.XRight
		area.FillText(rv, vg.Point{X: xValue + wValue, Y: y}, r.value)
		area.FillText(rs, vg.Point{X: xLabel, Y: y}, fit(rs, r.label, labelRoom))
		y -= tableLine
	}
	if more := len(rows) - len(shown); more > 0 {
		area.FillText(sty, vg.Point{X: x0, Y: y}, fmt.Sprintf("… and %d more points", more))
	}
}

// fit shortens s with an ellipsis until it is at most room wide.
func fit(sty text.Style, s string, room vg.Length) string {
	if room <= 0 {
		return ""
	}
	if sty.Width(s) <= room {
		return s
	}
	r := []rune(s)
	for len(r) > 0 && sty.Width(string(r)+"…") > room {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}

// textFace picks the typeface of c's text: Liberation ("") for Latin text;
// for Chinese (or other CJK) characters, which Liberation lacks, a CJK font
// of the system (cjkFont). A PNG without one is refused; SVG and HTML
// then keep Liberation's metrics and leave the glyphs to the viewer.
func textFace(c Chart, format string) (font.Typeface, error) {
	t := cjkText(c)
	if t == "" {
		return "", nil
	}
	if err := cjkFont(); err != nil {
		if format == "png" {
			return "", fmt.Errorf("chart %q: %q needs Chinese glyphs in a PNG: %w (SVG and HTML need no font)", c.Title, clipText(t, 40), err)
		}
		return "", nil
	}
	return cjkTypeface, nil
}

// fontFamily matches the font-family of gonum's SVG text styles.
var fontFamily = regexp.MustCompile(`font-family:([^;"]+);`)

// sansFallback adds the generic sans-serif family after each font family
// of an SVG, so a viewer without Liberation Sans (or the CJK font) draws
// the text in its own sans-serif font rather than its default serif.
func sansFallback(svg []byte) []byte {
	return fontFamily.ReplaceAll(svg, []byte("font-family:$1, sans-serif;"))
}

// clipText shortens s to n runes for messages.
func clipText(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
