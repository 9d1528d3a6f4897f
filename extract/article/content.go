package article

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/newsetl/newsetl/extract/dates"
)

// minUnit is the weight below which a paragraph does not count: a label,
// a date, a lone link.
const minUnit = 10

// dropInvisible removes what a reader never sees as text, remembering
// where each element was (withInvisible puts them back for a while).
func (p *page) dropInvisible() {
	p.detach(p.doc.Find("script, style, noscript, template, iframe, svg, object, embed, button, select, textarea, input, link, [hidden], [aria-hidden=true]").Nodes)
	var hidden []*html.Node
	p.doc.Find("[style]").Each(func(_ int, s *goquery.Selection) {
		st := strings.ReplaceAll(strings.ToLower(s.AttrOr("style", "")), " ", "")
		if strings.Contains(st, "display:none") || strings.Contains(st, "visibility:hidden") {
			hidden = append(hidden, s.Get(0))
		}
	})
	p.detach(hidden)
}

// removal is an element dropInvisible took out of the page, and where it
// was: its parent and its next sibling then.
type removal struct{ n, parent, next *html.Node }

// detach removes nodes from their parents (as goquery's Remove does: an
// element inside another one removed is taken out of it too), in order,
// and remembers each in p.invisible.
func (p *page) detach(nodes []*html.Node) {
	for _, n := range nodes {
		if n.Parent == nil {
			continue
		}
		p.invisible = append(p.invisible, removal{n: n, parent: n.Parent, next: n.NextSibling})
		n.Parent.RemoveChild(n)
	}
}

// restoreInvisible puts the elements dropInvisible removed back where
// they were, in the reverse order of their removal, so that each finds
// its next sibling in place. Nothing else may change p.doc between the
// two (the article's own container is cleaned on a copy).
func (p *page) restoreInvisible() {
	for i := len(p.invisible) - 1; i >= 0; i-- {
		r := p.invisible[i]
		r.parent.InsertBefore(r.n, r.next)
	}
}

// withInvisible runs f on the page as it was given (restoreInvisible),
// then removes the invisible elements again. Calls do not nest.
func (p *page) withInvisible(f func()) {
	p.restoreInvisible()
	defer func() {
		for _, r := range p.invisible {
			r.parent.RemoveChild(r.n)
		}
	}()
	f()
}

// chromeWords are class or id fragments of page chrome, matched anywhere in
// the name; chromeTokens are matched as whole tokens ("ad" in "ad-box" but
// not in "head").
var (
	chromeWords = []string{
		"share", "social", "related", "comment", "advert", "sidebar", "footer", "breadcrumb", "copyright",
		"recommend", "pagination", "newsletter", "subscribe", "sponsor", "promo", "popular", "mostpop",
		"masthead", "navbar", "toolbar", "caption", "disclaimer", "cookie", "banner", "widget", "jiathis",
		"bdshare", "xgxw", "xgyd", "hotnews", "login", "signup", "topnav",
	}
	chromeTokens = map[string]bool{
		"ad": true, "ads": true, "nav": true, "menu": true, "foot": true, "side": true, "aside": true,
		"hot": true, "tools": true, "tool": true, "print": true, "pager": true, "pages": true, "crumb": true,
		"crumbs": true, "search": true, "tags": true, "prev": true, "next": true, "top": true, "links": true,
		"rt": true, "right": true, "bottom": true, "copy": true, "left": false, "bianji": true, "editor": false,
	}
	bylineName = regexp.MustCompile(`(?i)byline|dateline|author|pubdate|pub-date|pub_date|publish|date|time|info|meta|source|attribution`)
	editorLine = regexp.MustCompile(`^[（(\[]?\s*(责任编辑|编辑|Editor|Edited by)\s*[:：]`)
)

// positiveWords are class or id fragments of an article's container,
// matched anywhere in the name.
var positiveWords = []string{"article", "content", "body", "entry", "main", "post", "story", "text", "detail", "zoom", "editor", "正文"}

// hasPositiveName reports whether name, lower-cased by nameOf, holds one of
// positiveWords (a long s "ſ" read as "s", as a case-insensitive regular
// expression would).
func hasPositiveName(name string) bool {
	if strings.Contains(name, "ſ") {
		name = strings.ReplaceAll(name, "ſ", "s")
	}
	for _, w := range positiveWords {
		if strings.Contains(name, w) {
			return true
		}
	}
	return false
}

// nameOf returns n's class and id attributes, lower-cased, each followed
// by a space.
func nameOf(n *html.Node) string {
	var b strings.Builder
	for _, a := range n.Attr {
		if a.Key == "class" || a.Key == "id" {
			b.WriteString(a.Val)
			b.WriteByte(' ')
		}
	}
	return strings.ToLower(b.String())
}

