// Package clustertest gives tests a fresh database on the test cluster that
// scripts/cluster.sh starts (ZooKeeper and 2 shards × 2 replicas of
// clickhouse-server on loopback ports).
//
// The tests run only with NEWSETL_TEST_CLUSTER=1 and the addresses that
// `scripts/cluster.sh env` prints (`make test-cluster` sets them); without
// them they are skipped, saying so.
package clustertest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"

	"github.com/newsetl/newsetl/config"
)

// Cluster is the running test cluster.
type Cluster struct {
	Name      string
	Nodes     []string // native addresses: shard 1 replicas 1, 2, then shard 2 replicas 1, 2
	ZooKeeper string   // host:port
	Script    string   // scripts/cluster.sh, for kill and restart
}

// Get returns the test cluster, or skips the test when none is configured.
func Get(t testing.TB) Cluster {
	t.Helper()
	if os.Getenv("NEWSETL_TEST_CLUSTER") != "1" {
		t.Skip("NEWSETL_TEST_CLUSTER=1 is not set: the cluster tests run with `make test-cluster` (scripts/cluster.sh)")
	}
	c := Cluster{
		Name:      os.Getenv("NEWSETL_TEST_CLUSTER_NAME"),
		Nodes:     strings.Split(os.Getenv("NEWSETL_TEST_CLUSTER_NODES"), ","),
		ZooKeeper: os.Getenv("NEWSETL_TEST_CLUSTER_ZOOKEEPER"),
		Script:    os.Getenv("NEWSETL_TEST_CLUSTER_SCRIPT"),
	}
	if c.Name == "" || len(c.Nodes) != 4 || c.ZooKeeper == "" || c.Script == "" {
		t.Fatalf("NEWSETL_TEST_CLUSTER=1 but NEWSETL_TEST_CLUSTER_NAME/_NODES (4 addresses)/_ZOOKEEPER/_SCRIPT are incomplete: eval \"$(scripts/cluster.sh env)\"")
	}
	return c
}

// Config returns the ClickHouse config of a new, uniquely named database on
// the cluster, reached through node 1, with the daemons' ZooKeeper; the
// database is dropped on every node when the test ends.
func (c Cluster) Config(t testing.TB) config.ClickHouse {
	t.Helper()
	var b [6]byte
	rand.Read(b[:])
	db := "newsetl_cluster_" + hex.EncodeToString(b[:])
	cfg := config.ClickHouse{
		Addr: c.Nodes[0], Database: db, Username: "default",
		DialTimeout: 5 * time.Second, BatchSize: 10_000,
		Cluster: &config.Cluster{
			Name: c.Name, ZooKeeperPath: config.DefaultZooKeeperPath, Replica: config.DefaultReplica,
			LocalSuffix: config.DefaultLocalSuffix,
			ZooKeeper: config.ZooKeeper{Servers: []string{c.ZooKeeper}, Root: "/newsetl/" + db,
				SessionTimeout: 2 * time.Second},
		},
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		conn, err := c.open(c.Nodes[0])
		if err != nil {
			return
		}
		defer conn.Close()
		conn.Exec(ctx, "DROP DATABASE IF EXISTS "+db+" ON CLUSTER "+c.Name)
	})
	return cfg
}

func (c Cluster) open(addr string) (driver.Conn, error) {
	return clickhouse.Open(&clickhouse.Options{
		Protocol: clickhouse.Native, Addr: []string{addr},
		Auth:        clickhouse.Auth{Database: "default", Username: "default"},
		DialTimeout: 5 * time.Second, ReadTimeout: 5 * time.Minute,
	})
}

// Node connects to node i (0-3) alone, without the cluster's settings.
func (c Cluster) Node(t testing.TB, i int) driver.Conn {
	t.Helper()
	conn, err := c.open(c.Nodes[i])
	if err != nil {
		t.Fatalf("node %d (%s): %v", i+1, c.Nodes[i], err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

// Count runs a query returning one UInt64 on node i.
func (c Cluster) Count(t testing.TB, i int, query string, args ...any) uint64 {
	t.Helper()
	var n uint64
	if err := c.Node(t, i).QueryRow(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatalf("node %d: %s: %v", i+1, query, err)
	}
	return n
}

// SyncReplicas waits on every node until its replica of db.table has
// fetched every part the replication log lists (SYSTEM SYNC REPLICA).
func (c Cluster) SyncReplicas(t testing.TB, db, table string) {
	t.Helper()
	for i := range c.Nodes {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		err := c.Node(t, i).Exec(ctx, fmt.Sprintf("SYSTEM SYNC REPLICA %s.%s", db, table))
		cancel()
		if err != nil {
			t.Fatalf("node %d: SYSTEM SYNC REPLICA %s.%s: %v", i+1, db, table, err)
		}
	}
}

// Kill sends SIGKILL to node i (0-3); Restart starts it again and waits
// until it answers.
func (c Cluster) Kill(t testing.TB, i int)    { c.script(t, "kill", i) }
func (c Cluster) Restart(t testing.TB, i int) { c.script(t, "restart", i) }

func (c Cluster) script(t testing.TB, cmd string, i int) {
	t.Helper()
	out, err := exec.Command(c.Script, cmd, fmt.Sprint(i+1)).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s %d: %v\n%s", c.Script, cmd, i+1, err, out)
	}
	t.Logf("%s", strings.TrimSpace(string(out)))
}
