// Package html is the "html" source kind: a list page (optionally paginated
// by a next-page link) whose links lead to articles, each read with goquery
// selectors for title, date and body.
package html

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"runtime"
	"strings"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/andybalholm/cascadia"

	"github.com/newsetl/newsetl/config"
	"github.com/newsetl/newsetl/extract"
	"github.com/newsetl/newsetl/extract/article"
	"github.com/newsetl/newsetl/extract/dates"
)

// Kind is the name sources use in the config file.
const Kind = "html"

// Options are the kind-specific keys of an html source.
type Options struct {
	ListURL         string    `yaml:"list_url" required:"true"`
	MaxPages        int       `yaml:"max_pages"`         // list pages a nightly run follows; default 10
	ArchiveMaxPages int       `yaml:"archive_max_pages"` // list pages a date-bounded run (backfill) may follow; default 1000
	FirstPage       int       `yaml:"first_page"`        // number {page} starts at; default 1
	MaxArticles     int       `yaml:"max_articles"`      // 0: no limit
	Selectors       Selectors `yaml:"selectors"`
	DateFormat      string    `yaml:"date_format"`      // Go layout of article pages' dates; empty: common layouts and date_order's
	ListDateFormat  string    `yaml:"list_date_format"` // Go layout of list entries' dates (selectors.item_date); empty: as date_format
	DateOrder       string    `yaml:"date_order"`       // numeric dates (12/03/2021): day_first or month_first; empty: by the source's lang (en-GB day first, en-US month first, en none)
	AllowedDomains  []string  `yaml:"allowed_domains"`  // hosts (and their subdomains) links and redirects may lead to; default: list_url's host
	Timezone        string    `yaml:"timezone"`         // IANA name for dates without a zone; default UTC
}

// Selectors are goquery (CSS) selectors.
type Selectors struct {
	Links    string `yaml:"links" required:"true"` // article links on a list page
	Item     string `yaml:"item"`                  // one entry of a list page (holding a link and its date)
	ItemDate string `yaml:"item_date"`             // the entry's date, inside item: lets a bounded run skip old links unfetched
	NextPage string `yaml:"next_page"`             // the next list page's link
	// Article pages: title, date, date_attr, body, exclude.
	Article article.Selectors `yaml:",inline"`
}

const (
	defaultMaxPages        = 10
	defaultArchiveMaxPages = 1000
)

func init() { extract.Register(Kind, New) }

// Source is a built html source.
type Source struct {
	name    string
	lang    string
	opt     Options
	layouts []string // article pages
	listLay []string // list entries (selectors.item_date)
	loc     *time.Location
	fetch   *extract.Fetcher

	templated bool   // list_url has {page}
	dated     bool   // list_url has {date[:layout]}
	dateTmpl  string // the {date...} placeholder as written
	dateFmt   string // its layout

	titles suffixes // title suffixes seen on the source's pages
}