// isChrome reports whether n is page chrome by its tag or its class or id.
func isChrome(n *html.Node) bool {
	if n.Type != html.ElementNode || n.DataAtom == atom.Body || n.DataAtom == atom.Html {
		return false
	}
	switch n.DataAtom {
	case atom.Nav, atom.Aside, atom.Footer, atom.Figcaption:
		return true
	}
	if isTeaserList(n) {
		return true
	}
	name := nameOf(n)
	if name == "" {
		return false
	}
	for _, w := range chromeWords {
		if strings.Contains(name, w) {
			return true
		}
	}
	return hasChromeToken(name)
}

// hasChromeToken reports whether one of name's tokens (runs of letters
// and digits) is a chromeTokens entry, without splitting name.
func hasChromeToken(name string) bool {
	start := -1 // of the current token
	for i, r := range name {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 && chromeTokens[name[start:i]] {
			return true
		}
		start = -1
	}
	return start >= 0 && chromeTokens[name[start:]]
}

// isTeaserList reports whether n is a list of stories: at least three of
// its children, and at least half, open with a link (a headline) however
// much summary text follows it. Paragraphs of an article rarely start with
// a link; the "You may also like" box under it always does.
func isTeaserList(n *html.Node) bool {
	items, teasers := 0, 0
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		switch c.DataAtom {
		case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Br, atom.Hr:
			continue
		}
		items++
		if opensWithLink(c) {
			teasers++
		}
	}
	return teasers >= 3 && teasers*2 >= items
}

// opensWithLink reports whether n's first text is a link of some length.
func opensWithLink(n *html.Node) bool {
	var first *html.Node // the first non-blank text node
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil && first == nil; c = c.NextSibling {
			if c.Type == html.TextNode && strings.TrimSpace(c.Data) != "" {
				first = c
				return
			}
			walk(c)
		}
	}
	walk(n)
	if first == nil {
		return false
	}
	for a := first.Parent; a != nil && a != n.Parent; a = a.Parent {
		if a.DataAtom == atom.A {
			_, linked := textWeights(a)
			return linked >= minUnit
		}
	}
	return false
}

// weight measures text: runes that are letters or digits, CJK ideographs
// counted three times (a Chinese character carries about as much as an
// English word of three letters... plus its space).
func weight(s string) int {
	w := 0
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf:
			if r > ' ' {
				w++
			}
		case isHanFast(r):
			w += 3
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			w++
		}
	}
	return w
}

// isHanFast is unicode.Is(unicode.Han, r), answered without the table
// for the common cases: below U+2E80 (where Han starts) no rune is Han, and
// the CJK Unified Ideographs block (U+4E00-U+9FFF) is all Han.
func isHanFast(r rune) bool {
	switch {
	case r < 0x2e80:
		return false
	case 0x4e00 <= r && r <= 0x9fff:
		return true
	}
	return unicode.Is(unicode.Han, r)
}

// textWeights returns the weight of n's text outside and inside links.
func textWeights(n *html.Node) (plain, linked int) {
	var walk func(n *html.Node, inLink bool)
	walk = func(n *html.Node, inLink bool) {
		switch n.Type {
		case html.TextNode:
			if inLink {
				linked += weight(n.Data)
			} else {
				plain += weight(n.Data)
			}
			return
		case html.ElementNode:
			if n.DataAtom == atom.A {
				inLink = true
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inLink)
		}
	}
	walk(n, false)
	return plain, linked
}

func isContainer(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return false
	}
	switch n.DataAtom {
	case atom.Div, atom.Section, atom.Article, atom.Main, atom.Td, atom.Body, atom.Center, atom.Blockquote:
		return true
	}
	return false
}

// isUnitTag: elements that are paragraphs whatever their children.
func isUnitTag(n *html.Node) bool {
	switch n.DataAtom {
	case atom.P, atom.Pre, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Li, atom.Dd, atom.Dt, atom.Th, atom.Caption:
		return true
	}
	return false
}

func hasBlockChild(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		switch c.DataAtom {
		case atom.A, atom.B, atom.I, atom.Em, atom.Strong, atom.Span, atom.Font, atom.Br, atom.Img, atom.Sup, atom.Sub, atom.U, atom.Small, atom.Big, atom.Abbr, atom.Code, atom.Q, atom.Cite, atom.Time, atom.Mark:
			if hasBlockChild(c) {
				return true
			}
		default:
			return true
		}
	}
	return false
}

