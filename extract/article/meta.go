package article

import (
	"encoding/json"
	"net/url"
	"regexp"
	"strings"
	"time"
	"unicode"

	"github.com/PuerkitoBio/goquery"
	htmldate "github.com/markusmobius/go-htmldate"
	"golang.org/x/net/html"

	"github.com/newsetl/newsetl/extract"
	"github.com/newsetl/newsetl/extract/dates"
)

// ldArticle is what JSON-LD says about the page's article.
type ldArticle struct {
	headline, published, author string
}

// articleTypes are the schema.org types whose headline and dates describe
// the page's article.
var articleTypes = map[string]bool{
	"NewsArticle": true, "Article": true, "ReportageNewsArticle": true, "AnalysisNewsArticle": true,
	"BlogPosting": true, "Report": true, "ScholarlyArticle": true, "TechArticle": true, "WebPage": false,
}

// readLD reads the first article object of the page's JSON-LD blocks.
// Malformed blocks are ignored.
func (p *page) readLD() {
	p.doc.Find(`script[type="application/ld+json"]`).EachWithBreak(func(_ int, s *goquery.Selection) bool {
		var v any
		if err := json.Unmarshal([]byte(s.Text()), &v); err != nil {
			return true
		}
		if a, ok := findLD(v, 0); ok {
			p.ld = a
			return false
		}
		return true
	})
}

func findLD(v any, depth int) (ldArticle, bool) {
	if depth > 8 {
		return ldArticle{}, false
	}
	switch t := v.(type) {
	case []any:
		for _, e := range t {
			if a, ok := findLD(e, depth+1); ok {
				return a, true
			}
		}
	case map[string]any:
		if isArticleType(t["@type"]) {
			return ldArticle{
				headline:  ldString(t["headline"], depth),
				published: ldString(t["datePublished"], depth),
				author:    ldString(t["author"], depth),
			}, true
		}
		if g, ok := t["@graph"]; ok {
			return findLD(g, depth+1)
		}
	}
	return ldArticle{}, false
}

func isArticleType(v any) bool {
	switch t := v.(type) {
	case string:
		return articleTypes[t]
	case []any:
		for _, e := range t {
			if s, ok := e.(string); ok && articleTypes[s] {
				return true
			}
		}
	}
	return false
}

// ldString renders a JSON-LD value as text: a string, the name of an
// object (a Person, an Organization), or the names of a list joined by ", ".
func ldString(v any, depth int) string {
	if depth > 8 {
		return ""
	}
	switch t := v.(type) {
	case string:
		return strings.TrimSpace(t)
	case map[string]any:
		return ldString(t["name"], depth+1)
	case []any:
		var parts []string
		for _, e := range t {
			if s := ldString(e, depth+1); s != "" {
				parts = append(parts, s)
			}
		}
		return strings.Join(parts, ", ")
	}
	return ""
}

// metaContent returns the content of the first <meta> whose name, property,
// itemprop or http-equiv is one of keys (compared without case, keys in
// order of preference), trimmed.
func (p *page) metaContent(keys ...string) string {
	if p.metas == nil {
		p.metas = map[string]string{}
		p.doc.Find("meta[content]").Each(func(_ int, m *goquery.Selection) {
			content := strings.TrimSpace(m.AttrOr("content", ""))
			if content == "" {
				return
			}
			for _, attr := range []string{"name", "property", "itemprop", "http-equiv"} {
				k := strings.ToLower(strings.TrimSpace(m.AttrOr(attr, "")))
				if _, seen := p.metas[k]; k != "" && !seen {
					p.metas[k] = content
				}
			}
		})
	}
	for _, key := range keys {
		if v := p.metas[strings.ToLower(key)]; v != "" {
			return v
		}
	}
	return ""
}

// title picks the article's title; body is the main content (may be
// nil). The site's name is dropped from either end: the og:site_name (or
// application-name) when the page gives one, and the part beside the
// page's <h1> when the title is the <h1> plus a separator and more.
func (p *page) title(body *goquery.Selection) string {
	site := siteName(p.doc)
	var heading string
	if h := p.headingFor(body); h != nil {
		heading = foldSpace(extract.Text(h))
	}
	for _, t := range []string{p.ld.headline, p.metaContent("og:title", "twitter:title", "ArticleTitle")} {
		if t = foldSpace(t); t != "" {
			return stripHeadingSite(stripNamedSite(t, site), heading)
		}
	}
	if heading != "" {
		return stripNamedSite(heading, site)
	}
	return stripSiteName(stripNamedSite(foldSpace(p.doc.Find("title").First().Text()), site))
}