// New validates src's options without network I/O.
func New(src config.Source, f *extract.Fetcher) (extract.Extractor, error) {
	opt, err := extract.DecodeOptions[Options](src)
	if err != nil {
		return nil, err
	}
	s := &Source{name: src.Name, lang: src.Lang, fetch: f, loc: time.UTC, layouts: dates.CommonLayouts}
	if err := s.parseTemplates(opt.ListURL); err != nil {
		return nil, src.Errorf("list_url: %v", err)
	}
	u, err := extract.SourceURL("list_url", s.expand(opt.ListURL, time.Date(2021, 12, 20, 0, 0, 0, 0, time.UTC), 1))
	if err != nil {
		return nil, src.Errorf("%v (from %q)", err, opt.ListURL)
	}
	sels := map[string]string{
		"links": opt.Selectors.Links, "item": opt.Selectors.Item, "item_date": opt.Selectors.ItemDate, "next_page": opt.Selectors.NextPage, "title": opt.Selectors.Article.Title,
		"date": opt.Selectors.Article.Date, "body": opt.Selectors.Article.Body, "exclude": opt.Selectors.Article.Exclude,
	}
	for key, s := range sels {
		if s == "" {
			continue
		}
		if _, err := cascadia.ParseGroup(s); err != nil {
			return nil, src.Errorf("selectors.%s %q: %v", key, s, err)
		}
	}
	if opt.Selectors.ItemDate != "" && opt.Selectors.Item == "" {
		return nil, src.Errorf("selectors.item_date needs selectors.item (the list entry that holds both link and date)")
	}
	if opt.MaxPages <= 0 {
		opt.MaxPages = defaultMaxPages
	}
	if opt.ArchiveMaxPages <= 0 {
		opt.ArchiveMaxPages = defaultArchiveMaxPages
	}
	if opt.FirstPage <= 0 {
		opt.FirstPage = 1
	}
	if len(opt.AllowedDomains) == 0 {
		opt.AllowedDomains = []string{u.Hostname()}
	}
	s.opt = opt
	order, ok := dates.ParseOrder(opt.DateOrder)
	if !ok {
		return nil, src.Errorf("date_order %q: want day_first or month_first (or nothing: by lang)", opt.DateOrder)
	}
	if order == dates.OrderUnknown {
		order = dates.OrderOf(src.Lang)
	}
	s.layouts = dates.Layouts(order)
	for key, layout := range map[string]string{"date_format": opt.DateFormat, "list_date_format": opt.ListDateFormat} {
		if layout == "" {
			continue
		}
		if _, err := time.Parse(layout, time.Date(2021, 12, 20, 9, 15, 0, 0, time.UTC).Format(layout)); err != nil {
			return nil, src.Errorf("%s %q is not a Go time layout: %v", key, layout, err)
		}
	}
	if opt.DateFormat != "" {
		s.layouts = []string{opt.DateFormat}
	}
	s.listLay = s.layouts
	if opt.ListDateFormat != "" {
		s.listLay = []string{opt.ListDateFormat}
	}
	if opt.Timezone != "" {
		if s.loc, err = time.LoadLocation(opt.Timezone); err != nil {
			return nil, src.Errorf("timezone %q: %v", opt.Timezone, err)
		}
	}
	return s, nil
}

// Extract walks the list pages and emits every article inside w that it
// can read. Listing is page by page: the articles of a list page are read
// before the next list page is fetched, so a walk bounded by date stops as
// soon as a whole page is older than w.From.
func (s *Source) Extract(ctx context.Context, w extract.Window, sink extract.Sink) error {
	seen := map[string]bool{}
	for _, day := range s.listDays(w) {
		if err := s.walk(ctx, day, w, seen, sink); err != nil {
			return err
		}
	}
	return nil
}

// item is one entry of a list page.
type item struct {
	url  string
	date time.Time // zero unless selectors.item_date is set and parsed
}

