package schedules

import (
	"context"

	"github.com/newsetl/newsetl/record"
)

// Store is where runs keep what they read and what the next run needs to
// stay idempotent. It is defined here, where it is used; load.Store
// implements it for ClickHouse (cmd/newsetl wires the two) and
// schedulestest.Store in memory, for tests of the pipeline's logic.
//
// The contract every implementation keeps:
//   - WriteVersions makes an article version visible only once its article
//     row is written: facts written without their article row (a failure
//     between the two) are never read, and the next run writes them again.
//   - ArticleHashes, PageStates and SeriesValues answer from the latest
//     version of each key, whatever the order of the writes.
//   - Rewriting a row with the same keys and version changes nothing: a
//     rerun never duplicates a row.
//
// Errors name what failed; every method is safe for concurrent use.
type Store interface {
	// ArticleHashes returns the content hash of the latest stored version
	// of each article of source, by article id.
	ArticleHashes(ctx context.Context, source string) (map[uint64]string, error)
	// ArticleSources returns the sources that hold a stored article with
	// this id (its canonical URL's hash); none when no source does. A run
	// refuses a page whose canonical URL is another source's article.
	ArticleSources(ctx context.Context, articleID uint64) ([]string, error)
	// PageStates returns what the last run that stored each page of source
	// saw of it (validators and body hash), by URL.
	PageStates(ctx context.Context, source string) (map[string]record.PageState, error)
	// SeriesValues returns the current value of every statistics series of
	// source, by series key.
	SeriesValues(ctx context.Context, source string) (map[uint64]record.StoredValue, error)

	// WriteVersions writes facts, then the article rows that commit them.
	// A version is written whole: all facts of each article version in
	// articles are in facts of the same call (load keeps them as the
	// version's fact set, which facts_latest reads).
	WriteVersions(ctx context.Context, articles []record.Article, facts []record.Fact) error
	// WriteObservations writes new or revised observations.
	WriteObservations(ctx context.Context, obs []record.Observation) error
	// WritePageStates stores page states, after the articles they belong to.
	WritePageStates(ctx context.Context, states []record.PageState) error
	// WriteRun records one run and its errors.
	WriteRun(ctx context.Context, r record.Run, errs []record.RunError) error

	// WritePartition records the outcome of one backfill partition.
	WritePartition(ctx context.Context, p record.Partition) error
	// DonePartitions returns the partitions of source whose latest record
	// is done, keyed by record.PartitionKey.
	DonePartitions(ctx context.Context, source string) (map[string]bool, error)
}
