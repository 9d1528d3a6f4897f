package extract

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"syscall"

	"go.yaml.in/yaml/v3"

	"github.com/newsetl/newsetl/config"
)

// ErrEgress is wrapped by every refusal of the egress policy: a scheme
// other than http(s), a host or port the source does not allow, or an
// address the dialer must not connect to.
var ErrEgress = errors.New("refused by the egress policy")

// scope is one source's egress rules and credentials, fixed when the
// source is built (Fetcher.ForSource).
type scope struct {
	source string
	// configured are the host:port pairs of the source's configured URLs
	// (every option value that is an absolute http(s) URL).
	configured []string
	// creds are the basic-auth credentials for a configured host:port,
	// from the URL's user-info and the source's password_env/password_file.
	creds        map[string]*url.Userinfo
	allowPrivate bool
}

// newScope reads the egress rules of src from its config.
func newScope(src config.Source) *scope {
	sc := &scope{source: src.Name, allowPrivate: src.AllowPrivate, creds: map[string]*url.Userinfo{}}
	for _, u := range configuredURLs(src.Options) {
		hp := hostPort(u)
		if hp == "" {
			continue
		}
		if !containsString(sc.configured, hp) {
			sc.configured = append(sc.configured, hp)
		}
		if u.User != nil || src.Password != "" {
			user := ""
			if u.User != nil {
				user = u.User.Username()
			}
			pw, hasPW := "", false
			if u.User != nil {
				pw, hasPW = u.User.Password()
			}
			if src.Password != "" {
				pw, hasPW = src.Password, true
			}
			if hasPW {
				sc.creds[hp] = url.UserPassword(user, pw)
			} else {
				sc.creds[hp] = url.User(user)
			}
		}
	}
	return sc
}

// configuredURLs returns every scalar under n that is an absolute http or
// https URL: the list_url, feed_url or url a kind is configured with. A
// template such as https://example.org/list/{page}.html still names its
// host and port.
func configuredURLs(n *yaml.Node) []*url.URL {
	if n == nil {
		return nil
	}
	var out []*url.URL
	if n.Kind == yaml.ScalarNode {
		v := strings.TrimSpace(n.Value)
		lv := strings.ToLower(v)
		if strings.HasPrefix(lv, "http://") || strings.HasPrefix(lv, "https://") {
			if u, err := url.Parse(v); err == nil && u.Host != "" {
				out = append(out, u)
			}
		}
	}
	for _, c := range n.Content {
		out = append(out, configuredURLs(c)...)
	}
	return out
}

// egress is the policy of one fetch and its redirects: the source's
// configured host:ports, and the hosts the request allows.
type egress struct {
	exact []string // host:port, lower case
	hosts []string // Request.AllowedHosts entries
}

// egressFor builds the policy of a request for u. Without a scope (a
// Fetcher not built for a source: the article command, tests) u's own
// host and port count as configured, when its host is allowed at all.
func (f *Fetcher) egressFor(u *url.URL, allowed []string) *egress {
	e := &egress{hosts: allowed}
	if f.scope != nil {
		e.exact = f.scope.configured
		return e
	}
	hp := hostPort(u)
	if hp != "" && (len(allowed) == 0 || hostMatches(u.Hostname(), allowed)) {
		e.exact = []string{hp}
	}
	return e
}

// check returns an error wrapping ErrEgress when u may not be fetched.
func (e *egress) check(u *url.URL) error {
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("%w: unsupported scheme %q (only http and https)", ErrEgress, u.Scheme)
	}
	hp := hostPort(u)
	if hp == "" {
		return fmt.Errorf("%w: %s has no host", ErrEgress, u.Redacted())
	}
	if containsString(e.exact, hp) {
		return nil
	}
	if hostPortAllowed(hp, e.hosts, e.exact) {
		return nil
	}
	return fmt.Errorf("%w: %s is outside the source's allowed domains %v (host and port; configured %v)",
		ErrEgress, hp, e.hosts, e.exact)
}

// HostAllowed reports whether host (host or host:port) is allowed by one
// of allowed. An entry allows its host and subdomains; an entry with a
// port allows that port only, one without allows the default ports 80 and
// 443. An empty list allows nothing.
func HostAllowed(host string, allowed []string) bool {
	h, port := splitHostPort(host)
	if port == "" {
		port = "80"
	}
	return hostPortAllowed(net.JoinHostPort(h, port), allowed, nil)
}

// hostPortAllowed applies HostAllowed's rule to hp (lower-case host:port),
// where an entry without a port also allows the ports configured for the
// same host name.
func hostPortAllowed(hp string, allowed, configured []string) bool {
	h, port, err := net.SplitHostPort(hp)
	if err != nil {
		return false
	}
	for _, a := range allowed {
		ah, ap := splitHostPort(a)
		if ah == "" || (h != ah && !strings.HasSuffix(h, "."+ah)) {
			continue
		}
		switch {
		case ap != "":
			if ap == port {
				return true
			}
		case port == "80" || port == "443" || containsString(configured, net.JoinHostPort(h, port)):
			return true
		}
	}
	return false
}

