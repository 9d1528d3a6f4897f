package extract

import (
	"context"
	"crypto/sha256"
	"fmt"
	"net/url"
	"strings"
)

// Request is one GET with its conditions.
type Request struct {
	URL string
	// AllowedHosts limits the URL and every redirect to these hosts and
	// their subdomains; empty allows any host.
	AllowedHosts []string
	// ETag and LastModified are validators from an earlier fetch of URL; a
	// 304 answer returns a Page with NotModified set and no body.
	ETag, LastModified string
	// Raw skips charset decoding: Page.Body holds the bytes as served, for
	// formats that detect their own encoding (CSV files carry no <meta>).
	Raw bool
}

// PageState is what a run remembers of a page for the next run's
// conditional request.
type PageState struct {
	URL          string
	ETag         string
	LastModified string
	Hash         string // of the raw body
}

// HostAllowed reports whether host is one of allowed or a subdomain of one.
// Ports are ignored; an empty list allows everything.
func HostAllowed(host string, allowed []string) bool {
	if len(allowed) == 0 {
		return true
	}
	h := strings.ToLower(hostOnly(host))
	for _, a := range allowed {
		a = strings.ToLower(hostOnly(a))
		if h == a || strings.HasSuffix(h, "."+a) {
			return true
		}
	}
	return false
}

func hostOnly(hostport string) string {
	if u, err := url.Parse("//" + hostport); err == nil && u.Hostname() != "" {
		return u.Hostname()
	}
	return hostport
}

type allowedKey struct{}

func withAllowed(ctx context.Context, hosts []string) context.Context {
	if len(hosts) == 0 {
		return ctx
	}
	return context.WithValue(ctx, allowedKey{}, hosts)
}

func allowedFrom(ctx context.Context) []string {
	h, _ := ctx.Value(allowedKey{}).([]string)
	return h
}

func bodyHash(raw []byte) string {
	sum := sha256.Sum256(raw)
	return hexString(sum[:16])
}

// errForeignHost is returned for a URL or redirect outside the allowed hosts.
func errForeignHost(u *url.URL, allowed []string) error {
	return fmt.Errorf("%s is outside the source's allowed domains %v", u.Redacted(), allowed)
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
// (PageUnchanged), which the caller then skips unread.
func ArticlePage(ctx context.Context, f *Fetcher, req Request, sink Sink) (p *Page, unchanged bool, err error) {
	p, unchanged, err = f.FetchArticle(ctx, req)
	if err != nil {
		return nil, false, err
	}
	sink.PageFetched(p.URL)
	if unchanged {
		sink.PageUnchanged(req.URL, p.NotModified)
	}
	return p, unchanged, nil
}

// State is what to remember of p, fetched for requestURL, for the next
// run's conditional request.
func (p *Page) State(requestURL string) *PageState {
	return &PageState{URL: requestURL, ETag: p.ETag, LastModified: p.LastModified, Hash: p.Hash}
}
