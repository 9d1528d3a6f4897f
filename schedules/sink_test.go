package schedules_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/newsetl/newsetl/extract"
	"github.com/newsetl/newsetl/record"
	"github.com/newsetl/newsetl/schedules"
	"github.com/newsetl/newsetl/schedules/schedulestest"
	"github.com/newsetl/newsetl/transform/stats"
)

// pagesSource hands the documents it holds to the sink, each with a page
// state, and records what the Fetcher's page states answer for each URL
// during the run (as a kind's FetchArticle would ask).
type pagesSource struct {
	docs     []extract.Document
	fail     error // returned after the documents: the source failed as a whole
	answered map[string]extract.PageState
}

func (p *pagesSource) Extract(ctx context.Context, w extract.Window, sink extract.Sink) error {
	p.answered = map[string]extract.PageState{}
	for _, d := range p.docs {
		if prev, ok := schedules.PageStates().Previous(ctx, d.URL); ok {
			p.answered[d.URL] = prev
		}
		sink.PageFetched(d.URL)
		d.Page = &extract.PageState{URL: d.URL, ETag: `"` + d.Title + `"`, Hash: d.ContentHash()}
		if err := sink.Document(ctx, d); err != nil {
			return err
		}
	}
	return p.fail
}

func doc(i int, text string) extract.Document {
	return extract.Document{Source: "mem", URL: fmt.Sprintf("http://mem.test/a/%d.html", i), Title: fmt.Sprintf("t%d", i),
		PublishedAt: time.Date(2021, 12, 20, 0, 0, 0, 0, time.UTC), Lang: "en", Text: text, FetchedAt: time.Now().UTC()}
}

func threeDocs() []extract.Document {
	return []extract.Document{
		doc(1, "There were 1,154 medical institutions."),
		doc(2, "The completion rate reached 99.6 percent."),
		doc(3, "Health spending was 6.2 percent of the nation's GDP."),
	}
}

func counts(r record.Run) string {
	return fmt.Sprintf("status=%s new=%d changed=%d unchanged=%d facts=%d errors=%d",
		r.Status, r.ArticlesNew, r.ArticlesChanged, r.ArticlesUnchanged, r.FactsWritten, r.Errors)
}

// A rerun of the same documents writes nothing; an edited one is a new
// version whose facts replace the old ones in the latest view.
func TestIngestDedupeOnMemoryStore(t *testing.T) {
	store := &schedulestest.Store{}
	in := &schedules.Ingester{Store: store}
	src := &pagesSource{docs: threeDocs()}
	job := schedules.Job{Source: "mem", Kind: "test", Extractor: src}
	ctx := context.Background()

	first, err := in.Run(ctx, job)
	if err != nil || counts(first) != "status=ok new=3 changed=0 unchanged=0 facts=3 errors=0" {
		t.Fatalf("first run: %s, %v", counts(first), err)
	}
	rows := store.FactRows()
	second, err := in.Run(ctx, job)
	if err != nil || counts(second) != "status=ok new=0 changed=0 unchanged=3 facts=0 errors=0" {
		t.Fatalf("second run: %s, %v", counts(second), err)
	}
	if store.FactRows() != rows {
		t.Errorf("an unchanged rerun added %d fact rows", store.FactRows()-rows)
	}

	time.Sleep(2 * time.Millisecond) // versions are fetch times in milliseconds
	src.docs[1] = doc(2, "The completion rate reached 99.7 percent.")
	third, err := in.Run(ctx, job)
	if err != nil || counts(third) != "status=ok new=0 changed=1 unchanged=2 facts=1 errors=0" {
		t.Fatalf("third run: %s, %v", counts(third), err)
	}
	var values []float64
	for _, f := range store.Facts("mem") {
		values = append(values, f.Value)
	}
	if got := fmt.Sprint(values); got != "[1154 99.7 6.2]" {
		t.Errorf("latest facts = %s, want [1154 99.7 6.2]", got)
	}
	if n := len(store.Runs()); n != 3 {
		t.Errorf("%d runs recorded, want 3", n)
	}

	// A forced run rewrites every article and asks for no page state.
	job.Force = true
	forced, err := in.Run(ctx, job)
	if err != nil || counts(forced) != "status=ok new=0 changed=3 unchanged=0 facts=3 errors=0" {
		t.Fatalf("forced run: %s, %v", counts(forced), err)
	}
	if len(src.answered) != 0 {
		t.Errorf("a forced run was given page states for %d pages, want none", len(src.answered))
	}
}

