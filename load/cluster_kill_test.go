package load_test

import (
	"context"
	"testing"
	"time"

	"github.com/newsetl/newsetl/load"
	"github.com/newsetl/newsetl/load/clustertest"
)

// TestClusterReplicaKilledDuringLoad loads 12,000 facts through the
// Distributed table in batches of 500 and SIGKILLs the replica taking
// shard 2's writes (node 3: load_balancing in_order writes the first live
// replica) while they arrive. The insert cut off is retried by load and
// written to the other replica; the killed one, started again, fetches
// what it missed. After SYSTEM SYNC REPLICA: no fact lost, none twice, and
// both replicas of each shard hold the same rows.
func TestClusterReplicaKilledDuringLoad(t *testing.T) {
	c := clustertest.Get(t)
	ctx := context.Background()
	cfg := c.Config(t)
	cfg.BatchSize = 500
	s, err := load.Open(ctx, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	db := s.Database()
	const victim = 2 // node 3: shard 2, replica r1
	_, facts := clusterFacts(12_000)
	done := make(chan error, 1)
	go func() { done <- s.WriteFacts(ctx, facts) }()

	killed := false
	for deadline := time.Now().Add(2 * time.Minute); !killed; time.Sleep(20 * time.Millisecond) {
		select {
		case err := <-done:
			t.Fatalf("the load ended (err %v) before node %d received a batch to be killed during", err, victim+1)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatal("node 3 received no fact within 2 minutes")
		}
		var n uint64
		if err := c.Node(t, victim).QueryRow(ctx, "SELECT count() FROM "+db+".facts_local").Scan(&n); err == nil && n > 0 {
			c.Kill(t, victim)
			killed = true
			t.Logf("node %d killed holding %d facts", victim+1, n)
		}
	}
	restarted := false
	defer func() {
		if !restarted {
			c.Restart(t, victim)
		}
	}()
	if err := <-done; err != nil {
		t.Fatalf("the load with node %d killed: %v", victim+1, err)
	}
	c.Restart(t, victim)
	restarted = true
	c.SyncReplicas(t, db, "facts_local")

	shard := [2]uint64{}
	for i := 0; i < 4; i++ {
		n := c.Count(t, i, "SELECT count() FROM "+db+".facts_local")
		if distinct := c.Count(t, i, "SELECT uniqExact(fact_id) FROM "+db+".facts_local"); distinct != n {
			t.Errorf("node %d: %d rows of %d facts: duplicates", i+1, n, distinct)
		}
		if i%2 == 0 {
			shard[i/2] = n
		} else if n != shard[i/2] {
			t.Errorf("shard %d: replicas hold %d and %d facts after SYNC REPLICA", i/2+1, shard[i/2], n)
		}
	}
	if shard[0]+shard[1] != uint64(len(facts)) {
		t.Errorf("the shards hold %d + %d facts, want %d: lost or doubled", shard[0], shard[1], len(facts))
	}
	if n := clusterCount(t, s, "SELECT uniqExact(fact_id) FROM "+db+".facts"); n != uint64(len(facts)) {
		t.Errorf("facts (Distributed) has %d distinct facts, want %d", n, len(facts))
	}
}
