package schedules

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/newsetl/newsetl/record"
)

// writerQueue is how many full batches may wait for the background
// writer while it writes another: one, so that the extraction fills the
// next batch while the last is sent, and memory stays at about three
// batches; a fourth blocks the extraction (back-pressure).
const writerQueue = 1

// versions is one batch of a run's article versions: facts, the article
// rows that commit them, and the page states written after both.
type versions struct {
	articles []record.Article
	facts    []record.Fact
	chunks   [][]record.Fact // more facts, by article: flattened after facts when written
	states   []record.PageState
}

// rows is how many fact rows b holds.
func (b versions) rows() int {
	n := len(b.facts)
	for _, c := range b.chunks {
		n += len(c)
	}
	return n
}

// allFacts is b's facts in one slice: facts, then chunks in order. A run
// buffers each article's facts as their own slice and they are copied once
// here, on the writer's goroutine, instead of into a slice grown as they
// come (a tenth of a crawl's CPU went to growing it).
func (b versions) allFacts() []record.Fact {
	if len(b.chunks) == 0 {
		return b.facts
	}
	out := make([]record.Fact, 0, b.rows())
	out = append(out, b.facts...)
	for _, c := range b.chunks {
		out = append(out, c...)
	}
	return out
}

// writeResult is the outcome of writing batches.
type writeResult struct {
	facts  int      // fact rows written
	failed []uint64 // ids of articles not written
	err    error
}

// write writes b in the order of the Store contract: facts, then their
// articles (WriteVersions), then the page states.
func (b versions) write(ctx context.Context, store Store, source string) writeResult {
	var res writeResult
	if len(b.articles) > 0 {
		facts := b.allFacts()
		if err := store.WriteVersions(ctx, b.articles, facts); err != nil {
			for _, a := range b.articles {
				res.failed = append(res.failed, a.ArticleID)
			}
			res.err = fmt.Errorf("source %s: writing %d articles: %w: %w", source, len(b.articles), errFlush, err)
			return res // no page state without its article
		}
		res.facts = len(facts)
	}
	// Page states go last: a state without its article would make the next
	// run skip an article that was never stored.
	if len(b.states) > 0 {
		if err := store.WritePageStates(ctx, b.states); err != nil {
			res.err = fmt.Errorf("source %s: writing %d page states: %w: %w", source, len(b.states), errFlush, err)
		}
	}
	return res
}

// writer writes one run's batches on a goroutine of its own, in the order
// they were handed over, so the flush order holds across batches too. Once
// a batch fails, the later ones are not written (their articles are
// reported as failed): the run stops on the error.
type writer struct {
	jobs chan job
	done chan struct{}

	mu  sync.Mutex
	res writeResult // accumulated outcome
}

type job struct {
	ctx context.Context
	b   versions
}

func startWriter(store Store, source string) *writer {
	w := &writer{jobs: make(chan job, writerQueue), done: make(chan struct{})}
	go func() {
		defer close(w.done)
		for j := range w.jobs {
			w.mu.Lock()
			failedBefore := w.res.err != nil
			w.mu.Unlock()
			var res writeResult
			if failedBefore {
				for _, a := range j.b.articles {
					res.failed = append(res.failed, a.ArticleID)
				}
			} else {
				// A batch handed over is written even when the run is
				// stopped meanwhile, as the run's last flush is.
				res = j.b.write(writeContext(j.ctx, flushTimeout), store, source)
			}
			w.mu.Lock()
			w.res.facts += res.facts
			w.res.failed = append(w.res.failed, res.failed...)
			w.res.err = errors.Join(w.res.err, res.err)
			w.mu.Unlock()
		}
	}()
	return w
}

// send queues b, waiting while the queue is full; it gives up when ctx ends.
func (w *writer) send(ctx context.Context, b versions) error {
	select {
	case w.jobs <- job{ctx: ctx, b: b}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// err is the error of the writes so far.
func (w *writer) err() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.res.err
}

// close waits until every queued batch is written and returns the outcome.
func (w *writer) close() writeResult {
	close(w.jobs)
	<-w.done
	return w.res
}
