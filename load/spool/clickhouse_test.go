package spool_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/newsetl/newsetl/config"
	"github.com/newsetl/newsetl/extract"
	"github.com/newsetl/newsetl/load"
	"github.com/newsetl/newsetl/load/chserver"
	"github.com/newsetl/newsetl/load/spool"
	"github.com/newsetl/newsetl/record"
	"github.com/newsetl/newsetl/schedules"
	"github.com/newsetl/newsetl/schedules/schedulestest"
)

// bigSource hands over docs articles of many figures each; after the
// article numbered at, it calls hook once (stopping ClickHouse mid-load).
type bigSource struct {
	docs, at int
	hook     func()
	fired    atomic.Bool
}

func (b *bigSource) Extract(ctx context.Context, _ extract.Window, sink extract.Sink) error {
	for i := 0; i < b.docs; i++ {
		if i == b.at && b.hook != nil && !b.fired.Swap(true) {
			b.hook()
		}
		url := fmt.Sprintf("https://stats.example.org/releases/%04d.html", i)
		var text strings.Builder
		for k := 0; k < 60; k++ {
			fmt.Fprintf(&text, "Output of product line %d in region %d rose %d.%d percent year on year in 2021. ", k, i, 1+(i+k)%40, k%10)
		}
		sink.PageFetched(url)
		if err := sink.Document(ctx, extract.Document{Source: "bulk", URL: url, Title: fmt.Sprintf("Release %d", i), Lang: "en",
			PublishedAt: time.Date(2022, 1, 1+i%28, 0, 0, 0, 0, time.UTC), Text: text.String()}); err != nil {
			return err
		}
	}
	return nil
}

// expectedFacts runs the source into memory: the facts a clean run stores.
func expectedFacts(t *testing.T, docs int) int {
	mem := &schedulestest.Store{}
	if _, err := (&schedules.Ingester{Store: mem}).Run(context.Background(), schedules.Job{Source: "bulk", Kind: "test", Extractor: &bigSource{docs: docs}}); err != nil {
		t.Fatal(err)
	}
	return mem.FactRows()
}

