// Command soak runs `newsetl run` for SOAK_MINUTES (default 10) over a
// generated news site that revises 5 % of its articles every minute and
// answers 503 (robots.txt included) in short windows, with its own
// ClickHouse stopped for 30 s halfway, then SIGTERM; and checks the result:
// duplicates, stale revisions, overlapping runs, lost run records,
// "context canceled" error rows, resource growth, recovery after each
// fault. `make soak` runs it; it is not part of CI.
//
// Environment: SOAK_MINUTES, SOAK_CH_TCP_PORT / SOAK_CH_HTTP_PORT (its
// ClickHouse, default 29810/29811), SOAK_LISTEN_PORT (the daemon's
// /metrics, default 29812), SOAK_BIN (default bin/newsetl).
package main

import (
	"context"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/newsetl/newsetl/internal/repo"
)

const (
	sourcesCount  = 7
	hostsCount    = 3
	perSource     = 40
	windowLength  = 10 * time.Second
	outageLength  = 30 * time.Second
	schedule      = "@every 15s"
	revisePerMin  = 0.05
	sampleEvery   = 15 * time.Second
	warmup        = time.Minute
	database      = "newsetl_soak"
	shutdownLimit = 90 * time.Second
)

// fault is a 503 window or the ClickHouse outage, for the recovery report.
type fault struct {
	what       string
	sources    []string
	start, end time.Time
}