// mainContent scores the candidate containers and returns the best, or nil
// when no paragraph has enough text.
//
// Each paragraph (a <p>, <li>, <td>, heading, or a div with text and no
// block children) scores its weight minus its link text; the score goes in
// full to its nearest container (div, section, article, main, td, ...),
// half to the next, and a third of a third of its level further up. A
// container's total is then scaled by its share of non-link text and by its
// name: article, main, itemprop=articleBody and names like "content" gain a
// quarter. Chrome (nav, footer, aside, share, related, comment, ad, ...)
// neither scores nor is a candidate.
func (p *page) mainContent() *goquery.Selection {
	if best := p.score(p.isChrome); best != nil {
		return best
	}
	// Everything scored sat inside chrome: a wrapper with an unlucky
	// class name ("page has-sidebar"). Score again without the names.
	return p.score(func(*html.Node) bool { return false })
}

func (p *page) score(isChrome func(*html.Node) bool) *goquery.Selection {
	base, chrome := isChrome, map[*html.Node]bool{}
	isChrome = func(n *html.Node) bool { // memoised: ancestors are asked again for every candidate
		c, ok := chrome[n]
		if !ok {
			c = base(n)
			chrome[n] = c
		}
		return c
	}
	hasChromeAncestor := func(n *html.Node) bool {
		for a := n.Parent; a != nil; a = a.Parent {
			if isChrome(a) {
				return true
			}
		}
		return false
	}
	scores := map[*html.Node]float64{}
	var order []*html.Node
	add := func(n *html.Node, s float64) {
		if _, ok := scores[n]; !ok {
			order = append(order, n)
		}
		scores[n] += s
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && isChrome(n) {
			return
		}
		if n.Type == html.ElementNode && (isUnitTag(n) || (isContainer(n) && n.DataAtom != atom.Body && !hasBlockChild(n))) {
			plain, linked := textWeights(n)
			if plain >= minUnit && linked*2 < plain+linked && !isLegal(nodeText(n)) {
				s := float64(plain - linked)
				level := 0
				if isContainer(n) {
					add(n, s) // a div of text is its own candidate
				}
				for a := n.Parent; a != nil; a = a.Parent {
					if a.Type != html.ElementNode || !isContainer(a) {
						continue
					}
					level++
					switch level {
					case 1:
						add(a, s)
					case 2:
						add(a, s/2)
					default:
						add(a, s/float64(level*3))
					}
				}
			}
			if !isContainer(n) {
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	for _, n := range p.doc.Nodes {
		walk(n)
	}
	h := p.titleHeading()
	var best *html.Node
	var bestScore float64
	for _, n := range order {
		if hasChromeAncestor(n) {
			continue
		}
		plain, linked := textWeights(n)
		if plain+linked == 0 {
			continue
		}
		s := scores[n] * float64(plain) / float64(plain+linked)
		if n.DataAtom == atom.Article || n.DataAtom == atom.Main || attr(n, "itemprop") == "articleBody" {
			s *= 1.25
		}
		if hasPositiveName(nameOf(n)) {
			s *= 1.25
		}
		if h != nil && p.nearTitle(h, n) {
			s *= 1.5
		}
		const eps = 1e-9
		if best == nil || s > bestScore+eps || (s > bestScore-eps && isAncestor(best, n)) {
			best, bestScore = n, s
		}
	}
	if best == nil {
		return nil
	}
	return goquery.NewDocumentFromNode(best).Selection
}

// titleHeading returns the <h1> that most likely holds the article's
// title: the one matching JSON-LD or og:title, else the longest.
func (p *page) titleHeading() *html.Node {
	want := foldSpace(p.ld.headline)
	if want == "" {
		want = foldSpace(p.metaContent("og:title", "twitter:title", "ArticleTitle"))
	}
	var best *html.Node
	bestW := 0
	for _, h := range p.doc.Find("h1").Nodes {
		t := nodeText(h)
		if want != "" && t == want {
			return h
		}
		if w := weight(t); w > bestW {
			best, bestW = h, w
		}
	}
	return best
}

// nearTitle reports whether n holds the title heading h, or follows it
// inside the title's parent or grandparent: where the body of an article
// sits, unlike footers and sidebars.
func (p *page) nearTitle(h, n *html.Node) bool {
	if isAncestor(n, h) {
		return true
	}
	a := h.Parent
	for up := 1; a != nil && up <= 2; up++ {
		if isAncestor(a, n) {
			return p.precedes(h, n)
		}
		a = a.Parent
	}
	return false
}

func isAncestor(a, n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p == a {
			return true
		}
	}
	return false
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// clean removes the chrome inside the chosen container: share bars,
// related lists, captions, ads, forms, link lists, the title and the byline.
//
// It returns the elements it dropped (detached, with their subtrees) so
// that the text choice (pickText) can recognise them in the library's text.
func clean(body *goquery.Selection, title string) []*html.Node {
	root := body.Get(0)
	var drop []*html.Node
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.CommentNode {
				drop = append(drop, c)
				continue
			}
			if c.Type != html.ElementNode {
				continue
			}
			if isChrome(c) || c.DataAtom == atom.H1 || isLinkList(c) || isEditorLine(c) {
				drop = append(drop, c)
				continue
			}
			walk(c)
		}
	}
	walk(root)
	var dropped []*html.Node
	for _, n := range drop {
		n.Parent.RemoveChild(n)
		if n.Type == html.ElementNode {
			dropped = append(dropped, n)
		}
	}
	dropBylines(root, title)
	return dropped
}

// isLinkList: a list, paragraph or box whose text is mostly links
// ("Previous: ...", "Read more: ...", a list of stories).
func isLinkList(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Ul, atom.Ol, atom.Div, atom.P, atom.Section, atom.Dl, atom.Span:
	default:
		return false
	}
	plain, linked := textWeights(n)
	return linked > 0 && linked*2 > plain+linked
}