func openCH(t *testing.T, srv *chserver.Server, retries int, backoff time.Duration) *load.Store {
	t.Helper()
	st, err := load.Open(context.Background(), config.ClickHouse{Addr: srv.Addr, Database: "newsetl_spool", Username: "default",
		DialTimeout: 2 * time.Second, BatchSize: 2000, WriteRetries: retries, WriteBackoff: backoff}, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if _, err := st.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return st
}

func countCH(t *testing.T, st *load.Store, q string) uint64 {
	t.Helper()
	var n uint64
	if err := st.Conn().QueryRow(context.Background(), strings.ReplaceAll(q, "{db}", st.Database())).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// checkViews asserts that the views hold every fact once and every article.
func checkViews(t *testing.T, st *load.Store, docs, facts int) {
	t.Helper()
	if n := countCH(t, st, "SELECT count() FROM {db}.articles_latest WHERE source = 'bulk'"); n != uint64(docs) {
		t.Errorf("articles_latest: %d articles, want %d", n, docs)
	}
	if n := countCH(t, st, "SELECT count() FROM {db}.facts_latest WHERE source = 'bulk'"); n != uint64(facts) {
		t.Errorf("facts_latest: %d facts, want %d (none lost, none twice)", n, facts)
	}
	if n := countCH(t, st, "SELECT count(DISTINCT fact_id) FROM {db}.facts_latest WHERE source = 'bulk'"); n != uint64(facts) {
		t.Errorf("facts_latest: %d distinct facts, want %d", n, facts)
	}
}

// ClickHouse stops during a load of over 10,000 facts and stays down past
// the write retries: the rest of the rows and the run record go to the
// spool, the run ends with ErrSpooled and a clear message. After a restart
// the next run replays the spool first: every fact once through the views,
// the spool empty.
func TestClickHouseDownPastTheRetriesSpoolsAndTheNextRunReplays(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and stops a ClickHouse server")
	}
	const docs = 200
	want := expectedFacts(t, docs)
	if want < 10_000 {
		t.Fatalf("the source yields %d facts, want at least 10,000", want)
	}
	srv := chserver.Start(t)
	st := openCH(t, srv, 2, 100*time.Millisecond)
	dir := t.TempDir()
	sp, err := spool.Open(dir, 1<<30, &stopMidLoad{Store: st, srv: srv, t: t}, load.Transient, nil)
	if err != nil {
		t.Fatal(err)
	}
	in := &schedules.Ingester{Store: sp}
	run, err := in.Run(context.Background(), schedules.Job{Source: "bulk", Kind: "test", Extractor: &bigSource{docs: docs}})
	if !errors.Is(err, schedules.ErrSpooled) || !strings.Contains(err.Error(), "rows spooled to "+dir) ||
		!strings.Contains(err.Error(), "the next run replays them") {
		t.Fatalf("run with ClickHouse down: err = %v, want ErrSpooled naming the spool", err)
	}
	if run.Status != record.StatusSpooled {
		t.Errorf("status %q, want %q", run.Status, record.StatusSpooled)
	}
	if run.RowsSpooled != uint64(want+docs) {
		t.Errorf("RowsSpooled = %d, want the %d facts and %d articles", run.RowsSpooled, want, docs)
	}
	sp.Close()
	files, _ := os.ReadDir(dir)
	if len(files) == 0 {
		t.Fatal("nothing in the spool directory")
	}

	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	st2 := openCH(t, srv, 2, 100*time.Millisecond)
	sp2, err := spool.Open(dir, 1<<30, st2, load.Transient, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer sp2.Close()
	run2, err := (&schedules.Ingester{Store: sp2}).Run(context.Background(),
		schedules.Job{Source: "bulk", Kind: "test", Extractor: &bigSource{docs: docs}})
	if err != nil {
		t.Fatalf("rerun: %v", err)
	}
	if run2.RowsReplayed != run.RowsSpooled+1 || run2.RowsSpooled != 0 {
		t.Errorf("rerun: replayed %d, spooled %d; want %d replayed (the spooled rows and the first run's record), 0 spooled",
			run2.RowsReplayed, run2.RowsSpooled, run.RowsSpooled+1)
	}
	checkViews(t, st2, docs, want)
	if left := spoolFiles(t, dir, ".spool"); len(left) != 0 {
		t.Errorf("spool not emptied: %v", left)
	}
	if n := countCH(t, st2, "SELECT count() FROM {db}.ingest_runs WHERE source = 'bulk'"); n != 2 {
		t.Errorf("ingest_runs: %d rows, want 2 (the first run's, replayed, and the rerun's)", n)
	}
	if n := countCH(t, st2, "SELECT sum(rows_spooled) FROM {db}.ingest_runs WHERE source = 'bulk'"); n != run.RowsSpooled {
		t.Errorf("ingest_runs.rows_spooled = %d, want %d", n, run.RowsSpooled)
	}
	if n := countCH(t, st2, "SELECT sum(rows_replayed) FROM {db}.ingest_runs WHERE source = 'bulk'"); n != run2.RowsReplayed {
		t.Errorf("ingest_runs.rows_replayed = %d, want %d", n, run2.RowsReplayed)
	}
}

// stopMidLoad writes the first half of the first batch of facts, then
// stops the server and writes the whole batch, as a server going away in
// the middle of a load does.
type stopMidLoad struct {
	*load.Store
	srv  *chserver.Server
	t    *testing.T
	done bool
}

func (s *stopMidLoad) WriteVersions(ctx context.Context, articles []record.Article, facts []record.Fact) error {
	if !s.done {
		s.done = true
		if err := s.Store.WriteFacts(ctx, facts[:len(facts)/2]); err != nil {
			s.t.Errorf("first half: %v", err)
		}
		if err := s.srv.Stop(); err != nil {
			s.t.Error(err)
		}
	}
	return s.Store.WriteVersions(ctx, articles, facts)
}

// ClickHouse restarts within the retry window: the writes wait for it and
// the run succeeds with nothing spooled.
func TestClickHouseRestartWithinTheRetriesLosesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and stops a ClickHouse server")
	}
	const docs = 200
	want := expectedFacts(t, docs)
	srv := chserver.Start(t)
	st := openCH(t, srv, 8, 250*time.Millisecond) // 0.25+0.5+1+2+4+8+8+8 s
	dir := t.TempDir()
	sp, err := spool.Open(dir, 1<<30, st, load.Transient, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer sp.Close()
	restarted := make(chan error, 1)
	src := &bigSource{docs: docs, at: 80, hook: func() {
		if err := srv.Stop(); err != nil {
			t.Error(err)
		}
		go func() { time.Sleep(3 * time.Second); restarted <- srv.Start() }()
	}}
	run, err := (&schedules.Ingester{Store: sp, FlushArticles: 20}).Run(context.Background(),
		schedules.Job{Source: "bulk", Kind: "test", Extractor: src})
	if err := <-restarted; err != nil {
		t.Fatal(err)
	}
	if err != nil || run.RowsSpooled != 0 {
		t.Fatalf("run across a restart: err = %v, spooled %d; want success with nothing spooled", err, run.RowsSpooled)
	}
	if left := spoolFiles(t, dir, ".spool"); len(left) != 0 {
		t.Errorf("spool used: %v", left)
	}
	checkViews(t, st, docs, want)
}
