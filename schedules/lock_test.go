package schedules

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/robfig/cron/v3"
)

// TestSharedScheduleFiresOnOneGrid: two daemons started at different
// moments fire an @every schedule at the same instants; cron specs are
// left as they are.
func TestSharedScheduleFiresOnOneGrid(t *testing.T) {
	every, err := ParseSchedule("@every 2s", time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	a := sharedSchedule(every).Next(time.Date(2026, 12, 1, 10, 0, 0, 300e6, time.UTC))
	b := sharedSchedule(every).Next(time.Date(2026, 12, 1, 10, 0, 1, 700e6, time.UTC))
	want := time.Date(2026, 12, 1, 10, 0, 2, 0, time.UTC)
	if !a.Equal(want) || !b.Equal(want) {
		t.Errorf("next ticks %s and %s, want both %s", a, b, want)
	}
	if n := sharedSchedule(every).Next(want); !n.Equal(want.Add(2 * time.Second)) {
		t.Errorf("after %s: %s, want the next grid instant", want, n)
	}
	spec, err := ParseSchedule("30 2 * * *", time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := sharedSchedule(spec).(*cron.SpecSchedule); !ok {
		t.Errorf("a cron spec was changed: %T", sharedSchedule(spec))
	}
	if got := tickOf(want.Add(3 * time.Millisecond)); !got.Equal(want) {
		t.Errorf("tickOf a moment after %s = %s", want, got)
	}
}

// zkServers is the test cluster's ZooKeeper (scripts/cluster.sh env), or a skip.
func zkServers(t *testing.T) []string {
	if os.Getenv("NEWSETL_TEST_CLUSTER") != "1" || os.Getenv("NEWSETL_TEST_CLUSTER_ZOOKEEPER") == "" {
		t.Skip("NEWSETL_TEST_CLUSTER=1 and NEWSETL_TEST_CLUSTER_ZOOKEEPER are not set: the ZooKeeper lock tests run with `make test-cluster`")
	}
	return strings.Split(os.Getenv("NEWSETL_TEST_CLUSTER_ZOOKEEPER"), ",")
}

// TestZKLockerOneHolderOneRunPerTick: of two daemons, the first to ask
// holds a source's lock and runs its ticks, each once; the other runs
// nothing until the holder goes, then takes the lock over and runs the
// next tick, never one already run.
func TestZKLockerOneHolderOneRunPerTick(t *testing.T) {
	servers := zkServers(t)
	var b [6]byte
	rand.Read(b[:])
	root := "/newsetl-test/" + hex.EncodeToString(b[:])
	ctx := context.Background()
	a, err := DialZK(servers, root, 2*time.Second, "daemon-a", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	bb, err := DialZK(servers, root, 2*time.Second, "daemon-b", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer bb.Close()
	t0 := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	claim := func(l *ZKLocker, source string, tick time.Time) Claim {
		t.Helper()
		c, err := l.Claim(ctx, source, tick)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	if c := claim(a, "sasac-en", t0); !c.Run || c.Holder.ID != "daemon-a" || !c.Holder.Self {
		t.Fatalf("first claim: %+v, want a run by daemon-a", c)
	}
	if c := claim(bb, "sasac-en", t0); c.Run || c.Holder.ID != "daemon-a" || c.Holder.Self {
		t.Errorf("daemon-b on daemon-a's lock: %+v, want no run, held by daemon-a", c)
	}
	if c := claim(bb, "sasac-en", t0.Add(2*time.Second)); c.Run {
		t.Errorf("daemon-b ran a tick of daemon-a's source: %+v", c)
	}
	if c := claim(a, "sasac-en", t0); c.Run || !strings.Contains(c.Why, "already run") {
		t.Errorf("daemon-a claimed tick %s twice: %+v", t0, c)
	}
	if c := claim(a, "sasac-en", t0.Add(-2*time.Second)); c.Run {
		t.Errorf("daemon-a ran a tick before the last one run: %+v", c)
	}
	if c := claim(bb, "chinadaily-en", t0); !c.Run || c.Holder.ID != "daemon-b" {
		t.Errorf("daemon-b on a source nobody holds: %+v, want a run", c)
	}
	running := claim(a, "sasac-en", t0.Add(2*time.Second))
	if !running.Run || running.Lost == nil {
		t.Errorf("daemon-a's next tick: %+v, want a run with a Lost channel", running)
	}
	hs, err := bb.Holders(ctx, []string{"sasac-en", "chinadaily-en", "never-run"})
	if err != nil {
		t.Fatal(err)
	}
	if h := hs["sasac-en"]; h.ID != "daemon-a" || h.Self || h.Lease != 2*time.Second || !h.LastTick.Equal(t0.Add(2*time.Second)) {
		t.Errorf("holder of sasac-en seen by daemon-b: %+v", h)
	}
	if _, ok := hs["never-run"]; ok || len(hs) != 2 {
		t.Errorf("holders: %+v, want sasac-en and chinadaily-en only", hs)
	}

	a.Close() // its lock nodes go with its session, and its running claims end
	select {
	case <-running.Lost:
	case <-time.After(10 * time.Second):
		t.Error("daemon-a's session ended but the Lost channel of its running claim stayed open")
	}
	if c := claim(bb, "sasac-en", t0.Add(2*time.Second)); c.Run || c.Holder.ID != "daemon-b" {
		t.Errorf("daemon-b after the takeover, on a tick daemon-a ran: %+v, want held by daemon-b and no run", c)
	}
	if c := claim(bb, "sasac-en", t0.Add(4*time.Second)); !c.Run {
		t.Errorf("daemon-b after the takeover: %+v, want a run", c)
	}
	a2, err := DialZK(servers, root, 2*time.Second, "daemon-a", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer a2.Close()
	if c := claim(a2, "sasac-en", t0.Add(6*time.Second)); c.Run || c.Holder.ID != "daemon-b" {
		t.Errorf("daemon-a back: %+v, want it in line behind daemon-b", c)
	}
}

// TestZKLockerSharesTheSources: the first daemon holds every source until
// a second one joins; then, after its runs, it hands locks over until it
// holds its share (4 sources, 2 daemons: 2 each), and the other runs those
// from the next tick. A handed-over tick is not run again.
func TestZKLockerSharesTheSources(t *testing.T) {
	servers := zkServers(t)
	var b [6]byte
	rand.Read(b[:])
	root := "/newsetl-test/" + hex.EncodeToString(b[:])
	ctx := context.Background()
	a, err := DialZK(servers, root, 2*time.Second, "daemon-a", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	t0 := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	sources := []string{"s1", "s2", "s3", "s4"}
	var runs []Claim
	for _, s := range sources {
		c, err := a.Claim(ctx, s, t0)
		if err != nil || !c.Run || c.Done == nil {
			t.Fatalf("%s: %+v, %v; want a run with Done", s, c, err)
		}
		runs = append(runs, c)
	}
	runs[0].Done() // alone: nothing to hand over
	bb, err := DialZK(servers, root, 2*time.Second, "daemon-b", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer bb.Close()
	for _, s := range sources {
		if c, err := bb.Claim(ctx, s, t0); err != nil || c.Run {
			t.Fatalf("daemon-b on %s: %+v, %v; want held by daemon-a", s, c, err)
		}
	}
	for _, c := range runs {
		c.Done()
	}
	held := map[string]string{}
	for _, s := range sources {
		cb, err := bb.Claim(ctx, s, t0.Add(2*time.Second))
		if err != nil {
			t.Fatal(err)
		}
		ca, err := a.Claim(ctx, s, t0.Add(2*time.Second))
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case cb.Run && !ca.Run:
			held[s] = "daemon-b"
		case ca.Run && !cb.Run:
			held[s] = "daemon-a"
		default:
			t.Errorf("%s at the next tick: daemon-a %+v, daemon-b %+v; want exactly one run", s, ca, cb)
		}
		if c, _ := a.Claim(ctx, s, t0); c.Run {
			t.Errorf("%s: the handed-over tick %s ran again", s, t0)
		}
	}
	n := 0
	for _, h := range held {
		if h == "daemon-a" {
			n++
		}
	}
	if n != 2 || len(held) != 4 {
		t.Errorf("holders after sharing: %v, want 2 sources each", held)
	}
}
