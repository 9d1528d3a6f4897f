package extract

import (
	"context"
	"sync"

	"github.com/newsetl/newsetl/transform/stats"
)

// Workers is how many goroutines a kind should fetch and parse the entries
// of one list page (or feed) on: enough to keep the Fetcher's per-host
// places busy (fetch.max_per_host; the rate limit still applies) and
// every core parsing.
func (f *Fetcher) Workers(cores int) int {
	return max(1, f.cfg.MaxPerHost, cores)
}

// Ordered runs work(ctx, i, log) for every i in [0, n) on up to workers
// goroutines and hands the results back in the order of i, from the
// calling goroutine: for each i in turn it replays on sink what work
// reported to its log (PageFetched, PageUnchanged, PageError, in the order
// work made the calls; Document and Observations too), then calls
// done(i, value, err). So a kind fetches and parses concurrently while its
// sink is still called from one goroutine at a time, in list order, and
// its results are the same as a sequential walk's.
//
// At most 2×workers results are held at once (memory does not grow with
// n). done returning stop or an error ends Ordered, which returns that
// error: work not yet started is not started, running work sees its
// context cancelled, and the results of both are dropped unreported. The
// end of ctx ends Ordered with ctx's error. Ordered returns only once no
// work is running.
func Ordered[T any](ctx context.Context, n, workers int, sink Sink,
	work func(ctx context.Context, i int, log Sink) (T, error),
	done func(i int, v T, err error) (stop bool, _ error)) error {
	if n == 0 {
		return nil
	}
	workers = max(1, min(workers, n))
	ctx, cancel := context.WithCancel(ctx)

	type result struct {
		v     T
		err   error
		log   PageLog
		ready chan struct{}
	}
	results := make([]*result, n)
	for i := range results {
		results[i] = &result{ready: make(chan struct{})}
	}
	ahead := make(chan struct{}, 2*workers) // results started and not yet handed back
	next := make(chan int)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // hands out the items in order, at most len(ahead) ahead
		defer wg.Done()
		defer close(next)
		for i := range n {
			select {
			case ahead <- struct{}{}:
			case <-ctx.Done():
				return
			}
			select {
			case next <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				r := results[i]
				r.v, r.err = work(ctx, i, &r.log)
				close(r.ready)
			}
		}()
	}
	defer func() { // no work outlives Ordered
		cancel()
		wg.Wait()
	}()

	for i, r := range results {
		select {
		case <-r.ready:
		case <-ctx.Done():
			return ctx.Err()
		}
		if err := r.log.Replay(ctx, sink); err != nil {
			return err
		}
		stop, err := done(i, r.v, r.err)
		results[i] = nil // what it held can go
		<-ahead
		if err != nil || stop {
			return err
		}
	}
	return nil
}

// PageLog is a Sink that keeps the calls made to it, to be replayed later
// on another Sink (Ordered gives one to each worker). The zero value is
// ready to use; it is not safe for concurrent use.
type PageLog struct {
	events []pageEvent
}

type pageEvent struct {
	op          byte // 'f' fetched, 'u' unchanged, 'e' error, 'd' document, 'o' observations
	url         string
	notModified bool
	err         error
	doc         Document
	obs         []stats.Observation
}

var _ Sink = (*PageLog)(nil)

// Document implements Sink; the document is handed over on Replay.
func (l *PageLog) Document(_ context.Context, d Document) error {
	l.events = append(l.events, pageEvent{op: 'd', doc: d})
	return nil
}

// Observations implements Sink; they are handed over on Replay.
func (l *PageLog) Observations(_ context.Context, obs []stats.Observation) error {
	l.events = append(l.events, pageEvent{op: 'o', obs: obs})
	return nil
}

// PageError implements Sink.
func (l *PageLog) PageError(url string, err error) {
	l.events = append(l.events, pageEvent{op: 'e', url: url, err: err})
}

// PageFetched implements Sink.
func (l *PageLog) PageFetched(url string) {
	l.events = append(l.events, pageEvent{op: 'f', url: url})
}

// PageUnchanged implements Sink.
func (l *PageLog) PageUnchanged(url string, notModified bool) {
	l.events = append(l.events, pageEvent{op: 'u', url: url, notModified: notModified})
}

// Replay makes the kept calls on sink, in the order they were made, and
// forgets them. It stops at the first error of Document or Observations.
func (l *PageLog) Replay(ctx context.Context, sink Sink) error {
	events := l.events
	l.events = nil
	for _, e := range events {
		switch e.op {
		case 'f':
			sink.PageFetched(e.url)
		case 'u':
			sink.PageUnchanged(e.url, e.notModified)
		case 'e':
			sink.PageError(e.url, e.err)
		case 'd':
			if err := sink.Document(ctx, e.doc); err != nil {
				return err
			}
		case 'o':
			if err := sink.Observations(ctx, e.obs); err != nil {
				return err
			}
		}
	}
	return nil
}
