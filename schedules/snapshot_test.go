package schedules_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/newsetl/newsetl/extract"
	"github.com/newsetl/newsetl/record"
	"github.com/newsetl/newsetl/schedules"
	"github.com/newsetl/newsetl/schedules/schedulestest"
)

// countingStore counts the reads a backfill should make once.
type countingStore struct {
	*schedulestest.Store
	hashes, pages atomic.Int32
}

func (c *countingStore) ArticleHashes(ctx context.Context, source string) (map[uint64]string, error) {
	c.hashes.Add(1)
	return c.Store.ArticleHashes(ctx, source)
}

func (c *countingStore) PageStates(ctx context.Context, source string) (map[string]record.PageState, error) {
	c.pages.Add(1)
	return c.Store.PageStates(ctx, source)
}

// partitionRuns keeps each partition's run, in the order they finished.
type partitionRuns struct {
	mu   sync.Mutex
	runs []string
}

func (p *partitionRuns) Start(total, skipped int) {}
func (p *partitionRuns) PartitionDone(span schedules.Span, run record.Run) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.runs = append(p.runs, span.String()+" "+counts(run))
}
func (p *partitionRuns) Finish() {}

// A backfill reads its source's hashes and page states once, however many
// partitions it has, and each partition sees what the earlier ones wrote:
// the same three documents listed in every partition are new in the first
// and unchanged (with their page states known) in the nine after it.
func TestBackfillReadsSourceStateOnce(t *testing.T) {
	store := &countingStore{Store: &schedulestest.Store{}}
	src := &pagesSource{docs: threeDocs()}
	job := schedules.Job{Source: "mem", Kind: "test", Extractor: dayPartitions{src}}
	prog := &partitionRuns{}
	b := &schedules.Backfill{Ingester: &schedules.Ingester{Store: store}, Progress: prog}
	res, err := b.Run(context.Background(), job, date("2021-01-01"), date("2021-01-10"))
	if err != nil {
		t.Fatal(err)
	}
	if res.Partitions != 10 || res.Done != 10 || res.Articles != 3 {
		t.Fatalf("result %+v, want 10 partitions done and 3 articles written", res)
	}
	if h, p := store.hashes.Load(), store.pages.Load(); h != 1 || p != 1 {
		t.Errorf("ArticleHashes called %d times, PageStates %d times; want once each", h, p)
	}
	if got, want := prog.runs[0], "2021-01-01..2021-01-01 status=ok new=3 changed=0 unchanged=0 facts=3 errors=0"; got != want {
		t.Errorf("first partition: %s, want %s", got, want)
	}
	for _, r := range prog.runs[1:] {
		if want := r[:22] + " status=ok new=0 changed=0 unchanged=3 facts=0 errors=0"; r != want {
			t.Errorf("later partition: %s, want %s", r, want)
		}
	}
	if len(src.answered) != 3 {
		t.Errorf("the last partition was given page states for %d pages, want the 3 the first one wrote", len(src.answered))
	}
	if n := len(store.Articles("mem")); n != 3 {
		t.Errorf("%d articles stored, want 3", n)
	}

	// A second backfill (forced, so nothing is skipped) reads them again,
	// once, and rewrites each article once: forced runs ask for no states.
	store.hashes.Store(0)
	store.pages.Store(0)
	b.Force = true
	if _, err := b.Run(context.Background(), job, date("2021-01-01"), date("2021-01-03")); err != nil {
		t.Fatal(err)
	}
	if h, p := store.hashes.Load(), store.pages.Load(); h != 1 || p != 0 {
		t.Errorf("forced backfill: ArticleHashes called %d times, PageStates %d times; want 1 and 0", h, p)
	}
}

// A write that failed is not folded into the snapshot: the next partition
// writes the articles as new, and they end up stored.
func TestBackfillSnapshotForgetsFailedWrites(t *testing.T) {
	mem := &schedulestest.Store{}
	var fails atomic.Int32
	mem.Fail = func(op schedulestest.Op) error {
		if op == schedulestest.OpArticles && fails.Add(1) == 1 {
			return errors.New("connection reset")
		}
		return nil
	}
	store := &countingStore{Store: mem}
	prog := &partitionRuns{}
	b := &schedules.Backfill{Ingester: &schedules.Ingester{Store: store}, Progress: prog}
	job := schedules.Job{Source: "mem", Kind: "test", Extractor: dayPartitions{&pagesSource{docs: threeDocs()}}}
	res, err := b.Run(context.Background(), job, date("2021-01-01"), date("2021-01-03"))
	if err == nil || res.Failed != 1 || res.Done != 2 {
		t.Fatalf("result %+v, %v; want the first partition failed and two done", res, err)
	}
	if got := prog.runs[1]; got != "2021-01-02..2021-01-02 status=ok new=3 changed=0 unchanged=0 facts=3 errors=0" {
		t.Errorf("partition after the failed write: %s, want the 3 articles written as new", got)
	}
	if n := len(mem.Articles("mem")); n != 3 {
		t.Errorf("%d articles stored, want 3", n)
	}
	if h := store.hashes.Load(); h != 1 {
		t.Errorf("ArticleHashes called %d times, want 1", h)
	}
}

// Partitions running at once share the snapshot safely (run with -race):
// every article is written once, and the source is read once.
func TestBackfillConcurrentPartitionsShareTheSnapshot(t *testing.T) {
	store := &countingStore{Store: &schedulestest.Store{}}
	var docs []extract.Document
	for i := range 40 {
		docs = append(docs, doc(i, fmt.Sprintf("There were %d medical institutions.", 1000+i)))
	}
	job := schedules.Job{Source: "mem", Kind: "test", Extractor: dayPartitions{&listSource{docs: docs}}}
	b := &schedules.Backfill{Ingester: &schedules.Ingester{Store: store}, Concurrency: 4}
	res, err := b.Run(context.Background(), job, date("2021-01-01"), date("2021-01-20"))
	if err != nil || res.Done != 20 {
		t.Fatalf("result %+v, %v", res, err)
	}
	if h, p := store.hashes.Load(), store.pages.Load(); h != 1 || p != 1 {
		t.Errorf("ArticleHashes called %d times, PageStates %d times; want once each", h, p)
	}
	if n := len(store.Articles("mem")); n != 40 {
		t.Errorf("%d articles stored, want 40", n)
	}
	// Partitions running at once work on the snapshot's own maps: an
	// article one of them has read is known to the others at once, so each
	// is written once however the partitions interleave.
	if res.Articles != 40 {
		t.Errorf("%d article writes, want 40 (each article once)", res.Articles)
	}
}

// dayPartitions makes a source partition by day, so a backfill over ten
// days has ten partitions.
type dayPartitions struct{ extract.Extractor }

func (dayPartitions) Partition() extract.Granularity { return extract.ByDay }

// listSource hands the same documents to every run; safe for runs at once.
type listSource struct{ docs []extract.Document }

func (l *listSource) Extract(ctx context.Context, w extract.Window, sink extract.Sink) error {
	for _, d := range l.docs {
		d.FetchedAt = time.Now().UTC()
		sink.PageFetched(d.URL)
		d.Page = &extract.PageState{URL: d.URL, Hash: d.ContentHash()}
		if err := sink.Document(ctx, d); err != nil {
			return err
		}
	}
	return nil
}
