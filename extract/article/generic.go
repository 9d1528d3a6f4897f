package article

import (
	"net/url"
	"slices"
	"strings"
	"unicode"

	"github.com/PuerkitoBio/goquery"
	trafilatura "github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/text/unicode/norm"

	"github.com/newsetl/newsetl/extract"
)

// libraryText runs go-trafilatura on root, the page as parsed, and
// returns its main text, one line per block, or "" when it finds nothing.
// root is modified while the library runs (see withStandInMetadata) and
// is as it was when libraryText returns: give it a tree of your own.
// trafilatura reads it and works on its clones. own, this package's
// cleaned container (nil if none), is trafilatura's first fallback in
// place of go-readability; go-domdistiller comes after it when both are
// short. trafilatura may modify own's subtree when it takes it.
//
// trafilatura's own date search (go-htmldate) is switched off: the date
// rules of this package (meta, <time>, bylines in English and Chinese) run
// on every page and say where the date came from.
func libraryText(root *html.Node, pageURL string, own *html.Node) string {
	opts := trafilatura.Options{
		EnableFallback:  true,
		ExcludeComments: true,
		HtmlDateMode:    trafilatura.Disabled,
		Config:          trafilatura.DefaultConfig(),
	}
	if u, err := url.Parse(pageURL); err == nil && u.Host != "" {
		opts.OriginalURL = u
	}
	if own != nil {
		// This package's container stands in for go-readability's: on the
		// development set it scores as well (0.9296 against 0.9283) and
		// the page is not scored a third time.
		opts.FallbackCandidates = &trafilatura.FallbackCandidates{Readability: own}
	}
	var res *trafilatura.ExtractResult
	var err error
	withStandInMetadata(root, func() { res, err = trafilatura.ExtractDocument(root, opts) })
	if err != nil || res == nil || res.ContentNode == nil {
		return ""
	}
	setAtoms(res.ContentNode)
	return strings.TrimSpace(extract.Text(goquery.NewDocumentFromNode(res.ContentNode).Selection))
}

// setAtoms gives the elements trafilatura created (<p>, <tr>, <td>, ...,
// made with a tag name and no atom) their atom, so that extract.Text lays
// them out as the parser's elements: a line per block, a tab between cells.
func setAtoms(n *html.Node) {
	if n.Type == html.ElementNode && n.DataAtom == 0 {
		n.DataAtom = atom.Lookup([]byte(n.Data))
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		setAtoms(c)
	}
}

