// Package chart draws time series of figures: one line per series (a
// source, usually), with a title, a unit and axis labels, as PNG, SVG or a
// self-contained HTML page, and small SVG sparklines.
//
// PNG and SVG carry a table of the points under the plot (period, series,
// value and each point's Label: publication date, source, URL), so a
// printed chart still says which release each point comes from. SVG and
// HTML also carry each point's Label as an SVG <title> on an invisible
// marker over the point (a browser shows it on hover); the HTML page adds a
// small inline script that shows the label in a box, and an HTML table of
// the points. RenderPlot draws the SVG plot alone, for a page that shows
// the points in its own table. Nothing is fetched from elsewhere: no CDN, no fonts.
//
// Text is drawn with gonum/plot's embedded Liberation fonts, which have no
// CJK glyphs. A PNG with Chinese (or other CJK) text is drawn in a CJK font
// of the system instead (NEWSETL_CHART_FONT, else Debian's Noto CJK or
// WenQuanYi fonts; see fonts.go), and is refused, with an error saying
// what to install, when there is none. SVG and HTML use that font for
// layout when there is one, name sans-serif after every font family, and
// leave the glyphs to the viewer's fonts.
package chart

import (
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"time"
)

// Point is one value of a series.
type Point struct {
	X     time.Time // the period the value is about (its end)
	Y     float64
	Label string // e.g. "2024-03-05 · sasac-en · https://..."
}

// Series is one line of a chart, drawn in its order in Chart.Series.
type Series struct {
	Name   string
	Points []Point
}

// Chart is what Render draws. Width and Height are the plot's size in
// pixels (CSS pixels for SVG and HTML); zero means DefaultWidth and
// DefaultHeight. PNG and SVG grow below the plot by the points table
// (TableHeight).
type Chart struct {
	Title, Unit, XLabel, YLabel string
	Series                      []Series
	Width, Height               int
}

// Add appends p to the series of c named series, adding that series after
// the others when c has none of the name.
func (c *Chart) Add(series string, p Point) {
	for i := range c.Series {
		if c.Series[i].Name == series {
			c.Series[i].Points = append(c.Series[i].Points, p)
			return
		}
	}
	c.Series = append(c.Series, Series{Name: series, Points: []Point{p}})
}

// Default plot size in pixels.
const (
	DefaultWidth  = 800
	DefaultHeight = 450
)

// Formats are the formats Render writes.
var Formats = []string{"png", "svg", "html"}

// ErrNoPoints is returned (wrapped) when no series has a point to draw.
var ErrNoPoints = errors.New("no points to draw")

// Render writes c to w as format "png", "svg" or "html". It returns an
// error, writing nothing, when the format is unknown, no series has a
// point, a value is NaN or infinite, or the size is out of range.
func Render(w io.Writer, format string, c Chart) error {
	c, err := prepare(c)
	if err != nil {
		return err
	}
	switch format {
	case "png", "svg":
		return renderImage(w, format, c)
	case "html":
		return renderHTML(w, c)
	default:
		return fmt.Errorf("chart: unknown format %q (want one of png, svg, html)", format)
	}
}

// RenderPlot writes the plot of c alone as one SVG element, without the
// points table that Render's PNG and SVG carry below it: for a page that
// lists the points itself (newsetl serve's metric page). The SVG is
// Width x Height CSS pixels, and each point carries its Label on hover (an
// SVG <title> and data-label), as in Render's SVG. Errors are Render's.
func RenderPlot(w io.Writer, c Chart) error {
	c, err := prepare(c)
	if err != nil {
		return err
	}
	svg, err := plotSVG(c)
	if err != nil {
		return err
	}
	if _, err := w.Write(svg); err != nil {
		return fmt.Errorf("chart %q: writing svg: %w", c.Title, err)
	}
	return nil
}

// maxSide bounds Width and Height so a typo cannot allocate gigabytes.
const maxSide = 8000

// prepare checks c and returns a copy with defaults set and each series'
// points sorted by X (ties keep their order).
func prepare(c Chart) (Chart, error) {
	if c.Width == 0 {
		c.Width = DefaultWidth
	}
	if c.Height == 0 {
		c.Height = DefaultHeight
	}
	if c.Width < 100 || c.Height < 100 || c.Width > maxSide || c.Height > maxSide {
		return c, fmt.Errorf("chart %q: size %dx%d out of range (100..%d pixels a side)", c.Title, c.Width, c.Height, maxSide)
	}
	series := make([]Series, 0, len(c.Series))
	n := 0
	for _, s := range c.Series {
		pts := append([]Point(nil), s.Points...)
		for _, p := range pts {
			if math.IsNaN(p.Y) || math.IsInf(p.Y, 0) {
				return c, fmt.Errorf("chart %q: series %q: point %s (%s) has value %v", c.Title, s.Name, p.X.Format(time.DateOnly), p.Label, p.Y)
			}
		}
		sort.SliceStable(pts, func(i, j int) bool { return pts[i].X.Before(pts[j].X) })
		n += len(pts)
		series = append(series, Series{Name: s.Name, Points: pts})
	}
	if n == 0 {
		return c, fmt.Errorf("chart %q: %w", c.Title, ErrNoPoints)
	}
	c.Series = series
	return c, nil
}

// FormatValue writes a value the way the charts and tables show it: plain
// decimals without exponent for everyday magnitudes, %g beyond.
func FormatValue(v float64) string {
	a := math.Abs(v)
	if a != 0 && (a >= 1e15 || a < 1e-4) {
		return strconv.FormatFloat(v, 'g', 6, 64)
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// yLabel is the Y axis label: YLabel with the unit in brackets, or the unit.
func (c Chart) yLabel() string {
	switch {
	case c.YLabel != "" && c.Unit != "":
		return c.YLabel + " (" + c.Unit + ")"
	case c.YLabel != "":
		return c.YLabel
	default:
		return c.Unit
	}
}