// Page states reach the Fetcher only inside a run of their own source, and
// only once their article is stored.
func TestPageStatesAreScopedToTheRun(t *testing.T) {
	store := &schedulestest.Store{}
	in := &schedules.Ingester{Store: store}
	src := &pagesSource{docs: threeDocs()}
	ctx := context.Background()
	if _, err := in.Run(ctx, schedules.Job{Source: "mem", Kind: "test", Extractor: src}); err != nil {
		t.Fatal(err)
	}
	if len(src.answered) != 0 {
		t.Errorf("first run was given %d page states, want none", len(src.answered))
	}
	if _, err := in.Run(ctx, schedules.Job{Source: "mem", Kind: "test", Extractor: src}); err != nil {
		t.Fatal(err)
	}
	want := threeDocs()[0]
	if got := src.answered[want.URL]; got.ETag != `"t1"` || got.Hash != want.ContentHash() || len(src.answered) != 3 {
		t.Errorf("second run's page state of %s = %+v (%d pages), want the ETag and hash stored by the first", want.URL, got, len(src.answered))
	}
	// Another source sharing the Fetcher sees none of them.
	other := &pagesSource{docs: threeDocs()}
	if _, err := in.Run(ctx, schedules.Job{Source: "other", Kind: "test", Extractor: other}); err != nil {
		t.Fatal(err)
	}
	if len(other.answered) != 0 {
		t.Errorf("source other was given %d page states of source mem", len(other.answered))
	}
	// Outside a run there is nothing.
	if _, ok := schedules.PageStates().Previous(ctx, want.URL); ok {
		t.Error("page states answered outside a run")
	}
}

// Facts are written before their articles, and page states after: when the
// article rows fail, nothing of the batch is visible, no page state is
// stored, and a rerun writes the batch once.
func TestFlushOrderLeavesNothingHalfWritten(t *testing.T) {
	down := errors.New("connection refused")
	failArticles := true
	store := &schedulestest.Store{Fail: func(op schedulestest.Op) error {
		if op == schedulestest.OpArticles && failArticles {
			return down
		}
		return nil
	}}
	in := &schedules.Ingester{Store: store, FlushArticles: 2}
	src := &pagesSource{docs: threeDocs()}
	job := schedules.Job{Source: "mem", Kind: "test", Extractor: src}
	ctx := context.Background()

	run, err := in.Run(ctx, job)
	if !errors.Is(err, down) || run.Status != record.StatusFailed {
		t.Fatalf("run with failing article writes: status %s, err %v; want failed with the store's error", run.Status, err)
	}
	if !strings.Contains(run.FirstError, "source mem: writing 2 articles") {
		t.Errorf("first error %q does not say which source and how many articles", run.FirstError)
	}
	if n := len(store.Articles("mem")); n != 0 {
		t.Errorf("%d articles visible after the failed write", n)
	}
	if n := len(store.Facts("mem")); n != 0 {
		t.Errorf("%d facts visible without their articles", n)
	}
	if n := store.Writes(schedulestest.OpPageStates); n != 0 {
		t.Errorf("%d page-state writes after articles failed, want 0 (the next run must refetch)", n)
	}

	failArticles = false
	rerun, err := in.Run(ctx, job)
	if err != nil || counts(rerun) != "status=ok new=3 changed=0 unchanged=0 facts=3 errors=0" {
		t.Fatalf("rerun: %s, %v", counts(rerun), err)
	}
	if n := len(store.Facts("mem")); n != 3 {
		t.Errorf("%d facts visible after the rerun, want 3 (each once)", n)
	}
	// FlushArticles 2: the three articles went in two writes.
	if n := store.Writes(schedulestest.OpArticles); n != 2 {
		t.Errorf("%d article writes, want 2 (a flush every 2 articles, then the rest)", n)
	}
}

