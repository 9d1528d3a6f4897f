package schedules_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsetl/newsetl/extract"
	"github.com/newsetl/newsetl/internal/repo"
	"github.com/newsetl/newsetl/record"
	"github.com/newsetl/newsetl/schedules"
	"github.com/newsetl/newsetl/schedules/schedulestest"
	"github.com/newsetl/newsetl/transform"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// writeLog is a Store that records the order of the writes a run makes:
// each WriteVersions call's article and fact ids, each WritePageStates
// call's URLs, in the order they reached the Store.
type writeLog struct {
	*schedulestest.Store
	mu     sync.Mutex
	writes []string // "v <article ids> | <fact ids>" or "p <urls>"
}

func (w *writeLog) WriteVersions(ctx context.Context, arts []record.Article, facts []record.Fact) error {
	w.mu.Lock()
	w.writes = append(w.writes, "v "+versionsKey(arts, facts))
	w.mu.Unlock()
	return w.Store.WriteVersions(ctx, arts, facts)
}

func (w *writeLog) WritePageStates(ctx context.Context, states []record.PageState) error {
	var urls []string
	for _, p := range states {
		urls = append(urls, p.URL)
	}
	w.mu.Lock()
	w.writes = append(w.writes, "p "+strings.Join(urls, " "))
	w.mu.Unlock()
	return w.Store.WritePageStates(ctx, states)
}

func versionsKey(arts []record.Article, facts []record.Fact) string {
	var b strings.Builder
	for _, a := range arts {
		fmt.Fprintf(&b, "%x/%d ", a.ArticleID, a.Version)
	}
	b.WriteString("|")
	for _, f := range facts {
		fmt.Fprintf(&b, " %x", f.FactID)
	}
	return b.String()
}

// goldenParagraphs are the paragraphs of the transform goldens' English
// and Chinese press releases.
func goldenParagraphs(t testing.TB) (en, zh []string) {
	t.Helper()
	root, err := repo.Root()
	if err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob(filepath.Join(root, "transform", "testdata", "golden", "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no texts under transform/testdata/golden: %v", err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range strings.Split(string(b), "\n") {
			if p = strings.TrimSpace(p); p == "" {
				continue
			}
			if strings.Contains(filepath.Base(f), "-zh") {
				zh = append(zh, p)
			} else {
				en = append(en, p)
			}
		}
	}
	if len(en) == 0 || len(zh) == 0 {
		t.Fatal("want English and Chinese texts under transform/testdata/golden")
	}
	return en, zh
}

// manyDocs makes n English and Chinese articles from the goldens'
// paragraphs, each with figures of its own, among them articles listed
// twice (the same text: unchanged within the run) and articles listed
// again with an edited text (a changed version), as list pages do.
func manyDocs(t testing.TB, n int) []extract.Document {
	en, zh := goldenParagraphs(t)
	fetched := time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC)
	var docs []extract.Document
	for i := range n {
		lang, paras, extra := "en", en, fmt.Sprintf("Output rose %d.%d percent in %d, to %d,%03d tonnes.", i%17, i%10, 2000+i%25, 1+i%9, i%1000)
		if i%3 == 2 {
			lang, paras, extra = "zh", zh, fmt.Sprintf("%d年产量增长%d.%d%%，达到%d万吨。", 2000+i%25, i%17, i%10, 100+i)
		}
		var text []string
		for j := range 1 + i%4 {
			text = append(text, paras[(i+j)%len(paras)])
		}
		text = append(text, extra)
		d := extract.Document{Source: "mem", URL: fmt.Sprintf("https://stats.example.gov/%s/%04d.html", lang, i), Title: fmt.Sprintf("Release %d", i),
			PublishedAt: time.Date(2021, time.Month(1+i%12), 1+i%28, 0, 0, 0, 0, time.UTC), Lang: lang,
			Text: strings.Join(text, "\n"), FetchedAt: fetched.Add(time.Duration(i) * time.Millisecond)}
		d.Page = &extract.PageState{URL: d.URL, Hash: d.ContentHash()}
		docs = append(docs, d)
		switch {
		case i%10 == 4: // listed again, unchanged
			docs = append(docs, d)
		case i%10 == 7: // listed again, edited
			e := d
			e.Text += "\nThe figure was revised to 3.5 percent."
			e.FetchedAt = e.FetchedAt.Add(time.Second)
			e.Page = &extract.PageState{URL: e.URL, Hash: e.ContentHash()}
			docs = append(docs, e)
		}
	}
	return docs
}

