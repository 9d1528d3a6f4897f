package load

import (
	"context"
	"errors"
	"fmt"
	"net"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"

	"github.com/newsetl/newsetl/config"
	"github.com/newsetl/newsetl/internal/chconn"
)

// clusterDDL turns the single-server statements of the migrations into
// statements for a ClickHouse cluster (config.Cluster). It is generic over
// the statements the migrations use, not per file:
//
//   - CREATE TABLE t (...) ENGINE = XMergeTree(args) becomes the replicated
//     table t_local, ENGINE = ReplicatedXMergeTree('<path>', '<replica>',
//     args), ON CLUSTER, and a Distributed table named t over it, ON
//     CLUSTER, so that every read and write that names t goes through the
//     Distributed table (load's own queries and the analyst views need no
//     change). The sharding key (shardingKey) keeps an article's rows on
//     one shard.
//   - ALTER TABLE t (and OPTIMIZE) runs on t_local on one replica of each
//     shard, connected to directly (execMigration; replication carries it to
//     the other replicas), not ON CLUSTER: 18.16's DDL worker races its
//     replicas for a replicated ALTER, and the loser stops for good ("Node
//     exists" on the task's executed node), after which every ON CLUSTER
//     statement waits for that server in vain. The Distributed table is then
//     dropped and made again AS t_local, ON CLUSTER: 18.16 also refuses
//     ALTER ... ON CLUSTER on a table that is not replicated when the
//     cluster's shards are, and a Distributed table holds no data (inserts
//     are synchronous, see Open).
//   - CREATE VIEW runs ON CLUSTER with its IN subqueries and JOINs made
//     GLOBAL: the subquery reads Distributed tables, and without GLOBAL each
//     shard would run it against the Distributed tables again (refused by
//     distributed_product_mode = deny), so the set is built once, from the
//     whole cluster, and sent to the shards.
//   - DROP TABLE of a table drops the Distributed table and t_local; of a
//     view, the view; both ON CLUSTER.
//   - INSERT INTO t (...) SELECT ... (a backfill) runs once, on the host
//     newsetl is connected to, into the Distributed table, its subqueries
//     GLOBAL.
//
// Every statement keeps IF [NOT] EXISTS so that a migration cut short on
// some hosts is completed by running it again. A statement of another form
// is an error naming it: better no migration than a wrong schema.
type clusterDDL struct {
	c      config.Cluster
	db     string
	tables map[string]bool   // tables made by the migrations so far (not views)
	keys   map[string]string // their sharding keys
}

func newClusterDDL(c config.Cluster, db string) *clusterDDL {
	return &clusterDDL{c: c, db: db, tables: map[string]bool{}, keys: map[string]string{}}
}

var (
	createTableRE  = regexp.MustCompile(`(?is)^CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(\w+)\.(\w+)\s*\((.*)\)\s*ENGINE\s*=\s*(\w*)MergeTree\b(?:\s*\(([^()]*)\))?(.*)$`)
	createViewRE   = regexp.MustCompile(`(?is)^CREATE\s+VIEW\s+(?:IF\s+NOT\s+EXISTS\s+)?(\w+)\.(\w+)\s+AS\s+(.*)$`)
	alterRE        = regexp.MustCompile(`(?is)^ALTER\s+TABLE\s+(\w+)\.(\w+)\s+(.*)$`)
	dropRE         = regexp.MustCompile(`(?is)^DROP\s+TABLE\s+(?:IF\s+EXISTS\s+)?(\w+)\.(\w+)\s*$`)
	insertSelectRE = regexp.MustCompile(`(?is)^INSERT\s+INTO\s+\w+\.\w+\s*(\([^()]*\))?\s*SELECT\b`)
	optimizeRE     = regexp.MustCompile(`(?is)^OPTIMIZE\s+TABLE\s+(\w+)\.(\w+)(.*)$`)
	orderByRE      = regexp.MustCompile(`(?is)\bORDER\s+BY\s+(.*?)\s*(?:\bSETTINGS\b|\bSAMPLE\b|\bTTL\b|\bPRIMARY\s+KEY\b|\bPARTITION\s+BY\b|$)`)
	inSubqueryRE   = regexp.MustCompile(`(?i)\b(NOT\s+)?IN\s*\(\s*SELECT\b`)
	joinRE         = regexp.MustCompile(`(?i)\b(?:(?:ANY|ALL|ASOF|SEMI|ANTI)\s+)?(?:(?:INNER|LEFT|RIGHT|FULL|CROSS)\s+)?(?:OUTER\s+)?JOIN\b`)
	lastWordRE     = regexp.MustCompile(`(\w+)\s*$`)
)