// siteName returns the site's name as the page states it (og:site_name,
// application-name), or "".
func siteName(doc *goquery.Document) string {
	for _, key := range []string{"og:site_name", "application-name"} {
		var v string
		doc.Find("meta[content]").EachWithBreak(func(_ int, m *goquery.Selection) bool {
			if strings.EqualFold(m.AttrOr("property", ""), key) || strings.EqualFold(m.AttrOr("name", ""), key) {
				v = foldSpace(m.AttrOr("content", ""))
				return v == ""
			}
			return true
		})
		if v != "" {
			return v
		}
	}
	return ""
}

// stripNamedSite drops site, with the separator next to it, from either
// end of t: "Beds grow - Health Daily" with site "Health Daily" → "Beds
// grow"; "国资委 | 标题" with site "国资委" → "标题". t is returned as it is
// when site is empty, is all of t, or does not sit at an end behind a
// separator.
func stripNamedSite(t, site string) string {
	if site == "" || strings.EqualFold(t, site) {
		return t
	}
	for _, sep := range allSeparators {
		if len(t) > len(sep)+len(site) && strings.EqualFold(strings.TrimSpace(t[len(t)-len(site):]), site) {
			head := strings.TrimSpace(t[:len(t)-len(site)])
			if strings.HasSuffix(head, strings.TrimSpace(sep)) {
				if h := strings.TrimSpace(strings.TrimSuffix(head, strings.TrimSpace(sep))); h != "" {
					return h
				}
			}
		}
		if len(t) > len(sep)+len(site) && strings.EqualFold(t[:len(site)], site) {
			tail := strings.TrimSpace(t[len(site):])
			if strings.HasPrefix(tail, strings.TrimSpace(sep)) {
				if r := strings.TrimSpace(strings.TrimPrefix(tail, strings.TrimSpace(sep))); r != "" {
					return r
				}
			}
		}
	}
	return t
}

// stripHeadingSite returns heading when t is heading with a separator and
// something more at either end ("Beds grow - State Council" over an <h1>
// "Beds grow"): the something more is the site's name.
func stripHeadingSite(t, heading string) string {
	if heading == "" || t == heading || !strings.Contains(t, heading) {
		return t
	}
	rest := strings.TrimSpace(strings.Replace(t, heading, "", 1))
	for _, sep := range allSeparators {
		s := strings.TrimSpace(sep)
		if strings.HasPrefix(rest, s) && strings.HasPrefix(t, heading) || strings.HasSuffix(rest, s) && strings.HasSuffix(t, heading) {
			return heading
		}
	}
	return t
}

// allSeparators are the separators between a title and a site's name
// (titleSeparators and the bare dashes Chinese sites use).
var allSeparators = append(append([]string(nil), titleSeparators...), "-", "－", "—", "|", "｜", "·")

// headingFor returns the <h1> of the main content: the first one inside
// body, else the last one before it in document order, else the page's
// first <h1>; on a page without <h1>, its post heading (postHeading).
func (p *page) headingFor(body *goquery.Selection) *goquery.Selection {
	all := p.doc.Find("h1")
	if all.Length() == 0 {
		return p.postHeading(body)
	}
	if body == nil {
		return all.First()
	}
	if in := body.Find("h1"); in.Length() > 0 {
		return in.First()
	}
	var before *goquery.Selection
	bodyNode := body.Get(0)
	all.EachWithBreak(func(_ int, h *goquery.Selection) bool {
		if p.precedes(h.Get(0), bodyNode) {
			before = h
			return true
		}
		return false
	})
	if before != nil {
		return before
	}
	return all.First()
}

// postHeading returns, on a page without <h1>, the <h2> that titles the
// main content (a blog's post title): the first <h2> inside body when no
// paragraph comes before it, else the last <h2> before body within its
// parent or grandparent, else nil. Section headings further down the
// article are not titles.
func (p *page) postHeading(body *goquery.Selection) *goquery.Selection {
	if body == nil {
		return nil
	}
	if h := body.Find("h2").First(); h.Length() > 0 {
		if para := body.Find("p").First(); para.Length() == 0 || p.precedes(h.Get(0), para.Get(0)) {
			return h
		}
	}
	// The last <h2> before body inside its parent or grandparent: a post
	// title above the post's text.
	b := body.Get(0)
	var before *goquery.Selection
	for up, a := 0, b.Parent; a != nil && up < 2; up, a = up+1, a.Parent {
		goquery.NewDocumentFromNode(a).Find("h2").Each(func(_ int, h *goquery.Selection) {
			if p.precedes(h.Get(0), b) && !isAncestor(b, h.Get(0)) {
				before = h
			}
		})
		if before != nil {
			return before
		}
	}
	return nil
}

