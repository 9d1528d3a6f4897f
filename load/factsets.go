package load

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/newsetl/newsetl/record"
)

// Fact sets (migration 14): the facts of each committed article version as
// one row of parallel arrays, which facts_latest reads instead of the facts
// table. The article row that commits a version names the set by its key
// (articles.set_key); a key is drawn at random for each attempt to write a
// set, so a set written twice (a retried batch, a rerun) is committed, and
// read, once.

// versionKey is one article version.
type versionKey struct{ article, version uint64 }

// factSetArrays lists the columns of factColumnList that fact_sets keeps as
// arrays (all but article_id and version, which a set has once), with
// their positions in factColumns' result.
var factSetArrays, factSetArrayPos = func() ([]string, []int) {
	var names []string
	var pos []int
	for i, c := range strings.Split(factColumnList, ",") {
		c = strings.TrimSpace(c)
		if c != "article_id" && c != "version" {
			names, pos = append(names, c), append(pos, i)
		}
	}
	return names, pos
}()

// factSetColumnList is the insert column list of fact_sets.
var factSetColumnList = "set_key, article_id, version, " + strings.Join(factSetArrays, ", ")

// factSet is the facts (indexes into a []record.Fact) of one article version.
type factSet struct {
	key versionKey
	idx []int
}

// factSetsOf groups facts by the article versions of articles: one set per
// distinct version that has facts, in the order of articles, each fact id
// once (a fact given twice is the same row written twice; the facts table
// folds it by its sort key). Facts of versions not in articles belong to no
// set: they are not committed.
func factSetsOf(articles []record.Article, facts []record.Fact) []factSet {
	at := map[versionKey]int{}
	var sets []factSet
	for _, a := range articles {
		k := versionKey{a.ArticleID, a.Version}
		if _, ok := at[k]; !ok {
			at[k] = len(sets)
			sets = append(sets, factSet{key: k})
		}
	}
	seen := map[[3]uint64]bool{}
	for i := range facts {
		f := &facts[i]
		j, ok := at[versionKey{f.ArticleID, f.Version}]
		if !ok {
			continue
		}
		id := [3]uint64{f.ArticleID, f.Version, f.FactID}
		if seen[id] {
			continue
		}
		seen[id] = true
		sets[j].idx = append(sets[j].idx, i)
	}
	out := sets[:0]
	for _, s := range sets {
		if len(s.idx) > 0 {
			out = append(out, s)
		}
	}
	return out
}

// newSetKey draws a set key: random, never 0.
func newSetKey() uint64 {
	for {
		if k := rand.Uint64(); k != 0 {
			return k
		}
	}
}

// writeFactSets writes the fact sets of articles (factSetsOf) in batches
// of at most batchSize facts, and returns the key of each set as written.
// Each attempt of a batch draws new keys: a batch that arrived although its
// insert failed holds keys no article row will name.
func (s *Store) writeFactSets(ctx context.Context, articles []record.Article, facts []record.Fact) (map[versionKey]uint64, error) {
	sets := factSetsOf(articles, facts)
	keys := make(map[versionKey]uint64, len(sets))
	for start := 0; start < len(sets); {
		end, n := start, 0
		for end < len(sets) && (end == start || n+len(sets[end].idx) <= s.batchSize) {
			n += len(sets[end].idx)
			end++
		}
		batch := sets[start:end]
		what := fmt.Sprintf("inserting %d fact sets (%d facts) into fact_sets", len(batch), n)
		var drawn []uint64
		if err := s.withRetries(ctx, what, func(ctx context.Context) error {
			drawn = make([]uint64, len(batch))
			for i := range drawn {
				drawn[i] = newSetKey()
			}
			return s.sendFactSets(ctx, facts, batch, drawn)
		}); err != nil {
			return nil, err
		}
		for i, set := range batch {
			keys[set.key] = drawn[i]
		}
		start = end
	}
	return keys, nil
}

