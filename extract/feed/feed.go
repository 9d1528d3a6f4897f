// Package feed is the "feed" source kind: an RSS or Atom feed whose items
// are articles. Each item's page is fetched and read by the generic
// extractor (extract/article), or by selectors when the source gives them;
// with fetch_articles: false the item's own content or description is the
// text and only the feed is fetched.
package feed

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"runtime"
	"strings"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/andybalholm/cascadia"
	"github.com/mmcdole/gofeed"

	"github.com/newsetl/newsetl/config"
	"github.com/newsetl/newsetl/extract"
	"github.com/newsetl/newsetl/extract/article"
	"github.com/newsetl/newsetl/extract/dates"
)

// Kind is the name sources use in the config file.
const Kind = "feed"

// Options are the kind-specific keys of a feed source.
type Options struct {
	FeedURL        string            `yaml:"feed_url" required:"true"`
	MaxItems       int               `yaml:"max_items"`       // items read per run; default 100
	FetchArticles  *bool             `yaml:"fetch_articles"`  // fetch each item's page; default true
	Selectors      article.Selectors `yaml:"selectors"`       // optional: read pages with these; fields without one use generic extraction
	Timezone       string            `yaml:"timezone"`        // IANA name for page dates without a zone; default UTC
	AllowedDomains []string          `yaml:"allowed_domains"` // hosts item links may lead to; default: feed_url's host
	DateOrder      string            `yaml:"date_order"`      // numeric dates on item pages (12/03/2021): day_first or month_first; empty: by the source's lang
}

const defaultMaxItems = 100

func init() { extract.Register(Kind, New) }

// Source is a built feed source.
type Source struct {
	name    string
	lang    string
	opt     Options
	fetch   bool // fetch_articles
	loc     *time.Location
	layouts []string // for dates on item pages
	f       *extract.Fetcher
}

// New validates src's options without network I/O.
func New(src config.Source, f *extract.Fetcher) (extract.Extractor, error) {
	opt, err := extract.DecodeOptions[Options](src)
	if err != nil {
		return nil, err
	}
	if opt.FeedURL == "" {
		return nil, src.Errorf("missing required key %q", "feed_url")
	}
	u, err := extract.SourceURL("feed_url", opt.FeedURL)
	if err != nil {
		return nil, src.Errorf("%v", err)
	}
	if opt.MaxItems < 0 {
		return nil, src.Errorf("max_items %d: want a positive number (default %d)", opt.MaxItems, defaultMaxItems)
	}
	if opt.MaxItems == 0 {
		opt.MaxItems = defaultMaxItems
	}
	sel := opt.Selectors
	for key, s := range map[string]string{"title": sel.Title, "date": sel.Date, "body": sel.Body, "exclude": sel.Exclude} {
		if s == "" {
			continue
		}
		if _, err := cascadia.ParseGroup(s); err != nil {
			return nil, src.Errorf("selectors.%s %q: %v", key, s, err)
		}
	}
	if set := sel.Title != "" || sel.Date != "" || sel.Body != ""; set && (sel.Title == "" || sel.Date == "" || sel.Body == "") {
		return nil, src.Errorf("selectors: give title, date and body together (or none, for generic extraction)")
	}
	if (sel.Exclude != "" || sel.DateAttr != "") && sel.Body == "" {
		return nil, src.Errorf("selectors.exclude and selectors.date_attr need selectors.title, date and body")
	}
	fetch := opt.FetchArticles == nil || *opt.FetchArticles
	if !fetch && sel.Body != "" {
		return nil, src.Errorf("selectors are for item pages, but fetch_articles is false")
	}
	if len(opt.AllowedDomains) == 0 {
		opt.AllowedDomains = []string{u.Hostname()}
	}
	order, ok := dates.ParseOrder(opt.DateOrder)
	if !ok {
		return nil, src.Errorf("date_order %q: want day_first or month_first (or nothing: by lang)", opt.DateOrder)
	}
	if order == dates.OrderUnknown {
		order = dates.OrderOf(src.Lang)
	}
	s := &Source{name: src.Name, lang: src.Lang, opt: opt, fetch: fetch, loc: time.UTC, layouts: dates.Layouts(order), f: f}
	if opt.Timezone != "" {
		if s.loc, err = time.LoadLocation(opt.Timezone); err != nil {
			return nil, src.Errorf("timezone %q: %v", opt.Timezone, err)
		}
	}
	return s, nil
}

