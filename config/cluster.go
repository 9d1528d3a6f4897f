package config

import (
	"fmt"
	"strings"
	"time"
)

// Cluster is the optional clickhouse.cluster block: with it, newsetl writes
// to a ClickHouse cluster (migrations ON CLUSTER, Replicated*MergeTree
// tables under Distributed ones) and its daemons share the sources through
// ZooKeeper locks. Without it, newsetl talks to one server as before.
type Cluster struct {
	// Name is the cluster in the servers' remote_servers.
	Name string `yaml:"name" required:"true"`
	// ZooKeeperPath is the ZooKeeper path of each replicated table;
	// {database} and {table} are filled in by newsetl, {shard} (and any
	// other macro) by the server. Default /clickhouse/tables/{shard}/{database}/{table}.
	ZooKeeperPath string `yaml:"zookeeper_path"`
	// Replica is the replica name of each replicated table; default {replica}.
	Replica string `yaml:"replica"`
	// LocalSuffix names the replicated table under each Distributed one
	// (facts → facts_local); default _local.
	LocalSuffix string `yaml:"local_suffix"`
	// ZooKeeper is where daemons take their source locks; without servers
	// every daemon runs every source (one daemon per config).
	ZooKeeper ZooKeeper `yaml:"zookeeper"`
}

// ZooKeeper is the ensemble the daemons' source locks live in.
type ZooKeeper struct {
	Servers        []string      `yaml:"servers"`         // host:port each
	Root           string        `yaml:"root"`            // default /newsetl/<database>
	SessionTimeout time.Duration `yaml:"session_timeout"` // a dead daemon's sources move after this; default 10s
}

// Cluster defaults.
const (
	DefaultZooKeeperPath  = "/clickhouse/tables/{shard}/{database}/{table}"
	DefaultReplica        = "{replica}"
	DefaultLocalSuffix    = "_local"
	DefaultSessionTimeout = 10 * time.Second
)

func (c *Cluster) applyDefaults(database string) {
	if c.ZooKeeperPath == "" {
		c.ZooKeeperPath = DefaultZooKeeperPath
	}
	if c.Replica == "" {
		c.Replica = DefaultReplica
	}
	if c.LocalSuffix == "" {
		c.LocalSuffix = DefaultLocalSuffix
	}
	if c.ZooKeeper.Root == "" {
		c.ZooKeeper.Root = "/newsetl/" + database
	}
	if c.ZooKeeper.SessionTimeout <= 0 {
		c.ZooKeeper.SessionTimeout = DefaultSessionTimeout
	}
}

// check refuses what would be pasted into SQL or ZooKeeper paths unsafely,
// and a path that would make the replicas of different shards or tables
// share one replication log.
func (c *Cluster) check() error {
	if c.Name == "" {
		return fmt.Errorf("clickhouse.cluster.name is required (the cluster in the servers' remote_servers)")
	}
	if !ValidIdentifier(c.Name) {
		return fmt.Errorf("clickhouse.cluster.name %q is not a plain identifier (want ^[A-Za-z_][A-Za-z0-9_]*$)", c.Name)
	}
	if !ValidIdentifier("x" + c.LocalSuffix) {
		return fmt.Errorf("clickhouse.cluster.local_suffix %q: a table name with it would not be a plain identifier", c.LocalSuffix)
	}
	for key, v := range map[string]string{"zookeeper_path": c.ZooKeeperPath, "replica": c.Replica} {
		if strings.ContainsAny(v, "'\\\n") {
			return fmt.Errorf("clickhouse.cluster.%s %q: quotes, backslashes and newlines are not allowed", key, v)
		}
	}
	for _, m := range []string{"{shard}", "{table}"} {
		if !strings.Contains(c.ZooKeeperPath, m) {
			return fmt.Errorf("clickhouse.cluster.zookeeper_path %q must contain %s (each shard and each table needs its own replication log)", c.ZooKeeperPath, m)
		}
	}
	if !strings.HasPrefix(c.ZooKeeper.Root, "/") || strings.HasSuffix(c.ZooKeeper.Root, "/") || strings.Contains(c.ZooKeeper.Root, "//") {
		return fmt.Errorf("clickhouse.cluster.zookeeper.root %q must be an absolute ZooKeeper path without a trailing /", c.ZooKeeper.Root)
	}
	for _, s := range c.ZooKeeper.Servers {
		if s == "" || strings.ContainsAny(s, " /,") {
			return fmt.Errorf("clickhouse.cluster.zookeeper.servers: %q is not host:port", s)
		}
	}
	return nil
}
