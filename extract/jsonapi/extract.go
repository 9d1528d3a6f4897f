package jsonapi

import (
	"context"
	"fmt"
	"strconv"

	"github.com/newsetl/newsetl/extract"
	"github.com/newsetl/newsetl/transform/stats"
)

// Extract fetches the reply's pages and hands the observations of each page
// whose period overlaps w to sink.
//
// A page is mapped whole or not at all: a record that lacks a mapped field
// fails its page. A failure of the first page fails the extraction; a
// failure of a later page goes to sink.PageError and ends the walk (the
// pages before it are kept). Pages are followed up to the number the first
// reply gives at pagination.pages_path (or, without one, up to a page with
// no records), and never beyond max_pages.
func (s *Source) Extract(ctx context.Context, w extract.Window, sink extract.Sink) error {
	first := s.opt.Pagination.FirstPage
	total := -1 // pages the reply announces; -1: unknown
	for i := 0; i < s.opt.MaxPages; i++ {
		n := first + i
		pageURL := s.pageURL(n)
		obs, records, pages, err := s.page(ctx, pageURL, sink)
		if err != nil {
			if i == 0 {
				return err
			}
			sink.PageError(pageURL, err)
			return nil
		}
		if i == 0 {
			total = pages
		}
		if kept := w.Observations(obs); len(kept) > 0 {
			if err := sink.Observations(ctx, kept); err != nil {
				return err
			}
		}
		switch {
		case !s.paginated():
			return nil
		case total >= 0 && n-first+1 >= total:
			return nil
		case total < 0 && records == 0:
			return nil
		}
		if i == s.opt.MaxPages-1 {
			sink.PageError(pageURL, fmt.Errorf("source %s: %s: stopped after max_pages (%d) of %s pages", s.name, pageURL, s.opt.MaxPages, pagesText(total)))
		}
	}
	return nil
}

func pagesText(n int) string {
	if n < 0 {
		return "an unknown number of"
	}
	return strconv.Itoa(n)
}

// page fetches and maps one page. pages is the number of pages the reply
// announces at pagination.pages_path (-1 without one).
func (s *Source) page(ctx context.Context, pageURL string, sink extract.Sink) (obs []stats.Observation, records, pages int, err error) {
	pages = -1
	p, err := s.fetch.Fetch(ctx, extract.Request{URL: pageURL, AllowedHosts: s.opt.AllowedDomains})
	if err != nil {
		return nil, 0, pages, fmt.Errorf("source %s: %s: %w", s.name, pageURL, err)
	}
	sink.PageFetched(p.URL)
	doc, err := DecodeJSON(p.Body)
	if err != nil {
		return nil, 0, pages, fmt.Errorf("source %s: %s: %w", s.name, p.URL, err)
	}
	if s.pages != nil {
		v, ok := s.pages.Lookup(doc, doc)
		text, isScalar := JSONScalar(v)
		n, convErr := strconv.Atoi(text)
		if !ok || !isScalar || convErr != nil || n < 0 {
			return nil, 0, pages, fmt.Errorf("source %s: %s: pagination.pages_path %q: no page count in the reply", s.name, p.URL, s.pages.String())
		}
		pages = n
	}
	obs, err = s.mapping.Observations(doc, JSONMeta{Source: s.name, Dataset: s.opt.Dataset, URL: p.URL, FetchedAt: p.FetchedAt})
	if err != nil {
		return nil, 0, pages, fmt.Errorf("source %s: %s: %w", s.name, p.URL, err)
	}
	return obs, len(obs), pages, nil
}