// Extract fetches the feed and emits its items published inside w, in the
// feed's order, at most max_items of them. Items whose feed date lies
// outside w are skipped without fetching their page; an item without a
// feed date is read and judged by its page's date. It fails only when the
// feed itself cannot be fetched or parsed, or sink refuses a document;
// a failed item is sink.PageError and the rest go on.
func (s *Source) Extract(ctx context.Context, w extract.Window, sink extract.Sink) error {
	feedURL := s.opt.FeedURL
	p, err := s.f.Fetch(ctx, extract.Request{URL: feedURL, AllowedHosts: s.opt.AllowedDomains})
	if err != nil {
		return fmt.Errorf("source %s: feed %s: %w", s.name, feedURL, extract.Blocked(nil, err))
	}
	sink.PageFetched(p.URL)
	feed, err := gofeed.NewParser().Parse(bytes.NewReader(utf8Declaration(p.Body)))
	if err != nil {
		if blocked := extract.Blocked(p, nil); blocked != nil {
			return fmt.Errorf("source %s: feed %s: %w", s.name, feedURL, blocked)
		}
		return fmt.Errorf("source %s: feed %s: parsing: %w", s.name, feedURL, err)
	}
	feedLang := extract.NormaliseLang(feed.Language)
	// The items to read are chosen in feed order; their pages are fetched
	// and parsed on workers and come back in feed order (extract.Ordered),
	// so the sink is called from this goroutine only.
	type entry struct {
		n         int // 1-based position in the feed
		it        *gofeed.Item
		link      string
		published time.Time
		linkErr   error // no usable link: reported, not fetched
		warn      error // reported before the item is read
	}
	var todo []entry
	seen := map[string]bool{}
	taken := 0
	for i, it := range feed.Items {
		if taken >= s.opt.MaxItems {
			break
		}
		link, err := itemLink(p.URL, it)
		if err != nil {
			todo = append(todo, entry{n: i + 1, it: it, linkErr: err})
			continue
		}
		if seen[link] {
			continue
		}
		seen[link] = true
		e := entry{n: i + 1, it: it, link: link, published: itemDate(it)}
		if raw := firstNonEmpty(it.Published, it.Updated); e.published.IsZero() && strings.TrimSpace(raw) != "" {
			// A warning, not silence: the item is judged by its page's date.
			e.warn = extract.Warn(fmt.Errorf("source %s: feed %s: item %d: date %q does not parse; the page's date is used", s.name, feedURL, i+1, raw))
		}
		if !e.published.IsZero() && !w.Contains(e.published) {
			continue
		}
		taken++
		todo = append(todo, e)
	}
	type read struct {
		doc       extract.Document
		unchanged bool
	}
	return extract.Ordered(ctx, len(todo), s.f.Workers(runtime.GOMAXPROCS(0)), sink,
		func(ctx context.Context, i int, log extract.Sink) (read, error) {
			e := todo[i]
			if e.linkErr != nil {
				return read{}, e.linkErr
			}
			if e.warn != nil {
				log.PageError(e.link, e.warn)
			}
			doc, unchanged, err := s.item(ctx, e.it, e.link, e.published, log)
			return read{doc, unchanged}, err
		},
		func(i int, r read, err error) (bool, error) {
			if err := ctx.Err(); err != nil {
				return true, err
			}
			e := todo[i]
			switch {
			case e.linkErr != nil:
				sink.PageError(fmt.Sprintf("%s#item-%d", feedURL, e.n), fmt.Errorf("source %s: feed %s: item %d (%q): %w", s.name, feedURL, e.n, e.it.Title, err))
				return false, nil
			case err != nil:
				sink.PageError(e.link, fmt.Errorf("source %s: article %s: %w", s.name, e.link, err))
				return false, nil
			case r.unchanged: // since the last run: skipped unread
				return false, nil
			case !w.Contains(r.doc.PublishedAt):
				return false, nil
			}
			if r.doc.Lang == "" {
				r.doc.Lang = feedLang
			}
			return false, sink.Document(ctx, r.doc)
		})
}

var errNoDate = errors.New("no publication date in the feed item or on its page")

