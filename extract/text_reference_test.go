package extract_test

// The text renderer before it wrote into one buffer (strings.FieldsFunc per
// text node), kept as the reference FuzzTextMatchesReference compares with.

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/newsetl/newsetl/extract"
)

// FuzzTextMatchesReference: extract.Text renders every document exactly
// as the reference renderer did, and never panics.
func FuzzTextMatchesReference(f *testing.F) {
	for _, s := range []string{
		"<p>Hello <b>World</b>  again</p><p>\u00a0</p>",
		"<table><tr><td> a </td><td></td><td>b\tc</td></tr></table>",
		"<div>全国共有医疗机构<span>1154</span>家，\u3000完成率达到99.6%。<br>第二行</div>",
		"<ul><li>\u2003one</li><li>two<script>x()</script></li></ul>text\xff\xfe end ",
		"<p>As of the end of November 2021, 27,000 beds were added.</p>\n\n<h2> Notes </h2>",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, page string) {
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(page))
		if err != nil {
			return
		}
		for _, sel := range []*goquery.Selection{doc.Selection, doc.Find("p, td, li")} {
			if got, want := extract.Text(sel), referenceText(sel); got != want {
				t.Fatalf("Text = %q, reference %q (page %q)", got, want, page)
			}
		}
	})
}

func BenchmarkText(b *testing.B) {
	var page strings.Builder
	page.WriteString("<html><body><div class=content>")
	for range 200 {
		page.WriteString("<p>As of the end of November 2021, the completion rate of the reform of <b>1,154</b> medical institutions reached 99.6 percent.</p>")
		page.WriteString("<p>截至2021年11月底，全国<span>1154</span>家医疗机构改革完成率达到99.6%。</p>")
	}
	page.WriteString("</div></body></html>")
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(page.String()))
	if err != nil {
		b.Fatal(err)
	}
	for _, impl := range []struct {
		name string
		text func(*goquery.Selection) string
	}{{"buffer", extract.Text}, {"reference", referenceText}} {
		b.Run(impl.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(page.Len()))
			for range b.N {
				impl.text(doc.Selection)
			}
		})
	}
}

// Text renders the readable text of the selected elements: one line per
// block element (paragraph, heading, list item, table row), table cells
// separated by a tab, runs of white space folded, scripts, styles and forms
// dropped, empty lines removed.
func referenceText(sel *goquery.Selection) string {
	var w refWriter
	for _, n := range sel.Nodes {
		w.walk(n)
		w.breakLine()
	}
	return strings.TrimSpace(strings.Join(w.lines, "\n"))
}

type refWriter struct {
	lines []string
	cur   strings.Builder
	space bool // a space is pending before the next word
}

func (w *refWriter) walk(n *html.Node) {
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
	block := refIsBlock(n)
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
func (w *refWriter) write(s string) {
	if s == "" {
		return
	}
	first, _ := utf8.DecodeRuneInString(s)
	last, _ := utf8.DecodeLastRuneInString(s)
	if refIsSpace(first) {
		w.space = true
	}
	fields := strings.FieldsFunc(s, refIsSpace)
	for i, f := range fields {
		if (i > 0 || w.space) && w.cur.Len() > 0 && !strings.HasSuffix(w.cur.String(), "\t") {
			w.cur.WriteByte(' ')
		}
		w.cur.WriteString(f)
		w.space = false
	}
	if refIsSpace(last) {
		w.space = true
	}
}

func (w *refWriter) breakLine() {
	line := strings.TrimSpace(w.cur.String())
	if line != "" {
		w.lines = append(w.lines, line)
	}
	w.cur.Reset()
	w.space = false
}

// isSpace folds ASCII white space, no-break space and the ideographic space.
func refIsSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r', '\f', '\v', 0xA0, 0x3000:
		return true
	}
	return false
}

func refIsBlock(n *html.Node) bool {
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