// The run record: a source that fails as a whole is failed, with the error
// returned and recorded, and what it read before is written; a page error
// makes the run partial; a run stopped by its context is stopped, not failed.
func TestRunStatus(t *testing.T) {
	ctx := context.Background()
	store := &schedulestest.Store{}
	in := &schedules.Ingester{Store: store}

	listDown := errors.New("source mem: list page http://mem.test/: HTTP 503")
	run, err := in.Run(ctx, schedules.Job{Source: "mem", Extractor: &pagesSource{docs: threeDocs()[:1], fail: listDown}})
	if !errors.Is(err, listDown) || run.Status != record.StatusFailed || run.ArticlesNew != 1 || len(store.Articles("mem")) != 1 {
		t.Errorf("failed source: status %s, new %d, stored %d, err %v", run.Status, run.ArticlesNew, len(store.Articles("mem")), err)
	}
	if errs := store.RunErrors(); len(errs) != 1 || errs[0].Error != listDown.Error() || errs[0].RunID != run.RunID {
		t.Errorf("recorded errors = %+v, want the source's error", errs)
	}

	partial, err := in.Run(ctx, schedules.Job{Source: "p", Extractor: extractFunc(func(ctx context.Context, sink extract.Sink) error {
		sink.PageError("http://p.test/1", errors.New("source p: article http://p.test/1: HTTP 404"))
		return sink.Document(ctx, doc(9, "There were 27,000 beds."))
	})})
	if err != nil || partial.Status != record.StatusPartial || partial.Errors != 1 || partial.ArticlesNew != 1 {
		t.Errorf("page error: %s, %v; want partial with 1 error and the article", counts(partial), err)
	}

	cctx, cancel := context.WithCancel(ctx)
	stopped, err := in.Run(cctx, schedules.Job{Source: "s", Extractor: extractFunc(func(ctx context.Context, sink extract.Sink) error {
		d := doc(10, "There were 3 hospitals.")
		d.Source = "s"
		if err := sink.Document(ctx, d); err != nil {
			return err
		}
		cancel()
		<-ctx.Done()
		return ctx.Err()
	})})
	if err != nil || stopped.Status != record.StatusStopped || len(store.Articles("s")) != 1 {
		t.Errorf("stopped run: %s, stored %d, %v; want stopped, the article read before written, no error", counts(stopped), len(store.Articles("s")), err)
	}

	// The record itself cannot be written: the run's error says so.
	store.Fail = func(op schedulestest.Op) error {
		if op == schedulestest.OpRun {
			return errors.New("clickhouse went away")
		}
		return nil
	}
	if _, err := in.Run(ctx, schedules.Job{Source: "r", Extractor: &pagesSource{}}); err == nil || !strings.Contains(err.Error(), "clickhouse went away") {
		t.Errorf("unwritten run record: err %v, want the store's error", err)
	}
}

// extractFunc is an extractor written inline.
type extractFunc func(ctx context.Context, sink extract.Sink) error

func (f extractFunc) Extract(ctx context.Context, _ extract.Window, sink extract.Sink) error {
	return f(ctx, sink)
}

