package extract

import (
	"strings"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Text renders the readable text of the selected elements: one line per
// block element (paragraph, heading, list item, table row), table cells
// separated by a tab, runs of white space folded, scripts, styles and forms
// dropped, empty lines removed.
func Text(sel *goquery.Selection) string {
	var w textWriter
	for _, n := range sel.Nodes {
		w.walk(n)
		w.breakLine()
	}
	return strings.TrimSpace(strings.Join(w.lines, "\n"))
}

type textWriter struct {
	lines []string
	cur   strings.Builder
	space bool // a space is pending before the next word
}

func (w *textWriter) walk(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		w.write(n.Data)
		return
	case html.ElementNode:
		switch n.DataAtom {
		case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Iframe, atom.Button, atom.Select, atom.Form, atom.Svg, atom.Head:
			return
		case atom.Br:
			w.breakLine()
			return
		case atom.Td, atom.Th:
			if w.cur.Len() > 0 {
				w.cur.WriteByte('\t')
				w.space = false
			}
		}
	case html.CommentNode:
		return
	}
	block := isBlock(n)
	if block {
		w.breakLine()
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.walk(c)
	}
	if block {
		w.breakLine()
	}
}

// write appends a text node. White space inside or at either edge of s
// separates words; text nodes that touch ("Hello<b>World</b>") join.
func (w *textWriter) write(s string) {
	if s == "" {
		return
	}
	first, _ := utf8.DecodeRuneInString(s)
	last, _ := utf8.DecodeLastRuneInString(s)
	if isSpace(first) {
		w.space = true
	}
	fields := strings.FieldsFunc(s, isSpace)
	for i, f := range fields {
		if (i > 0 || w.space) && w.cur.Len() > 0 && !strings.HasSuffix(w.cur.String(), "\t") {
			w.cur.WriteByte(' ')
		}
		w.cur.WriteString(f)
		w.space = false
	}
	if isSpace(last) {
		w.space = true
	}
}

func (w *textWriter) breakLine() {
	line := strings.TrimSpace(w.cur.String())
	if line != "" {
		w.lines = append(w.lines, line)
	}
	w.cur.Reset()
	w.space = false
}

// isSpace folds ASCII white space, no-break space and the ideographic space.
func isSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r', '\f', '\v', 0xA0, 0x3000:
		return true
	}
	return false
}

func isBlock(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return false
	}
	switch n.DataAtom {
	case atom.P, atom.Div, atom.Section, atom.Article, atom.Header, atom.Footer, atom.Aside, atom.Nav,
		atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Li, atom.Ul, atom.Ol, atom.Dl, atom.Dt, atom.Dd,
		atom.Table, atom.Tr, atom.Thead, atom.Tbody, atom.Tfoot, atom.Caption, atom.Blockquote, atom.Pre,
		atom.Figure, atom.Figcaption, atom.Hr, atom.Main, atom.Address, atom.Center:
		return true
	}
	return false
}
