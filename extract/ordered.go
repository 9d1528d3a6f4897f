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
// work is running. It is a Pipeline fed with the n items at once.
func Ordered[T any](ctx context.Context, n, workers int, sink Sink,
	work func(ctx context.Context, i int, log Sink) (T, error),
	done func(i int, v T, err error) (stop bool, _ error)) error {
	if n == 0 {
		return nil
	}
	p := NewPipeline[T](ctx, min(workers, n), 2, sink)
	defer p.Close()
	for i := range n {
		if !p.Submit(func(ctx context.Context, log Sink) (T, error) { return work(ctx, i, log) },
			func(v T, err error) (bool, error) { return done(i, v, err) }) {
			break
		}
	}
	return p.Flush()
}

// Pipeline is Ordered for work that is found as it goes (the entries of
// list pages read one after another): the calling goroutine submits work
// in order, workers run it, and the results are handed back in the order
// of submission, from the goroutine that calls Submit, Then and Flush, with
// each work's log replayed on the sink first. So a kind may read its next
// list page while the entries of the last are still being fetched, and
// its sink still sees what a sequential walk would show it.
//
// At most ahead×workers submissions are held at once: Submit and Then
// hand back the oldest (waiting for it) before taking another. The more
// ahead, the longer the workers go on while the calling goroutine is busy
// elsewhere (reading a list page, handing a document to the sink). A done or Then
// callback returning stop or an error stops the pipeline: later results
// are dropped unreported, work not started is not started, and Submit,
// Then and Flush return false or that error (nil for a stop). The end of
// ctx stops it with ctx's error. A Pipeline is used from one goroutine;
// Close must be called (it returns once no work is running).
type Pipeline[T any] struct {
	ctx     context.Context
	cancel  context.CancelFunc
	sink    Sink
	workers int
	held    int // ahead×workers
	jobs    chan *pipelineItem[T]
	started int // worker goroutines started (one per submission, up to workers)
	wg      sync.WaitGroup

	queue   []*pipelineItem[T] // submitted, not yet handed back, in order
	stopped bool
	err     error
}

type pipelineItem[T any] struct {
	work  func(ctx context.Context, log Sink) (T, error) // nil: a Then callback
	done  func(v T, err error) (stop bool, _ error)
	then  func() (stop bool, _ error)
	v     T
	err   error
	log   PageLog
	ready chan struct{} // closed once work returned; nil for Then
}

// NewPipeline starts a pipeline running work on up to workers goroutines
// (at least one), started as work comes, holding at most ahead×workers
// submissions (ahead at least one).
func NewPipeline[T any](ctx context.Context, workers, ahead int, sink Sink) *Pipeline[T] {
	workers = max(1, workers)
	held := workers * max(1, ahead)
	ctx, cancel := context.WithCancel(ctx)
	return &Pipeline[T]{ctx: ctx, cancel: cancel, sink: sink, workers: workers, held: held, jobs: make(chan *pipelineItem[T], held)}
}

// Submit queues work, whose result (value, error and the calls it made on
// its log) goes to done after every earlier submission's. It returns
// false once the pipeline has stopped (see Flush for why).
func (p *Pipeline[T]) Submit(work func(ctx context.Context, log Sink) (T, error), done func(v T, err error) (stop bool, _ error)) bool {
	if !p.room() {
		return false
	}
	it := &pipelineItem[T]{work: work, done: done, ready: make(chan struct{})}
	p.queue = append(p.queue, it)
	if p.started < p.workers {
		p.started++
		p.wg.Add(1)
		go p.worker()
	}
	p.jobs <- it // never blocks: at most held are queued
	return p.handBack(false)
}

// Then calls fn once every earlier submission has been handed back, from
// the goroutine that hands back results; fn returning stop or an error
// stops the pipeline. It returns false once the pipeline has stopped.
func (p *Pipeline[T]) Then(fn func() (stop bool, _ error)) bool {
	if !p.room() {
		return false
	}
	p.queue = append(p.queue, &pipelineItem[T]{then: fn})
	return p.handBack(false)
}

// Flush hands back every result submitted and returns why the pipeline
// stopped: nil when nothing stopped it or a callback asked to stop, the
// callback's error, or ctx's error.
func (p *Pipeline[T]) Flush() error {
	p.handBack(true)
	return p.err
}

// Running reports whether the pipeline has not stopped.
func (p *Pipeline[T]) Running() bool { return !p.stopped }

// Close stops the pipeline: running work sees its context cancelled and
// the results not handed back are dropped. It returns once no work is
// running.
func (p *Pipeline[T]) Close() {
	p.cancel()
	close(p.jobs)
	p.wg.Wait()
	p.queue = nil
}

// room waits, handing back the oldest results, until another submission
// may be held; false once the pipeline has stopped.
func (p *Pipeline[T]) room() bool {
	for !p.stopped && len(p.queue) >= p.held {
		p.handOne(true)
	}
	return !p.stopped
}

// handBack hands back the results that are ready, in order, or (all)
// every result; false once the pipeline has stopped.
func (p *Pipeline[T]) handBack(all bool) bool {
	for !p.stopped && len(p.queue) > 0 {
		if !p.handOne(all) {
			break
		}
	}
	return !p.stopped
}

// handOne hands back the oldest result: waiting for it (wait), or only if
// it is ready. It reports whether it handed one back.
func (p *Pipeline[T]) handOne(wait bool) bool {
	it := p.queue[0]
	if it.ready == nil && p.ctx.Err() != nil {
		p.stop(p.ctx.Err())
		return false
	}
	if it.ready != nil {
		if !wait {
			select {
			case <-it.ready:
			default:
				return false
			}
		}
		select {
		case <-it.ready:
		case <-p.ctx.Done():
			p.stop(p.ctx.Err())
			return false
		}
	}
	p.queue[0] = nil // what it held can go
	p.queue = p.queue[1:]
	var (
		stop bool
		err  error
	)
	if it.ready == nil {
		stop, err = it.then()
	} else if err = it.log.Replay(p.ctx, p.sink); err == nil {
		stop, err = it.done(it.v, it.err)
	}
	if stop || err != nil {
		p.stop(err)
	}
	return true
}

// stop stops the pipeline with err: running work is cancelled.
func (p *Pipeline[T]) stop(err error) {
	p.stopped, p.err = true, err
	p.cancel()
}

func (p *Pipeline[T]) worker() {
	defer p.wg.Done()
	for it := range p.jobs {
		if it.err = p.ctx.Err(); it.err == nil { // work not started once stopped is not started
			it.v, it.err = it.work(p.ctx, &it.log)
		}
		close(it.ready)
	}
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
