// Package spool keeps the rows ClickHouse could not take. Store is a
// schedules.Store wrapped around another (load.Store): a write that fails
// with a transient error after the inner store's own retries is appended
// to a local file instead, fsynced, and reported as spooled
// (schedules.SpooledError); the next run of the source replays its files
// first, in order (Store.Replay, called by schedules.Ingester.Run).
//
// Layout: Dir/src_<source, path-escaped>/<sequence>.spool, one file per
// stretch of writes, each at most 64 MiB; the total is bounded by MaxBytes
// (a write past it is refused, not kept). A file that cannot be read whole
// (torn by a crash, corrupted) is renamed to .corrupt and reported; it is
// never half-replayed. Replay records how many ops of a file it applied in
// a .done file beside it, so a replay cut short resumes after the last
// applied op instead of writing the run records (plain MergeTree) twice.
//
// One process uses a spool directory at a time.
package spool

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/newsetl/newsetl/record"
	"github.com/newsetl/newsetl/schedules"
)

const (
	fileExt      = ".spool"
	doneExt      = ".done"
	corruptExt   = ".corrupt"
	dirPrefix    = "src_"
	maxSegment   = 64 << 20
	filePerm     = 0o600
	dirPerm      = 0o700
	seqDigits    = 20
	unknownSrc   = "_unknown"
	noteSpooling = "earlier rows of the source are in the spool"
)

// Store is a schedules.Store that writes through to the Store it wraps and
// spools what that Store refuses with a transient error. Reads go to the
// wrapped Store. It is safe for concurrent use.
type Store struct {
	schedules.Store // reads, and the writes that succeed

	dir       string
	maxBytes  int64
	segment   int64
	transient func(error) bool
	log       *slog.Logger

	mu      sync.Mutex
	size    int64                  // bytes in .spool files
	seq     uint64                 // last file sequence number used
	pending map[string]bool        // sources with spooled files
	files   map[string]*os.File    // the file each source appends to now
	locks   map[string]*sync.Mutex // per source: appends and replays

	waitMu    sync.Mutex
	waitCache map[string]waitingFile // by file name (waiting.go)
}

var (
	_ schedules.Store    = (*Store)(nil)
	_ schedules.Replayer = (*Store)(nil)
)

// Open opens the spool in dir around next; dir is created with the first
// spooled row.
// transient says which errors of next are worth keeping rows for (for
// load.Store: load.Transient); others are returned as they are. The
// spool's files already in dir count as pending: their sources' writes go
// on to the spool until Replay has written them.
func Open(dir string, maxBytes int64, next schedules.Store, transient func(error) bool, log *slog.Logger) (*Store, error) {
	if log == nil {
		log = slog.Default()
	}
	if maxBytes <= 0 {
		return nil, fmt.Errorf("spool %s: max_bytes must be positive", dir)
	}
	s := &Store{Store: next, dir: dir, maxBytes: maxBytes, segment: min(maxBytes, maxSegment), transient: transient, log: log,
		pending: map[string]bool{}, files: map[string]*os.File{}, locks: map[string]*sync.Mutex{}}
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return s, nil // created with the first file
	}
	if err != nil {
		return nil, fmt.Errorf("spool %s: %w", dir, err)
	}
	for _, e := range entries {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), dirPrefix) {
			continue
		}
		source, err := url.PathUnescape(strings.TrimPrefix(e.Name(), dirPrefix))
		if err != nil {
			continue
		}
		names, err := s.spoolFiles(source)
		if err != nil {
			return nil, err
		}
		for _, name := range names {
			fi, err := os.Stat(name)
			if err != nil {
				return nil, fmt.Errorf("spool %s: %w", dir, err)
			}
			s.size += fi.Size()
			if n, err := strconv.ParseUint(strings.TrimSuffix(filepath.Base(name), fileExt), 10, 64); err == nil && n > s.seq {
				s.seq = n
			}
		}
		if len(names) > 0 {
			s.pending[source] = true
		}
	}
	return s, nil
}

// Dir is the spool's directory.
func (s *Store) Dir() string { return s.dir }

// Close closes the files being appended to.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	var errs []error
	for src, f := range s.files {
		errs = append(errs, f.Close())
		delete(s.files, src)
	}
	return errors.Join(errs...)
}

// Pending lists the sources with spooled rows, sorted.
func (s *Store) Pending() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for src, p := range s.pending {
		if p {
			out = append(out, src)
		}
	}
	sort.Strings(out)
	return out
}

// WriteVersions implements schedules.Store.
func (s *Store) WriteVersions(ctx context.Context, articles []record.Article, facts []record.Fact) error {
	src := unknownSrc
	if len(articles) > 0 {
		src = articles[0].Source
	} else if len(facts) > 0 {
		src = facts[0].Source
	}
	return s.write(ctx, &op{Kind: opVersions, Source: src, Articles: articles, Facts: facts},
		func(ctx context.Context) error { return s.Store.WriteVersions(ctx, articles, facts) })
}

// WriteObservations implements schedules.Store.
func (s *Store) WriteObservations(ctx context.Context, obs []record.Observation) error {
	src := unknownSrc
	if len(obs) > 0 {
		src = obs[0].Source
	}
	return s.write(ctx, &op{Kind: opObservations, Source: src, Obs: obs},
		func(ctx context.Context) error { return s.Store.WriteObservations(ctx, obs) })
}

