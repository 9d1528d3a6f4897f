package article

import (
	"strings"
	"testing"
	"unicode"

	"golang.org/x/net/html"
)

// nodeTextOracle is nodeText as first written: every text node followed
// by a space, then strings.Fields joined by spaces.
func nodeTextOracle(n *html.Node) string {
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
			b.WriteByte(' ')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

var nodeTextPages = []string{
	"<p>  Beds  grow <b>again</b>\u00a0in\u3000winter </p>",
	"<div><span>a</span><span>b</span>\n<em> c </em></div>",
	"<p>国资委\u2003发布<a href=x>通知</a>：</p>",
	"<p>\xff\xfe broken \x85 bytes</p>",
	"<div></div>",
}

// checkNodeText compares nodeText with the oracle on every node of page.
func checkNodeText(t *testing.T, page string) {
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		return
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if got, want := nodeText(n), nodeTextOracle(n); got != want {
			t.Errorf("nodeText of <%s> in %q = %q, want %q", n.Data, page, got, want)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
}

func TestNodeText(t *testing.T) {
	for _, p := range nodeTextPages {
		checkNodeText(t, p)
	}
	doc, _ := html.Parse(strings.NewReader(nodeTextPages[0]))
	if got, want := nodeText(doc), "Beds grow again in winter"; got != want {
		t.Errorf("nodeText = %q, want %q", got, want)
	}
}

// FuzzNodeText checks nodeText against the oracle on any page.
func FuzzNodeText(f *testing.F) {
	for _, p := range nodeTextPages {
		f.Add(p)
	}
	f.Fuzz(checkNodeText)
}

// isHanFast answers as unicode.Is(unicode.Han, r) for every rune.
func TestIsHanFast(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if isHanFast(r) != unicode.Is(unicode.Han, r) {
			t.Fatalf("isHanFast(%U) = %v, unicode.Is(Han) says %v", r, isHanFast(r), !isHanFast(r))
		}
	}
}
