package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/newsetl/newsetl/load/clustertest"
)

// daemonProc is a `newsetl run` started by a test as a child process.
type daemonProc struct {
	name    string
	cmd     *exec.Cmd
	metrics string // http://host:port/metrics
	log     string // its stderr
}

func startDaemon(t *testing.T, bin, name, cfgPath string, env []string) *daemonProc {
	t.Helper()
	addr := freeAddr(t)
	logPath := filepath.Join(t.TempDir(), name+".log")
	out, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "run", "--config", cfgPath, "--listen", addr, "--log-level", "info")
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	d := &daemonProc{name: name, cmd: cmd, metrics: "http://" + addr + "/metrics", log: logPath}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
		out.Close()
		if t.Failed() {
			b, _ := os.ReadFile(logPath)
			t.Logf("%s log (last 3000 bytes):\n%s", name, b[max(0, len(b)-3000):])
		}
	})
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		if resp, err := http.Get(d.metrics); err == nil {
			resp.Body.Close()
			return d
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s did not serve %s within 60s", name, d.metrics)
		}
	}
}

// gauge reads the metric lines name{source="..."...} value of a daemon, by source.
func (d *daemonProc) gauge(t *testing.T, name string) map[string]float64 {
	t.Helper()
	resp, err := http.Get(d.metrics)
	if err != nil {
		t.Fatalf("%s: %v", d.name, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	re := regexp.MustCompile(`(?m)^` + name + `\{[^}]*source="([^"]+)"[^}]*\} (\S+)$`)
	out := map[string]float64{}
	for _, m := range re.FindAllStringSubmatch(string(body), -1) {
		v, _ := strconv.ParseFloat(m[2], 64)
		out[m[1]] += v
	}
	return out
}

// TestClusterDaemonsShareSources runs two `newsetl run` daemons over one
// config whose sources run @every 2s, sharing them through ZooKeeper (a
// 2 s session): each source is run by one daemon, every tick once across
// both (ingest_runs); after SIGKILL of the daemon holding the sources the
// other takes them over within the session timeout and no tick is run
// twice.
func TestClusterDaemonsShareSources(t *testing.T) {
	c := clustertest.Get(t)
	ch := c.Config(t)
	const period = 2 * time.Second
	srv := httptest.NewServer(http.FileServer(http.Dir(repoRoot + "/testdata/site")))
	defer srv.Close()
	cfgPath := clusterConfigFile(t, ch, "\ndaemon:\n  jitter: 0s\n  grace: 5s\n")
	raw, _ := os.ReadFile(cfgPath)
	raw = regexp.MustCompile(`(?m)^(\s+schedule: ).*$`).ReplaceAll(raw, []byte(`${1}"@every 2s"`))
	if err := os.WriteFile(cfgPath, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"SAMPLE_SITE": srv.URL}
	// Load the site once, so that the daemons' runs are the cheap ones of a
	// site that has not changed (a 304 per list page).
	if code, stdout, stderr := newsetl(t, ch, env, "ingest", "--config", cfgPath, "--log-level", "warn"); code != exitOK {
		t.Fatalf("ingest exited %d\n%s\n%s", code, stdout, stderr)
	}
	bin := filepath.Join(t.TempDir(), "newsetl")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	procEnv := []string{"SAMPLE_SITE=" + srv.URL, "NEWSETL_CLICKHOUSE_ADDR=" + ch.Addr, "NEWSETL_DATABASE=" + ch.Database}
	start := time.Now()
	a := startDaemon(t, bin, "daemon-a", cfgPath, procEnv)
	b := startDaemon(t, bin, "daemon-b", cfgPath, procEnv)
	time.Sleep(6 * period)

	heldA, heldB := a.gauge(t, "newsetl_source_lock_held"), b.gauge(t, "newsetl_source_lock_held")
	var sources []string
	for s := range heldA {
		sources = append(sources, s)
	}
	for s := range heldB {
		if _, ok := heldA[s]; !ok {
			sources = append(sources, s)
		}
	}
	sort.Strings(sources)
	if len(sources) != 9 {
		t.Fatalf("lock metrics for %d sources (%v), want the 9 of the config", len(sources), sources)
	}
	for _, s := range sources {
		if heldA[s]+heldB[s] != 1 {
			t.Errorf("source %s: held by daemon-a %v, daemon-b %v; want exactly one holder", s, heldA[s], heldB[s])
		}
	}
	// The first daemon held every source until the second joined; then
	// they share them: 4 and 5 of 9.
	if na, nb := len(nonZero(heldA)), len(nonZero(heldB)); na < 4 || nb < 4 {
		t.Errorf("daemon-a holds %d sources, daemon-b %d; want them shared (4 and 5)", na, nb)
	}
	victim, heir := a, b
	moved := nonZero(victim.gauge(t, "newsetl_source_lock_held"))
	if len(moved) == 0 {
		victim, heir = b, a
		moved = nonZero(victim.gauge(t, "newsetl_source_lock_held"))
	}
	// `newsetl sources` names the holder (host:pid) of each source's lock.
	code, stdout, stderr := newsetl(t, ch, env, "sources", "--config", cfgPath, "--log-level", "warn")
	if code != exitOK {
		t.Fatalf("sources exited %d\n%s\n%s", code, stdout, stderr)
	}
	holderID := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(moved[0]) + `\s+(\S+:` + strconv.Itoa(victim.cmd.Process.Pid) + `)\s+2s\s`)
	if !strings.Contains(stdout, "Source locks (ZooKeeper "+ch.Cluster.ZooKeeper.Root+")") || !holderID.MatchString(stdout) {
		t.Errorf("sources does not show %s (pid %d) holding %s with a 2s lease:\n%s", victim.name, victim.cmd.Process.Pid, moved[0], stdout)
	}
	// Ticks a daemon skipped because its previous run of the source was
	// still going (a busy machine) are no lost ticks of the sharing.
	skipped := victim.gauge(t, "newsetl_runs_skipped_total")
	if err := victim.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	victim.cmd.Wait()
	killed := time.Now()
	time.Sleep(ch.Cluster.ZooKeeper.SessionTimeout + 6*period)
	heirHeld := heir.gauge(t, "newsetl_source_lock_held")
	for _, s := range moved {
		if heirHeld[s] != 1 {
			t.Errorf("source %s: %s held it and was killed; %s does not hold it %s later", s, victim.name, heir.name, time.Since(killed).Round(time.Second))
		}
	}
	heirRuns := heir.gauge(t, "newsetl_runs_total")
	for _, s := range moved {
		if heirRuns[s] == 0 {
			t.Errorf("source %s: no run by %s after the takeover", s, heir.name)
		}
	}
	for src, n := range heir.gauge(t, "newsetl_runs_skipped_total") {
		skipped[src] += n
	}
	if err := heir.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	heir.cmd.Wait()
	stopped := time.Now()

	// Every tick once: the runs' start times, on the 2 s grid.
	s := open(t, ch)
	rows, err := s.Conn().Query(context.Background(), "SELECT source, toUnixTimestamp(started_at) FROM "+ch.Database+
		".ingest_runs WHERE started_at >= ? ORDER BY source, started_at", start.Add(-time.Second).UTC().Truncate(time.Second))
	if err != nil {
		t.Fatal(err)
	}
	ticks := map[string][]int64{}
	for rows.Next() {
		var src string
		var at uint32
		if err := rows.Scan(&src, &at); err != nil {
			t.Fatal(err)
		}
		ticks[src] = append(ticks[src], int64(at)-int64(at)%int64(period/time.Second))
	}
	rows.Close()
	for _, src := range sources {
		ts := ticks[src]
		if len(ts) < 5 {
			t.Errorf("source %s: %d runs in %s, want a run every 2s", src, len(ts), stopped.Sub(start).Round(time.Second))
			continue
		}
		for i := 1; i < len(ts); i++ {
			if ts[i] == ts[i-1] {
				t.Errorf("source %s: tick %s run twice", src, time.Unix(ts[i], 0).UTC().Format(time.TimeOnly))
			}
		}
		// Ticks missed: at most those of the takeover (the session timeout
		// and the tick the holder died in) for a source that moved.
		missed := 0
		for i := 1; i < len(ts); i++ {
			missed += int((ts[i]-ts[i-1])/int64(period/time.Second)) - 1
		}
		allowed := int(skipped[src])
		for _, m := range moved {
			if m == src {
				allowed += int(ch.Cluster.ZooKeeper.SessionTimeout/period) + 2
			}
		}
		if missed > allowed {
			t.Errorf("source %s: %d ticks not run between %s and %s (allowed %d: %v skipped as still running, the takeover's): %v", src, missed,
				time.Unix(ts[0], 0).UTC().Format(time.TimeOnly), time.Unix(ts[len(ts)-1], 0).UTC().Format(time.TimeOnly), allowed, skipped[src], fmtTicks(ts))
		}
	}
	t.Logf("%d sources moved from %s to %s; runs per source: %v", len(moved), victim.name, heir.name, runCounts(ticks))
}

func nonZero(m map[string]float64) []string {
	var out []string
	for k, v := range m {
		if v != 0 {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

func fmtTicks(ts []int64) string {
	var b strings.Builder
	for _, t := range ts {
		fmt.Fprintf(&b, "%s ", time.Unix(t, 0).UTC().Format(time.TimeOnly))
	}
	return b.String()
}

func runCounts(ticks map[string][]int64) map[string]int {
	out := map[string]int{}
	for k, v := range ticks {
		out[k] = len(v)
	}
	return out
}