// precedes reports whether a starts before b in document order.
func (p *page) precedes(a, b *html.Node) bool {
	if p.order == nil {
		p.order = map[*html.Node]int{}
		i := 0
		var walk func(n *html.Node)
		walk = func(n *html.Node) {
			p.order[n] = i
			i++
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		for _, n := range p.doc.Nodes {
			walk(n)
		}
	}
	return p.order[a] < p.order[b]
}

var titleSeparators = []string{" - ", " | ", " _ ", " – ", " — ", " :: ", "_"}

// stripSiteName drops the site's name from a <title>: a suffix
// ("Beds grow - Health Daily" → "Beds grow"), or a short prefix when the
// rest is at least twice as long ("NHC | Beds grow again" → "Beds grow
// again").
func stripSiteName(t string) string {
	if h, ok := stripHanDash(t); ok {
		return h
	}
	for _, sep := range titleSeparators {
		first, last := strings.Index(t, sep), strings.LastIndex(t, sep)
		if first <= 0 {
			continue
		}
		prefix, rest := strings.TrimSpace(t[:first]), strings.TrimSpace(t[first+len(sep):])
		if weight(prefix) <= 20 && weight(rest) >= 2*weight(prefix) {
			return stripSiteName(rest)
		}
		if head := strings.TrimSpace(t[:last]); head != "" {
			return head
		}
	}
	return t
}

// stripHanDash drops a suffix joined to a Chinese title by a bare dash
// between two Han characters ("中央企业…完成-国务院国有资产监督管理委员会"),
// where English titles use a dash inside words ("year-on-year"). The
// last such dash counts; the suffix must be shorter than the rest.
func stripHanDash(t string) (string, bool) {
	rs := []rune(t)
	for i := len(rs) - 2; i > 0; i-- {
		switch rs[i] {
		case '-', '－', '—', '_':
		default:
			continue
		}
		if !isHan(rs[i-1]) || !isHan(rs[i+1]) {
			continue
		}
		head, tail := string(rs[:i]), string(rs[i+1:])
		if weight(tail) < weight(head) {
			return strings.TrimSpace(head), true
		}
		return "", false
	}
	return "", false
}

// markupDate asks go-htmldate, without its search of running text, for a
// date in the page's markup: the <meta>, JSON-LD, <time> and date-classed
// elements this package does not read itself (<abbr class="published">,
// <span class="entry-date">, a date in an image path). The original
// publication date is preferred over an update.
func (p *page) markupDate() (time.Time, bool) {
	var res htmldate.Result
	var err error
	p.withInvisible(func() { // the page as given: go-htmldate reads <script> JSON-LD too
		res, err = htmldate.FromDocument(p.doc.Nodes[0], htmldate.Options{
			URL: p.pageURL, UseOriginalDate: true, ExtractTime: true, SkipExtensiveSearch: true,
		})
	})
	if err != nil || res.DateTime.IsZero() {
		return time.Time{}, false
	}
	if m := ambiguousDate.FindStringSubmatch(res.SrcString); m != nil {
		// 12/03/2021: go-htmldate guesses the order. Take it only as this
		// source's order (its layouts) reads it, else not at all.
		return dates.FindDate(m[0], p.layouts, p.loc)
	}
	t := res.DateTime
	if !res.HasTimezone {
		t = time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, p.loc)
	}
	return t, true
}

// ambiguousDate is a numeric date whose day and month could be swapped.
var ambiguousDate = regexp.MustCompile(`\b(0?[1-9]|1[0-2])[./-](0?[1-9]|1[0-2])[./-](\d{4}|\d{2})\b`)

// dateMetas are the <meta> keys that carry a publication date, most
// specific first.
var dateMetas = []string{
	"article:published_time", "og:article:published_time", "datePublished", "PubDate", "publishdate",
	"publish-date", "publish_date", "pubdate", "og:published_time", "dc.date.issued", "dcterms.issued",
	"dc.date", "sailthru.date", "parsely-pub-date", "firstpublishedtime", "date",
}

// isoLayouts parse machine-readable dates (JSON-LD, <meta>, <time datetime>).
var isoLayouts = []string{
	time.RFC3339Nano, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04:05", "2006-01-02T15:04Z07:00", "2006-01-02T15:04",
	"2006-01-02 15:04:05Z07:00", "2006-01-02 15:04:05", "2006-01-02",
}

func (p *page) parseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	for _, l := range isoLayouts {
		if t, err := time.ParseInLocation(l, s, p.loc); err == nil {
			return t, true
		}
	}
	return dates.FindDate(s, dates.CommonLayouts, p.loc)
}

