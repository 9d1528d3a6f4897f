package schedules_test

import (
	"context"
	"errors"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/newsetl/newsetl/record"
	"github.com/newsetl/newsetl/schedules"
	"github.com/newsetl/newsetl/schedules/schedulestest"
)

// recordingLinker keeps the articles it was asked to link.
type recordingLinker struct {
	mu    sync.Mutex
	calls [][]record.Article
	fail  error
}

func (l *recordingLinker) LinkStories(_ context.Context, arts []record.Article) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.calls = append(l.calls, arts)
	return l.fail
}

func (l *recordingLinker) urls() []string {
	var out []string
	for _, c := range l.calls {
		for _, a := range c {
			out = append(out, a.URL)
		}
	}
	sort.Strings(out)
	return out
}

// The run links the versions it wrote, after they are written; an
// unchanged rerun links nothing; a failing linker makes the run partial
// with the error recorded, and the versions stay written.
func TestIngestLinksWrittenVersions(t *testing.T) {
	ctx := context.Background()
	store := &schedulestest.Store{}
	links := &recordingLinker{}
	in := &schedules.Ingester{Store: store, Stories: links, FlushArticles: 2}
	job := schedules.Job{Source: "mem", Kind: "test", Extractor: &pagesSource{docs: threeDocs()}}
	run, err := in.Run(ctx, job)
	if err != nil || run.Status != record.StatusOK {
		t.Fatalf("run: %s, %v", counts(run), err)
	}
	if got := strings.Join(links.urls(), " "); got != "http://mem.test/a/1.html http://mem.test/a/2.html http://mem.test/a/3.html" {
		t.Errorf("linked %s", got)
	}
	if len(links.calls) != 2 {
		t.Errorf("linked in %d calls, want 2 (one per written batch of 2 articles)", len(links.calls))
	}
	for _, c := range links.calls {
		for _, a := range c {
			if len(store.Articles("mem")) == 0 || a.ArticleID == 0 || a.PublishedAt.IsZero() {
				t.Errorf("linked %+v", a)
			}
		}
	}
	links.calls = nil
	if _, err := in.Run(ctx, job); err != nil || len(links.calls) != 0 {
		t.Errorf("unchanged rerun: linked %d batches, err %v", len(links.calls), err)
	}

	changed := threeDocs()
	changed[0].Text = "There were 1,155 medical institutions."
	links.fail = errors.New("clickhouse: story_links: connection refused")
	run, err = in.Run(ctx, schedules.Job{Source: "mem", Kind: "test", Extractor: &pagesSource{docs: changed}})
	if err != nil || run.Status != record.StatusPartial || run.ArticlesChanged != 1 || !strings.Contains(run.FirstError, "story_links: connection refused") {
		t.Errorf("run with a failing linker: %s, first error %q, %v", counts(run), run.FirstError, err)
	}
	written := false
	for _, f := range store.Facts("mem") {
		written = written || f.Figure == "1,155"
	}
	if !written {
		t.Error("the changed version's fact 1,155 was not written")
	}
}

// A version the Store did not write (a failed write) is never linked.
func TestIngestDoesNotLinkUnwrittenVersions(t *testing.T) {
	store := &schedulestest.Store{Fail: func(op schedulestest.Op) error {
		if op == schedulestest.OpArticles {
			return errors.New("down")
		}
		return nil
	}}
	links := &recordingLinker{}
	in := &schedules.Ingester{Store: store, Stories: links}
	run, _ := in.Run(context.Background(), schedules.Job{Source: "mem", Kind: "test", Extractor: &pagesSource{docs: threeDocs()}})
	if run.Status != record.StatusFailed || len(links.calls) != 0 {
		t.Errorf("failed write: status %s, %d link calls", run.Status, len(links.calls))
	}
}
