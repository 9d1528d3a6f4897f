package extract

import (
	"net/url"

	"github.com/newsetl/newsetl/config"
)

// SetDialHook makes f's dialers report every address they are asked to
// connect to, with the egress policy's verdict, before any packet is sent.
func SetDialHook(f *Fetcher, hook func(address string, err error)) { f.dialHook = hook }

// CheckDialAddr is the dial-time policy.
var CheckDialAddr = checkDialAddr

// EgressCheck applies src's egress policy, with allowed as the request's
// AllowedHosts, to the URL raw, as Fetch does before any request.
func EgressCheck(src config.Source, raw string, allowed []string) error {
	f := NewFetcher(config.Fetch{}, nil).ForSource(src)
	u, err := url.Parse(raw)
	if err != nil {
		return err
	}
	u.User = nil
	return f.egressFor(u, allowed).check(u)
}
