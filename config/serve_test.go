package config_test

import (
	"strings"
	"testing"

	"github.com/newsetl/newsetl/config"
)

func TestServeKey(t *testing.T) {
	noEnv := func(string) (string, bool) { return "", false }
	f, err := config.Parse([]byte("sources: []\n"), "c.yaml", noEnv)
	if err != nil {
		t.Fatal(err)
	}
	if f.Serve.Addr != config.DefaultServeAddr || config.DefaultServeAddr != "127.0.0.1:8080" {
		t.Errorf("serve.addr defaults to %q, want 127.0.0.1:8080", f.Serve.Addr)
	}
	f, err = config.Parse([]byte("serve:\n  addr: 127.0.0.1:9999\nsources: []\n"), "c.yaml", noEnv)
	if err != nil || f.Serve.Addr != "127.0.0.1:9999" {
		t.Errorf("serve.addr = %q (%v), want 127.0.0.1:9999", f.Serve.Addr, err)
	}
	_, err = config.Parse([]byte("serve:\n  adr: 127.0.0.1:9999\nsources: []\n"), "c.yaml", noEnv)
	if err == nil || !strings.Contains(err.Error(), "line 2") || !strings.Contains(err.Error(), `"adr"`) {
		t.Errorf("a misspelt serve key gives %v, want an error naming line 2 and the key", err)
	}
}
