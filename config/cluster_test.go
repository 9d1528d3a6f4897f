package config_test

import (
	"strings"
	"testing"
	"time"

	"github.com/newsetl/newsetl/config"
)

const srcs = "sources:\n  - name: s\n    kind: html\n    list_url: http://example.org/\n"

// TestClusterBlock: without clickhouse.cluster newsetl talks to one server
// (nil); with it the defaults fill what the block leaves out.
func TestClusterBlock(t *testing.T) {
	f, err := config.Parse([]byte("clickhouse:\n  database: news\n"+srcs), "one.yaml", env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if f.ClickHouse.Cluster != nil {
		t.Errorf("no cluster block: Cluster = %+v, want nil", f.ClickHouse.Cluster)
	}
	f, err = config.Parse([]byte("clickhouse:\n  database: news\n  cluster:\n    name: analytics\n    zookeeper:\n      servers: [zk1:2181, zk2:2181]\n"+srcs), "c.yaml", env(nil))
	if err != nil {
		t.Fatal(err)
	}
	c := f.ClickHouse.Cluster
	if c == nil || c.Name != "analytics" || c.ZooKeeperPath != "/clickhouse/tables/{shard}/{database}/{table}" || c.Replica != "{replica}" ||
		c.LocalSuffix != "_local" || c.ZooKeeper.Root != "/newsetl/news" || c.ZooKeeper.SessionTimeout != 10*time.Second ||
		len(c.ZooKeeper.Servers) != 2 || c.ZooKeeper.Servers[1] != "zk2:2181" {
		t.Errorf("cluster block with defaults: %+v", c)
	}
}

func TestClusterBlockErrors(t *testing.T) {
	for _, tc := range []struct{ block, want string }{
		{"    zookeeper_path: /x/{shard}/{table}\n", "cluster.name is required"},
		{"    name: 'a; DROP'\n", "cluster.name"},
		{"    name: c\n    zookeeper_path: /clickhouse/{database}/{table}\n", "{shard}"},
		{"    name: c\n    replica: \"r'1\"\n", "cluster.replica"},
		{"    name: c\n    local_suffix: -local\n", "local_suffix"},
		{"    name: c\n    zookeeper:\n      root: newsetl/\n", "zookeeper.root"},
		{"    name: c\n    zookeeper:\n      servers: ['zk1:2181,zk2:2181']\n", "servers"},
		{"    name: c\n    shards: 2\n", "shards"},
	} {
		_, err := config.Parse([]byte("clickhouse:\n  cluster:\n"+tc.block+srcs), "bad.yaml", env(nil))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want one naming %s", tc.block, err, tc.want)
		}
	}
}
