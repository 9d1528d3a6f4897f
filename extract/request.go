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

// Revisits is implemented by emitters that keep what earlier runs saw of
// each URL, so that sources can send conditional requests and skip pages
// that did not change.
type Revisits interface {
	// Previous returns what an earlier run stored for url (zero if nothing).
	Previous(url string) PageState
	// Unchanged counts a page skipped because the server answered 304 or
	// its body hash equals the stored one.
	Unchanged(url string, notModified bool)
	// Remember keeps the state of a page whose document is being emitted;
	// it is stored with the document, so an article that fails later is
	// fetched in full again next time.
	Remember(s PageState)
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

// FetchArticle fetches an article page for emit: conditionally when emit
// keeps page states (Revisits), counting the fetch with emit.PageFetched.
// A page unchanged since the last run is counted with emit's Unchanged and
// returned as nil with no error. The state is what to Remember once the
// page's document is emitted.
func (f *Fetcher) FetchArticle(ctx context.Context, req Request, emit Emitter) (*Page, PageState, error) {
	rv, revisits := emit.(Revisits)
	var prev PageState
	if revisits {
		prev = rv.Previous(req.URL)
		req.ETag, req.LastModified = prev.ETag, prev.LastModified
	}
	p, err := f.Fetch(ctx, req)
	if err != nil {
		return nil, PageState{}, err
	}
	emit.PageFetched(p.URL)
	if revisits && (p.NotModified || (prev.Hash != "" && p.Hash == prev.Hash)) {
		rv.Unchanged(req.URL, p.NotModified)
		return nil, PageState{}, nil
	}
	return p, PageState{URL: req.URL, ETag: p.ETag, LastModified: p.LastModified, Hash: p.Hash}, nil
}