// walk follows one list (the list of day for a {date} template: first page,
// then next pages) and reads its articles.
//
// The entries are fetched and parsed on workers (extract.Pipeline), and
// what they found comes back here in list order, so the sink is called
// from this goroutine only and sees what a sequential walk shows it. With
// an open window the next list page is read while the entries of the last
// are still being fetched; a walk bounded by date waits for them, as it
// decides from their dates whether to read on.
func (s *Source) walk(ctx context.Context, day time.Time, w extract.Window, seen map[string]bool, sink extract.Sink) error {
	maxPages := s.opt.MaxPages
	if !w.Open() {
		maxPages = s.opt.ArchiveMaxPages
	}
	pl := extract.NewPipeline[read](ctx, s.fetch.Workers(runtime.GOMAXPROCS(0)), pipelineAhead, sink)
	defer pl.Close()
	visited := map[string]bool{}
	emitted := 0
	// The list pages fetched whose own calls (their fetch, warnings) are
	// not handed on yet: handed on in list order, or at the end if
	// max_articles or a failing sink stopped the walk first, so that every
	// list page fetched is counted.
	var lists []*listLog
	finish := func() error {
		err := pl.Flush()
		for _, l := range lists {
			if !l.done {
				l.done = true
				err = errors.Join(err, l.log.Replay(ctx, sink))
			}
		}
		return err
	}
	next := s.expand(s.opt.ListURL, day, s.opt.FirstPage)
	for page := 1; next != "" && page <= maxPages; page++ {
		if visited[next] {
			break
		}
		visited[next] = true
		pageURL := next
		for len(lists) > 0 && lists[0].done {
			lists = lists[1:]
		}
		ll := &listLog{}
		lists = append(lists, ll)
		list, err := s.listPage(ctx, pageURL, page, w.Open(), &ll.log)
		if !pl.Then(func() (bool, error) {
			if list.title != "" {
				s.titles.observe(list.title) // in list order, as the entries' titles are stripped
			}
			ll.done = true
			return false, ll.log.Replay(ctx, sink)
		}) {
			return finish()
		}
		if err != nil {
			if page == 1 && !s.dated {
				return errors.Join(finish(), err)
			}
			pl.Then(func() (bool, error) { sink.PageError(pageURL, err); return false, nil })
			break
		}
		if list.unchanged {
			// Not modified since a run that read all of its entries: nothing
			// on it is new, and lists run newest first, so neither is
			// anything on the pages after it.
			break
		}
		items, following := list.items, list.next
		pg := &pageRead{complete: true}
		var todo []item // the entries to read, in list order
		for _, it := range items {
			if !it.date.IsZero() {
				pg.newest = later(pg.newest, it.date)
				if !w.Contains(it.date) {
					continue
				}
			}
			if seen[it.url] {
				continue
			}
			seen[it.url] = true
			todo = append(todo, it)
		}
		for _, it := range todo {
			ok := pl.Submit(func(ctx context.Context, log extract.Sink) (read, error) {
				doc, unchanged, err := s.article(ctx, it, log)
				return read{doc, unchanged}, err
			}, func(r read, err error) (bool, error) {
				if err := ctx.Err(); err != nil {
					return true, err
				}
				if err != nil {
					sink.PageError(it.url, fmt.Errorf("source %s: article %s: %w", s.name, it.url, err))
					pg.complete = false
					return false, nil
				}
				if r.unchanged { // since the last run: skipped unread
					return false, nil
				}
				pg.newest = later(pg.newest, r.doc.PublishedAt)
				if !w.Contains(r.doc.PublishedAt) {
					return false, nil
				}
				r.doc.Title = s.title(r.doc.Title) // in list order: which pages share a suffix is seen in order
				if err := sink.Document(ctx, r.doc); err != nil {
					return true, err
				}
				emitted++
				return s.opt.MaxArticles > 0 && emitted >= s.opt.MaxArticles, nil // full: stop
			})
			if !ok {
				return finish()
			}
		}
		state := list.state
		pl.Then(func() (bool, error) {
			if pg.complete && state != nil {
				s.fetch.KeepPage(ctx, state)
			}
			return false, nil
		})
		// Lists run newest first: once a whole page is older than the
		// window, later pages are older still. That is known once the
		// page's entries are read.
		if !w.From.IsZero() {
			if err := pl.Flush(); err != nil || !pl.Running() {
				return finish()
			}
			if !pg.newest.IsZero() && pg.newest.Before(w.From) {
				break
			}
		}
		next = following
		if next == "" && s.templated && len(items) > 0 {
			next = s.expand(s.opt.ListURL, day, s.opt.FirstPage+page)
		}
	}
	return finish()
}

// listLog is what a list page's fetch reported, held until it is handed on.
type listLog struct {
	log  extract.PageLog
	done bool // handed on
}

// pipelineAhead is how many entries per worker a walk holds: four, so that
// the workers go on fetching while the walk reads the next list page and
// hands documents to the sink (a list page's 9–20 entries, about).
const pipelineAhead = 4

