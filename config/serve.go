package config

// Serve holds the settings of `newsetl serve`, the read-only web page.
type Serve struct {
	// Addr is the address to listen on; DefaultServeAddr when empty. The
	// command refuses an address that is not loopback unless run with
	// --allow-remote (the pages have no login).
	Addr string `yaml:"addr"`
}

// DefaultServeAddr is where `newsetl serve` listens by default.
const DefaultServeAddr = "127.0.0.1:8080"

func (s *Serve) applyDefaults() {
	if s.Addr == "" {
		s.Addr = DefaultServeAddr
	}
}
