package extract

import (
	"context"
	"crypto/sha256"
	"strings"
)

// Request is one GET with its conditions.
type Request struct {
	URL string
	// AllowedHosts are the hosts (and their subdomains) the URL and every
	// redirect may lead to besides the source's configured host:ports
	// (HostAllowed: an entry without a port allows 80, 443 and the ports
	// configured for that host). Empty: the configured host:ports only.
	AllowedHosts []string
	// ETag and LastModified are validators from an earlier fetch of URL; a
	// 304 answer returns a Page with NotModified set and no body.
	ETag, LastModified string
	// Raw skips charset decoding: Page.Body holds the bytes as served, for
	// formats that detect their own encoding (CSV files carry no <meta>).
	Raw bool
	// Accept, when set, replaces the default (HTML-first) Accept header:
	// an API asked for its data format (SDMX-JSON, SDMX-ML, SDMX-CSV).
	Accept string
}

// PageState is what a run remembers of a page for the next run's
// conditional request.
type PageState struct {
	URL          string
	ETag         string
	LastModified string
	Hash         string // of the raw body
}

func bodyHash(raw []byte) string {
	sum := sha256.Sum256(raw)
	return hexString(sum[:16])
}

// FetchArticle fetches an article page, conditionally when the Fetcher has
// PageStates and they know the URL. unchanged is true when the server
// answered 304 (p.NotModified) or the body hashes as the stored one did:
// the caller counts it with Sink.PageUnchanged and skips the page. The
// state to store with the page's document is p.State(req.URL).
func (f *Fetcher) FetchArticle(ctx context.Context, req Request) (p *Page, unchanged bool, err error) {
	var prev PageState
	var known bool
	if f.pages != nil {
		if prev, known = f.pages.Previous(ctx, req.URL); known {
			req.ETag, req.LastModified = prev.ETag, prev.LastModified
		}
	}
	p, err = f.Fetch(ctx, req)
	if err != nil {
		return nil, false, err
	}
	return p, known && (p.NotModified || (prev.Hash != "" && p.Hash == prev.Hash)), nil
}

// ArticlePage fetches an article page with f.FetchArticle and reports the
// fetch to sink (PageFetched), and a page unchanged since the last run
// (PageUnchanged), which the caller then skips unread. A page the site
// refused (403, 412, 429) or answered with a challenge page fails with a
// *BlockedError: it is never read as an article.
func ArticlePage(ctx context.Context, f *Fetcher, req Request, sink Sink) (p *Page, unchanged bool, err error) {
	p, unchanged, err = f.FetchArticle(ctx, req)
	if err != nil {
		return nil, false, blockedStatus(err)
	}
	sink.PageFetched(p.URL)
	if unchanged {
		sink.PageUnchanged(req.URL, p.NotModified)
		return p, unchanged, nil
	}
	if err := checkBlocked(p); err != nil {
		return nil, false, err
	}
	if strings.Contains(p.Charset, MismatchSuffix) {
		f.log.Info("charset mismatch: the body is UTF-8, read as UTF-8", "url", p.URL, "charset", p.Charset)
	}
	return p, unchanged, nil
}

// State is what to remember of p, fetched for requestURL, for the next
// run's conditional request.
func (p *Page) State(requestURL string) *PageState {
	return &PageState{URL: requestURL, ETag: p.ETag, LastModified: p.LastModified, Hash: p.Hash}
}

// PageKeeper is implemented by PageStates that can also keep the state of a
// page no document carries, such as a list page: the Ingester
// (schedules.PageStates) writes the kept states after the run's articles,
// and only when the run wrote everything it read.
type PageKeeper interface {
	Keep(ctx context.Context, s PageState)
}

// KeepPage asks the Fetcher's PageStates to remember s for the next run's
// conditional request. A kind calls it for a list page once every entry of
// that page has been read (or found unchanged), never before: a list page
// remembered as unchanged is not read again, so an entry that failed would
// never be retried. Without PageStates, or PageStates that keep nothing,
// it does nothing.
func (f *Fetcher) KeepPage(ctx context.Context, s *PageState) {
	if k, ok := f.pages.(PageKeeper); ok && s != nil {
		k.Keep(ctx, *s)
	}
}
