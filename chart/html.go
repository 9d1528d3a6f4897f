package chart

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"strings"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"
)

// pageTemplate is the self-contained HTML page: the inline SVG plot, a
// tooltip filled by a small inline script from each marker's data-label
// (the SVG <title> does the same without script), and the points table.
var pageTemplate = template.Must(template.New("chart").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{{.Title}}</title>
<style>
body { font-family: sans-serif; margin: 1.5em; color: #222; }
.chart { position: relative; display: inline-block; }
.chart svg { max-width: 100%; height: auto; }
.chart circle:hover, .chart circle:focus { fill-opacity: 0.25; outline: none; }
#tip { position: absolute; display: none; pointer-events: none; white-space: pre; background: #fff; border: 1px solid #888; padding: 4px 6px; font-size: 12px; box-shadow: 1px 1px 3px #aaa; }
table { border-collapse: collapse; margin-top: 1em; font-size: 13px; }
th, td { border-bottom: 1px solid #ddd; padding: 3px 8px; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td:first-child { white-space: nowrap; }
</style>
</head>
<body>
<h1>{{.Title}}</h1>
{{if .Unit}}<p class="unit">Unit: {{.Unit}}</p>{{end}}
<div class="chart">
{{.SVG}}
<div id="tip"></div>
</div>
<table class="points">
<thead><tr><th>period</th><th>series</th><th>value</th><th>published · source · URL</th></tr></thead>
<tbody>
{{range .Rows}}<tr><td>{{.Period}}</td><td>{{.Series}}</td><td class="num">{{.Value}}</td><td>{{range $i, $p := .Label}}{{if $i}} · {{end}}{{if $p.Link}}<a href="{{$p.Text}}">{{$p.Text}}</a>{{else}}{{$p.Text}}{{end}}{{end}}</td></tr>
{{end}}</tbody>
</table>
<script>{{.Script}}</script>
</body>
</html>
`))

// HoverScript is the HTML page's one script: it shows a point's
// data-label in the #tip box while the pointer (or focus) is on the point.
// It is inlined as <script>HoverScript</script>; a page served with a
// Content-Security-Policy allows it with ScriptHash.
const HoverScript = `
(function () {
  var box = document.querySelector(".chart"), tip = document.getElementById("tip");
  function show(ev) {
    var c = ev.target;
    if (!c.getAttribute || !c.getAttribute("data-label")) { return; }
    var b = box.getBoundingClientRect(), r = c.getBoundingClientRect();
    tip.textContent = c.getAttribute("data-label");
    tip.style.left = (r.left - b.left + 12) + "px";
    tip.style.top = (r.top - b.top + 12) + "px";
    tip.style.display = "block";
  }
  function hide() { tip.style.display = "none"; }
  box.addEventListener("mouseover", show);
  box.addEventListener("focusin", show);
  box.addEventListener("mouseout", hide);
  box.addEventListener("focusout", hide);
})();
`

// ScriptHash is the CSP source expression of HoverScript,
// "'sha256-…'", for script-src.
func ScriptHash() string {
	sum := sha256.Sum256([]byte(HoverScript))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}

// pageRow is one row of the HTML points table.
type pageRow struct {
	Period, Series, Value string
	Label                 []labelPart
}

// labelPart is one " · "-separated part of a point's label; an http(s)
// URL becomes a link (html/template checks and escapes it).
type labelPart struct {
	Text string
	Link bool
}

func labelParts(label string) []labelPart {
	var parts []labelPart
	for _, p := range strings.Split(label, " · ") {
		parts = append(parts, labelPart{p, strings.HasPrefix(p, "http://") || strings.HasPrefix(p, "https://")})
	}
	return parts
}

// renderHTML writes c (prepared) as a self-contained HTML page.
func renderHTML(w io.Writer, c Chart) error {
	svg, err := plotSVG(c)
	if err != nil {
		return err
	}
	var rows []pageRow
	for _, r := range pointRows(c) {
		rows = append(rows, pageRow{r.period, r.series, r.value, labelParts(r.label)})
	}
	data := struct {
		Title, Unit string
		SVG         template.HTML
		Rows        []pageRow
		Script      template.JS
	}{c.Title, c.Unit, template.HTML(svg), rows, template.JS(HoverScript)} // svg: generated here, labels escaped by withMarkers
	if err := pageTemplate.Execute(w, data); err != nil {
		return fmt.Errorf("chart %q: writing html: %w", c.Title, err)
	}
	return nil
}

// plotSVG draws the plot alone (no table) as an SVG element with hover
// markers.
func plotSVG(c Chart) ([]byte, error) {
	typeface, err := textFace(c, "html")
	if err != nil {
		return nil, err
	}
	p, err := newPlot(c, typeface)
	if err != nil {
		return nil, err
	}
	width, height := vg.Length(c.Width)*px, vg.Length(c.Height)*px
	svg := vgsvg.New(width, height)
	dc := draw.Crop(draw.New(svg), margin, -margin, margin, -margin)
	p.Draw(dc)
	var buf bytes.Buffer
	if _, err := svg.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("chart %q: writing svg: %w", c.Title, err)
	}
	return withMarkers(sansFallback(buf.Bytes()), markers(c, p, dc, height), ""), nil
}
