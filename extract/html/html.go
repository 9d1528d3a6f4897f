// Package html is the "html" source kind: a list page (optionally paginated
// by a next-page link) whose links lead to articles, each read with goquery
// selectors for title, date and body.
package html

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/andybalholm/cascadia"

	"github.com/newsetl/newsetl/config"
	"github.com/newsetl/newsetl/extract"
)

// Kind is the name sources use in the config file.
const Kind = "html"

// Options are the kind-specific keys of an html source.
type Options struct {
	ListURL     string    `yaml:"list_url" required:"true"`
	MaxPages    int       `yaml:"max_pages"`    // list pages to follow through next_page; default 10
	MaxArticles int       `yaml:"max_articles"` // 0: no limit
	Selectors   Selectors `yaml:"selectors"`
	DateFormat  string    `yaml:"date_format"` // Go layout; empty: try common layouts
	Timezone    string    `yaml:"timezone"`    // IANA name for dates without a zone; default UTC
}

// Selectors are goquery (CSS) selectors.
type Selectors struct {
	Links    string `yaml:"links" required:"true"` // article links on a list page
	NextPage string `yaml:"next_page"`             // the next list page's link
	Title    string `yaml:"title" required:"true"`
	Date     string `yaml:"date" required:"true"`
	DateAttr string `yaml:"date_attr"` // read the date from this attribute, not the text
	Body     string `yaml:"body" required:"true"`
	Exclude  string `yaml:"exclude"` // elements inside the body to drop
}

const defaultMaxPages = 10

func init() { extract.Register(Kind, New) }

// Source is a built html source.
type Source struct {
	name    string
	lang    string
	opt     Options
	layouts []string
	loc     *time.Location
	fetch   *extract.Fetcher
}

// New validates src's options without network I/O.
func New(src config.Source, f *extract.Fetcher) (extract.Extractor, error) {
	var opt Options
	if err := config.DecodeStrict(src.Options, &opt); err != nil {
		return nil, src.Errorf("%v", err)
	}
	u, err := url.Parse(opt.ListURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, src.Errorf("list_url %q is not an absolute http(s) URL", opt.ListURL)
	}
	sels := map[string]string{
		"links": opt.Selectors.Links, "next_page": opt.Selectors.NextPage, "title": opt.Selectors.Title,
		"date": opt.Selectors.Date, "body": opt.Selectors.Body, "exclude": opt.Selectors.Exclude,
	}
	for key, s := range sels {
		if s == "" {
			continue
		}
		if _, err := cascadia.ParseGroup(s); err != nil {
			return nil, src.Errorf("selectors.%s %q: %v", key, s, err)
		}
	}
	if opt.MaxPages <= 0 {
		opt.MaxPages = defaultMaxPages
	}
	s := &Source{name: src.Name, lang: src.Lang, opt: opt, fetch: f, loc: time.UTC, layouts: commonLayouts}
	if opt.DateFormat != "" {
		if _, err := time.Parse(opt.DateFormat, time.Date(2021, 12, 20, 9, 15, 0, 0, time.UTC).Format(opt.DateFormat)); err != nil {
			return nil, src.Errorf("date_format %q is not a Go time layout: %v", opt.DateFormat, err)
		}
		s.layouts = []string{opt.DateFormat}
	}
	if opt.Timezone != "" {
		if s.loc, err = time.LoadLocation(opt.Timezone); err != nil {
			return nil, src.Errorf("timezone %q: %v", opt.Timezone, err)
		}
	}
	return s, nil
}

// Extract walks the list pages and emits every article it can read.
func (s *Source) Extract(ctx context.Context, emit extract.Emitter) error {
	links, err := s.listArticles(ctx, emit)
	if err != nil {
		return err
	}
	for _, link := range links {
		if err := ctx.Err(); err != nil {
			return err
		}
		doc, err := s.article(ctx, link, emit)
		if err != nil {
			emit.PageError(link, fmt.Errorf("source %s: article %s: %w", s.name, link, err))
			continue
		}
		if err := emit.Document(ctx, doc); err != nil {
			return err
		}
	}
	return nil
}

