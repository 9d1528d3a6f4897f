package schedules

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"sort"
	"sync"
	"time"

	"github.com/newsetl/newsetl/extract"
	"github.com/newsetl/newsetl/record"
)

// StoredArticles reads the article bodies a Store holds, for Reparse.
// load.Store implements it for ClickHouse, schedulestest.Store in memory.
type StoredArticles interface {
	// StaleArticles calls fn with the latest stored version of every
	// article of the sources (all sources when none are named), published
	// on or after since (any date when zero), whose facts were made by a
	// parser version other than parserVersion. It stops at fn's first error
	// and returns it.
	StaleArticles(ctx context.Context, sources []string, since time.Time, parserVersion string, fn func(record.Article) error) error
	// CountStaleArticles counts what StaleArticles would pass to fn.
	CountStaleArticles(ctx context.Context, sources []string, since time.Time, parserVersion string) (int, error)
}

// Reparse re-derives the facts of stored articles with a parser: no page
// is fetched. Each article whose latest version was parsed by another
// parser version gets a new version (its stored version + 1) holding the
// same article (same content hash, so the next ingest still finds it
// unchanged) and the facts the parser makes of its body, written facts
// first and the article row last, as ingest writes them (Store.WriteVersions):
// the views show the new facts, and only them, once the article row is in.
//
// A reparse cut short and run again is harmless: articles whose new
// version was committed are no longer stale and are skipped; the others get
// the same version and the same fact ids again, which the tables fold.
type Reparse struct {
	Store   Store
	Stored  StoredArticles
	Parser  Parser // zero: CurrentParser
	Log     *slog.Logger
	Batch   int                              // articles per write (fewer once their bodies hold reparseBatchBytes); 0: reparseBatch
	Writers int                              // batches written at once; 0: reparseWriters
	Started func(total int)                  // called once with the number of stale articles; may be nil
	Done    func(articles, facts, bytes int) // called after each written batch with its counts; may be nil
	// Stories, when set, relinks the stories of each written batch
	// (schedules/stories.go): the facts changed, so may the stories. A
	// linking failure is an error of the reparse; the versions stay written.
	Stories StoryLinker
}

// reparseBatch is how many articles a reparse writes at once by default,
// and reparseBatchBytes the body text that cuts a batch short: 5,000
// articles reparsed at twice the speed of 1,000 (make bench's reparse row,
// 9.7 and 6.9 MB/s against 5.4 and 3.3; each insert has its cost on the
// server, and the facts insert a part per month its articles touch), and
// with three batches in memory at most (one filling, one queued, one
// being written) the guard keeps long bodies from filling the memory.
const (
	reparseBatch      = 5000
	reparseBatchBytes = 32 << 20
)

// reparseWriters is how many batches a reparse writes at once by default
// (Reparse.Writers): one. Two writers (the server inserting one batch while
// it receives the next) measured no faster on two cores shared with the
// server (make bench, BENCH_REPARSE_WRITERS=2), and with one a reparse
// stopped mid-way has committed exactly the batches before the one cut.
const reparseWriters = 1

// reparsed is an article at its new version with the facts the parser made of it.
type reparsed struct {
	article record.Article
	facts   []record.Fact
}

// ReparseResult is what a reparse did, per source.
type ReparseResult struct {
	Runs     []record.Run // one per source with stale articles, in source order
	Articles int
	Facts    int
	Bytes    int // body bytes parsed
}

