package spool_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/newsetl/newsetl/load/spool"
	"github.com/newsetl/newsetl/record"
	"github.com/newsetl/newsetl/schedules"
	"github.com/newsetl/newsetl/schedules/schedulestest"
)

// down is a ClickHouse that went away: its errors are transient.
var errDown = &os.SyscallError{Syscall: "connect", Err: syscall.ECONNREFUSED}

func transient(err error) bool { return errors.Is(err, syscall.ECONNREFUSED) }

// flaky is the in-memory store behind the spool, down while down is set.
func flaky() (*schedulestest.Store, *atomic.Bool) {
	var down atomic.Bool
	return &schedulestest.Store{Fail: func(schedulestest.Op) error {
		if down.Load() {
			return errDown
		}
		return nil
	}}, &down
}

func version(source string, id uint64, facts int) ([]record.Article, []record.Fact) {
	at := time.Date(2021, 12, 20, 8, 0, 0, 0, time.UTC)
	a := []record.Article{{ArticleID: id, Source: source, URL: "https://example.org/a/" + string(rune('a'+id%26)), Title: "t",
		PublishedAt: at, Lang: "en", Body: "b", ContentHash: "h", FetchedAt: at, Version: 1}}
	var fs []record.Fact
	for i := 0; i < facts; i++ {
		fs = append(fs, record.Fact{FactID: id*1000 + uint64(i), ArticleID: id, Version: 1, Source: source, Value: float64(i), ParsedAt: at})
	}
	return a, fs
}