// prelude is what Migrate runs before reading schema_migrations: the
// database on every host, and schema_migrations as one replicated table
// across all hosts of the cluster (its ZooKeeper path has "all" for
// {shard}, its replica name the shard before the replica), so that every
// host holds every migration's record and a migration recorded through one
// host is seen through any other.
func (d *clusterDDL) prelude() []string {
	path := strings.NewReplacer("{shard}", "all", "{database}", d.db, "{table}", "schema_migrations").Replace(d.c.ZooKeeperPath)
	return []string{
		"CREATE DATABASE IF NOT EXISTS " + d.db + d.onCluster(),
		"CREATE TABLE IF NOT EXISTS " + d.db + ".schema_migrations" + d.onCluster() +
			" (version UInt32, name String, checksum String, applied_at DateTime('UTC'))" +
			" ENGINE = ReplicatedMergeTree('" + path + "', '{shard}-" + d.c.Replica + "') ORDER BY version",
	}
}

func (d *clusterDDL) onCluster() string { return " ON CLUSTER " + d.c.Name }

func (d *clusterDDL) local(table string) string { return table + d.c.LocalSuffix }

// Rewrite returns the cluster statements for one single-server statement,
// in the order they must run.
func (d *clusterDDL) Rewrite(stmt string) ([]string, error) {
	stmt = strings.TrimSpace(stmt)
	on := d.onCluster()
	if m := createTableRE.FindStringSubmatch(stmt); m != nil {
		db, name, cols, variant, args, rest := m[1], m[2], m[3], m[4], strings.TrimSpace(m[5]), m[6]
		if strings.HasPrefix(variant, "Replicated") {
			return nil, fmt.Errorf("table %s.%s is already replicated: the migrations are written for one server", db, name)
		}
		key, err := shardingKey(cols, rest)
		if err != nil {
			return nil, fmt.Errorf("table %s.%s: %w", db, name, err)
		}
		local := d.local(name)
		path := strings.NewReplacer("{database}", db, "{table}", local).Replace(d.c.ZooKeeperPath)
		engineArgs := "'" + path + "', '" + d.c.Replica + "'"
		if args != "" {
			engineArgs += ", " + args
		}
		d.tables[name] = true
		return []string{
			"CREATE TABLE IF NOT EXISTS " + db + "." + local + on + " (" + cols + ") ENGINE = Replicated" + variant + "MergeTree(" + engineArgs + ")" + rest,
			d.distributed(db, name, key),
		}, nil
	}
	if m := createViewRE.FindStringSubmatch(stmt); m != nil {
		return []string{"CREATE VIEW IF NOT EXISTS " + m[1] + "." + m[2] + on + " AS " + globalSubqueries(m[3])}, nil
	}
	if m := alterRE.FindStringSubmatch(stmt); m != nil {
		db, name, actions := m[1], m[2], m[3]
		if !d.tables[name] {
			return nil, fmt.Errorf("ALTER TABLE %s.%s: not a table made by an earlier migration", db, name)
		}
		return []string{
			"ALTER TABLE " + db + "." + d.local(name) + " " + actions, // on one replica of each shard: execMigration
			"DROP TABLE IF EXISTS " + db + "." + name + on,
			d.distributedAgain(db, name),
		}, nil
	}
	if m := dropRE.FindStringSubmatch(stmt); m != nil {
		db, name := m[1], m[2]
		out := []string{"DROP TABLE IF EXISTS " + db + "." + name + on}
		if d.tables[name] {
			out = append(out, "DROP TABLE IF EXISTS "+db+"."+d.local(name)+on)
			delete(d.tables, name)
		}
		return out, nil
	}
	if insertSelectRE.MatchString(stmt) { // a backfill: once, through the Distributed tables
		return []string{globalSubqueries(stmt)}, nil
	}
	if m := optimizeRE.FindStringSubmatch(stmt); m != nil && d.tables[m[2]] {
		return []string{"OPTIMIZE TABLE " + m[1] + "." + d.local(m[2]) + m[3]}, nil // on one replica of each shard
	}
	first := stmt
	if i := strings.IndexAny(first, "\n("); i >= 0 {
		first = first[:i]
	}
	return nil, fmt.Errorf("statement %q has no cluster form (CREATE TABLE with a MergeTree engine, CREATE VIEW, ALTER TABLE, DROP TABLE, OPTIMIZE TABLE, INSERT ... SELECT)", strings.TrimSpace(first))
}

