package schedules

import (
	"sync"

	"github.com/newsetl/newsetl/record"
)

// knownHashes is what a run knows of its source's stored articles: the
// content hash of each one's latest version, by article id. It is the
// run's own map, or (mu set) the map of a backfill's snapshot, shared by
// the partitions running at once under the snapshot's lock (snapshot.go).
type knownHashes struct {
	m  map[uint64]string
	mu *sync.RWMutex
}

// swap records hash for id and returns what was known before, in one step:
// of partitions reading the same article at once, one finds it new and the
// others find it unchanged, so it is written once.
func (k knownHashes) swap(id uint64, hash string) (string, bool) {
	if k.mu != nil {
		k.mu.Lock()
		defer k.mu.Unlock()
	}
	prev, ok := k.m[id]
	k.m[id] = hash
	return prev, ok
}

func (k knownHashes) set(id uint64, hash string) {
	if k.mu != nil {
		k.mu.Lock()
		defer k.mu.Unlock()
	}
	k.m[id] = hash
}

func (k knownHashes) forget(id uint64) {
	if k.mu != nil {
		k.mu.Lock()
		defer k.mu.Unlock()
	}
	delete(k.m, id)
}

// knownPages is what the last runs saw of the source's pages, by URL: the
// run's own map, read-only while it extracts, or (mu set) a backfill
// snapshot's, which the partitions' writes update under its lock. The zero
// value knows no page (a forced run).
type knownPages struct {
	m  map[string]record.PageState
	mu *sync.RWMutex
}

// get is safe for concurrent use (the Fetcher's workers ask at once).
func (k knownPages) get(url string) (record.PageState, bool) {
	if k.mu != nil {
		k.mu.RLock()
		defer k.mu.RUnlock()
	}
	p, ok := k.m[url]
	return p, ok
}
