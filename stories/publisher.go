package stories

import (
	"fmt"
	"net"
	"net/url"
	"strings"

	"go.yaml.in/yaml/v3"
	"golang.org/x/net/publicsuffix"

	"github.com/newsetl/newsetl/config"
)

// Publishers names the publisher of each source: its publisher: key when
// the config sets one, else the registrable domain (eTLD+1, by the public
// suffix list) of the first URL in its options (list_url, url, feed_url),
// so that en.sasac.gov.cn and www.sasac.gov.cn are both sasac.gov.cn. A
// host that has no registrable domain (an IP address, localhost) is its
// own publisher. A source the config does not name (one removed since its
// articles were stored) is published by the registrable domain of the
// article's URL ("source:NAME" when that URL has no host).
type Publishers struct {
	bySource map[string]string
}

// NewPublishers reads the publishers of srcs. A source with neither a
// publisher: key nor an http(s) URL in its options is treated as one the
// config does not name; a URL whose host cannot be read is an error naming
// the source.
func NewPublishers(srcs []config.Source) (Publishers, error) {
	p := Publishers{bySource: make(map[string]string, len(srcs))}
	for _, s := range srcs {
		if pub := strings.ToLower(strings.TrimSpace(s.Publisher)); pub != "" {
			p.bySource[s.Name] = pub
			continue
		}
		u := firstURL(s.Options)
		if u == "" {
			continue // no URL to tell by: each article's own URL tells
		}
		pub, err := Registrable(u)
		if err != nil {
			return p, fmt.Errorf("config %s: line %d: source %s: %w", s.File, s.Line, s.Name, err)
		}
		p.bySource[s.Name] = pub
	}
	return p, nil
}

// Of returns the publisher of an article of source at articleURL.
func (p Publishers) Of(source, articleURL string) string {
	if pub, ok := p.bySource[source]; ok {
		return pub
	}
	pub, err := Registrable(articleURL)
	if err != nil {
		return "source:" + source // no URL to tell by: the source stands alone
	}
	return pub
}

// Registrable returns the registrable domain of rawURL's host (eTLD+1,
// lower case), or the host itself when it has none (an IP address,
// localhost, a single label).
func Registrable(rawURL string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(rawURL))
	if err != nil {
		return "", fmt.Errorf("publisher of %q: %w", rawURL, err)
	}
	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	if host == "" {
		return "", fmt.Errorf("publisher of %q: no host", rawURL)
	}
	if net.ParseIP(host) != nil || !strings.Contains(host, ".") {
		return host, nil
	}
	d, err := publicsuffix.EffectiveTLDPlusOne(host)
	if err != nil {
		return host, nil // the host is a public suffix itself (github.io): the host is all we know
	}
	return d, nil
}

// firstURL returns the first absolute http(s) URL among n's scalars, in
// document order; {page} templates keep their host.
func firstURL(n *yaml.Node) string {
	if n == nil {
		return ""
	}
	if n.Kind == yaml.ScalarNode {
		v := strings.TrimSpace(n.Value)
		lv := strings.ToLower(v)
		if strings.HasPrefix(lv, "http://") || strings.HasPrefix(lv, "https://") {
			return v
		}
	}
	for _, c := range n.Content {
		if u := firstURL(c); u != "" {
			return u
		}
	}
	return ""
}