// hostMatches reports whether host name h is an entry of allowed or a
// subdomain of one, whatever the ports.
func hostMatches(h string, allowed []string) bool {
	h = strings.ToLower(h)
	for _, a := range allowed {
		ah, _ := splitHostPort(a)
		if ah != "" && (h == ah || strings.HasSuffix(h, "."+ah)) {
			return true
		}
	}
	return false
}

// splitHostPort splits "host", "host:port", "[v6]:port" or "v6" into a
// lower-case host name (no brackets) and a port ("" when absent).
func splitHostPort(s string) (host, port string) {
	s = strings.ToLower(strings.TrimSpace(s))
	if h, p, err := net.SplitHostPort(s); err == nil {
		return strings.TrimSuffix(h, "."), p
	}
	return strings.TrimSuffix(strings.Trim(s, "[]"), "."), ""
}

// hostPort is u's lower-case host and port, the port defaulting to the
// scheme's; "" when u has no host.
func hostPort(u *url.URL) string {
	h := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	if h == "" {
		return ""
	}
	port := u.Port()
	if port == "" {
		switch strings.ToLower(u.Scheme) {
		case "https":
			port = "443"
		default:
			port = "80"
		}
	}
	return net.JoinHostPort(h, port)
}

func containsString(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

type egressKey struct{}

func withEgress(ctx context.Context, e *egress) context.Context {
	return context.WithValue(ctx, egressKey{}, e)
}

func egressFrom(ctx context.Context) *egress {
	e, _ := ctx.Value(egressKey{}).(*egress)
	return e
}

// checkRedirect applies the request's egress policy to every hop.
func checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) >= 10 {
		return errors.New("stopped after 10 redirects")
	}
	e := egressFrom(req.Context())
	if e == nil {
		return fmt.Errorf("refusing redirect to %s: %w: no policy for the request", req.URL.Redacted(), ErrEgress)
	}
	if req.URL.User != nil {
		return fmt.Errorf("refusing redirect to %s: %w: the location carries credentials", req.URL.Redacted(), ErrEgress)
	}
	if err := e.check(req.URL); err != nil {
		return fmt.Errorf("refusing redirect to %s: %w", req.URL.Redacted(), err)
	}
	return nil
}

// reserved are IPv4 ranges never dialled: "this network", shared address
// space (carrier-grade NAT) counts as private below, benchmarking, the
// reserved class E and broadcast.
var (
	alwaysRefused = []netip.Prefix{
		netip.MustParsePrefix("0.0.0.0/8"),
		netip.MustParsePrefix("192.0.0.0/24"),
		netip.MustParsePrefix("198.18.0.0/15"),
		netip.MustParsePrefix("240.0.0.0/4"),
	}
	privateRanges = []netip.Prefix{
		netip.MustParsePrefix("100.64.0.0/10"),
	}
	nat64 = netip.MustParsePrefix("64:ff9b::/96")
)

// checkDialAddr returns an error wrapping ErrEgress when address (ip:port,
// as the dialer's Control sees it after name resolution) must not be
// connected to: link-local (the cloud metadata service at
// 169.254.169.254), multicast, unspecified and reserved addresses always;
// loopback and private ones unless allowPrivate.
func checkDialAddr(address string, allowPrivate bool) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		host = address
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return fmt.Errorf("%w: cannot read the address %q", ErrEgress, address)
	}
	ip = ip.Unmap().WithZone("")
	if nat64.Contains(ip) {
		b := ip.As16()
		ip = netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]})
	}
	reason := ""
	switch {
	case ip.IsUnspecified():
		reason = "an unspecified address"
	case ip.IsLinkLocalUnicast():
		reason = "a link-local address"
	case ip.IsMulticast() || ip.IsLinkLocalMulticast() || ip.IsInterfaceLocalMulticast():
		reason = "a multicast address"
	case ip.Is4() && ip == netip.AddrFrom4([4]byte{255, 255, 255, 255}):
		reason = "the broadcast address"
	case inAny(ip, alwaysRefused):
		reason = "a reserved address"
	case allowPrivate:
		return nil
	case ip.IsLoopback():
		reason = "a loopback address (set allow_private: true on the source to allow it)"
	case ip.IsPrivate() || inAny(ip, privateRanges):
		reason = "a private address (set allow_private: true on the source to allow it)"
	default:
		return nil
	}
	return fmt.Errorf("%w: %s is %s", ErrEgress, address, reason)
}

func inAny(ip netip.Addr, ranges []netip.Prefix) bool {
	for _, p := range ranges {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

// dialControl is the net.Dialer Control of a transport: it runs after name
// resolution and before connect(2), so a refused address sees no packet.
func (c *fetchCore) dialControl(allowPrivate bool) func(network, address string, _ syscall.RawConn) error {
	return func(network, address string, _ syscall.RawConn) error {
		err := checkDialAddr(address, allowPrivate)
		if c.dialHook != nil {
			c.dialHook(address, err)
		}
		return err
	}
}
