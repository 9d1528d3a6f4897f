package spool

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// Replay writes the source's spooled rows to the wrapped Store, file by
// file and op by op in the order they were kept, and deletes each file
// once all its ops are written. It stops at the first write that fails
// (ClickHouse still down: rows is what got through, the rest stays for the
// next run). A file that cannot be read whole is renamed to .corrupt,
// none of its rows written, and reported in the error (wrapping
// ErrCorrupt); the files after it are replayed.
func (s *Store) Replay(ctx context.Context, source string) (rows int, err error) {
	if !s.isPending(source) {
		return 0, nil
	}
	l := s.sourceLock(source)
	l.Lock()
	defer l.Unlock()
	s.mu.Lock()
	if f := s.files[source]; f != nil {
		f.Close()
		delete(s.files, source)
	}
	s.mu.Unlock()

	names, err := s.spoolFiles(source)
	if err != nil {
		return 0, err
	}
	var report []error
	for _, name := range names {
		n, ferr := s.replayFile(ctx, name)
		rows += n
		if errors.Is(ferr, ErrCorrupt) {
			report = append(report, ferr)
			continue
		}
		if ferr != nil {
			return rows, errors.Join(append(report, ferr)...)
		}
	}
	s.mu.Lock()
	s.pending[source] = false
	s.mu.Unlock()
	return rows, errors.Join(report...)
}

// replayFile writes the ops of one file not yet written (its .done file
// counts those that were) and deletes it.
func (s *Store) replayFile(ctx context.Context, name string) (rows int, err error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return 0, fmt.Errorf("spool %s: %w", name, err)
	}
	ops, err := readOps(data)
	if err != nil {
		aside := name + corruptExt
		if rerr := os.Rename(name, aside); rerr != nil {
			return 0, fmt.Errorf("spool %s: %w; setting it aside failed: %v", name, err, rerr)
		}
		os.Remove(name + doneExt)
		s.mu.Lock()
		s.size -= int64(len(data))
		s.mu.Unlock()
		s.log.Error("spool file set aside: not replayed", "file", aside, "err", err)
		return 0, fmt.Errorf("spool file %s set aside as %s, none of its rows replayed: %w", name, aside, err)
	}
	done := readDone(name)
	for i := done; i < len(ops); i++ {
		if err := s.apply(ctx, &ops[i]); err != nil {
			return rows, fmt.Errorf("replaying spool file %s, op %d of %d (%s, %d rows): %w", name, i+1, len(ops), ops[i].Kind, ops[i].rows(), err)
		}
		rows += ops[i].rows()
		if err := writeDone(name, i+1); err != nil {
			return rows, fmt.Errorf("spool %s: recording progress: %w", name, err)
		}
	}
	if err := os.Remove(name); err != nil {
		return rows, fmt.Errorf("spool %s: %w", name, err)
	}
	os.Remove(name + doneExt)
	syncDir(s.sourceDirOf(name))
	s.mu.Lock()
	s.size -= int64(len(data))
	s.mu.Unlock()
	return rows, nil
}

func (s *Store) sourceDirOf(name string) string {
	return name[:strings.LastIndexByte(name, os.PathSeparator)]
}

// apply writes one op to the wrapped Store.
func (s *Store) apply(ctx context.Context, o *op) error {
	switch o.Kind {
	case opVersions:
		return s.Store.WriteVersions(ctx, o.Articles, o.Facts)
	case opObservations:
		return s.Store.WriteObservations(ctx, o.Obs)
	case opPageStates:
		return s.Store.WritePageStates(ctx, o.States)
	case opRun:
		return s.Store.WriteRun(ctx, *o.Run, o.RunErrs)
	case opPartition:
		return s.Store.WritePartition(ctx, *o.Partition)
	}
	return fmt.Errorf("unknown op %q", o.Kind)
}

// readDone returns how many ops of the file were written, 0 when unknown.
func readDone(name string) int {
	raw, err := os.ReadFile(name + doneExt)
	if err != nil {
		return 0
	}
	n, err := strconv.Atoi(strings.TrimSpace(string(raw)))
	if err != nil || n < 0 {
		return 0
	}
	return n
}

// writeDone records, fsynced, that the first n ops of the file are written.
func writeDone(name string, n int) error {
	tmp := name + doneExt + ".tmp"
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, filePerm)
	if err != nil {
		return err
	}
	if _, err := f.WriteString(strconv.Itoa(n) + "\n"); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, name+doneExt)
}