// distributed makes the Distributed table name over name's local table.
// The sharding key is kept per table so that an ALTER can make it again.
func (d *clusterDDL) distributed(db, name, key string) string {
	if d.keys == nil {
		d.keys = map[string]string{}
	}
	d.keys[name] = key
	return "CREATE TABLE IF NOT EXISTS " + db + "." + name + d.onCluster() + " AS " + db + "." + d.local(name) +
		" ENGINE = Distributed(" + d.c.Name + ", " + db + ", " + d.local(name) + ", " + key + ")"
}

func (d *clusterDDL) distributedAgain(db, name string) string {
	return d.distributed(db, name, d.keys[name])
}

// shardingKey chooses how a table's rows are spread over the shards. Rows
// go by a column every insert fills, hashed so that the same row always
// lands on the same shard (a retried batch splits the same way, and
// replicated deduplication recognises each shard's part of it):
//
//   - article_id, when the table has it (facts, articles): an article's
//     versions and facts stay on one shard;
//   - series_key (statistics): a series' revisions stay together;
//   - source (run records, errors, page states, backfill checkpoints): a
//     source's rows stay together; these tables are small;
//   - otherwise the table's sort key.
//
// article_id and series_key are already hashes (of the URL, of the
// series), so they are used as they are.
func shardingKey(cols, rest string) (string, error) {
	names := map[string]bool{}
	for _, c := range splitTopLevel(cols) {
		if f := strings.Fields(c); len(f) > 0 {
			names[f[0]] = true
		}
	}
	switch {
	case names["article_id"]:
		return "article_id", nil
	case names["series_key"]:
		return "series_key", nil
	case names["source"]:
		return "cityHash64(source)", nil
	}
	m := orderByRE.FindStringSubmatch(rest)
	if m == nil || strings.TrimSpace(m[1]) == "" {
		return "", fmt.Errorf("no article_id, series_key, source or ORDER BY to shard by")
	}
	key := strings.TrimSpace(m[1])
	if strings.HasPrefix(key, "(") && strings.HasSuffix(key, ")") {
		key = key[1 : len(key)-1]
	}
	return "cityHash64(" + key + ")", nil
}

