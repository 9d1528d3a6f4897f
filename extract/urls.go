package extract

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/newsetl/newsetl/internal/redact"
)

// SourceURL parses a URL from a source's config; key names the option in
// the error ("list_url", "feed_url", "url").
func SourceURL(key, raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("%s %q is not an absolute http(s) URL", key, RedactURL(raw))
	}
	return u, nil
}

// Resolve makes href absolute against base and drops its fragment. Empty
// and fragment-only links, and schemes other than http and https, are errors.
func Resolve(base *url.URL, href string) (string, error) {
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
	if u.Opaque != "" || u.Host == "" {
		// "http:foo//host/a" parses with an opaque part and no host.
		return "", fmt.Errorf("%q is not an absolute URL with a host", RedactURL(href))
	}
	u.Fragment = ""
	return u.String(), nil
}

// RedactURL replaces the user-info of every URL in s with "***"
// ("https://***@host/p"): what logs, errors and stored rows show of a URL
// that carried a password.
func RedactURL(s string) string { return redact.String(s) }

// NormaliseLang reduces a language tag to its primary subtag: "en-US" → "en".
func NormaliseLang(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if i := strings.IndexAny(s, "-_"); i > 0 {
		s = s[:i]
	}
	return s
}