// Run reparses the stale articles of sources (all when none are named)
// published on or after since (zero: any date) and records a run per
// source (kind "reparse", ArticlesChanged = articles reparsed). The error
// is non-nil when reading or writing failed; what was written stays.
func (r *Reparse) Run(ctx context.Context, sources []string, since time.Time) (ReparseResult, error) {
	p := r.Parser
	if p.Parse == nil {
		p = CurrentParser
	}
	log := r.Log
	if log == nil {
		log = slog.Default()
	}
	batch := r.Batch
	if batch <= 0 {
		batch = reparseBatch
	}
	var res ReparseResult
	total, err := r.Stored.CountStaleArticles(ctx, sources, since, p.Version)
	if err != nil {
		return res, err
	}
	if r.Started != nil {
		r.Started(total)
	}
	log.Info("reparse started", "articles", total, "parser_version", p.Version, "sources", sources, "since", since)
	runs := map[string]*record.Run{}
	var articles []record.Article
	var facts [][]record.Fact // by article: copied once when written (writer.go)
	nfacts := 0
	bytes := 0
	// Batches are written in the background while the next is read and
	// parsed, by Writers writers at once (writer.go): each batch holds its
	// facts and the article rows that commit them, so batches need no
	// order among them. A failed write stops the reparse.
	linked, stories := withStories(r.Store, r.Stories)
	store := &spoolCounter{Store: linked} // rows the spool kept count as written
	var ws []*writer
	for range cmp.Or(max(r.Writers, 0), reparseWriters) {
		ws = append(ws, startWriter(store, "reparse"))
	}
	sent := 0
	handOff := func(ctx context.Context) error {
		if len(articles) == 0 {
			return nil
		}
		for _, w := range ws {
			if err := w.err(); err != nil {
				return err
			}
		}
		for _, a := range articles {
			runs[a.Source].ArticlesChanged++
		}
		for _, fs := range facts {
			for _, f := range fs {
				runs[f.Source].FactsWritten++
			}
		}
		res.Articles += len(articles)
		res.Facts += nfacts
		res.Bytes += bytes
		if r.Done != nil {
			r.Done(len(articles), nfacts, bytes)
		}
		b := versions{articles: articles, chunks: facts}
		articles, facts, nfacts, bytes = nil, nil, 0, 0
		sent++
		return ws[sent%len(ws)].send(ctx, b)
	}
	// Articles are read on one goroutine, parsed on one per core, and
	// batched here; the batches go to the writer.
	readCtx, stopReading := context.WithCancel(ctx)
	defer stopReading()
	toParse := make(chan record.Article, 64)
	parsed := make(chan reparsed, 64)
	readErr := make(chan error, 1)
	go func() {
		defer close(toParse)
		readErr <- r.Stored.StaleArticles(readCtx, sources, since, p.Version, func(a record.Article) error {
			select {
			case toParse <- a:
				return nil
			case <-readCtx.Done():
				return readCtx.Err()
			}
		})
	}()
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for a := range toParse {
				a.Version++
				a.ParserVersion = p.Version
				d := extract.Document{Source: a.Source, URL: a.URL, Title: a.Title, PublishedAt: a.PublishedAt, Lang: a.Lang, Text: a.Body}
				parsed <- reparsed{a, p.Facts(d, a.ArticleID, a.ContentHash, a.Version)}
			}
		}()
	}
	go func() { wg.Wait(); close(parsed) }()
	for x := range parsed {
		if err != nil {
			continue // draining after a failure
		}
		a := x.article
		if runs[a.Source] == nil {
			runs[a.Source] = &record.Run{RunID: newRunID(), Source: a.Source, Kind: "reparse", StartedAt: time.Now().UTC()}
		}
		facts = append(facts, x.facts)
		nfacts += len(x.facts)
		articles = append(articles, a)
		bytes += len(a.Body)
		if len(articles) >= batch || bytes >= reparseBatchBytes {
			if err = handOff(ctx); err != nil {
				stopReading()
			}
		}
	}
	if rerr := <-readErr; err == nil {
		err = rerr
	}
	if err == nil {
		err = handOff(ctx)
	}
	for _, w := range ws {
		if werr := w.close().err; werr != nil {
			// What was handed over was counted; the runs say that it failed.
			err = errors.Join(err, fmt.Errorf("reparse: %w", werr))
		}
	}
	if lerr := stories.err(); lerr != nil {
		err = errors.Join(err, fmt.Errorf("reparse: %w", lerr))
	}
	spooled, where, cause := store.spooled()
	// The records are written even when ctx ended, so a cut-short reparse is visible.
	recCtx := writeContext(ctx, 30*time.Second)
	names := make([]string, 0, len(runs))
	for n := range runs {
		names = append(names, n)
	}
	sort.Strings(names)
	runErr := err
	for _, n := range names {
		run := runs[n]
		run.FinishedAt = time.Now().UTC()
		run.Status = record.StatusOK
		if spooled > 0 {
			run.Status, run.RowsSpooled = record.StatusSpooled, uint64(spooled)
		}
		var errs []record.RunError
		if runErr != nil {
			run.Status, run.Errors, run.FirstError = record.StatusFailed, 1, runErr.Error()
			if ctx.Err() != nil {
				run.Status = record.StatusStopped
			}
			errs = []record.RunError{{RunID: run.RunID, Source: n, At: run.FinishedAt, Error: runErr.Error()}}
		}
		if werr := r.Store.WriteRun(recCtx, *run, errs); werr != nil && !errors.Is(werr, ErrSpooled) {
			err = errors.Join(err, fmt.Errorf("reparse: recording run %s of %s: %w: %w", run.RunID, n, ErrRunNotRecorded, werr))
		}
		res.Runs = append(res.Runs, *run)
	}
	if spooled > 0 {
		err = errors.Join(err, fmt.Errorf("reparse: %d rows spooled to %s (%v); the next run of their source replays them: %w",
			spooled, where, cause, ErrSpooled))
	}
	log.Info("reparse finished", "articles", res.Articles, "facts", res.Facts, "bytes", res.Bytes, "err", err)
	return res, err
}
