package chart

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// marker is a point's place in the SVG's coordinates (viewBox units, origin
// top left) with the text to show on hover.
type marker struct {
	X, Y   float64
	Series int
	Label  string
}

// markers places each point of c on the SVG drawn from p in plotArea of a
// canvas height tall.
func markers(c Chart, p *plot.Plot, plotArea draw.Canvas, height vg.Length) []marker {
	dc := p.DataCanvas(plotArea)
	tx, ty := p.Transforms(&dc)
	var ms []marker
	for i, s := range c.Series {
		for _, pt := range s.Points {
			ms = append(ms, marker{
				X:      float64(tx(float64(pt.X.Unix())).Points()),
				Y:      float64((height - ty(pt.Y)).Points()),
				Series: i,
				Label:  hoverText(s.Name, pt),
			})
		}
	}
	return ms
}

// hoverText is what hovering a point shows: series, period, value, label.
func hoverText(series string, p Point) string {
	t := series + " · " + p.X.UTC().Format("2006-01-02") + " · " + FormatValue(p.Y)
	if p.Label != "" {
		t += "\n" + p.Label
	}
	return t
}

// withMarkers returns the SVG document svg without its XML prolog and with
// an invisible circle over each marker, carrying the marker's label as an
// SVG <title> (and data-label, for the HTML page's script) before the
// closing </svg>. class names the group ("" for none).
func withMarkers(svg []byte, ms []marker, class string) []byte {
	if i := bytes.Index(svg, []byte("<svg")); i > 0 {
		svg = svg[i:]
	}
	end := bytes.LastIndex(svg, []byte("</svg>"))
	if end < 0 {
		return svg
	}
	var b strings.Builder
	b.WriteString(`<g class="points`)
	if class != "" {
		b.WriteString(" " + class)
	}
	b.WriteString(`" fill="#000" fill-opacity="0" stroke="none">` + "\n")
	for _, m := range ms {
		var esc bytes.Buffer
		_ = xml.EscapeText(&esc, []byte(m.Label)) // writes to a buffer: cannot fail
		fmt.Fprintf(&b, `<circle cx="%.2f" cy="%.2f" r="6" data-series="%d" data-label="%s" tabindex="0"><title>%s</title></circle>`+"\n",
			m.X, m.Y, m.Series, attrEscape(m.Label), esc.String())
	}
	b.WriteString("</g>\n")
	out := make([]byte, 0, len(svg)+b.Len())
	out = append(out, svg[:end]...)
	out = append(out, b.String()...)
	return append(out, svg[end:]...)
}

// attrEscape escapes s for a double-quoted XML/HTML attribute, newlines
// kept as character references.
func attrEscape(s string) string {
	var esc bytes.Buffer
	_ = xml.EscapeText(&esc, []byte(s)) // escapes &, <, >, quotes, \n, \r, \t
	return esc.String()
}