// Statistics: the same value again is unchanged, a new value a revision
// kept beside the old one, a changed unit an error and not written.
func TestStatisticsRevisionsOnMemoryStore(t *testing.T) {
	store := &schedulestest.Store{}
	in := &schedules.Ingester{Store: store}
	src := &statSource{obs: []stats.Observation{
		obs("gdp_share", "2016", stats.Float(6.2), "percent"),
		obs("spending", "2016", stats.Float(4.63e12), "yuan"),
	}}
	job := schedules.Job{Source: "who", Kind: "table", Extractor: src}
	ctx := context.Background()
	if r, err := in.Run(ctx, job); err != nil || r.ObservationsWritten != 2 {
		t.Fatalf("first run: %+v %v", r, err)
	}
	if r, err := in.Run(ctx, job); err != nil || r.ObservationsWritten != 0 || r.ObservationsUnchanged != 2 {
		t.Fatalf("same values: written %d unchanged %d %v", r.ObservationsWritten, r.ObservationsUnchanged, err)
	}
	time.Sleep(2 * time.Millisecond)
	src.obs[0] = obs("gdp_share", "2016", stats.Float(6.3), "percent")
	src.obs[1] = obs("spending", "2016", stats.Float(46.3), "trillion yuan")
	r, err := in.Run(ctx, job)
	if err != nil || r.ObservationsWritten != 1 || r.ObservationsRevised != 1 || r.Errors != 1 || r.Status != record.StatusPartial {
		t.Fatalf("revision run: written %d revised %d errors %d %s %v; want 1 1 1 partial", r.ObservationsWritten, r.ObservationsRevised, r.Errors, r.Status, err)
	}
	if !strings.Contains(r.FirstError, `unit changed from "yuan" to "trillion yuan"`) {
		t.Errorf("first error %q does not name the unit change", r.FirstError)
	}
	var gdp []float64
	for _, o := range store.Observations("who") {
		if o.IndicatorCode == "gdp_share" {
			gdp = append(gdp, *o.Value)
		}
	}
	if fmt.Sprint(gdp) != "[6.2 6.3]" {
		t.Errorf("stored gdp_share values = %v, want the first and the revision [6.2 6.3]", gdp)
	}
}

// Facts maps every figure of the document to a row, with stable ids.
func TestFactsMapping(t *testing.T) {
	d := doc(1, "As of the end of 2020, there were 1,154 medical institutions, and the completion rate reached 99.6%.")
	id := d.ID()
	facts := schedules.Facts(d, id, d.ContentHash(), 7)
	if len(facts) != 2 {
		t.Fatalf("%d facts, want 2: %+v", len(facts), facts)
	}
	f := facts[0]
	if f.Value != 1154 || f.Kind != "count" || !strings.Contains(f.Subject, "medical institutions") || f.ArticleID != id || f.Version != 7 ||
		f.URL != d.URL || f.PeriodStart == nil || f.PeriodStart.Year() != 2020 || f.ValueLow != 1154 || f.ValueHigh != 1154 {
		t.Errorf("first fact = %+v", f)
	}
	if facts[1].Value != 99.6 || facts[1].Kind != "percent" {
		t.Errorf("second fact = %+v", facts[1])
	}
	again := schedules.Facts(d, id, d.ContentHash(), 8)
	if again[0].FactID != f.FactID || again[1].FactID != facts[1].FactID || f.FactID == facts[1].FactID {
		t.Errorf("fact ids not stable per figure: %d %d vs %d %d", f.FactID, facts[1].FactID, again[0].FactID, again[1].FactID)
	}
}

// A currency stored under an older label ("yuan") and now read as its
// code ("CNY") is the same unit: a relabelling written as a revision, not
// a unit-change error; a real change of unit still is one.
func TestCurrencyRelabelIsNotAUnitChange(t *testing.T) {
	store := &schedulestest.Store{}
	in := &schedules.Ingester{Store: store}
	src := &statSource{obs: []stats.Observation{obs("spending", "2016", stats.Float(4.63e12), "yuan")}}
	job := schedules.Job{Source: "nhc", Kind: "csv", Extractor: src}
	ctx := context.Background()
	if _, err := in.Run(ctx, job); err != nil {
		t.Fatal(err)
	}
	time.Sleep(2 * time.Millisecond)
	src.obs[0] = obs("spending", "2016", stats.Float(4.63e12), "CNY")
	r, err := in.Run(ctx, job)
	if err != nil || r.Errors != 0 || r.ObservationsRevised != 1 || r.Status != record.StatusOK {
		t.Errorf("yuan → CNY: errors %d revised %d status %s %v; want a clean revision", r.Errors, r.ObservationsRevised, r.Status, err)
	}
	time.Sleep(2 * time.Millisecond)
	src.obs[0] = obs("spending", "2016", stats.Float(4.63e12), "USD")
	if r, _ := in.Run(ctx, job); r.Errors != 1 || r.ObservationsWritten != 0 {
		t.Errorf("CNY → USD: errors %d written %d; want the unit change refused", r.Errors, r.ObservationsWritten)
	}
}
