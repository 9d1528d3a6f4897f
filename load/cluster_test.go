package load

import (
	"strings"
	"testing"

	"github.com/newsetl/newsetl/config"
)

func testCluster() config.Cluster {
	return config.Cluster{Name: "c1", ZooKeeperPath: config.DefaultZooKeeperPath, Replica: config.DefaultReplica, LocalSuffix: "_local"}
}

// TestClusterRewrite shows the cluster form of each kind of statement the
// migrations use, in order: a table made, altered, read by a view, dropped.
func TestClusterRewrite(t *testing.T) {
	d := newClusterDDL(testCluster(), "db")
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{
			"CREATE TABLE IF NOT EXISTS db.facts (\n    fact_id UInt64,\n    article_id UInt64,\n    period_start Nullable(Date),\n    at DateTime('UTC')\n) ENGINE = ReplacingMergeTree\nPARTITION BY toYYYYMM(at)\nORDER BY (source, article_id)",
			[]string{
				"CREATE TABLE IF NOT EXISTS db.facts_local ON CLUSTER c1 (\n    fact_id UInt64,\n    article_id UInt64,\n    period_start Nullable(Date),\n    at DateTime('UTC')\n) ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/db/facts_local', '{replica}')\nPARTITION BY toYYYYMM(at)\nORDER BY (source, article_id)",
				"CREATE TABLE IF NOT EXISTS db.facts ON CLUSTER c1 AS db.facts_local ENGINE = Distributed(c1, db, facts_local, article_id)",
			},
		},
		{
			"CREATE TABLE IF NOT EXISTS db.statistics (series_key UInt64, source String, version UInt64) ENGINE = ReplacingMergeTree(version) ORDER BY (source, series_key)",
			[]string{
				"CREATE TABLE IF NOT EXISTS db.statistics_local ON CLUSTER c1 (series_key UInt64, source String, version UInt64) ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/db/statistics_local', '{replica}', version) ORDER BY (source, series_key)",
				"CREATE TABLE IF NOT EXISTS db.statistics ON CLUSTER c1 AS db.statistics_local ENGINE = Distributed(c1, db, statistics_local, series_key)",
			},
		},
		{
			"CREATE TABLE db.ingest_runs (run_id String, source String) ENGINE = MergeTree ORDER BY (source, run_id)",
			[]string{
				"CREATE TABLE IF NOT EXISTS db.ingest_runs_local ON CLUSTER c1 (run_id String, source String) ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/db/ingest_runs_local', '{replica}') ORDER BY (source, run_id)",
				"CREATE TABLE IF NOT EXISTS db.ingest_runs ON CLUSTER c1 AS db.ingest_runs_local ENGINE = Distributed(c1, db, ingest_runs_local, cityHash64(source))",
			},
		},
		{
			"CREATE TABLE IF NOT EXISTS db.links (a UInt64, b String) ENGINE = MergeTree ORDER BY (b, a) SETTINGS index_granularity = 8192",
			[]string{
				"CREATE TABLE IF NOT EXISTS db.links_local ON CLUSTER c1 (a UInt64, b String) ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/db/links_local', '{replica}') ORDER BY (b, a) SETTINGS index_granularity = 8192",
				"CREATE TABLE IF NOT EXISTS db.links ON CLUSTER c1 AS db.links_local ENGINE = Distributed(c1, db, links_local, cityHash64(b, a))",
			},
		},
		{
			"ALTER TABLE db.facts\n    ADD COLUMN metric String DEFAULT '',\n    ADD COLUMN entity String DEFAULT ''",
			[]string{
				"ALTER TABLE db.facts_local ADD COLUMN metric String DEFAULT '',\n    ADD COLUMN entity String DEFAULT ''",
				"DROP TABLE IF EXISTS db.facts ON CLUSTER c1",
				"CREATE TABLE IF NOT EXISTS db.facts ON CLUSTER c1 AS db.facts_local ENGINE = Distributed(c1, db, facts_local, article_id)",
			},
		},
		{
			"CREATE VIEW IF NOT EXISTS db.facts_latest AS\nSELECT * FROM db.facts\nWHERE (article_id, version) IN (SELECT article_id, max(version) FROM db.articles GROUP BY article_id)\nLIMIT 1 BY version, fact_id",
			[]string{"CREATE VIEW IF NOT EXISTS db.facts_latest ON CLUSTER c1 AS SELECT * FROM db.facts\nWHERE (article_id, version) GLOBAL IN (SELECT article_id, max(version) FROM db.articles GROUP BY article_id)\nLIMIT 1 BY version, fact_id"},
		},
		{
			"CREATE VIEW db.v AS SELECT a FROM (SELECT a FROM db.x) ANY LEFT JOIN (SELECT a, b FROM db.y) USING a WHERE a NOT IN (SELECT a FROM db.z) AND b GLOBAL IN (SELECT b FROM db.w) ARRAY JOIN arr",
			[]string{"CREATE VIEW IF NOT EXISTS db.v ON CLUSTER c1 AS SELECT a FROM (SELECT a FROM db.x) GLOBAL ANY LEFT JOIN (SELECT a, b FROM db.y) USING a WHERE a GLOBAL NOT IN (SELECT a FROM db.z) AND b GLOBAL IN (SELECT b FROM db.w) ARRAY JOIN arr"},
		},
		{"DROP TABLE IF EXISTS db.facts_latest", []string{"DROP TABLE IF EXISTS db.facts_latest ON CLUSTER c1"}},
		{"DROP TABLE db.links", []string{"DROP TABLE IF EXISTS db.links ON CLUSTER c1", "DROP TABLE IF EXISTS db.links_local ON CLUSTER c1"}},
		{"OPTIMIZE TABLE db.facts FINAL", []string{"OPTIMIZE TABLE db.facts_local FINAL"}},
		{"INSERT INTO db.links (a, b) SELECT article_id, url FROM db.facts WHERE article_id IN (SELECT article_id FROM db.articles)",
			[]string{"INSERT INTO db.links (a, b) SELECT article_id, url FROM db.facts WHERE article_id GLOBAL IN (SELECT article_id FROM db.articles)"}},
	} {
		got, err := d.Rewrite(tc.in)
		if err != nil {
			t.Errorf("%q: %v", tc.in, err)
			continue
		}
		if strings.Join(got, ";\n") != strings.Join(tc.want, ";\n") {
			t.Errorf("%q\n got:\n%s\nwant:\n%s", tc.in, strings.Join(got, ";\n"), strings.Join(tc.want, ";\n"))
		}
	}
}