// listArticles follows the list pages and returns the article URLs in the
// order they appear, without duplicates. A failure of the first list page
// fails the source; of a later page, ends the listing with a page error.
func (s *Source) listArticles(ctx context.Context, emit extract.Emitter) ([]string, error) {
	var links []string
	seen := map[string]bool{}
	visited := map[string]bool{}
	next := s.opt.ListURL
	for page := 1; next != "" && page <= s.opt.MaxPages; page++ {
		if visited[next] {
			break
		}
		visited[next] = true
		p, err := s.fetch.Get(ctx, next)
		if err != nil {
			err = fmt.Errorf("source %s: list page %s: %w", s.name, next, err)
			if page == 1 {
				return nil, err
			}
			emit.PageError(next, err)
			break
		}
		emit.PageFetched(p.URL)
		doc, err := goquery.NewDocumentFromReader(bytes.NewReader(p.Body))
		if err != nil {
			return nil, fmt.Errorf("source %s: list page %s: parsing HTML: %w", s.name, p.URL, err)
		}
		base := baseURL(doc, p.URL)
		found := 0
		doc.Find(s.opt.Selectors.Links).Each(func(_ int, a *goquery.Selection) {
			href, ok := a.Attr("href")
			if !ok {
				href, ok = a.Find("a[href]").First().Attr("href")
			}
			abs, err := resolve(base, href)
			if !ok || err != nil {
				return
			}
			found++
			if !seen[abs] {
				seen[abs] = true
				links = append(links, abs)
			}
		})
		if found == 0 {
			err := fmt.Errorf("source %s: list page %s: links selector %q matched no link", s.name, p.URL, s.opt.Selectors.Links)
			if page == 1 {
				return nil, err
			}
			emit.PageError(p.URL, err)
		}
		next = ""
		if s.opt.Selectors.NextPage != "" {
			if href, ok := doc.Find(s.opt.Selectors.NextPage).First().Attr("href"); ok {
				if abs, err := resolve(base, href); err == nil {
					next = abs
				}
			}
		}
		if s.opt.MaxArticles > 0 && len(links) >= s.opt.MaxArticles {
			links = links[:s.opt.MaxArticles]
			break
		}
	}
	return links, nil
}

// article fetches and reads one article page.
func (s *Source) article(ctx context.Context, link string, emit extract.Emitter) (extract.Document, error) {
	p, err := s.fetch.Get(ctx, link)
	if err != nil {
		return extract.Document{}, err
	}
	emit.PageFetched(p.URL)
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(p.Body))
	if err != nil {
		return extract.Document{}, fmt.Errorf("parsing HTML: %w", err)
	}
	sel := s.opt.Selectors
	title := strings.TrimSpace(extract.Text(doc.Find(sel.Title).First()))
	if title == "" {
		return extract.Document{}, fmt.Errorf("title selector %q matched nothing", sel.Title)
	}
	published, err := s.date(doc)
	if err != nil {
		return extract.Document{}, err
	}
	body := doc.Find(sel.Body)
	if body.Length() == 0 {
		return extract.Document{}, fmt.Errorf("body selector %q matched nothing", sel.Body)
	}
	if sel.Exclude != "" {
		body.Find(sel.Exclude).Remove()
	}
	text := extract.Text(body)
	if text == "" {
		return extract.Document{}, fmt.Errorf("body selector %q matched only empty elements", sel.Body)
	}
	canonical := p.URL
	if href, ok := doc.Find(`link[rel="canonical"]`).Attr("href"); ok {
		if abs, err := resolve(baseURL(doc, p.URL), href); err == nil {
			canonical = abs
		}
	}
	lang := s.lang
	if lang == "" {
		lang = normaliseLang(doc.Find("html").AttrOr("lang", ""))
	}
	return extract.Document{
		Source:      s.name,
		URL:         extract.Canonical(canonical),
		Title:       title,
		PublishedAt: published,
		Lang:        lang,
		Text:        text,
		FetchedAt:   p.FetchedAt,
	}, nil
}

var errNoDate = errors.New("no date")

func (s *Source) date(doc *goquery.Document) (time.Time, error) {
	sel := s.opt.Selectors
	el := doc.Find(sel.Date)
	if el.Length() == 0 {
		return time.Time{}, fmt.Errorf("date selector %q matched nothing", sel.Date)
	}
	var texts []string
	el.Each(func(_ int, e *goquery.Selection) {
		if sel.DateAttr != "" {
			texts = append(texts, e.AttrOr(sel.DateAttr, ""))
		} else {
			texts = append(texts, extract.Text(e))
		}
	})
	for _, t := range texts {
		if d, ok := FindDate(t, s.layouts, s.loc); ok {
			return d, nil
		}
	}
	what := strings.Join(texts, " | ")
	if len(what) > 120 {
		what = what[:120] + "..."
	}
	return time.Time{}, fmt.Errorf("date selector %q: no date in %q (layouts %s): %w", sel.Date, what, strings.Join(s.layouts, ", "), errNoDate)
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

func resolve(base *url.URL, href string) (string, error) {
	href = strings.TrimSpace(href)
	if href == "" || strings.HasPrefix(href, "#") {
		return "", errors.New("empty link")
	}
	u, err := base.Parse(href)
	if err != nil {
		return "", err
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", fmt.Errorf("unsupported scheme %q", u.Scheme)
	}
	u.Fragment = ""
	return u.String(), nil
}

func normaliseLang(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if i := strings.IndexAny(s, "-_"); i > 0 {
		s = s[:i]
	}
	return s
}