// item builds the document of one feed item. unchanged reports an item
// page that did not change since the last run (counted on sink, not read).
func (s *Source) item(ctx context.Context, it *gofeed.Item, link string, published time.Time, sink extract.Sink) (_ extract.Document, unchanged bool, _ error) {
	doc := extract.Document{
		Source:      s.name,
		URL:         extract.Canonical(link),
		Title:       foldSpace(it.Title),
		PublishedAt: published,
		Lang:        s.lang,
		DateSource:  dateSource(published),
		FetchedAt:   time.Now().UTC(),
	}
	if !s.fetch {
		text, err := htmlText(firstNonEmpty(it.Content, it.Description))
		if err != nil {
			return extract.Document{}, false, err
		}
		if text == "" {
			return extract.Document{}, false, errors.New("the feed item has neither content nor description (fetch_articles is false)")
		}
		if doc.Title == "" {
			return extract.Document{}, false, errors.New("the feed item has no title")
		}
		if doc.PublishedAt.IsZero() {
			return extract.Document{}, false, errNoDate
		}
		doc.Text = text
		return doc, false, nil
	}

	p, unchanged, err := extract.ArticlePage(ctx, s.f, extract.Request{URL: link, AllowedHosts: s.opt.AllowedDomains}, sink)
	if err != nil || unchanged {
		return extract.Document{}, unchanged, err
	}
	page, err := goquery.NewDocumentFromReader(bytes.NewReader(p.Body))
	if err != nil {
		return extract.Document{}, false, fmt.Errorf("parsing HTML: %w", err)
	}
	a, err := s.opt.Selectors.Read(page, p.URL, s.layouts, s.loc)
	if err != nil && !(errors.Is(err, article.ErrNoDate) && !doc.PublishedAt.IsZero()) {
		return extract.Document{}, false, err // the item's own date stands in for a page date
	}
	if doc.Title == "" {
		doc.Title = a.Title
	}
	if doc.PublishedAt.IsZero() {
		doc.PublishedAt, doc.DateSource = a.PublishedAt, a.DateSource
	}
	if doc.Lang == "" {
		doc.Lang = a.Lang
	}
	doc.Text = a.Text
	doc.FetchedAt = p.FetchedAt
	doc.CharsetMismatch = extract.DeclaredCharset(p.Charset)
	switch {
	case doc.Title == "":
		return extract.Document{}, false, errors.New("no title in the feed item or on its page")
	case doc.PublishedAt.IsZero():
		return extract.Document{}, false, errNoDate
	}
	doc.Page = p.State(link)
	return doc, false, nil
}

// itemLink returns the item's link resolved against the feed's URL: its
// <link>, else an Atom alternate link, else a GUID that is a URL.
func itemLink(feedURL string, it *gofeed.Item) (string, error) {
	candidates := append([]string{it.Link}, it.Links...)
	if it.GUID != "" {
		candidates = append(candidates, it.GUID)
	}
	base, err := url.Parse(feedURL)
	if err != nil {
		return "", err
	}
	for _, c := range candidates {
		if link, err := extract.Resolve(base, c); err == nil {
			return link, nil
		}
	}
	return "", errors.New("no http(s) link")
}

// itemDate is the item's publication date, else its update date.
// dateSource is where a feed item's date came from: the feed, the list of
// the source's articles (extract.DateList), or nowhere yet.
func dateSource(published time.Time) string {
	if published.IsZero() {
		return ""
	}
	return extract.DateList
}

func itemDate(it *gofeed.Item) time.Time {
	switch {
	case it.PublishedParsed != nil:
		return *it.PublishedParsed
	case it.UpdatedParsed != nil:
		return *it.UpdatedParsed
	}
	return time.Time{}
}

// htmlText renders an item's content or description, which feeds carry as
// HTML, to text.
func htmlText(s string) (string, error) {
	if strings.TrimSpace(s) == "" {
		return "", nil
	}
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(s))
	if err != nil {
		return "", fmt.Errorf("parsing the item's HTML: %w", err)
	}
	return extract.Text(doc.Find("body")), nil
}

var xmlEncoding = regexp.MustCompile(`^(\s*<\?xml[^>]*?encoding\s*=\s*)["'][^"']*["']`)

// utf8Declaration rewrites the XML declaration's encoding to UTF-8: the
// Fetcher has already decoded the body, so a declared GBK must not be
// decoded a second time by the XML parser.
func utf8Declaration(body []byte) []byte {
	return xmlEncoding.ReplaceAll(body, []byte(`${1}"UTF-8"`))
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}

func foldSpace(s string) string { return strings.Join(strings.Fields(s), " ") }