// serialWrites is what the serial path writes for docs on an empty store
// with batchRows: the dedupe and batching rules of runSink, one document
// at a time, with the facts parsed in line.
func serialWrites(docs []extract.Document, batchRows int) (writes []string, newN, changed, unchanged int) {
	known := map[uint64]string{}
	var arts []record.Article
	var facts []record.Fact
	var urls []string
	cut := func() {
		if len(arts) == 0 {
			return
		}
		writes = append(writes, "v "+versionsKey(arts, facts), "p "+strings.Join(urls, " "))
		arts, facts, urls = nil, nil, nil
	}
	for _, d := range docs {
		id, hash := d.ID(), d.ContentHash()
		prev, seen := known[id]
		switch {
		case seen && prev == hash:
			unchanged++
			continue
		case seen:
			changed++
		default:
			newN++
		}
		known[id] = hash
		v := uint64(d.FetchedAt.UnixMilli())
		arts = append(arts, record.Article{ArticleID: id, Version: v})
		facts = append(facts, schedules.CurrentParser.Facts(d, id, hash, v)...)
		urls = append(urls, d.URL)
		if len(facts) >= batchRows {
			cut()
		}
	}
	cut()
	return writes, newN, changed, unchanged
}

// orderedSource hands its documents to the sink as they are, in order.
type orderedSource struct{ docs []extract.Document }

func (l *orderedSource) Extract(ctx context.Context, _ extract.Window, sink extract.Sink) error {
	for _, d := range l.docs {
		sink.PageFetched(d.URL)
		if err := sink.Document(ctx, d); err != nil {
			return err
		}
	}
	return nil
}

// jitteryParser is the current parser, each call delayed by a random few
// microseconds, so that the articles' facts are ready out of order.
func jitteryParser() schedules.Parser {
	return schedules.Parser{Version: transform.ParserVersion, Parse: func(text string, opts transform.Options) []transform.Figure {
		time.Sleep(time.Duration(rand.IntN(300)) * time.Microsecond)
		return transform.Parse(text, opts)
	}}
}

// Figures are parsed on several goroutines, yet a run writes exactly what
// the serial path wrote: the same versions and facts, cut into the same
// batches, in the same order, each batch's page states after its articles.
// Run it with -race.
func TestConcurrentParseWritesWhatTheSerialPathWrote(t *testing.T) {
	docs := manyDocs(t, 600)
	for _, batch := range []int{1, 37, 500, 100_000} {
		t.Run(fmt.Sprintf("batch %d", batch), func(t *testing.T) {
			want, newN, changed, unchanged := serialWrites(docs, batch)
			if changed == 0 || unchanged == 0 || (batch < 1000 && len(want) < 4) {
				t.Fatalf("the fixture needs changed and unchanged articles and several batches: %d changed, %d unchanged, %d writes", changed, unchanged, len(want))
			}
			store := &writeLog{Store: &schedulestest.Store{}}
			in := &schedules.Ingester{Store: store, BatchRows: batch, Parser: jitteryParser(), Log: quiet}
			run, err := in.Run(context.Background(), schedules.Job{Source: "mem", Kind: "test", Extractor: &orderedSource{docs: docs}})
			if err != nil || run.Status != record.StatusOK {
				t.Fatalf("run: %s, %v", counts(run), err)
			}
			if int(run.ArticlesNew) != newN || int(run.ArticlesChanged) != changed || int(run.ArticlesUnchanged) != unchanged {
				t.Errorf("run: %s; want new=%d changed=%d unchanged=%d", counts(run), newN, changed, unchanged)
			}
			if !slices.Equal(store.writes, want) {
				t.Fatalf("writes differ from the serial path's: %d writes, want %d; first difference:\n%s", len(store.writes), len(want), firstDiff(store.writes, want))
			}
			if got := len(store.Facts("mem")); got == 0 || uint64(store.FactRows()) != run.FactsWritten {
				t.Errorf("%d facts visible, %d fact rows stored, run says %d written", got, store.FactRows(), run.FactsWritten)
			}
		})
	}
}

