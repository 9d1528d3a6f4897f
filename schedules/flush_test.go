package schedules_test

import (
	"context"
	"errors"
	"testing"

	"github.com/newsetl/newsetl/extract"
	"github.com/newsetl/newsetl/record"

	"github.com/newsetl/newsetl/schedules"
	"github.com/newsetl/newsetl/schedules/schedulestest"
)

// A run writes when its buffered fact rows reach the batch size or its
// text the byte guard, however many articles that is; the rest at the end.
func TestFlushByRowsAndBytes(t *testing.T) {
	for _, tc := range []struct {
		name   string
		in     schedules.Ingester
		writes int
	}{
		{"rows: one batch for the whole run", schedules.Ingester{BatchRows: 100}, 1},
		{"rows: two facts a batch", schedules.Ingester{BatchRows: 2}, 2},
		{"rows: one fact a batch", schedules.Ingester{BatchRows: 1}, 3},
		{"bytes: every document over the guard", schedules.Ingester{FlushBytes: 1}, 3},
		{"articles, when set", schedules.Ingester{FlushArticles: 2}, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			store := &schedulestest.Store{}
			in := tc.in
			in.Store = store
			run, err := in.Run(context.Background(), schedules.Job{Source: "mem", Kind: "test", Extractor: &pagesSource{docs: threeDocs()}})
			if err != nil || counts(run) != "status=ok new=3 changed=0 unchanged=0 facts=3 errors=0" {
				t.Fatalf("run: %s, %v", counts(run), err)
			}
			if n := store.Writes(schedulestest.OpArticles); n != tc.writes {
				t.Errorf("%d article writes, want %d", n, tc.writes)
			}
			if n := store.Writes(schedulestest.OpFacts); n != tc.writes {
				t.Errorf("%d fact writes, want %d", n, tc.writes)
			}
			if n := len(store.Facts("mem")); n != 3 {
				t.Errorf("%d facts stored, want 3", n)
			}
		})
	}
}

// slowStore holds each WriteVersions until the test releases it.
type slowStore struct {
	*schedulestest.Store
	started chan int
	release chan struct{}
	n       int
}

func (s *slowStore) WriteVersions(ctx context.Context, a []record.Article, f []record.Fact) error {
	s.n++
	s.started <- s.n
	<-s.release
	return s.Store.WriteVersions(ctx, a, f)
}

type stepSource struct {
	docs     []extract.Document
	returned chan int
}

func (x *stepSource) Extract(ctx context.Context, _ extract.Window, sink extract.Sink) error {
	for i, d := range x.docs {
		if err := sink.Document(ctx, d); err != nil {
			return err
		}
		x.returned <- i
	}
	return nil
}

// Full batches are written in the background: the extraction goes on while
// a batch is being written, and the batches are written in order, each
// with its page states after its articles.
func TestFlushInBackground(t *testing.T) {
	mem := &schedulestest.Store{}
	store := &slowStore{Store: mem, started: make(chan int, 10), release: make(chan struct{})}
	src := &stepSource{docs: threeDocs(), returned: make(chan int, 10)}
	in := &schedules.Ingester{Store: store, BatchRows: 1}
	type result struct {
		run record.Run
		err error
	}
	done := make(chan result)
	go func() {
		run, err := in.Run(context.Background(), schedules.Job{Source: "mem", Kind: "test", Extractor: src})
		done <- result{run, err}
	}()
	if n := <-store.started; n != 1 {
		t.Fatalf("first write started is %d", n)
	}
	// The first batch is being written; the second document is read meanwhile.
	if i := <-src.returned; i != 0 {
		t.Fatalf("document %d returned first", i)
	}
	if i := <-src.returned; i != 1 {
		t.Fatalf("document %d returned second", i)
	}
	if n := mem.Writes(schedulestest.OpArticles); n != 0 {
		t.Fatalf("%d article writes finished while the first was held", n)
	}
	for range 3 {
		store.release <- struct{}{}
	}
	res := <-done
	if res.err != nil || counts(res.run) != "status=ok new=3 changed=0 unchanged=0 facts=3 errors=0" {
		t.Fatalf("run: %s, %v", counts(res.run), res.err)
	}
	if n := mem.Writes(schedulestest.OpArticles); n != 3 {
		t.Errorf("%d article writes, want 3 (one per batch)", n)
	}
	if a := mem.Articles("mem"); len(a) != 3 || len(mem.Facts("mem")) != 3 {
		t.Errorf("%d articles, %d facts stored; want 3, 3", len(a), len(mem.Facts("mem")))
	}
}

// A background write that fails fails the run, as a synchronous one did:
// nothing of the batch is visible and no page state is written for it.
func TestFlushInBackgroundFailure(t *testing.T) {
	down := errors.New("connection refused")
	store := &schedulestest.Store{Fail: func(op schedulestest.Op) error {
		if op == schedulestest.OpArticles {
			return down
		}
		return nil
	}}
	in := &schedules.Ingester{Store: store, BatchRows: 1}
	run, err := in.Run(context.Background(), schedules.Job{Source: "mem", Kind: "test", Extractor: &pagesSource{docs: threeDocs()}})
	if !errors.Is(err, down) || run.Status != record.StatusFailed || run.FactsWritten != 0 {
		t.Fatalf("run: status %s, facts %d, err %v; want failed, 0, the store's error", run.Status, run.FactsWritten, err)
	}
	if len(store.Articles("mem"))+len(store.Facts("mem")) != 0 || store.Writes(schedulestest.OpPageStates) != 0 {
		t.Fatal("rows or page states visible after failed article writes")
	}
}
