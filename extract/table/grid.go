package table

import (
	"strconv"
	"strings"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"

	"github.com/newsetl/newsetl/transform/stats"
)

// Limits that keep a hostile table from allocating without bound.
const (
	maxSpan  = 1000
	maxCells = 1 << 20
)

// Grid returns the text of table's cells as a rectangle, rowspan and
// colspan expanded: a cell spanning two rows and three columns appears six
// times. Rows of nested tables are not included. Texts are normalised
// (stats.Normalize); a <br> counts as a space. Short rows are padded with "".
func Grid(table *goquery.Selection) [][]string {
	if table == nil || table.Length() == 0 {
		return nil
	}
	self := table.Get(0)
	type carry struct {
		text string
		left int
	}
	var (
		grid    [][]string
		pending []carry // per column: a rowspan still running
		cells   int
		width   int
	)
	table.Find("tr").Each(func(_ int, tr *goquery.Selection) {
		if cells >= maxCells || nearestTable(tr.Get(0)) != self {
			return
		}
		var row []string
		col := 0
		put := func(text string, rows int) {
			for len(pending) <= col {
				pending = append(pending, carry{})
			}
			if len(row) <= col {
				row = append(row, make([]string, col+1-len(row))...)
			}
			row[col] = text
			if rows > 1 {
				pending[col] = carry{text, rows - 1}
			} else {
				pending[col] = carry{}
			}
			col++
			cells++
		}
		fillCarried := func() {
			for col < len(pending) && pending[col].left > 0 {
				c := pending[col]
				put(c.text, c.left)
			}
		}
		tr.ChildrenFiltered("td,th").Each(func(_ int, td *goquery.Selection) {
			fillCarried()
			text := cellText(td)
			rs, cs := span(td, "rowspan"), span(td, "colspan")
			for k := 0; k < cs && cells < maxCells; k++ {
				put(text, rs)
			}
		})
		fillCarried()
		for c := col; c < len(pending); c++ { // rowspans after a gap
			if pending[c].left > 0 {
				col = c
				fillCarried()
			}
		}
		if len(row) > width {
			width = len(row)
		}
		grid = append(grid, row)
	})
	for i, r := range grid {
		if len(r) < width {
			grid[i] = append(r, make([]string, width-len(r))...)
		}
	}
	return grid
}

func nearestTable(n *html.Node) *html.Node {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.Type == html.ElementNode && p.Data == "table" {
			return p
		}
	}
	return nil
}

func span(td *goquery.Selection, attr string) int {
	v, ok := td.Attr(attr)
	if !ok {
		return 1
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < 1 {
		return 1
	}
	return min(n, maxSpan)
}

// cellText is the text of a cell with <br> as a space, normalised.
func cellText(td *goquery.Selection) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch {
		case n.Type == html.TextNode:
			b.WriteString(n.Data)
		case n.Type == html.ElementNode && (n.Data == "br" || n.Data == "p" || n.Data == "div" || n.Data == "td" || n.Data == "th" || n.Data == "tr"):
			b.WriteByte(' ')
		case n.Type == html.ElementNode && (n.Data == "script" || n.Data == "style"):
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	for _, n := range td.Nodes {
		walk(n)
	}
	return stats.Normalize(b.String())
}

// HeaderRows counts table's header rows: the rows inside <thead>, or else
// the leading rows made only of <th> cells.
func HeaderRows(table *goquery.Selection) int {
	if table == nil || table.Length() == 0 {
		return 0
	}
	if head := table.ChildrenFiltered("thead").ChildrenFiltered("tr"); head.Length() > 0 {
		return head.Length()
	}
	self := table.Get(0)
	n := 0
	table.Find("tr").EachWithBreak(func(_ int, tr *goquery.Selection) bool {
		if nearestTable(tr.Get(0)) != self {
			return true
		}
		cells := tr.ChildrenFiltered("td,th")
		if cells.Length() > 0 && cells.Length() == cells.Filter("th").Length() {
			n++
			return true
		}
		return false
	})
	return n
}