// sendFactSets sends sets as one INSERT into fact_sets under keys.
func (s *Store) sendFactSets(ctx context.Context, facts []record.Fact, sets []factSet, keys []uint64) error {
	var flat []int
	offs := make([]int, 1, len(sets)+1)
	setKey, article, version := make([]uint64, len(sets)), make([]uint64, len(sets)), make([]uint64, len(sets))
	for i, set := range sets {
		flat = append(flat, set.idx...)
		offs = append(offs, len(flat))
		setKey[i], article[i], version[i] = keys[i], set.key.article, set.key.version
	}
	cols := factColumns(facts, flat)
	batch, err := s.conn.PrepareBatch(ctx, fmt.Sprintf("INSERT INTO %s.fact_sets (%s)", s.db, factSetColumnList))
	if err != nil {
		return fmt.Errorf("preparing insert into fact_sets: %w", err)
	}
	defer batch.Close()
	values := []any{setKey, article, version}
	for _, p := range factSetArrayPos {
		arrays, err := splitColumn(cols[p], offs)
		if err != nil {
			return err
		}
		values = append(values, arrays)
	}
	for i, v := range values {
		if err := batch.Column(i).Append(v); err != nil {
			return fmt.Errorf("appending column %d of %d fact sets to fact_sets: %w", i+1, len(sets), err)
		}
	}
	if err := batch.Send(); err != nil {
		return fmt.Errorf("sending %d fact sets to fact_sets: %w", len(sets), err)
	}
	return nil
}

// splitColumn cuts a column of factColumns into one array per set:
// elements offs[i] to offs[i+1] for set i.
func splitColumn(col any, offs []int) (any, error) {
	switch c := col.(type) {
	case []uint64:
		return split(c, offs), nil
	case []uint32:
		return split(c, offs), nil
	case []uint8:
		return split(c, offs), nil
	case []float64:
		return split(c, offs), nil
	case []string:
		return split(c, offs), nil
	case []time.Time:
		return split(c, offs), nil
	case []*time.Time:
		return split(c, offs), nil
	}
	return nil, fmt.Errorf("fact_sets: no array form for a fact column of type %T", col)
}

func split[T any](flat []T, offs []int) [][]T {
	out := make([][]T, len(offs)-1)
	for i := range out {
		out[i] = flat[offs[i]:offs[i+1]:offs[i+1]]
	}
	return out
}

// writeCommits writes the article rows that commit their versions, each
// naming the set written for its version (keys); a version without facts
// gets a key no set has.
func (s *Store) writeCommits(ctx context.Context, rows []record.Article, keys map[versionKey]uint64) error {
	setKeys := make([]uint64, len(rows))
	for i, a := range rows {
		k, ok := keys[versionKey{a.ArticleID, a.Version}]
		if !ok {
			k = newSetKey()
		}
		setKeys[i] = k
	}
	return s.writeArticles(ctx, rows, setKeys)
}

// backfillFactSets copies the facts of every stored current article
// version (max version by article id, as the FINAL view read them) into
// fact_sets under cityHash64(article_id, version), the set_key of article
// rows written without one. Versions that already have such a set are
// left as they are, so it can run again after an interruption.
func (s *Store) backfillFactSets(ctx context.Context) error {
	aggs := make([]string, len(factSetArrays))
	for i, c := range factSetArrays {
		// groupArray leaves NULLs out; a one-element tuple keeps them and
		// every array the same length.
		aggs[i] = fmt.Sprintf("arrayMap(x -> tupleElement(x, 1), groupArray(tuple(%s)))", c)
	}
	q := fmt.Sprintf("INSERT INTO %[1]s.fact_sets (%[2]s) SELECT cityHash64(article_id, version), article_id, version, %[3]s "+
		"FROM (SELECT %[4]s FROM %[1]s.facts FINAL "+
		"WHERE (article_id, version) GLOBAL IN (SELECT article_id, max(version) FROM %[1]s.articles GROUP BY article_id) "+
		"AND cityHash64(article_id, version) GLOBAL NOT IN (SELECT set_key FROM %[1]s.fact_sets)) "+
		"GROUP BY article_id, version",
		s.db, factSetColumnList, strings.Join(aggs, ", "), factColumnList)
	if err := s.conn.Exec(ctx, q); err != nil {
		return fmt.Errorf("copying the current facts of %s into fact_sets: %w", s.db, err)
	}
	return nil
}

// afterMigration runs what a migration needs beyond its statements, before
// it is recorded: for version 14, the fact sets of the facts already stored.
func (s *Store) afterMigration(ctx context.Context, version uint32) error {
	if version == 14 {
		return s.backfillFactSets(ctx)
	}
	return nil
}
