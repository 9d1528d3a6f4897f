package extract_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/newsetl/newsetl/extract"
	"github.com/newsetl/newsetl/transform/stats"
)

// oneAtATime is a Sink that fails the test when two goroutines call it at
// once, and keeps the order of the calls.
type oneAtATime struct {
	t     *testing.T
	busy  atomic.Bool
	calls []string
}

func (s *oneAtATime) enter() func() {
	if !s.busy.CompareAndSwap(false, true) {
		s.t.Error("sink called from two goroutines at once")
	}
	return func() { s.busy.Store(false) }
}
func (s *oneAtATime) Document(_ context.Context, d extract.Document) error {
	defer s.enter()()
	s.calls = append(s.calls, "doc "+d.URL)
	return nil
}
func (s *oneAtATime) Observations(context.Context, []stats.Observation) error { return nil }
func (s *oneAtATime) PageError(url string, err error) {
	defer s.enter()()
	s.calls = append(s.calls, "error "+url)
}
func (s *oneAtATime) PageFetched(url string) {
	defer s.enter()()
	s.calls = append(s.calls, "fetched "+url)
}
func (s *oneAtATime) PageUnchanged(url string, nm bool) {
	defer s.enter()()
	s.calls = append(s.calls, "unchanged "+url)
}

func TestOrderedKeepsListOrder(t *testing.T) {
	for _, workers := range []int{1, 3, 8} {
		t.Run(fmt.Sprint("workers=", workers), func(t *testing.T) {
			sink := &oneAtATime{t: t}
			var running, peak, waiting atomic.Int32
			var got []int
			err := extract.Ordered(context.Background(), 50, workers, sink,
				func(ctx context.Context, i int, log extract.Sink) (int, error) {
					n := running.Add(1)
					for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
					}
					if w := waiting.Add(1); int(w) > 2*workers {
						t.Errorf("%d results held at once, want at most %d", w, 2*workers)
					}
					time.Sleep(time.Duration(rand.IntN(300)) * time.Microsecond)
					log.PageFetched(fmt.Sprint(i))
					if i%7 == 3 {
						log.PageUnchanged(fmt.Sprint(i), true)
					}
					running.Add(-1)
					if i%10 == 9 {
						return 0, errors.New("gone")
					}
					return i * i, nil
				},
				func(i int, v int, err error) (bool, error) {
					waiting.Add(-1)
					if err != nil {
						sink.PageError(fmt.Sprint(i), err)
						return false, nil
					}
					if v != i*i {
						t.Errorf("item %d: value %d, want %d", i, v, i*i)
					}
					got = append(got, i)
					sink.Document(context.Background(), extract.Document{URL: fmt.Sprint(i)})
					return false, nil
				})
			if err != nil {
				t.Fatal(err)
			}
			var want []string
			var wantGot []int
			for i := range 50 {
				want = append(want, fmt.Sprint("fetched ", i))
				if i%7 == 3 {
					want = append(want, fmt.Sprint("unchanged ", i))
				}
				if i%10 == 9 {
					want = append(want, fmt.Sprint("error ", i))
				} else {
					want = append(want, fmt.Sprint("doc ", i))
					wantGot = append(wantGot, i)
				}
			}
			if !slices.Equal(sink.calls, want) {
				t.Errorf("sink calls out of order:\n%v\nwant\n%v", sink.calls, want)
			}
			if !slices.Equal(got, wantGot) {
				t.Errorf("done order %v", got)
			}
			if p := peak.Load(); p > int32(workers) {
				t.Errorf("%d items worked on at once with %d workers", p, workers)
			}
			if workers > 1 && peak.Load() < 2 {
				t.Errorf("items never overlapped with %d workers", workers)
			}
		})
	}
}