// date finds the publication date and says where it was read; body is
// the main content (may be nil). In order of trust: JSON-LD, <meta> and
// <time datetime> (DateMeta); a byline near the title (DateByline); a date
// in the page's URL (DateURL); a labelled line anywhere else on the page,
// running text included (DateText, the last resort).
func (p *page) date(body *goquery.Selection, title string) (time.Time, string) {
	if t, ok := p.parseDate(p.ld.published); ok {
		return t, extract.DateMeta
	}
	if t, ok := p.parseDate(p.metaContent(dateMetas...)); ok {
		return t, extract.DateMeta
	}
	var found time.Time
	p.doc.Find("time[datetime], [itemprop=datePublished][datetime]").EachWithBreak(func(_ int, s *goquery.Selection) bool {
		if t, ok := p.parseDate(s.AttrOr("datetime", "")); ok {
			found = t
			return false
		}
		return true
	})
	if !found.IsZero() {
		return found, extract.DateMeta
	}
	lines := p.bylines(title)
	for _, line := range lines {
		if !line.near {
			continue
		}
		if t, ok := dates.FindDate(line.text, p.layouts, p.loc); ok {
			return t, extract.DateByline
		}
	}
	if t, ok := dates.FromURL(p.pageURL, p.loc); ok {
		return t, extract.DateURL
	}
	if t, ok := p.markupDate(); ok {
		return t, extract.DateMarkup
	}
	for _, line := range lines {
		if line.near {
			continue
		}
		if t, ok := dates.FindDate(line.text, p.layouts, p.loc); ok {
			return t, extract.DateText
		}
	}
	return time.Time{}, ""
}

var (
	authorBy = regexp.MustCompile(`(?:^|[|(（]\s*)(?:[Bb]y|BY)\s+((?:\p{Lu}[\p{L}'’.-]*)(?:\s+\p{Lu}[\p{L}'’.-]*){0,3})`)
	authorZh = regexp.MustCompile(`(?:作者|记者|撰稿|文)\s*[:：]\s*([\p{Han}·]{2,8}(?:[ 、，,]+[\p{Han}·]{2,8}){0,3})`)
)

// author finds the article's author or authors.
func (p *page) author(body *goquery.Selection, title string) string {
	if a := foldSpace(p.ld.author); a != "" {
		return a
	}
	if a := foldSpace(p.metaContent("author", "article:author", "byline", "dc.creator", "sailthru.author")); a != "" && !strings.Contains(a, "://") {
		return a
	}
	for _, line := range p.bylines(title) {
		if looksLikeSentence(line.text) {
			continue
		}
		if m := authorBy.FindStringSubmatch(line.text); m != nil {
			return strings.TrimRight(m[1], ".")
		}
		if m := authorZh.FindStringSubmatch(line.text); m != nil {
			return m[1]
		}
	}
	return ""
}

type line struct {
	text     string
	labelled bool
	near     bool // within 12 lines after the title
}

// bylines returns the short lines of the page where a byline may sit, most
// likely first: labelled lines within 12 lines after the title, then any
// short line in that stretch, then labelled lines anywhere on the page.
func (p *page) bylines(title string) []line {
	if p.lines != nil {
		return *p.lines
	}
	out := p.findBylines(title)
	p.lines = &out
	return out
}

func (p *page) findBylines(title string) []line {
	text := extract.Text(p.doc.Find("body"))
	all := strings.Split(text, "\n")
	start := 0
	if title != "" {
		for i, l := range all {
			if l == title || (len(title) > 12 && strings.Contains(l, title)) {
				start = i + 1
				break
			}
		}
	}
	var near, labelledNear, far []line
	for i, l := range all {
		if weight(l) > 200 {
			continue
		}
		// A sentence that mentions a release or an update is prose, not a label.
		ln := line{text: l, labelled: hasBylineLabel(l) && !looksLikeSentence(l)}
		switch {
		case i >= start && i < start+12 && start > 0:
			ln.near = true
			if ln.labelled {
				labelledNear = append(labelledNear, ln)
			} else {
				near = append(near, ln)
			}
		case ln.labelled:
			far = append(far, ln)
		}
	}
	return append(append(labelledNear, near...), far...)
}

// lang returns the page's declared language, normalised to its primary
// subtag ("en-US" → "en").
func lang(doc *goquery.Document) string {
	for _, v := range []string{
		doc.Find("html").First().AttrOr("lang", ""),
		doc.Find("html").First().AttrOr("xml:lang", ""),
		doc.Find(`meta[http-equiv="content-language" i]`).First().AttrOr("content", ""),
		doc.Find(`meta[property="og:locale"]`).First().AttrOr("content", ""),
	} {
		v = strings.ToLower(strings.TrimSpace(v))
		if i := strings.IndexAny(v, "-_,; "); i > 0 {
			v = v[:i]
		}
		if v != "" {
			return v
		}
	}
	return ""
}

func resolve(base, href string) (string, error) {
	b, err := url.Parse(base)
	if err != nil {
		return "", err
	}
	u, err := b.Parse(strings.TrimSpace(href))
	if err != nil {
		return "", err
	}
	return u.String(), nil
}

func foldSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

func isHan(r rune) bool { return unicode.Is(unicode.Han, r) }