// chromeTexts returns the text, white space removed, of the page's
// chrome that pickText may discount (knownChrome: teaser lists, editor
// lines, footers with legal text), outermost only, of the title and of the
// labelled bylines with a date. body is the chosen container (its own
// chrome was removed by clean and is in dropped); elements holding body
// are not chrome here, whatever their names.
func (p *page) chromeTexts(title string, body *goquery.Selection, dropped []*html.Node) []string {
	var bodyNode *html.Node
	if body != nil {
		bodyNode = body.Get(0)
	}
	var bodyAncestors []*html.Node // not chrome here, whatever their names
	if bodyNode != nil {
		for a := bodyNode.Parent; a != nil; a = a.Parent {
			bodyAncestors = append(bodyAncestors, a)
		}
	}
	var out []string
	add := func(t string) {
		if t = squash(t); t != "" {
			out = append(out, t)
		}
	}
	add(title)
	for _, l := range p.bylines(title) {
		if l.labelled && hasDate(l.text) {
			add(l.text)
		}
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n != bodyNode && !slices.Contains(bodyAncestors, n) && p.knownChrome(n) {
			add(nodeText(n))
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	for _, n := range p.doc.Nodes {
		walk(n)
	}
	for _, n := range dropped {
		walk(n)
	}
	return out
}

// squash removes all white space, so texts compare whatever their line
// breaks and table cells.
func squash(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// unexplainedShare is how much text the library may add to this package's
// own text, beyond known chrome, for own to be preferred (a share of own's
// size). Zero: on the development set any addition is more often article
// (a heading, a list) than chrome.
const unexplainedShare = 0

// ownOnlyShare is how much of own (a caption, a byline the library kept
// out) may be missing from the library's text for the two to agree.
const ownOnlyShare = 0.1

// minLibraryText is the least weight of library text taken when this
// package found no article container: less is a list of links or a lone
// title, not an article.
const minLibraryText = 100

// pickText chooses between own, the text of the container this package
// scored best, and lib, go-trafilatura's. The library is the default: on
// the development set of real pages it finds the article far more often.
// own is kept when the two agree: own's lines are in lib (all but
// ownOnlyShare of them), and what
// lib holds beyond own and known (chrome of the page: footers, teaser
// lists, the title; see chromeTexts) is under unexplainedShare of own. Then
// own is the same article without the library's leftovers, with its own
// line breaks.
func pickText(own, lib string, chrome func() []string) string {
	if lib == "" {
		return own
	}
	if own == "" {
		if weight(lib) < minLibraryText {
			return ""
		}
		return lib
	}
	var ownLines []string
	ownSize := 0
	for _, l := range strings.Split(own, "\n") {
		if l = squash(l); l != "" {
			ownLines = append(ownLines, l)
			ownSize += weight(l)
		}
	}
	flat := squash(lib)
	missing := 0
	for _, l := range ownLines {
		if !strings.Contains(flat, l) {
			missing += weight(l)
		}
	}
	if float64(missing) > ownOnlyShare*float64(ownSize) {
		return lib
	}
	isOwn := make(map[string]bool, len(ownLines))
	for _, o := range ownLines {
		isOwn[o] = true
	}
	var known []string // chrome(), asked for only when a line is not own's
	knownDone := false
	unexplained, work := 0, 0
	for _, l := range strings.Split(lib, "\n") {
		rest := squash(l)
		if isOwn[rest] { // the usual case: the same paragraph
			continue
		}
		// Lines the library joined, or our lines inside a longer one.
		for _, o := range ownLines {
			if rest == "" {
				break
			}
			if work++; work > maxCompareWork {
				return lib // a page too large to compare line by line
			}
			rest = strings.Replace(rest, o, "", 1)
		}
		if rest == "" {
			continue
		}
		if !knownDone {
			known, knownDone = chrome(), true
		}
		if containedIn(rest, known) {
			continue
		}
		for _, k := range known {
			if rest == "" {
				break
			}
			rest = strings.ReplaceAll(rest, k, "")
		}
		if unexplained += weight(rest); float64(unexplained) > unexplainedShare*float64(ownSize) {
			return lib
		}
	}
	return own
}

// maxCompareWork bounds the line comparisons pickText makes, so that a
// page of thousands of lines costs linear time: past it the library's
// text is taken.
const maxCompareWork = 200_000

// containedIn reports whether s is part of one of texts.
func containedIn(s string, texts []string) bool {
	for _, t := range texts {
		if strings.Contains(t, s) {
			return true
		}
	}
	return false
}

// knownChrome reports the chrome pickText may discount: teaser lists,
// editor lines, and chrome (by tag or name) that holds legal text (a
// footer). Other names (a "banner", a "sidebar") are too often wrong on
// real pages to explain away what the library found.
func (p *page) knownChrome(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return false
	}
	if p.isChrome(n) { // teaser lists included
		return isTeaserList(n) || isLegal(nodeText(n))
	}
	return isEditorLine(n) && !hasBlockChild(n)
}

// normaliseText composes characters (NFC: "e" and a combining accent
// become "é", as readers and search expect) and drops soft hyphens, which
// only mark where a browser may break a word.
func normaliseText(s string) string {
	if strings.ContainsRune(s, '\u00ad') {
		s = strings.ReplaceAll(s, "\u00ad", "")
	}
	return norm.NFC.String(s)
}

// standInLD is the JSON-LD that withStandInMetadata gives the library:
// an author, a section and keywords, so that it does not search the page
// for them.
const standInLD = `{"@context":"https://schema.org","@type":"NewsArticle","author":{"@type":"Person","name":"Stand In"},` +
	`"articleSection":"stand-in","keywords":"stand-in"}`

// withStandInMetadata runs f with a JSON-LD block (standInLD) added at
// the end of root's <head>, and takes it out again.
//
// go-trafilatura reads the page's metadata (title, author, categories,
// tags, licence, ...) before its main text, and has no option to skip it.
// We use none of it: this package reads the title, date and author by its
// own rules. Its searches of the whole page for an author (on a copy of
// the page), categories and tags, run only when the page's metadata
// names none, took 11 % of the generic path's time on the development set.
// The stand-in names them, so the library skips the searches. Its main
// text does not depend on its metadata; the block carries no
// articleBody (the library's last-resort text) and, as a <script>, no
// text of its own. On the development set every article is the same with
// and without it.
func withStandInMetadata(root *html.Node, f func()) {
	head := findElement(root, atom.Head)
	if head == nil {
		f()
		return
	}
	ld := &html.Node{Type: html.ElementNode, Data: "script", DataAtom: atom.Script,
		Attr: []html.Attribute{{Key: "type", Val: "application/ld+json"}}}
	ld.AppendChild(&html.Node{Type: html.TextNode, Data: standInLD})
	head.AppendChild(ld)
	defer head.RemoveChild(ld)
	f()
}

// findElement returns the first element of n's tree with atom a, or nil.
func findElement(n *html.Node, a atom.Atom) *html.Node {
	if n.Type == html.ElementNode && n.DataAtom == a {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if e := findElement(c, a); e != nil {
			return e
		}
	}
	return nil
}