// TestClusterRewriteRefuses: statements without a cluster form are errors
// naming them, never passed on as they are.
func TestClusterRewriteRefuses(t *testing.T) {
	d := newClusterDDL(testCluster(), "db")
	for _, in := range []string{
		"ALTER TABLE db.unknown ADD COLUMN x String",
		"CREATE TABLE db.t (a UInt64) ENGINE = ReplicatedMergeTree('/p', 'r') ORDER BY a",
		"CREATE TABLE db.t (a UInt64) ENGINE = Log",
		"CREATE MATERIALIZED VIEW db.mv ENGINE = MergeTree ORDER BY a AS SELECT a FROM db.t",
		"RENAME TABLE db.a TO db.b",
		"INSERT INTO db.t (a) VALUES (1)",
	} {
		if got, err := d.Rewrite(in); err == nil {
			t.Errorf("%q: rewritten to %q, want an error", in, got)
		}
	}
}

// TestClusterRewritesEveryMigration: every embedded migration has a cluster
// form; each table made gets a replicated _local table and a Distributed
// table over it sharded by a column it has, and no statement is left
// without ON CLUSTER.
func TestClusterRewritesEveryMigration(t *testing.T) {
	all, err := Migrations()
	if err != nil {
		t.Fatal(err)
	}
	d := newClusterDDL(testCluster(), "db")
	for _, st := range d.prelude() {
		if !strings.Contains(st, " ON CLUSTER c1") {
			t.Errorf("prelude %q runs on one host only", st)
		}
	}
	for _, m := range all {
		out, err := d.RewriteAll(m.Statements("db"))
		if err != nil {
			t.Fatalf("%s: %v", m.Name, err)
		}
		for _, st := range out {
			if !runsEverywhere(st) {
				t.Errorf("%s: %q runs on one host only", m.Name, st)
			}
			if strings.Contains(st, "ENGINE = Distributed") && !strings.Contains(st, "_local, ") {
				t.Errorf("%s: %q: Distributed table not over a _local table", m.Name, st)
			}
			if strings.HasPrefix(st, "CREATE VIEW") && globalSubqueries(st) != st {
				t.Errorf("%s: view %q keeps a local IN subquery or JOIN", m.Name, st)
			}
		}
	}
	for _, table := range []string{"facts", "articles"} {
		if d.keys[table] != "article_id" {
			t.Errorf("%s sharded by %q, want article_id (an article's facts and versions on one shard)", table, d.keys[table])
		}
	}
	if d.keys["statistics"] != "series_key" {
		t.Errorf("statistics sharded by %q, want series_key", d.keys["statistics"])
	}
}

// FuzzClusterRewrite: any statement is rewritten or refused with an error,
// never a panic; what comes out runs ON CLUSTER, and a view's IN subqueries
// and JOINs are all GLOBAL.
func FuzzClusterRewrite(f *testing.F) {
	all, err := Migrations()
	if err != nil {
		f.Fatal(err)
	}
	for _, m := range all {
		for _, st := range m.Statements("db") {
			f.Add(st)
		}
	}
	f.Add("CREATE VIEW db.v AS SELECT a FROM db.x ARRAY JOIN b GLOBAL ANY LEFT JOIN db.y USING a WHERE a NOT IN (SELECT 1)")
	f.Add("CREATE TABLE db.t (a Array(Tuple(String, UInt8)), 'x,y' String) ENGINE = MergeTree ORDER BY tuple()")
	f.Fuzz(func(t *testing.T, stmt string) {
		d := newClusterDDL(testCluster(), "db")
		d.tables["facts"], d.keys["facts"] = true, "article_id"
		out, err := d.Rewrite(stmt)
		if err != nil {
			return
		}
		for _, st := range out {
			if !runsEverywhere(st) {
				t.Errorf("%q → %q: not ON CLUSTER", stmt, st)
			}
			if strings.HasPrefix(st, "CREATE VIEW") && globalSubqueries(st) != st {
				t.Errorf("%q → %q: a local IN subquery or JOIN is left", stmt, st)
			}
		}
	})
}

// runsEverywhere: ON CLUSTER, an INSERT ... SELECT into a Distributed
// table (once is everywhere), or an ALTER/OPTIMIZE of a _local table,
// which execMigration sends to one replica of each shard.
func runsEverywhere(st string) bool {
	if strings.Contains(st, " ON CLUSTER c1") || insertSelectRE.MatchString(st) {
		return true
	}
	m := perShardRE.FindStringSubmatch(st)
	return m != nil && strings.HasSuffix(m[2], "_local")
}
