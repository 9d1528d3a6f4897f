package extract

import (
	"bytes"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Text renders the readable text of the selected elements: one line per
// block element (paragraph, heading, list item, table row), table cells
// separated by a tab, runs of white space folded, scripts, styles and forms
// dropped, empty lines removed.
//
// The text is written into one buffer, word by word, without a slice or a
// string per text node: the result is the one allocation that grows.
func Text(sel *goquery.Selection) string {
	var w textWriter
	for _, n := range sel.Nodes {
		w.walk(n)
		w.breakLine()
	}
	if len(w.buf) == 0 {
		return ""
	}
	return string(w.buf[:len(w.buf)-1]) // every line ends with '\n'
}

// textWriter holds the lines written so far, each ending with '\n', and
// the current line after them, from lineStart.
type textWriter struct {
	buf       []byte
	lineStart int
	space     bool // a space is pending before the next word
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
			if len(w.buf) > w.lineStart {
				w.buf = append(w.buf, '\t')
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
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		if isSpace(r) {
			w.space = true
			i += size
			continue
		}
		// A word: s[i:j], up to the next white space.
		j := i + size
		for j < len(s) {
			r, size := rune(s[j]), 1
			if r >= utf8.RuneSelf {
				r, size = utf8.DecodeRuneInString(s[j:])
			}
			if isSpace(r) {
				break
			}
			j += size
		}
		if w.space && len(w.buf) > w.lineStart && w.buf[len(w.buf)-1] != '\t' {
			w.buf = append(w.buf, ' ')
		}
		w.buf = append(w.buf, s[i:j]...)
		w.space = false
		i = j
	}
}

// breakLine ends the current line: trimmed of white space at its edges,
// or dropped when nothing is left.
func (w *textWriter) breakLine() {
	line := bytes.TrimSpace(w.buf[w.lineStart:])
	if len(line) > 0 {
		n := copy(w.buf[w.lineStart:], line)
		w.buf = append(w.buf[:w.lineStart+n], '\n')
	} else {
		w.buf = w.buf[:w.lineStart]
	}
	w.lineStart = len(w.buf)
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