func main() {
	log.SetFlags(log.Ltime)
	minutes := envInt("SOAK_MINUTES", 10)
	tcp, httpPort, listen := envInt("SOAK_CH_TCP_PORT", 29810), envInt("SOAK_CH_HTTP_PORT", 29811), envInt("SOAK_LISTEN_PORT", 29812)
	root, err := repo.Root()
	if err != nil {
		log.Fatal(err)
	}
	bin := os.Getenv("SOAK_BIN")
	if bin == "" {
		bin = filepath.Join(root, "bin", "newsetl")
	}
	work, err := os.MkdirTemp("", "newsetl-soak-")
	if err != nil {
		log.Fatal(err)
	}
	log.Printf("soak: %d minutes, work dir %s", minutes, work)

	ch := &clickhouse{script: filepath.Join(root, "scripts", "clickhouse.sh"), env: append(os.Environ(),
		"CLICKHOUSE_DIR="+filepath.Join(work, "ch"), "CLICKHOUSE_TCP_PORT="+strconv.Itoa(tcp), "CLICKHOUSE_HTTP_PORT="+strconv.Itoa(httpPort))}
	if err := ch.run("start"); err != nil {
		log.Fatal(err)
	}
	defer ch.run("stop", "CLICKHOUSE_WIPE=1")

	// The site: sources spread over hosts, each host its own listener.
	var sites []*site
	hostOf := map[string]*site{}
	var cfg strings.Builder
	fmt.Fprintf(&cfg, "clickhouse:\n  addr: 127.0.0.1:%d\n  database: %s\n  write_retries: 2\n  write_backoff: 200ms\n", tcp, database)
	fmt.Fprintf(&cfg, "fetch:\n  requests_per_second: 50\n  retries: 1\n  retry_backoff: 200ms\n  timeout: 10s\n")
	fmt.Fprintf(&cfg, "daemon:\n  listen: 127.0.0.1:%d\n  jitter: 2s\n  grace: 30s\n", listen)
	fmt.Fprintf(&cfg, "spool:\n  dir: %s\nsources:\n", filepath.Join(work, "spool"))
	for h := 0; h < hostsCount; h++ {
		var names []string
		for i := h; i < sourcesCount; i += hostsCount {
			names = append(names, fmt.Sprintf("s%d", i))
		}
		s := newSite(names, perSource, uint64(h+1))
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			log.Fatal(err)
		}
		s.host = ln.Addr().String()
		go http.Serve(ln, s)
		sites = append(sites, s)
		for _, n := range names {
			hostOf[n] = s
			fmt.Fprintf(&cfg, "  - name: %s\n    kind: feed\n    schedule: %q\n    allow_private: true\n    feed_url: http://%s/%s/feed.xml\n",
				n, schedule, s.host, n)
		}
	}
	cfgPath := filepath.Join(work, "soak.yaml")
	if err := os.WriteFile(cfgPath, []byte(cfg.String()), 0o600); err != nil {
		log.Fatal(err)
	}
	logPath := filepath.Join(work, "daemon.log")
	logFile, err := os.Create(logPath)
	if err != nil {
		log.Fatal(err)
	}
	daemon := exec.Command(bin, "run", "--config", cfgPath)
	daemon.Stdout, daemon.Stderr = logFile, logFile
	if err := daemon.Start(); err != nil {
		log.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- daemon.Wait() }()
	metricsURL := fmt.Sprintf("http://127.0.0.1:%d/metrics", listen)

	start := time.Now()
	end := start.Add(time.Duration(minutes) * time.Minute)
	windows := max(1, int(float64(minutes)/2.5))
	var faults []fault
	var samples []sample
	revised := 0
	nextRevise, nextSample := start.Add(time.Minute), start.Add(warmup)
	nextWindow := start.Add(time.Duration(minutes) * time.Minute / time.Duration(windows+1))
	windowsDone, outageDone := 0, false
	outageAt := start.Add(time.Duration(minutes) * time.Minute / 2).Add(7 * time.Second)
	for now := time.Now(); now.Before(end); now = time.Now() {
		select {
		case err := <-exited:
			log.Fatalf("the daemon exited early: %v (log: %s)", err, logPath)
		case <-time.After(time.Second):
		}
		if !now.Before(nextRevise) {
			for _, s := range sites {
				revised += s.revise(revisePerMin)
			}
			nextRevise = nextRevise.Add(time.Minute)
		}
		if !now.Before(nextSample) {
			if sm, err := scrape(metricsURL); err == nil {
				samples = append(samples, sm)
			}
			nextSample = nextSample.Add(sampleEvery)
		}
		if windowsDone < windows && !now.Before(nextWindow) {
			s := sites[windowsDone%len(sites)]
			f := fault{what: "503 window on " + s.host, sources: s.sources, start: time.Now()}
			s.setDown(true)
			time.Sleep(windowLength)
			s.setDown(false)
			f.end = time.Now()
			faults = append(faults, f)
			log.Printf("%s: %s", f.what, f.end.Sub(f.start).Round(time.Second))
			windowsDone++
			nextWindow = start.Add(time.Duration(windowsDone+1) * time.Duration(minutes) * time.Minute / time.Duration(windows+1))
		}
		if !outageDone && !now.Before(outageAt) {
			f := fault{what: "ClickHouse stopped", sources: allSources(), start: time.Now()}
			if err := ch.run("stop"); err != nil {
				log.Fatal(err)
			}
			time.Sleep(outageLength)
			if err := ch.run("start"); err != nil {
				log.Fatal(err)
			}
			f.end = time.Now()
			faults = append(faults, f)
			log.Printf("%s for %s", f.what, f.end.Sub(f.start).Round(time.Second))
			outageDone = true
		}
	}
	final, _ := scrape(metricsURL)
	log.Printf("SIGTERM")
	daemon.Process.Signal(syscall.SIGTERM)
	var exitErr error
	select {
	case exitErr = <-exited:
	case <-time.After(shutdownLimit):
		daemon.Process.Kill()
		exitErr = fmt.Errorf("still running %s after SIGTERM", shutdownLimit)
	}
	logFile.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	r := check(ctx, tcp, logPath, sites, hostOf, faults, samples, final)
	r.minutes, r.revised, r.exit = minutes, revised, exitErr
	if exitErr != nil {
		r.fail("daemon exit after SIGTERM: %v (want 0; log: %s)", exitErr, logPath)
	}
	r.print(os.Stdout)
	if !r.ok() {
		os.Exit(1)
	}
}

func allSources() []string {
	var out []string
	for i := 0; i < sourcesCount; i++ {
		out = append(out, fmt.Sprintf("s%d", i))
	}
	return out
}

// clickhouse drives scripts/clickhouse.sh for the soak's own server.
type clickhouse struct {
	script string
	env    []string
}

func (c *clickhouse) run(cmd string, env ...string) error {
	x := exec.Command(c.script, cmd)
	x.Env = append(append([]string{}, c.env...), env...)
	out, err := x.CombinedOutput()
	if err != nil {
		return fmt.Errorf("clickhouse.sh %s: %w\n%s", cmd, err, out)
	}
	return nil
}

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}