// pageRead is what the entries of one list page showed, as they come back.
type pageRead struct {
	complete bool      // every entry read or found unchanged: the page's state may be kept
	newest   time.Time // newest date seen on the page
}

// read is what a worker made of one entry: its document, or unchanged.
type read struct {
	doc       extract.Document
	unchanged bool
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// listResult is what a list page gave.
type listResult struct {
	items []item
	next  string // the next list page's URL; "" when there is none
	// state is the page's state, to keep (Fetcher.KeepPage) once every
	// entry is read; nil for a run bounded by date, which reads only part
	// of a list.
	state *extract.PageState
	// unchanged: the server answered 304 to the validators a run that
	// kept the page's state sent; items is then empty.
	unchanged bool
	title     string // the page's <title>, whose suffix names the site (titles.go)
}

// listPage fetches one list page and returns its items and the next page's
// URL. With conditional set (a run with an open window), the fetch is
// conditional on the state an earlier run kept of the page.
func (s *Source) listPage(ctx context.Context, pageURL string, page int, conditional bool, sink extract.Sink) (listResult, error) {
	req := extract.Request{URL: pageURL, AllowedHosts: s.opt.AllowedDomains}
	var (
		p         *extract.Page
		unchanged bool
		err       error
	)
	if conditional {
		p, unchanged, err = s.fetch.FetchArticle(ctx, req)
	} else {
		p, err = s.fetch.Fetch(ctx, req)
	}
	if err == nil && unchanged && p.NotModified {
		sink.PageFetched(p.URL)
		return listResult{unchanged: true}, nil
	}
	// The same body again (a server without validators) is read as usual:
	// it costs nothing more, and its known articles are asked for
	// conditionally, so an edit to one of them is seen.
	if err == nil {
		if err = extract.Blocked(p, nil); err != nil {
			sink.PageFetched(p.URL)
			return listResult{}, fmt.Errorf("source %s: list page %s: %w", s.name, pageURL, err)
		}
	} else {
		err = extract.Blocked(nil, err)
	}
	if err != nil {
		var he *extract.HTTPError
		if s.dated && page == 1 && errors.As(err, &he) && he.Status == 404 {
			// A date-templated list without a page for that date: no news that day.
			return listResult{}, nil
		}
		return listResult{}, fmt.Errorf("source %s: list page %s: %w", s.name, pageURL, err)
	}
	sink.PageFetched(p.URL)
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(p.Body))
	if err != nil {
		return listResult{}, fmt.Errorf("source %s: list page %s: parsing HTML: %w", s.name, p.URL, err)
	}
	base := baseURL(doc, p.URL)
	title := strings.Join(strings.Fields(doc.Find("title").First().Text()), " ")
	sel := s.opt.Selectors
	var items []item
	add := func(scope *goquery.Selection) {
		links := scope.Find(sel.Links)
		if sel.Item == "" {
			links = scope.Filter(sel.Links).AddSelection(links)
		}
		links.Each(func(_ int, a *goquery.Selection) {
			href, ok := a.Attr("href")
			if !ok {
				href, ok = a.Find("a[href]").First().Attr("href")
			}
			abs, err := extract.Resolve(base, href)
			if !ok || err != nil {
				return
			}
			it := item{url: abs}
			if sel.ItemDate != "" && sel.Item != "" {
				text := extract.Text(scope.Find(sel.ItemDate).First())
				var ok bool
				if it.date, ok = dates.FindDate(text, s.listLay, s.loc); !ok {
					// A warning, not silence: without its list date a
					// bounded run fetches the page to learn its date.
					sink.PageError(abs, extract.Warn(fmt.Errorf("source %s: list page %s: entry %s: list date %q matches no layout (%s); the page is fetched for its date",
						s.name, p.URL, abs, text, strings.Join(s.listLay, ", "))))
				}
			}
			items = append(items, it)
		})
	}
	if sel.Item != "" {
		doc.Find(sel.Item).Each(func(_ int, it *goquery.Selection) { add(it) })
	} else {
		add(doc.Selection)
	}
	if len(items) == 0 && !(s.templated && page > 1) {
		return listResult{title: title}, fmt.Errorf("source %s: list page %s: links selector %q matched no link", s.name, p.URL, sel.Links)
	}
	next := ""
	if sel.NextPage != "" && page == 1 && !s.templated && doc.Find(sel.NextPage).Length() == 0 {
		sink.PageError(p.URL, extract.Warn(fmt.Errorf("source %s: list page %s: next_page selector %q matched nothing on the first list page; only this page is read",
			s.name, p.URL, sel.NextPage)))
	}
	if sel.NextPage != "" {
		if href, ok := doc.Find(sel.NextPage).First().Attr("href"); ok {
			if abs, err := extract.Resolve(base, href); err == nil {
				next = abs
			}
		}
	}
	res := listResult{items: items, next: next, title: title}
	if conditional {
		res.state = p.State(pageURL)
	}
	return res, nil
}

