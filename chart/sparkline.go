package chart

import (
	"fmt"
	"io"
	"math"
	"strings"
)

// Sparkline writes s as a small SVG line (width x height pixels) without
// axes or text: a polyline over the points in time order, scaled to fill the
// box, with the last point marked; the series name and its last value are
// the SVG's <title>. A series without points, or with a NaN or infinite
// value, is an error.
func Sparkline(w io.Writer, s Series, width, height int) error {
	if width < 8 || height < 8 || width > maxSide || height > maxSide {
		return fmt.Errorf("sparkline %q: size %dx%d out of range (8..%d pixels a side)", s.Name, width, height, maxSide)
	}
	c, err := prepare(Chart{Title: s.Name, Series: []Series{s}, Width: 100, Height: 100})
	if err != nil {
		return fmt.Errorf("sparkline: %w", err)
	}
	pts := c.Series[0].Points
	minX, maxX := float64(pts[0].X.Unix()), float64(pts[len(pts)-1].X.Unix())
	minY, maxY := math.Inf(1), math.Inf(-1)
	for _, p := range pts {
		minY, maxY = math.Min(minY, p.Y), math.Max(maxY, p.Y)
	}
	const pad = 2.0
	fx := func(x float64) float64 {
		if maxX == minX {
			return float64(width) / 2
		}
		return pad + (x-minX)/(maxX-minX)*(float64(width)-2*pad)
	}
	fy := func(y float64) float64 {
		if maxY == minY {
			return float64(height) / 2
		}
		return float64(height) - pad - (y-minY)/(maxY-minY)*(float64(height)-2*pad)
	}
	var b strings.Builder
	for i, p := range pts {
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%.1f,%.1f", fx(float64(p.X.Unix())), fy(p.Y))
	}
	last := pts[len(pts)-1]
	title := fmt.Sprintf("%s: %s (%s)", s.Name, FormatValue(last.Y), last.X.UTC().Format("2006-01-02"))
	_, err = fmt.Fprintf(w, `<svg xmlns="http://www.w3.org/2000/svg" class="sparkline" width="%d" height="%d" viewBox="0 0 %d %d"><title>%s</title>`+
		`<polyline points="%s" fill="none" stroke="#1f77b4" stroke-width="1.5" stroke-linejoin="round"/>`+
		`<circle cx="%.1f" cy="%.1f" r="2" fill="#d62728"/></svg>`,
		width, height, width, height, attrEscape(title), b.String(), fx(float64(last.X.Unix())), fy(last.Y))
	if err != nil {
		return fmt.Errorf("sparkline %q: %w", s.Name, err)
	}
	return nil
}
