package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsetl/newsetl/config"
	"github.com/newsetl/newsetl/load/clustertest"
)

// clusterConfigFile writes examples/demo.yaml with a clickhouse.cluster
// block for ch (the test cluster) into a temporary directory.
func clusterConfigFile(t *testing.T, ch config.ClickHouse, extra string) string {
	t.Helper()
	raw, err := os.ReadFile(repoRoot + "/examples/demo.yaml")
	if err != nil {
		t.Fatal(err)
	}
	const anchor = "  password_env: NEWSETL_CLICKHOUSE_PASSWORD\n"
	if !strings.Contains(string(raw), anchor) {
		t.Fatalf("examples/demo.yaml has no line %q to put the cluster block after", anchor)
	}
	block := anchor + "  cluster:\n    name: " + ch.Cluster.Name + "\n    zookeeper:\n      servers: [" +
		strings.Join(ch.Cluster.ZooKeeper.Servers, ", ") + "]\n      root: " + ch.Cluster.ZooKeeper.Root +
		"\n      session_timeout: " + ch.Cluster.ZooKeeper.SessionTimeout.String() + "\n"
	path := filepath.Join(t.TempDir(), "demo-cluster.yaml")
	if err := os.WriteFile(path, []byte(strings.Replace(string(raw), anchor, block, 1)+extra), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestClusterDemoLandsOnBothShards runs `newsetl demo` against the test
// cluster (2 shards × 2 replicas): the facts written through the
// Distributed tables are spread over both shards, each shard's replicas
// hold the same rows, and the views read back exactly the facts of the
// single-server golden file, each once; a second run adds no row.
func TestClusterDemoLandsOnBothShards(t *testing.T) {
	c := clustertest.Get(t)
	ch := c.Config(t)
	cfgPath := clusterConfigFile(t, ch, "")
	args := []string{"demo", "--config", cfgPath, "--site", repoRoot + "/testdata/site", "--listen", freeAddr(t), "--log-level", "warn"}
	code, stdout, stderr := newsetl(t, ch, nil, args...)
	if code != exitOK {
		t.Fatalf("demo on the cluster exited %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	s := open(t, ch)
	db := ch.Database
	facts := readFacts(t, s)
	var b strings.Builder
	b.WriteString("# source\tpath\tfigure\tvalue\tkind\tunit\tsubject\tbase\tqualifier\tperiod_start\tperiod_end\tgranularity\n")
	for _, f := range facts {
		b.WriteString(f.tsv())
		b.WriteByte('\n')
	}
	want, err := os.ReadFile(goldenPath)
	if err != nil {
		t.Fatal(err)
	}
	if b.String() != string(want) {
		t.Errorf("facts_latest on the cluster differs from the single-server golden %s:\n%s", goldenPath, firstDiff(b.String(), string(want)))
	}
	checkSeedFacts(t, facts)
	var n uint64
	if err := s.Conn().QueryRow(context.Background(), "SELECT count() FROM "+db+".articles_latest").Scan(&n); err != nil || n != 28 {
		t.Errorf("articles_latest on the cluster: %d rows (err %v), want 28", n, err)
	}

	for _, table := range []string{"facts_local", "articles_local"} {
		c.SyncReplicas(t, db, table)
	}
	shard1 := c.Count(t, 0, "SELECT count() FROM "+db+".facts_local")
	shard2 := c.Count(t, 2, "SELECT count() FROM "+db+".facts_local")
	if shard1 == 0 || shard2 == 0 {
		t.Errorf("facts per shard: %d and %d; want both shards used", shard1, shard2)
	}
	if r := c.Count(t, 1, "SELECT count() FROM "+db+".facts_local"); r != shard1 {
		t.Errorf("shard 1: replica 2 holds %d facts, replica 1 %d", r, shard1)
	}
	if r := c.Count(t, 3, "SELECT count() FROM "+db+".facts_local"); r != shard2 {
		t.Errorf("shard 2: replica 2 holds %d facts, replica 1 %d", r, shard2)
	}
	if rows, distinct := c.Count(t, 0, "SELECT count() FROM "+db+".facts"), c.Count(t, 0, "SELECT uniqExact(fact_id, version) FROM "+db+".facts"); rows != distinct || rows != shard1+shard2 {
		t.Errorf("facts (Distributed) holds %d rows of %d distinct facts; the shards %d", rows, distinct, shard1+shard2)
	}

	code, stdout, stderr = newsetl(t, ch, nil, args...)
	if code != exitOK {
		t.Fatalf("second demo on the cluster exited %d\n%s\n%s", code, stdout, stderr)
	}
	if again := c.Count(t, 0, "SELECT count() FROM "+db+".facts"); again != shard1+shard2 {
		t.Errorf("second run: facts has %d rows, had %d", again, shard1+shard2)
	}
}

// firstDiff shows the first line where got and want differ.
func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return fmt.Sprintf("line %d:\n got: %s\nwant: %s", i+1, gl, wl)
		}
	}
	return ""
}
