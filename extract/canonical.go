package extract

import (
	"fmt"
	"net/url"
	"strings"
)

// CanonicalLink decides a page's identity from its <link rel="canonical">
// href, resolved against base (the page's URL or its <base href>). The
// link is honoured only when it stays on the page's own host or on one of
// allowed (a host and its subdomains, ports ignored); otherwise pageURL is
// kept and refused explains why, naming both URLs, so the caller can log
// it. An empty or unreadable href keeps pageURL without a reason.
//
// A canonical link that collides with another source's article is refused
// later, by the run (schedules), which alone knows the stored articles.
func CanonicalLink(pageURL string, base *url.URL, href string, allowed []string) (canonical string, refused error) {
	href = strings.TrimSpace(href)
	if href == "" || base == nil {
		return pageURL, nil
	}
	u, err := base.Parse(href)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return pageURL, nil
	}
	page, err := url.Parse(pageURL)
	if err == nil && strings.EqualFold(u.Hostname(), page.Hostname()) {
		return u.String(), nil
	}
	if hostIn(u.Hostname(), allowed) {
		return u.String(), nil
	}
	return pageURL, fmt.Errorf("canonical link %s of %s leaves the source's allowed hosts %v: ignored", u, pageURL, allowed)
}

// hostIn reports whether host is one of allowed or a subdomain of one
// (compared without case and without ports).
func hostIn(host string, allowed []string) bool {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	for _, a := range allowed {
		a = strings.ToLower(strings.TrimSpace(a))
		if h, err := url.Parse("//" + a); err == nil && h.Hostname() != "" {
			a = h.Hostname()
		}
		if a != "" && (host == a || strings.HasSuffix(host, "."+a)) {
			return true
		}
	}
	return false
}
