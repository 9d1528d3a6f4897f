package load_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/newsetl/newsetl/load"
	"github.com/newsetl/newsetl/load/clustertest"
	"github.com/newsetl/newsetl/record"
)

// clusterStore opens a migrated store on a fresh database of the test cluster.
func clusterStore(t *testing.T) (*load.Store, clustertest.Cluster) {
	t.Helper()
	c := clustertest.Get(t)
	s, err := load.Open(context.Background(), c.Config(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := s.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return s, c
}

// TestClusterMigrateMakesReplicatedAndDistributedTables migrates a fresh
// database on the cluster: every host has each table's replicated _local
// table and its Distributed table, every host reads every migration's
// record, a rerun applies nothing, and a view missing on one host (a
// migration cut short there) comes back when the migration is run again.
func TestClusterMigrateMakesReplicatedAndDistributedTables(t *testing.T) {
	s, c := clusterStore(t)
	ctx := context.Background()
	db := s.Database()
	all, err := load.Migrations()
	if err != nil {
		t.Fatal(err)
	}
	c.SyncReplicas(t, db, "schema_migrations")
	for i := range c.Nodes {
		if n := c.Count(t, i, "SELECT count() FROM system.tables WHERE database = ? AND engine = 'Distributed'", db); n < 8 {
			t.Errorf("node %d: %d Distributed tables, want at least 8 (articles, facts, ingest_runs, ingest_errors, backfill_partitions, fetch_state, statistics, ...)", i+1, n)
		}
		if n := c.Count(t, i, "SELECT count() FROM system.tables WHERE database = ? AND engine LIKE 'Replicated%MergeTree' AND name LIKE '%\\_local'", db); n != c.Count(t, i, "SELECT count() FROM system.tables WHERE database = ? AND engine = 'Distributed'", db) {
			t.Errorf("node %d: %d replicated _local tables, not one per Distributed table", i+1, n)
		}
		if n := c.Count(t, i, "SELECT count(DISTINCT version) FROM "+db+".schema_migrations"); n != uint64(len(all)) {
			t.Errorf("node %d: schema_migrations has %d versions, want %d", i+1, n, len(all))
		}
		if n := c.Count(t, i, "SELECT count() FROM system.tables WHERE database = ? AND name = 'facts_latest'", db); n != 1 {
			t.Errorf("node %d: facts_latest missing", i+1)
		}
	}
	if again, err := s.Migrate(ctx); err != nil || len(again) != 0 {
		t.Fatalf("second Migrate applied %d migrations (err %v), want none", len(again), err)
	}

	// Migrations cut short: no migration is recorded any more and node 3
	// lacks facts_latest; the rerun applies every migration again (each
	// statement re-runnable on the cluster) and completes node 3.
	if err := c.Node(t, 2).Exec(ctx, "DROP TABLE "+db+".facts_latest"); err != nil {
		t.Fatal(err)
	}
	if err := c.Node(t, 0).Exec(ctx, fmt.Sprintf("ALTER TABLE %s.schema_migrations ON CLUSTER %s DELETE WHERE version > 0", db, c.Name)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool { return c.Count(t, 0, "SELECT count() FROM "+db+".schema_migrations") == 0 })
	again, err := s.Migrate(ctx)
	if err != nil {
		t.Fatalf("rerun after a partial migration: %v", err)
	}
	if len(again) != len(all) {
		t.Errorf("rerun applied %d migrations, want all %d", len(again), len(all))
	}
	if n := c.Count(t, 2, "SELECT count() FROM system.tables WHERE database = ? AND name = 'facts_latest'", db); n != 1 {
		t.Errorf("node 3: facts_latest not made again by the rerun")
	}
}

func waitFor(t *testing.T, ok func() bool) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); !ok(); time.Sleep(100 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 30s")
		}
	}
}

