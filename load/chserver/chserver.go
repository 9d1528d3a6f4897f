// Package chserver starts a dedicated ClickHouse server for one test, for
// tests that stop and restart the server: `make test` runs every package
// against one shared server, which such a test must never touch. The
// server runs under scripts/clickhouse.sh with its own directory and free
// loopback ports.
package chserver

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/newsetl/newsetl/internal/repo"
)

// Server is a ClickHouse server process owned by one test.
type Server struct {
	Addr     string // native protocol, 127.0.0.1:port
	HTTPAddr string
	dir      string
	script   string
	env      []string
}

// Start starts a server for t and stops it (wiping its directory) when t
// ends. Without clickhouse-server installed the test is skipped, except
// under CI=true or NEWSETL_REQUIRE_CLICKHOUSE=1, where it fails.
func Start(t testing.TB) *Server {
	t.Helper()
	if !installed() {
		if os.Getenv("CI") == "true" || os.Getenv("NEWSETL_REQUIRE_CLICKHOUSE") == "1" {
			t.Fatal("clickhouse-server is not installed: `scripts/clickhouse.sh install`")
		}
		t.Skip("clickhouse-server is not installed: this test starts (and stops) a ClickHouse of its own")
	}
	root, err := repo.Root()
	if err != nil {
		t.Fatal(err)
	}
	dir, err := os.MkdirTemp("", "newsetl-chserver-")
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{dir: dir, script: filepath.Join(root, "scripts", "clickhouse.sh")}
	var lastErr error
	for attempt := 0; attempt < 5; attempt++ {
		tcp, http, err := freePorts()
		if err != nil {
			t.Fatal(err)
		}
		s.Addr, s.HTTPAddr = "127.0.0.1:"+strconv.Itoa(tcp), "127.0.0.1:"+strconv.Itoa(http)
		s.env = append(os.Environ(), "CLICKHOUSE_DIR="+dir, "CLICKHOUSE_TCP_PORT="+strconv.Itoa(tcp),
			"CLICKHOUSE_HTTP_PORT="+strconv.Itoa(http), "CLICKHOUSE_WIPE=0")
		if lastErr = s.Start(); lastErr == nil {
			break
		}
	}
	if lastErr != nil {
		os.RemoveAll(dir)
		t.Fatalf("starting a dedicated ClickHouse: %v", lastErr)
	}
	t.Cleanup(func() {
		s.sh("stop", "CLICKHOUSE_WIPE=1")
		os.RemoveAll(dir)
	})
	return s
}

// Start (re)starts the server on its directory and ports, and waits until
// it answers.
func (s *Server) Start() error { return s.sh("start") }

// Stop stops the server (SIGTERM, then SIGKILL after 15 s), keeping its data.
func (s *Server) Stop() error { return s.sh("stop") }

func (s *Server) sh(cmd string, env ...string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	c := exec.CommandContext(ctx, s.script, cmd)
	c.Env = append(append([]string{}, s.env...), env...)
	out, err := c.CombinedOutput()
	if err != nil {
		return fmt.Errorf("clickhouse.sh %s: %w\n%s", cmd, err, out)
	}
	return nil
}

func installed() bool {
	for _, name := range []string{"clickhouse-server", "clickhouse"} {
		if _, err := exec.LookPath(name); err == nil {
			return true
		}
		for _, dir := range []string{"/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin"} {
			if fi, err := os.Stat(filepath.Join(dir, name)); err == nil && !fi.IsDir() {
				return true
			}
		}
	}
	return false
}

// freePorts returns two ports free now, below the ephemeral range.
func freePorts() (int, int, error) {
	var ports []int
	for p := 20000 + int(time.Now().UnixNano()%10000); len(ports) < 2 && p < 32000; p += 7 {
		l, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(p))
		if err != nil {
			continue
		}
		l.Close()
		ports = append(ports, p)
	}
	if len(ports) < 2 {
		return 0, 0, fmt.Errorf("no free ports in 20000-31999")
	}
	return ports[0], ports[1], nil
}
