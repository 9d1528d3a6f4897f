package spool

import (
	"os"
	"path/filepath"
	"strings"
)

// waitingFile is what one spool file held when last read.
type waitingFile struct {
	size, done int64
	ops        []opCount
}

// opCount is one op's rows, and whether it is a run record.
type opCount struct {
	rows int
	run  bool
}

// Waiting returns how many rows the spool holds (not yet replayed) and how
// many of them are run records (ingest_runs rows), for /metrics and
// `newsetl sources`. It reads each file once per change of its size or
// progress; a file being appended to or read by a replay at that moment
// counts as it last read whole. It takes no source lock, so a scrape never
// waits for a replay.
func (s *Store) Waiting() (rows, runs int) {
	names, _ := filepath.Glob(filepath.Join(s.dir, dirPrefix+"*", "*"+fileExt))
	s.waitMu.Lock()
	defer s.waitMu.Unlock()
	if s.waitCache == nil {
		s.waitCache = map[string]waitingFile{}
	}
	seen := map[string]bool{}
	for _, name := range names {
		seen[name] = true
		fi, err := os.Stat(name)
		if err != nil {
			continue // replayed and removed meanwhile
		}
		done := int64(readDone(name))
		c, ok := s.waitCache[name]
		if !ok || c.size != fi.Size() {
			data, err := os.ReadFile(name)
			if err == nil {
				if ops, err := readOps(data); err == nil {
					c = waitingFile{size: int64(len(data)), ops: make([]opCount, len(ops))}
					for i := range ops {
						c.ops[i] = opCount{rows: ops[i].rows(), run: ops[i].Kind == opRun}
					}
				}
			}
		}
		c.done = done
		s.waitCache[name] = c
		for i := int(min(c.done, int64(len(c.ops)))); i < len(c.ops); i++ {
			rows += c.ops[i].rows
			if c.ops[i].run {
				runs++
			}
		}
	}
	for name := range s.waitCache {
		if !seen[name] || strings.HasSuffix(name, corruptExt) {
			delete(s.waitCache, name)
		}
	}
	return rows, runs
}