// splitTopLevel splits a column list at the commas outside parentheses and
// quotes.
func splitTopLevel(s string) []string {
	var out []string
	depth, start := 0, 0
	quoted := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\'' && (i == 0 || s[i-1] != '\\'):
			quoted = !quoted
		case quoted:
		case c == '(':
			depth++
		case c == ')':
			depth--
		case c == ',' && depth == 0:
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

// globalSubqueries makes every IN (SELECT ...) and JOIN of a query GLOBAL,
// leaving those already GLOBAL and ARRAY JOIN alone.
func globalSubqueries(q string) string {
	q = prefixMatches(q, inSubqueryRE, func(prev string) bool { return prev != "GLOBAL" })
	return prefixMatches(q, joinRE, func(prev string) bool { return prev != "GLOBAL" && prev != "ARRAY" })
}

// prefixMatches writes "GLOBAL " before each match of re whose preceding
// word (upper-cased) passes want.
func prefixMatches(q string, re *regexp.Regexp, want func(prev string) bool) string {
	var b strings.Builder
	last := 0
	for _, m := range re.FindAllStringIndex(q, -1) {
		prev := ""
		if w := lastWordRE.FindStringSubmatch(q[:m[0]]); w != nil {
			prev = strings.ToUpper(w[1])
		}
		b.WriteString(q[last:m[0]])
		if want(prev) {
			b.WriteString("GLOBAL ")
		}
		b.WriteString(q[m[0]:m[1]])
		last = m[1]
	}
	b.WriteString(q[last:])
	return b.String()
}

// RewriteAll rewrites the statements of one migration (Rewrite, in order).
func (d *clusterDDL) RewriteAll(stmts []string) ([]string, error) {
	var out []string
	for i, st := range stmts {
		r, err := d.Rewrite(st)
		if err != nil {
			return nil, fmt.Errorf("statement %d: %w", i+1, err)
		}
		out = append(out, r...)
	}
	return out, nil
}

// clusterSettings are the query settings of every connection to a cluster
// (nil for one server: the server's defaults, as before).
//
// insert_distributed_sync=1: an INSERT into a Distributed table returns
// only when every shard's part of it is written to a replica (by default
// the Distributed table queues it on the local disk and sends it later).
// So a failed write is an error to the caller, which retries it or spools
// it, instead of a queue lost with the host; a batch is split into the same
// shard blocks every time it is sent, so replicated block deduplication
// drops a retried batch that had arrived; and a run reads what it wrote.
//
// Two more settings belong in the servers' user profile, because 18.16's
// native protocol carries only numeric settings from a client:
// load_balancing=in_order (reads and writes go to the first live replica of
// each shard, so a read right after a write is answered by the replica that
// took it) and distributed_product_mode=global (an IN subquery or JOIN over
// a Distributed table inside a query over another one runs once, on the
// initiator, as the views do by themselves). scripts/cluster.sh writes
// both; README "Running on a cluster".
func clusterSettings(c *config.Cluster) clickhouse.Settings {
	if c == nil {
		return nil
	}
	return clickhouse.Settings{"insert_distributed_sync": 1}
}

var perShardRE = regexp.MustCompile(`(?is)^(?:ALTER|OPTIMIZE)\s+TABLE\s+(\w+)\.(\w+)\s+(.*)$`)
var addColumnRE = regexp.MustCompile(`(?is)^\s*ADD\s+COLUMN\s+(\w+)\s`)

// execMigration runs one statement of a migration: as it is on one server
// and for ON CLUSTER statements; an ALTER or OPTIMIZE of a replicated
// _local table (Rewrite leaves them without ON CLUSTER) on one replica of
// each shard (onEveryShard).
func (s *Store) execMigration(ctx context.Context, d *clusterDDL, stmt string) error {
	if d == nil {
		return s.conn.Exec(ctx, stmt)
	}
	m := perShardRE.FindStringSubmatch(stmt)
	if m == nil || !strings.HasSuffix(m[2], d.c.LocalSuffix) || strings.Contains(strings.ToUpper(stmt), " ON CLUSTER ") {
		return s.conn.Exec(ctx, stmt)
	}
	return s.onEveryShard(ctx, d, m[1], m[2], stmt)
}

// onEveryShard runs stmt on db.table on one replica of each shard of the
// cluster (the hosts of system.clusters, in order; a replica that does not
// answer is passed over), with the store's credentials. An ALTER's ADD
// COLUMN actions whose column the replica has already are left out (18.16
// has no ADD COLUMN IF NOT EXISTS), and the ALTER with them when none is
// left, so that a rerun completes a migration cut short.
func (s *Store) onEveryShard(ctx context.Context, d *clusterDDL, db, table, stmt string) error {
	rows, err := s.conn.Query(ctx, "SELECT shard_num, host_name, port FROM system.clusters WHERE cluster = ? ORDER BY shard_num, replica_num", d.c.Name)
	if err != nil {
		return fmt.Errorf("reading the hosts of cluster %s: %w", d.c.Name, err)
	}
	var shards [][]string
	last := uint32(0)
	for rows.Next() {
		var shard uint32
		var host string
		var port uint16
		if err := rows.Scan(&shard, &host, &port); err != nil {
			rows.Close()
			return fmt.Errorf("reading the hosts of cluster %s: %w", d.c.Name, err)
		}
		if shard != last || len(shards) == 0 {
			shards = append(shards, nil)
			last = shard
		}
		shards[len(shards)-1] = append(shards[len(shards)-1], net.JoinHostPort(host, strconv.Itoa(int(port))))
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("reading the hosts of cluster %s: %w", d.c.Name, err)
	}
	if len(shards) == 0 {
		return fmt.Errorf("cluster %s is not in the remote_servers of %s", d.c.Name, s.cfg.Addr)
	}
	for i, replicas := range shards {
		var errs []error
		done := false
		for _, addr := range replicas {
			err := s.onReplica(ctx, addr, db, table, stmt)
			if err == nil {
				done = true
				break
			}
			if ctx.Err() != nil {
				return err
			}
			errs = append(errs, fmt.Errorf("%s: %w", addr, err))
		}
		if !done {
			return fmt.Errorf("shard %d of cluster %s: no replica took the statement: %w", i+1, d.c.Name, errors.Join(errs...))
		}
	}
	return nil
}

func (s *Store) onReplica(ctx context.Context, addr, db, table, stmt string) error {
	node := s.cfg
	node.Addr = addr
	opts, err := chconn.Options(node, "newsetl")
	if err != nil {
		return err
	}
	opts.DialTimeout = max(opts.DialTimeout, time.Second)
	opts.ReadTimeout = 5 * time.Minute
	opts.MaxOpenConns, opts.MaxIdleConns = 1, 1
	conn, err := clickhouse.Open(opts)
	if err != nil {
		return err
	}
	defer conn.Close()
	if strings.HasPrefix(strings.ToUpper(strings.TrimSpace(stmt)), "ALTER") {
		m := perShardRE.FindStringSubmatch(stmt)
		rows, err := conn.Query(ctx, "SELECT name FROM system.columns WHERE database = ? AND table = ?", db, table)
		if err != nil {
			return fmt.Errorf("reading the columns of %s.%s: %w", db, table, err)
		}
		have := map[string]bool{}
		for rows.Next() {
			var name string
			if err := rows.Scan(&name); err != nil {
				rows.Close()
				return err
			}
			have[name] = true
		}
		rows.Close()
		if len(have) == 0 {
			return fmt.Errorf("%s.%s does not exist on this replica", db, table)
		}
		var keep []string
		for _, a := range splitTopLevel(m[3]) {
			if c := addColumnRE.FindStringSubmatch(a); c != nil && have[c[1]] {
				continue
			}
			keep = append(keep, a)
		}
		if len(keep) == 0 {
			s.log.Info("migration statement already applied on this shard", "host", addr, "table", db+"."+table)
			return nil
		}
		stmt = "ALTER TABLE " + db + "." + table + " " + strings.TrimSpace(strings.Join(keep, ","))
	}
	if err := conn.Exec(ctx, stmt); err != nil && !alreadyApplied(stmt, err) {
		return err
	}
	return nil
}