// clusterFacts makes n facts of n/10 articles published over 2024.
func clusterFacts(n int) ([]record.Article, []record.Fact) {
	var arts []record.Article
	var facts []record.Fact
	base := time.Date(2024, 1, 3, 8, 0, 0, 0, time.UTC)
	for a := 0; a*10 < n; a++ {
		id := uint64(a)*0x9E3779B97F4A7C15 + 12345
		pub := base.Add(time.Duration(a%300) * 24 * time.Hour)
		url := fmt.Sprintf("https://www.stats.example.cn/english/PressRelease/2024/%04d.html", a)
		arts = append(arts, record.Article{ArticleID: id, Source: "stats-en", URL: url, Title: fmt.Sprintf("National Economy Release %d", a),
			PublishedAt: pub, Lang: "en", Body: "Industrial output rose 6.8 percent year on year.", ContentHash: fmt.Sprintf("h%d", a),
			FetchedAt: pub, Version: uint64(pub.UnixMilli())})
		for k := 0; k < 10 && a*10+k < n; k++ {
			facts = append(facts, record.Fact{FactID: id ^ uint64(k+1)*0xBF58476D1CE4E5B9, ArticleID: id, Version: uint64(pub.UnixMilli()),
				Source: "stats-en", URL: url, PublishedAt: pub, Lang: "en", Figure: fmt.Sprintf("%d.%d percent", 5+k, a%10),
				Value: float64(5+k) + float64(a%10)/10, Kind: "percent", Unit: "percent", Subject: "industrial output",
				Sentence: "Industrial output rose 6.8 percent year on year.", Position: uint32(30 * k), ParsedAt: pub})
		}
	}
	return arts, facts
}

// TestClusterWritesLandOnBothShardsAndRetriesAreDropped writes facts and
// articles through the Distributed tables: each shard holds part of them
// with an article's facts beside its article, the views read them all, and
// the same batches sent again (a retry after a lost answer) are dropped by
// replicated block deduplication, so the raw tables hold each row once.
func TestClusterWritesLandOnBothShardsAndRetriesAreDropped(t *testing.T) {
	s, c := clusterStore(t)
	ctx := context.Background()
	db := s.Database()
	arts, facts := clusterFacts(2000)
	for round := 0; round < 2; round++ {
		if err := s.WriteVersions(ctx, arts, facts); err != nil {
			t.Fatalf("round %d: %v", round+1, err)
		}
	}
	for _, table := range []string{"facts_local", "articles_local"} {
		c.SyncReplicas(t, db, table)
	}
	var sum uint64
	for _, node := range []int{0, 2} { // one replica of each shard
		n := c.Count(t, node, "SELECT count() FROM "+db+".facts_local")
		if n == 0 || n == uint64(len(facts)) {
			t.Errorf("node %d holds %d of %d facts: the rows are not spread over both shards", node+1, n, len(facts))
		}
		if m := c.Count(t, node+1, "SELECT count() FROM "+db+".facts_local"); m != n {
			t.Errorf("shard %d: replicas hold %d and %d facts", node/2+1, n, m)
		}
		if orphans := c.Count(t, node, "SELECT count() FROM "+db+".facts_local WHERE article_id NOT IN (SELECT article_id FROM "+db+".articles_local)"); orphans != 0 {
			t.Errorf("node %d: %d facts whose article is on the other shard", node+1, orphans)
		}
		sum += n
	}
	if sum != uint64(len(facts)) {
		t.Errorf("the shards hold %d fact rows for %d facts written twice: retried blocks were not dropped", sum, len(facts))
	}
	raw := clusterCount(t, s, "SELECT count() FROM "+db+".facts")
	if raw != uint64(len(facts)) {
		t.Errorf("facts (Distributed) has %d rows, want %d", raw, len(facts))
	}
	if n := clusterCount(t, s, "SELECT count() FROM "+db+".facts_latest"); n != uint64(len(facts)) {
		t.Errorf("facts_latest has %d rows, want %d", n, len(facts))
	}
	if n := clusterCount(t, s, "SELECT count() FROM "+db+".articles_latest"); n != uint64(len(arts)) {
		t.Errorf("articles_latest has %d rows, want %d", n, len(arts))
	}
	hashes, err := s.ArticleHashes(ctx, "stats-en")
	if err != nil || len(hashes) != len(arts) {
		t.Errorf("ArticleHashes: %d articles (err %v), want %d", len(hashes), err, len(arts))
	}
}

func clusterCount(t *testing.T, s *load.Store, q string) uint64 {
	t.Helper()
	var n uint64
	if err := s.Conn().QueryRow(context.Background(), q).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}