// WritePageStates implements schedules.Store.
func (s *Store) WritePageStates(ctx context.Context, states []record.PageState) error {
	src := unknownSrc
	if len(states) > 0 {
		src = states[0].Source
	}
	return s.write(ctx, &op{Kind: opPageStates, Source: src, States: states},
		func(ctx context.Context) error { return s.Store.WritePageStates(ctx, states) })
}

// WriteRun implements schedules.Store.
func (s *Store) WriteRun(ctx context.Context, r record.Run, errs []record.RunError) error {
	return s.write(ctx, &op{Kind: opRun, Source: r.Source, Run: &r, RunErrs: errs},
		func(ctx context.Context) error { return s.Store.WriteRun(ctx, r, errs) })
}

// WritePartition implements schedules.Store.
func (s *Store) WritePartition(ctx context.Context, p record.Partition) error {
	return s.write(ctx, &op{Kind: opPartition, Source: p.Source, Partition: &p},
		func(ctx context.Context) error { return s.Store.WritePartition(ctx, p) })
}

// write sends o through w unless o's source already has spooled rows
// (order: they must be written first); a transient failure spools o.
func (s *Store) write(ctx context.Context, o *op, w func(context.Context) error) error {
	if o.rows() == 0 {
		return w(ctx)
	}
	var cause error
	if s.isPending(o.Source) {
		cause = errors.New(noteSpooling)
	} else {
		err := w(ctx)
		if err == nil || s.transient == nil || !s.transient(err) {
			return err
		}
		cause = err
	}
	return s.append(o, cause)
}

func (s *Store) isPending(source string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.pending[source]
}

func (s *Store) sourceLock(source string) *sync.Mutex {
	s.mu.Lock()
	defer s.mu.Unlock()
	l, ok := s.locks[source]
	if !ok {
		l = &sync.Mutex{}
		s.locks[source] = l
	}
	return l
}

func (s *Store) sourceDir(source string) string {
	return filepath.Join(s.dir, dirPrefix+url.PathEscape(source))
}

// append keeps o in the source's current file, fsynced, and returns the
// *schedules.SpooledError that tells the run its rows are safe. When the
// spool is full or the disk fails, it returns an error naming cause: the
// rows are lost to this run.
func (s *Store) append(o *op, cause error) error {
	frame, err := encodeFrame(o)
	if err != nil {
		return fmt.Errorf("spool: %w (while ClickHouse refused them: %v)", err, cause)
	}
	l := s.sourceLock(o.Source)
	l.Lock()
	defer l.Unlock()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.size+int64(len(frame)) > s.maxBytes {
		return fmt.Errorf("spool %s is full (%d of %d bytes, spool.max_bytes): %d %s rows of source %s not kept: %w",
			s.dir, s.size, s.maxBytes, o.rows(), o.Kind, o.Source, cause)
	}
	f, created, err := s.appendFile(o.Source, int64(len(frame)))
	if err != nil {
		return fmt.Errorf("spool %s: %w (rows of %s not kept; ClickHouse refused them: %v)", s.dir, err, o.Source, cause)
	}
	fi, err := f.Stat()
	if err != nil {
		return fmt.Errorf("spool %s: %w (rows of %s not kept; ClickHouse refused them: %v)", s.dir, err, o.Source, cause)
	}
	if _, err := f.Write(frame); err != nil {
		f.Truncate(fi.Size()) // leave no torn frame behind, if the disk lets us
		return fmt.Errorf("spool %s: writing: %w (rows of %s not kept; ClickHouse refused them: %v)", f.Name(), err, o.Source, cause)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("spool %s: fsync: %w (rows of %s not kept; ClickHouse refused them: %v)", f.Name(), err, o.Source, cause)
	}
	s.size += int64(len(frame)) + created
	s.pending[o.Source] = true
	s.log.Warn("rows spooled", "source", o.Source, "op", o.Kind, "rows", o.rows(), "file", f.Name(), "cause", cause)
	return &schedules.SpooledError{Rows: o.rows(), Where: f.Name(), Cause: cause}
}

// appendFile returns the source's open file, or a new one (its header
// written and fsynced, and the directory entry fsynced) when there is
// none or the frame would take it over the segment size. created is the
// size of a new file's header. s.mu is held.
func (s *Store) appendFile(source string, frame int64) (f *os.File, created int64, err error) {
	if f := s.files[source]; f != nil {
		if fi, err := f.Stat(); err == nil && fi.Size()+frame <= s.segment {
			return f, 0, nil
		}
		f.Close()
		delete(s.files, source)
	}
	dir := s.sourceDir(source)
	if err := os.MkdirAll(dir, dirPerm); err != nil {
		return nil, 0, err
	}
	s.seq = max(s.seq+1, uint64(time.Now().UnixNano()))
	name := filepath.Join(dir, fmt.Sprintf("%0*d%s", seqDigits, s.seq, fileExt))
	f, err = os.OpenFile(name, os.O_CREATE|os.O_EXCL|os.O_WRONLY|os.O_APPEND, filePerm)
	if err != nil {
		return nil, 0, err
	}
	if _, err := f.WriteString(magic); err != nil {
		f.Close()
		os.Remove(name)
		return nil, 0, err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return nil, 0, err
	}
	syncDir(dir)
	syncDir(s.dir)
	s.files[source] = f
	return f, int64(len(magic)), nil
}

// spoolFiles lists the source's .spool files in order.
func (s *Store) spoolFiles(source string) ([]string, error) {
	names, err := filepath.Glob(filepath.Join(s.sourceDir(source), "*"+fileExt))
	if err != nil {
		return nil, fmt.Errorf("spool %s: %w", s.dir, err)
	}
	sort.Strings(names)
	return names, nil
}

func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}
