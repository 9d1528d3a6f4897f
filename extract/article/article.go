// Package article extracts the title, publication date, author, language
// and main text of a news or press-release page without site-specific
// selectors. Sources use it when their config gives no selectors (the feed
// kind does by default); `newsetl article` runs it on one page.
//
// The rules, in order of trust:
//
//   - title: JSON-LD NewsArticle headline, og:title, <meta name="ArticleTitle">,
//     the <h1> of the main content, then <title>; the site's name is dropped
//     from either end (og:site_name, the part beside the <h1>, a " - Site
//     Name" suffix of <title>, "标题-网站名" joined by a bare dash);
//   - date: JSON-LD datePublished, <meta> (article:published_time, PubDate,
//     publishdate, ...), <time datetime> (all "meta"), then a byline near
//     the title ("Updated: 2021-12-20 09:15", "发布时间：2021-12-20",
//     "2021年12月20日 来源：国资委"; "byline"), then a date in the URL
//     ("url"), then a date go-htmldate finds in the markup without reading
//     running text ("markup"), then a labelled date anywhere else, running
//     text included ("text", the last resort). Article.DateSource says which;
//   - author: JSON-LD author, <meta name="author">, then a "By Zhou Lei" or
//     "作者：" byline;
//   - text: go-trafilatura's main text and this package's own pick, the
//     container (article, main, div, section, ...) whose paragraphs hold
//     the most text, weighted against links and against class or id names
//     of chrome (nav, footer, share, related, comment, ad, ...), with its
//     own chrome (share bars, related lists, captions, ads, scripts,
//     styles, the title and the byline) removed. The container stands in
//     for go-readability as trafilatura's fallback; the library's text is
//     kept unless the two agree and the library adds only chrome this
//     package recognises (see pickText). Text is NFC-normalised.
//
// Text is measured in runes, with CJK ideographs weighted as three runes,
// so Chinese pages (no spaces between words) score like English ones.
package article

import (
	"errors"
	"strings"
	"time"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"

	"github.com/newsetl/newsetl/extract"
	"github.com/newsetl/newsetl/extract/dates"
	"github.com/newsetl/newsetl/transform"
)

// Article is what Extract finds on a page. Missing fields are empty (a zero
// PublishedAt when no date was found).
type Article struct {
	URL         string
	Title       string
	PublishedAt time.Time
	DateSource  string // where PublishedAt was read: extract.DateMeta, DateByline, DateURL, DateText, DateSelector; "" with no date
	Author      string
	Lang        string // the declared primary language ("en", "zh"), else transform.DetectLang of Text
	Text        string // paragraphs separated by "\n"
}

// ErrNoText is returned (wrapped) when a page has no container with
// paragraph text: a list page, an empty page, a page built by scripts.
var ErrNoText = errors.New("no article text found")

// Extract reads the article on doc, a parsed page whose URL is pageURL
// (used as Article.URL, or its <link rel="canonical"> when there is one).
// Dates without a zone are taken as UTC.
//
// doc is as it was when Extract returns, but not while it runs: Extract
// takes the invisible elements (scripts, styles, hidden elements) out of
// it while it reads and puts them back (the page is not copied: a copy
// cost 5 % of the generic path's time). Another goroutine must not read
// doc meanwhile.
//
// It fails only when no main text is found; a page without a title or a
// date gives an Article with those fields empty.
func Extract(doc *goquery.Document, pageURL string) (Article, error) {
	return ExtractIn(doc, pageURL, time.UTC)
}

// ExtractIn is Extract with dates that name no zone read in loc.
func ExtractIn(doc *goquery.Document, pageURL string, loc *time.Location) (Article, error) {
	return ExtractWith(doc, pageURL, nil, loc)
}

// ExtractWith is ExtractIn with the layouts that bylines and running text
// are searched with (nil: dates.CommonLayouts; see dates.Layouts for a
// source writing day first).
func ExtractWith(doc *goquery.Document, pageURL string, layouts []string, loc *time.Location) (Article, error) {
	if loc == nil {
		loc = time.UTC
	}
	if layouts == nil {
		layouts = dates.CommonLayouts
	}
	p := &page{doc: doc, loc: loc, layouts: layouts, pageURL: pageURL}
	a := Article{URL: canonicalURL(doc, pageURL)}
	p.readLD()
	p.dropInvisible()
	defer p.restoreInvisible() // doc as the caller gave it
	a.Lang = lang(doc)
	body := p.mainContent()
	a.Title = p.title(body)
	a.PublishedAt, a.DateSource = p.date(body, a.Title)
	a.Author = p.author(body, a.Title)
	var own string
	var dropped []*html.Node
	var ownNode *html.Node
	if body != nil {
		// Cleaned on a copy: p.doc stays the caller's page less its
		// invisible elements, which withInvisible can put back.
		c := body.Clone()
		dropped = clean(c, a.Title)
		own = extract.Text(c)
		ownNode = c.Get(0)
	}
	// go-trafilatura reads the page as parsed: p.doc with its invisible
	// elements back (the library works on copies of its own).
	var lib string
	p.withInvisible(func() { lib = libraryText(p.doc.Nodes[0], pageURL, ownNode) })
	known := func() []string { return p.chromeTexts(a.Title, body, dropped) }
	a.Text = normaliseText(pickText(own, lib, known))
	if a.Text == "" {
		return a, ErrNoText
	}
	if a.Lang == "" {
		// Chinese by its script, as transform.Parse detects it; else
		// undeclared ("").
		a.Lang = transform.DetectLang(a.Text)
	}
	return a, nil
}

// page is one extraction's working state.
type page struct {
	doc       *goquery.Document
	loc       *time.Location
	layouts   []string // for bylines and running text
	pageURL   string
	invisible []removal           // what dropInvisible took out of doc, in order
	ld        ldArticle           // from JSON-LD, zero if none
	metas     map[string]string   // lower-cased meta name/property/itemprop/http-equiv → first non-empty content
	chrome    map[*html.Node]bool // isChrome, remembered

	order map[*html.Node]int // document order, built by precedes after the last removal
	lines *[]line            // bylines, computed once
}

func canonicalURL(doc *goquery.Document, pageURL string) string {
	href, ok := doc.Find(`link[rel="canonical"]`).First().Attr("href")
	if !ok || strings.TrimSpace(href) == "" || pageURL == "" {
		return pageURL
	}
	abs, err := resolve(pageURL, href)
	if err != nil {
		return pageURL
	}
	return abs
}