// Stopping early starts nothing more, cancels running work, reports
// nothing of it, and returns only once no work runs.
func TestOrderedStops(t *testing.T) {
	sink := &oneAtATime{t: t}
	var started, running atomic.Int32
	stopErr := errors.New("loader failed")
	err := extract.Ordered(context.Background(), 1000, 4, sink,
		func(ctx context.Context, i int, log extract.Sink) (int, error) {
			started.Add(1)
			running.Add(1)
			defer running.Add(-1)
			log.PageFetched(fmt.Sprint(i))
			select {
			case <-ctx.Done():
			case <-time.After(time.Duration(i%3) * time.Millisecond):
			}
			return i, nil
		},
		func(i int, v int, err error) (bool, error) {
			if i == 5 {
				return true, stopErr
			}
			return false, nil
		})
	if !errors.Is(err, stopErr) {
		t.Fatalf("err = %v, want the done error", err)
	}
	if r := running.Load(); r != 0 {
		t.Errorf("%d items still running after Ordered returned", r)
	}
	if s := started.Load(); s > 6+8 {
		t.Errorf("%d items started, want at most 14 (6 done, 2×4 ahead)", s)
	}
	if len(sink.calls) != 6 || sink.calls[5] != "fetched 5" {
		t.Errorf("sink calls %v, want the fetches of items 0-5 only", sink.calls)
	}

	// The end of ctx ends it with ctx's error.
	ctx, cancel := context.WithCancel(context.Background())
	err = extract.Ordered(ctx, 100, 2, sink,
		func(ctx context.Context, i int, log extract.Sink) (int, error) {
			if i == 10 {
				cancel()
			}
			<-time.After(time.Millisecond)
			return i, ctx.Err()
		},
		func(int, int, error) (bool, error) { return false, nil })
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

// A Pipeline fed page by page hands everything back in submission order,
// the Then callbacks between them, while the work of a later page runs
// before an earlier page's results are all back: the last entry of page 1
// finishes only once an entry of page 2 has started.
func TestPipelineOverlapsPagesAndKeepsOrder(t *testing.T) {
	sink := &oneAtATime{t: t}
	p := extract.NewPipeline[int](context.Background(), 3, 2, sink)
	defer p.Close()
	page2Started := make(chan struct{})
	var once atomic.Bool
	for page := 1; page <= 4; page++ {
		var log extract.PageLog
		log.PageFetched(fmt.Sprintf("list %d", page))
		if !p.Then(func() (bool, error) { return false, log.Replay(context.Background(), sink) }) {
			t.Fatal("stopped")
		}
		for i := range 4 {
			url := fmt.Sprintf("%d/%d", page, i)
			ok := p.Submit(func(ctx context.Context, log extract.Sink) (int, error) {
				switch {
				case page == 2 && once.CompareAndSwap(false, true):
					close(page2Started)
				case page == 1 && i == 3:
					select {
					case <-page2Started:
					case <-time.After(10 * time.Second):
						return 0, errors.New("page 2 never started while page 1 was still being read")
					}
				}
				time.Sleep(time.Duration(rand.IntN(200)) * time.Microsecond)
				log.PageFetched(url)
				return page*10 + i, nil
			}, func(v int, err error) (bool, error) {
				if err != nil {
					return true, err
				}
				if v != page*10+i {
					t.Errorf("%s: value %d", url, v)
				}
				return false, sink.Document(context.Background(), extract.Document{URL: url})
			})
			if !ok {
				t.Fatal(p.Flush())
			}
		}
		p.Then(func() (bool, error) { sink.PageUnchanged(fmt.Sprintf("end %d", page), false); return false, nil })
	}
	if err := p.Flush(); err != nil {
		t.Fatal(err)
	}
	var want []string
	for page := 1; page <= 4; page++ {
		want = append(want, fmt.Sprintf("fetched list %d", page))
		for i := range 4 {
			want = append(want, fmt.Sprintf("fetched %d/%d", page, i), fmt.Sprintf("doc %d/%d", page, i))
		}
		want = append(want, fmt.Sprintf("unchanged end %d", page))
	}
	if !slices.Equal(sink.calls, want) {
		t.Errorf("sink calls:\n%v\nwant\n%v", sink.calls, want)
	}
}

// A Then callback that asks to stop stops the pipeline: later results are
// dropped, Submit and Then report it, and Flush returns nil; one that
// fails makes Flush return its error.
func TestPipelineStops(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
	}{{"stop", nil}, {"error", errors.New("sink refused")}} {
		t.Run(tc.name, func(t *testing.T) {
			sink := &oneAtATime{t: t}
			p := extract.NewPipeline[int](context.Background(), 2, 2, sink)
			submit := func(i int) bool {
				return p.Submit(func(ctx context.Context, log extract.Sink) (int, error) {
					log.PageFetched(fmt.Sprint(i))
					return i, nil
				}, func(int, error) (bool, error) { return false, nil })
			}
			submit(0)
			submit(1)
			p.Then(func() (bool, error) { return true, tc.err })
			for i := 2; i < 100 && submit(i); i++ {
			}
			if p.Running() || submit(100) || p.Then(func() (bool, error) { t.Error("called after the stop"); return false, nil }) {
				t.Error("the pipeline still takes work after the stop")
			}
			if err := p.Flush(); !errors.Is(err, tc.err) || (tc.err == nil && err != nil) {
				t.Errorf("Flush: %v, want %v", err, tc.err)
			}
			p.Close()
			if !slices.Equal(sink.calls, []string{"fetched 0", "fetched 1"}) {
				t.Errorf("sink calls %v, want only those before the stop", sink.calls)
			}
		})
	}
}