func firstDiff(got, want []string) string {
	for i := range max(len(got), len(want)) {
		g, w := "(none)", "(none)"
		if i < len(got) {
			g = got[i]
		}
		if i < len(want) {
			w = want[i]
		}
		if g != w {
			return fmt.Sprintf("write %d:\n got %.300s\nwant %.300s", i, g, w)
		}
	}
	return "(none)"
}

// A parser that panics on one article: the panic is that page's error,
// naming the source and URL; the article and its page state are not
// stored (the next run reads it again) and the run goes on with the rest.
func TestParsePanicIsThePagesErrorAndTheRunGoesOn(t *testing.T) {
	docs := manyDocs(t, 40)
	bad := docs[13]
	bad.Text += "\nBOOM"
	docs[13] = bad
	panicky := schedules.Parser{Version: transform.ParserVersion, Parse: func(text string, opts transform.Options) []transform.Figure {
		if strings.Contains(text, "BOOM") {
			panic("index out of range [7] with length 7")
		}
		return transform.Parse(text, opts)
	}}
	mem := &schedulestest.Store{}
	store := &writeLog{Store: mem}
	in := &schedules.Ingester{Store: store, BatchRows: 20, Parser: panicky, Log: quiet}
	job := schedules.Job{Source: "mem", Kind: "test", Extractor: &orderedSource{docs: docs}}
	run, err := in.Run(context.Background(), job)
	if err != nil || run.Status != record.StatusPartial || run.Errors != 1 {
		t.Fatalf("run: %s, %v; want partial with one error", counts(run), err)
	}
	errs := mem.RunErrors()
	if len(errs) != 1 || errs[0].URL != bad.URL || !strings.Contains(errs[0].Error, "source mem: article "+bad.URL) ||
		!strings.Contains(errs[0].Error, "panic: index out of range") {
		t.Fatalf("run errors: %+v; want one naming source mem, %s and the panic", errs, bad.URL)
	}
	want, newN, _, _ := serialWrites(slices.Delete(slices.Clone(docs), 13, 14), 20)
	if int(run.ArticlesNew) != newN {
		t.Errorf("run: %s; want new=%d (the failed article not counted)", counts(run), newN)
	}
	if !slices.Equal(store.writes, want) {
		t.Fatalf("writes are not the serial path's without the failed article; first difference:\n%s", firstDiff(store.writes, want))
	}
	for _, a := range mem.Articles("mem") {
		if a.URL == bad.URL {
			t.Fatalf("the article whose parse panicked was stored: %s", a.URL)
		}
	}
	// Fixed parser: the next run reads it again and stores it; the rest is unchanged.
	in.Parser = schedules.Parser{}
	run, err = in.Run(context.Background(), job)
	if err != nil || run.ArticlesNew != 1 || run.Errors != 0 {
		t.Fatalf("rerun: %s, %v; want the one article new", counts(run), err)
	}
	if got := len(mem.Articles("mem")); got != 40 {
		t.Fatalf("%d articles stored after the rerun, want 40", got)
	}
}

// BenchmarkRunParse runs ingests of 1,000 English and Chinese articles
// held in memory (no fetching; an in-memory store): what is left is the
// sink and the figure parsing, which runs on up to GOMAXPROCS goroutines.
// Compare -cpu 1 and -cpu 2 (the serial path ran at the -cpu 1 figure
// whatever the cores). Reported: MB/s of article text.
//
//	go test ./schedules -run '^$' -bench RunParse -cpu 1,2 -benchtime 5x
func BenchmarkRunParse(b *testing.B) {
	docs := manyDocs(b, 1000)
	size := 0
	for _, d := range docs {
		size += len(d.Text)
	}
	b.ResetTimer()
	start := time.Now()
	for range b.N {
		in := &schedules.Ingester{Store: &schedulestest.Store{}, Log: quiet}
		run, err := in.Run(context.Background(), schedules.Job{Source: "mem", Kind: "test", Extractor: &orderedSource{docs: docs}})
		if err != nil || run.FactsWritten == 0 {
			b.Fatalf("run: %s, %v", counts(run), err)
		}
	}
	b.ReportMetric(float64(size*b.N)/(1<<20)/time.Since(start).Seconds(), "MB/s")
}
