package serve

import (
	"errors"
	"testing"
)

func TestCheckAddr(t *testing.T) {
	for _, tc := range []struct {
		addr        string
		allowRemote bool
		wantErr     bool
		notLoopback bool
	}{
		{"127.0.0.1:8080", false, false, false},
		{"127.1.2.3:8080", false, false, false},
		{"[::1]:8080", false, false, false},
		{"localhost:8080", false, false, false},
		{"LOCALHOST:0", false, false, false},
		{"0.0.0.0:8080", false, true, true},
		{":8080", false, true, true}, // all interfaces
		{"[::]:8080", false, true, true},
		{"192.0.2.10:8080", false, true, true},
		{"example.org:8080", false, true, true}, // a name is not known to be loopback
		{"0.0.0.0:8080", true, false, false},
		{"192.0.2.10:80", true, false, false},
		{"127.0.0.1", false, true, false}, // no port
		{"127.0.0.1:", false, true, false},
	} {
		err := CheckAddr(tc.addr, tc.allowRemote)
		if (err != nil) != tc.wantErr {
			t.Errorf("CheckAddr(%q, %v) = %v, want error %v", tc.addr, tc.allowRemote, err, tc.wantErr)
		}
		if got := errors.Is(err, ErrNotLoopback); got != tc.notLoopback {
			t.Errorf("CheckAddr(%q, %v) = %v: errors.Is(ErrNotLoopback) = %v, want %v", tc.addr, tc.allowRemote, err, got, tc.notLoopback)
		}
	}
}

func TestLoopbackHost(t *testing.T) {
	for host, want := range map[string]bool{
		"127.0.0.1:8080":      true,
		"127.0.0.1":           true,
		"[::1]:8080":          true,
		"localhost":           true,
		"LocalHost:8080":      true,
		"localhost.:8080":     true,
		"app.localhost:8080":  true,
		"evil.example":        false,
		"evil.example:8080":   false,
		"localhost.evil.org":  false,
		"127.0.0.1.evil.org":  false,
		"10.0.0.1:8080":       false,
		"":                    false,
		"[::ffff:127.0.0.1]":  true, // IPv4-mapped loopback
		"0.0.0.0:8080":        false,
		"evil.localhost.com":  false,
		"localhost:8080:9090": false,
	} {
		if got := loopbackHost(host); got != want {
			t.Errorf("loopbackHost(%q) = %v, want %v", host, got, want)
		}
	}
}

// FuzzLoopbackHost: neither function panics, and every address CheckAddr
// lets the server listen on is a Host the handler answers (a browser
// names the server by the address it listens on).
func FuzzLoopbackHost(f *testing.F) {
	for _, s := range []string{"127.0.0.1:80", "[::1]:8080", "localhost:0", "a.localhost.", "[", "]:", "::1", "%", "[fe80::1%eth0]:80", "[::ffff:127.0.0.1]:1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, addr string) {
		if CheckAddr(addr, false) == nil && !loopbackHost(addr) {
			t.Errorf("CheckAddr accepts %q to listen on, but the handler refuses it as a Host", addr)
		}
	})
}
