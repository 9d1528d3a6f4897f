package load

import (
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Migration is one numbered schema change.
type Migration struct {
	Version  uint32
	Name     string // file name
	Checksum string // sha256 of the file
	SQL      string
}

// Migrations lists the embedded migrations in version order.
func Migrations() ([]Migration, error) {
	entries, err := fs.ReadDir(migrationFiles, "migrations")
	if err != nil {
		return nil, err
	}
	var out []Migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.ParseUint(num, 10, 32)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration file %s: name must start with a number and '_'", e.Name())
		}
		raw, err := migrationFiles.ReadFile(path.Join("migrations", e.Name()))
		if err != nil {
			return nil, err
		}
		sum := sha256.Sum256(raw)
		out = append(out, Migration{Version: uint32(v), Name: e.Name(), Checksum: hex.EncodeToString(sum[:]), SQL: string(raw)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	for i := 1; i < len(out); i++ {
		if out[i].Version == out[i-1].Version {
			return nil, fmt.Errorf("migrations %s and %s share version %d", out[i-1].Name, out[i].Name, out[i].Version)
		}
	}
	return out, nil
}

// Statements splits a migration into statements with the database name
// filled in: statements end with ";" at the end of a line; "--" comments go.
func (m Migration) Statements(db string) []string {
	var out []string
	var cur strings.Builder
	for _, line := range strings.Split(m.SQL, "\n") {
		if i := strings.Index(line, "--"); i >= 0 {
			line = line[:i]
		}
		line = strings.TrimRight(line, " \t\r")
		if strings.TrimSpace(line) == "" {
			continue
		}
		cur.WriteString(line)
		cur.WriteByte('\n')
		if strings.HasSuffix(line, ";") {
			stmt := strings.TrimSuffix(strings.TrimSpace(cur.String()), ";")
			out = append(out, strings.ReplaceAll(stmt, "{{db}}", db))
			cur.Reset()
		}
	}
	if rest := strings.TrimSpace(cur.String()); rest != "" {
		out = append(out, strings.ReplaceAll(rest, "{{db}}", db))
	}
	return out
}

// Migrate creates the database if needed and applies the migrations not yet
// recorded in schema_migrations, in order. It returns the ones it applied;
// running it again applies nothing. A recorded migration whose file changed
// since is an error: released migrations are never edited.
//
// ClickHouse has no transactions: every statement is written to be re-runnable
// (IF NOT EXISTS), so a migration interrupted halfway is completed by the next run.
func (s *Store) Migrate(ctx context.Context) ([]Migration, error) {
	all, err := Migrations()
	if err != nil {
		return nil, err
	}
	prelude := []string{
		"CREATE DATABASE IF NOT EXISTS " + s.db,
		"CREATE TABLE IF NOT EXISTS " + s.db + ".schema_migrations (version UInt32, name String, checksum String, applied_at DateTime('UTC')) ENGINE = MergeTree ORDER BY version",
	}
	var cluster *clusterDDL // nil: one server, the statements as written
	if s.cfg.Cluster != nil {
		cluster = newClusterDDL(*s.cfg.Cluster, s.db)
		prelude = cluster.prelude()
	}
	for _, stmt := range prelude {
		if err := s.conn.Exec(ctx, stmt); err != nil {
			return nil, fmt.Errorf("preparing migrations in %s: %w", s.db, err)
		}
	}
	applied, err := s.appliedMigrations(ctx)
	if err != nil {
		return nil, err
	}
	var done []Migration
	for _, m := range all {
		stmts := m.Statements(s.db)
		if cluster != nil { // every migration, applied or not: the rewriter learns the tables
			if stmts, err = cluster.RewriteAll(stmts); err != nil {
				return done, fmt.Errorf("migration %s on cluster %s: %w", m.Name, s.cfg.Cluster.Name, err)
			}
		}
		if sum, ok := applied[m.Version]; ok {
			if sum != m.Checksum {
				return done, fmt.Errorf("migration %s was changed after it was applied to %s (checksum %s, recorded %s): add a new migration instead", m.Name, s.db, m.Checksum[:12], sum[:min(12, len(sum))])
			}
			continue
		}
		for i, stmt := range stmts {
			if err := s.execMigration(ctx, cluster, stmt); err != nil {
				if alreadyApplied(stmt, err) {
					s.log.Info("migration statement already applied", "migration", m.Name, "statement", i+1)
					continue
				}
				return done, fmt.Errorf("migration %s statement %d: %w", m.Name, i+1, err)
			}
		}
		if err := s.afterMigration(ctx, m.Version); err != nil { // data a migration's new tables need (factsets.go)
			return done, fmt.Errorf("migration %s: %w", m.Name, err)
		}
		now := time.Now().UTC()
		if err := s.insert(ctx, "schema_migrations", "version, name, checksum, applied_at", 1, func(int) []any {
			return []any{m.Version, m.Name, m.Checksum, now}
		}); err != nil {
			return done, fmt.Errorf("recording migration %s: %w", m.Name, err)
		}
		s.log.Info("applied migration", "database", s.db, "migration", m.Name)
		done = append(done, m)
	}
	return done, nil
}

// alreadyApplied reports whether err says an ADD COLUMN found its column
// there already: ClickHouse 18.16 has no ADD COLUMN IF NOT EXISTS, and a
// migration interrupted halfway must be re-runnable.
func alreadyApplied(stmt string, err error) bool {
	var ex *clickhouse.Exception
	const duplicateColumn = 44
	return errors.As(err, &ex) && ex.Code == duplicateColumn && strings.Contains(strings.ToUpper(stmt), "ADD COLUMN")
}

func (s *Store) appliedMigrations(ctx context.Context) (map[uint32]string, error) {
	rows, err := s.conn.Query(ctx, "SELECT version, any(checksum) FROM "+s.db+".schema_migrations GROUP BY version")
	if err != nil {
		return nil, fmt.Errorf("reading %s.schema_migrations: %w", s.db, err)
	}
	defer rows.Close()
	out := map[uint32]string{}
	for rows.Next() {
		var v uint32
		var sum string
		if err := rows.Scan(&v, &sum); err != nil {
			return nil, fmt.Errorf("reading %s.schema_migrations: %w", s.db, err)
		}
		out[v] = sum
	}
	return out, rows.Err()
}
