package main

import (
	"context"
	"maps"
	"sync"

	"github.com/newsetl/newsetl/record"
)

// nullStore is a schedules.Store that keeps only what a run reads back
// (article hashes, page states, finished partitions) and counts the rest:
// the crawl and backfill figures measure fetching, extraction and figure
// parsing; the ClickHouse writes are measured by the load figure.
type nullStore struct {
	mu         sync.Mutex
	hashes     map[uint64]string
	pages      map[string]record.PageState
	partitions map[string]bool
	facts      int
	hashReads  int
}

func newNullStore() *nullStore {
	return &nullStore{hashes: map[uint64]string{}, pages: map[string]record.PageState{}, partitions: map[string]bool{}}
}

func (s *nullStore) ArticleHashes(context.Context, string) (map[uint64]string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hashReads++
	return maps.Clone(s.hashes), nil
}
func (s *nullStore) ArticleSources(context.Context, uint64) ([]string, error) { return nil, nil }
func (s *nullStore) PageStates(context.Context, string) (map[string]record.PageState, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return maps.Clone(s.pages), nil
}
func (s *nullStore) SeriesValues(context.Context, string) (map[uint64]record.StoredValue, error) {
	return map[uint64]record.StoredValue{}, nil
}
func (s *nullStore) WriteVersions(_ context.Context, articles []record.Article, facts []record.Fact) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, a := range articles {
		s.hashes[a.ArticleID] = a.ContentHash
	}
	s.facts += len(facts)
	return nil
}
func (s *nullStore) WriteObservations(context.Context, []record.Observation) error { return nil }
func (s *nullStore) WritePageStates(_ context.Context, states []record.PageState) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, p := range states {
		s.pages[p.URL] = p
	}
	return nil
}
func (s *nullStore) WriteRun(context.Context, record.Run, []record.RunError) error { return nil }
func (s *nullStore) WritePartition(_ context.Context, p record.Partition) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.partitions[record.PartitionKey(p.Start, p.End)] = p.Status == record.StatusDone
	return nil
}
func (s *nullStore) DonePartitions(context.Context, string) (map[string]bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return maps.Clone(s.partitions), nil
}