// article fetches and reads one article page, conditionally when the
// Fetcher knows the page from an earlier run; unchanged reports a page
// that did not change since (it is counted on sink, and not read).
func (s *Source) article(ctx context.Context, it item, sink extract.Sink) (doc extract.Document, unchanged bool, err error) {
	link := it.url
	p, unchanged, err := extract.ArticlePage(ctx, s.fetch, extract.Request{URL: link, AllowedHosts: s.opt.AllowedDomains}, sink)
	if err != nil || unchanged {
		return extract.Document{}, unchanged, err
	}
	if doc, err = s.read(p, it.date); err != nil {
		return extract.Document{}, false, err
	}
	doc.Page = p.State(link)
	return doc, false, nil
}

// read extracts the document from a fetched article page. listDate is the
// date of the page's list entry (zero if none): it stands in for a page
// without a date, and for a date found only in running text.
func (s *Source) read(p *extract.Page, listDate time.Time) (extract.Document, error) {
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(p.Body))
	if err != nil {
		return extract.Document{}, fmt.Errorf("parsing HTML: %w", err)
	}
	a, err := s.opt.Selectors.Article.Read(doc, p.URL, s.layouts, s.loc)
	if err != nil && !(errors.Is(err, article.ErrNoDate) && !listDate.IsZero()) {
		return extract.Document{}, err
	}
	if !listDate.IsZero() && (a.PublishedAt.IsZero() || a.DateSource == extract.DateText) {
		a.PublishedAt, a.DateSource = listDate, extract.DateList
	}
	if a.PublishedAt.IsZero() {
		return extract.Document{}, errors.New("no publication date found on the page (give selectors.date)")
	}
	href, _ := doc.Find(`link[rel="canonical"]`).Attr("href")
	canonical, refused := extract.CanonicalLink(p.URL, baseURL(doc, p.URL), href, s.opt.AllowedDomains)
	if refused != nil {
		slog.Warn("source "+s.name, "err", refused)
	}
	lang := s.lang
	if lang == "" {
		lang = a.Lang
	}
	return extract.Document{
		Source:      s.name,
		URL:         extract.Canonical(canonical),
		Title:       a.Title, // the caller strips the site's name (title), in list order
		PublishedAt: a.PublishedAt,
		DateSource:  a.DateSource,
		Lang:        lang,
		Text:        a.Text,
		FetchedAt:   p.FetchedAt,

		CharsetMismatch: extract.DeclaredCharset(p.Charset),
	}, nil
}

func baseURL(doc *goquery.Document, pageURL string) *url.URL {
	u, _ := url.Parse(pageURL)
	if href, ok := doc.Find("base[href]").Attr("href"); ok {
		if b, err := u.Parse(href); err == nil {
			return b
		}
	}
	return u
}

// title drops from a generically extracted title a suffix that the
// source's other pages carry too (the site's name); a title read with a
// title selector is kept as the selector gives it.
func (s *Source) title(t string) string {
	if s.opt.Selectors.Article.Title != "" {
		return t
	}
	return s.titles.strip(t)
}