func isEditorLine(n *html.Node) bool {
	if n.DataAtom != atom.P && n.DataAtom != atom.Div {
		return false
	}
	if !lighterThan(n, 80) { // most paragraphs: no need to build their text
		return false
	}
	return editorLine.MatchString(nodeText(n))
}

// lighterThan reports whether the weight of n's text is under max,
// stopping as soon as it is not.
func lighterThan(n *html.Node, max int) bool {
	w := 0
	var walk func(n *html.Node) bool
	walk = func(n *html.Node) bool {
		if n.Type == html.TextNode {
			w += weight(n.Data)
			return w < max
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if !walk(c) {
				return false
			}
		}
		return true
	}
	return walk(n)
}

// dropBylines removes the short elements before the first long paragraph
// that carry the byline: a date-ish class name, or a label with a date.
func dropBylines(root *html.Node, title string) {
	var drop []*html.Node
	done := false
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil && !done; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			t := strings.TrimSpace(nodeText(c))
			w := weight(t)
			if w > 200 && (isUnitTag(c) || !hasBlockChild(c)) {
				done = true
				return
			}
			if w > 0 && w <= 200 && !hasBlockChild(c) {
				byName := bylineName.MatchString(nameOf(c))
				labelled := hasBylineLabel(t) && (authorBy.MatchString(t) || authorZh.MatchString(t) || hasDate(t))
				if (byName && c.DataAtom != atom.P || labelled) && !looksLikeSentence(t) || t == title {
					drop = append(drop, c)
				}
				continue
			}
			walk(c)
		}
	}
	walk(root)
	for _, n := range drop {
		n.Parent.RemoveChild(n)
	}
}

func hasDate(t string) bool {
	_, ok := dates.FindDate(t, dates.CommonLayouts, nil)
	return ok
}

// looksLikeSentence: prose ends with a full stop; a byline does not.
func looksLikeSentence(t string) bool {
	return strings.HasSuffix(t, ".") || strings.HasSuffix(t, "。") || strings.HasSuffix(t, "”")
}

// nodeText returns the text of n's text nodes, each run of white space
// (unicode.IsSpace, between and inside the nodes) folded to one space,
// none at either end: strings.Fields of the text joined by spaces, built
// in one pass.
func nodeText(n *html.Node) string {
	var b strings.Builder
	space := false // a space is pending before the next word
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			s := n.Data
			for len(s) > 0 {
				c := s[0]
				if c < utf8.RuneSelf {
					if asciiSpace[c] {
						space = true
					} else {
						if space && b.Len() > 0 {
							b.WriteByte(' ')
						}
						space = false
						b.WriteByte(c)
					}
					s = s[1:]
					continue
				}
				r, size := utf8.DecodeRuneInString(s)
				if unicode.IsSpace(r) {
					space = true
				} else {
					if space && b.Len() > 0 {
						b.WriteByte(' ')
					}
					space = false
					b.WriteString(s[:size]) // as written, invalid bytes included
				}
				s = s[size:]
			}
			space = true // text nodes are separate words
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

// asciiSpace: the ASCII bytes unicode.IsSpace reports.
var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

// legalPhrases mark a site's legal footer (lower case).
var legalPhrases = []string{"all rights reserved", "copyright", "©", "版权所有", "icp备", "icp registration", "主办单位", "承办单位"}

// isLegal reports whether s holds one of legalPhrases, in any case.
func isLegal(s string) bool {
	lower := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; 'A' <= c && c <= 'Z' {
			lower = false
			break
		}
	}
	if !lower {
		s = strings.ToLower(s)
	}
	for _, p := range legalPhrases {
		if strings.Contains(s, p) {
			return true
		}
	}
	return false
}

// isChrome is isChrome(n), remembered for the page: the scoring and the
// text choice ask about the same elements.
func (p *page) isChrome(n *html.Node) bool {
	if p.chrome == nil {
		p.chrome = map[*html.Node]bool{}
	}
	c, ok := p.chrome[n]
	if !ok {
		c = isChrome(n)
		p.chrome[n] = c
	}
	return c
}