func open(t *testing.T, dir string, next schedules.Store, max int64) *spool.Store {
	t.Helper()
	s, err := spool.Open(dir, max, next, transient, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func spoolFiles(t *testing.T, dir, ext string) []string {
	t.Helper()
	m, _ := filepath.Glob(filepath.Join(dir, "*", "*"+ext))
	return m
}

func TestSpoolKeepsRowsInOrderAndReplaysThemOnce(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	mem, down := flaky()
	s := open(t, dir, mem, 1<<20)

	a1, f1 := version("news", 1, 3)
	if err := s.WriteVersions(ctx, a1, f1); err != nil {
		t.Fatalf("write through: %v", err)
	}
	down.Store(true)
	a2, f2 := version("news", 2, 4)
	err := s.WriteVersions(ctx, a2, f2)
	var se *schedules.SpooledError
	if !errors.As(err, &se) || !errors.Is(err, schedules.ErrSpooled) || se.Rows != 5 || !strings.HasPrefix(se.Where, dir) {
		t.Fatalf("write while down: err = %v, want a SpooledError of 5 rows under %s", err, dir)
	}
	down.Store(false) // back, but the source's later rows must follow the spooled ones
	states := []record.PageState{{Source: "news", URL: "https://example.org/a/c", BodyHash: "h", FetchedAt: time.Now()}}
	if err := s.WritePageStates(ctx, states); !errors.Is(err, schedules.ErrSpooled) {
		t.Fatalf("page states after spooled rows: err = %v, want them spooled behind the articles", err)
	}
	if err := s.WriteRun(ctx, record.Run{RunID: "r1", Source: "news", Status: "ok"}, []record.RunError{{RunID: "r1", Source: "news", URL: "u", Error: "e"}}); !errors.Is(err, schedules.ErrSpooled) {
		t.Fatalf("run record: err = %v, want it spooled", err)
	}
	a3, f3 := version("other", 3, 1)
	if err := s.WriteVersions(ctx, a3, f3); err != nil {
		t.Fatalf("another source is not held back: %v", err)
	}
	if got := mem.FactRows(); got != 4 || len(mem.Articles("news")) != 1 || len(mem.Runs()) != 0 {
		t.Fatalf("before replay: %d facts, %d articles of news, %d runs; want 4, 1, 0", got, len(mem.Articles("news")), len(mem.Runs()))
	}
	s.Close()

	// The next process finds the spool and replays it before the run.
	s2 := open(t, dir, mem, 1<<20)
	if p := s2.Pending(); len(p) != 1 || p[0] != "news" {
		t.Fatalf("Pending = %v, want [news]", p)
	}
	n, err := s2.Replay(ctx, "news")
	if err != nil || n != 5+1+2 {
		t.Fatalf("Replay = %d, %v; want 8 rows (5 versions, 1 state, run + 1 error)", n, err)
	}
	if got := mem.FactRows(); got != 8 || len(mem.Articles("news")) != 2 || len(mem.Runs()) != 1 || len(mem.RunErrors()) != 1 {
		t.Errorf("after replay: %d facts, %d articles, %d runs, %d run errors; want 8, 2, 1, 1", got, len(mem.Articles("news")), len(mem.Runs()), len(mem.RunErrors()))
	}
	if files := spoolFiles(t, dir, ".spool"); len(files) != 0 {
		t.Errorf("spool not emptied: %v", files)
	}
	if n, err := s2.Replay(ctx, "news"); n != 0 || err != nil {
		t.Errorf("second Replay = %d, %v; want nothing", n, err)
	}
	if len(mem.Runs()) != 1 {
		t.Errorf("run recorded %d times", len(mem.Runs()))
	}
	// Writes go through again.
	a4, f4 := version("news", 4, 1)
	if err := s2.WriteVersions(ctx, a4, f4); err != nil {
		t.Errorf("after replay: %v", err)
	}
}

// A replay cut short by ClickHouse going away again resumes after the last
// op it wrote: the run record (a plain MergeTree row) is written once.
func TestReplayResumesAfterTheLastWrittenOp(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	mem, down := flaky()
	s := open(t, dir, mem, 1<<20)
	down.Store(true)
	s.WriteRun(ctx, record.Run{RunID: "r1", Source: "news"}, nil)
	a, f := version("news", 1, 2)
	s.WriteVersions(ctx, a, f)

	var calls atomic.Int32
	mem.Fail = func(op schedulestest.Op) error {
		if op == schedulestest.OpFacts && calls.Add(1) == 1 {
			return errDown
		}
		return nil
	}
	n, err := s.Replay(ctx, "news")
	if err == nil || n != 1 || len(mem.Runs()) != 1 {
		t.Fatalf("first replay = %d, %v, runs %d; want the run written, then the failure", n, err, len(mem.Runs()))
	}
	n, err = s.Replay(ctx, "news")
	if err != nil || n != 3 || len(mem.Runs()) != 1 || mem.FactRows() != 2 {
		t.Fatalf("second replay = %d, %v, runs %d, facts %d; want 3 rows, the run still once", n, err, len(mem.Runs()), mem.FactRows())
	}
}

// A torn or corrupted file is set aside whole, reported, and none of its
// rows written; the files after it are replayed.
func TestCorruptSpoolFileIsSetAside(t *testing.T) {
	for _, c := range []struct {
		name string
		harm func([]byte) []byte
	}{
		{"truncated", func(b []byte) []byte { return b[:len(b)-3] }},
		{"flipped byte", func(b []byte) []byte { b[len(b)-10] ^= 0xff; return b }},
		{"bad header", func(b []byte) []byte { b[0] = 'X'; return b }},
		{"trailing garbage", func(b []byte) []byte { return append(b, 1, 2, 3) }},
	} {
		t.Run(c.name, func(t *testing.T) {
			ctx := context.Background()
			dir := t.TempDir()
			mem, down := flaky()
			s := open(t, dir, mem, 1<<20)
			down.Store(true)
			for id := uint64(1); id <= 2; id++ {
				a, f := version("news", id, 2)
				s.WriteVersions(ctx, a, f)
			}
			s.Close()
			files := spoolFiles(t, dir, ".spool")
			if len(files) != 1 {
				t.Fatalf("files %v", files)
			}
			raw, _ := os.ReadFile(files[0])
			os.WriteFile(files[0], c.harm(raw), 0o600)
			// A later, intact file.
			s = open(t, dir, mem, 1<<20)
			a, f := version("news", 3, 1)
			if err := s.WriteVersions(ctx, a, f); !errors.Is(err, schedules.ErrSpooled) {
				t.Fatalf("err = %v", err)
			}
			s.Close()
			down.Store(false)
			s = open(t, dir, mem, 1<<20)
			n, err := s.Replay(ctx, "news")
			if !errors.Is(err, spool.ErrCorrupt) || !strings.Contains(err.Error(), files[0]) {
				t.Fatalf("Replay err = %v, want ErrCorrupt naming %s", err, files[0])
			}
			if n != 2 || mem.FactRows() != 1 || len(mem.Articles("news")) != 1 {
				t.Errorf("replayed %d rows, %d facts; want only the intact file's 2 rows", n, mem.FactRows())
			}
			if aside := spoolFiles(t, dir, ".corrupt"); len(aside) != 1 {
				t.Errorf("files set aside: %v", aside)
			}
			if left := spoolFiles(t, dir, ".spool"); len(left) != 0 {
				t.Errorf("spool files left: %v", left)
			}
		})
	}
}

func TestSpoolIsBoundedAndKeepsOnlyTransientFailures(t *testing.T) {
	ctx := context.Background()
	mem, down := flaky()
	s := open(t, t.TempDir(), mem, 2048)
	down.Store(true)
	a, f := version("news", 1, 200) // far more than 2 KiB
	err := s.WriteVersions(ctx, a, f)
	if err == nil || errors.Is(err, schedules.ErrSpooled) || !strings.Contains(err.Error(), "full") || !errors.Is(err, syscall.ECONNREFUSED) {
		t.Fatalf("over max_bytes: err = %v, want a \"full\" error with the cause, not spooled", err)
	}
	down.Store(false)
	dataErr := errors.New("code: 53, type mismatch")
	mem.Fail = func(schedulestest.Op) error { return dataErr }
	a, f = version("news", 2, 1)
	if err := s.WriteVersions(ctx, a, f); !errors.Is(err, dataErr) || errors.Is(err, schedules.ErrSpooled) {
		t.Fatalf("data error: err = %v, want it returned, not spooled", err)
	}
}

// The Ingester replays the spool before the run and records the counts.
func TestIngesterReplaysAndCountsSpooledRows(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	mem, down := flaky()
	s := open(t, dir, mem, 1<<20)
	in := &schedules.Ingester{Store: s}
	docs := func(ids ...uint64) fakeExtractor { return fakeExtractor(ids) }

	down.Store(true)
	downAfterLoad := &loadThenDown{Store: s, down: down}
	run, err := (&schedules.Ingester{Store: downAfterLoad}).Run(ctx, schedules.Job{Source: "news", Kind: "fake", Extractor: docs(1, 2)})
	if !errors.Is(err, schedules.ErrSpooled) || !strings.Contains(err.Error(), "the next run replays them") {
		t.Fatalf("run while down: err = %v, want ErrSpooled with a clear message", err)
	}
	if run.RowsSpooled == 0 {
		t.Errorf("RowsSpooled = 0")
	}
	down.Store(false)
	run2, err := in.Run(ctx, schedules.Job{Source: "news", Kind: "fake", Extractor: docs(1, 2)})
	if err != nil {
		t.Fatalf("rerun: %v", err)
	}
	if run2.RowsReplayed != run.RowsSpooled+1 { // +1: the first run's record
		t.Errorf("RowsReplayed = %d, want %d", run2.RowsReplayed, run.RowsSpooled+1)
	}
	if len(mem.Runs()) != 2 || len(mem.Articles("news")) != 2 {
		t.Errorf("runs %d, articles %d; want 2 and 2", len(mem.Runs()), len(mem.Articles("news")))
	}
	if left := spoolFiles(t, dir, ".spool"); len(left) != 0 {
		t.Errorf("spool not emptied: %v", left)
	}
}
