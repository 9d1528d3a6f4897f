package main

import (
	"fmt"
	"os"
	"path/filepath"

	"go.yaml.in/yaml/v3"

	"github.com/newsetl/newsetl/config"
	"github.com/newsetl/newsetl/schedules"
	"github.com/newsetl/newsetl/transform"
)

// metricTable builds the metric synonym table of cfg: the shipped table,
// then metrics.synonyms_file, then metrics.synonyms.
func metricTable(cfg *config.File) (*transform.Metrics, error) {
	m := cfg.Metrics
	if m.SynonymsFile == "" && len(m.Synonyms) == 0 {
		return transform.DefaultMetrics, nil
	}
	var docs [][]byte
	if m.SynonymsFile != "" {
		path := m.SynonymsFile
		if !filepath.IsAbs(path) && cfg.Path != "" {
			path = filepath.Join(filepath.Dir(cfg.Path), path)
		}
		raw, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("config %s: metrics.synonyms_file: %w", cfg.Path, err)
		}
		docs = append(docs, raw)
	}
	if len(m.Synonyms) > 0 {
		raw, err := yaml.Marshal(m.Synonyms)
		if err != nil {
			return nil, fmt.Errorf("config %s: metrics.synonyms: %w", cfg.Path, err)
		}
		docs = append(docs, raw)
	}
	t, err := transform.WithDefaults(docs...)
	if err != nil {
		return nil, fmt.Errorf("config %s: metrics: %w", cfg.Path, err)
	}
	return t, nil
}

// useMetrics makes cfg's metric table the current parser's: the facts
// ingested and reparsed from here on get their metrics from it, and their
// parser version carries its hash.
func useMetrics(cfg *config.File) error {
	m, err := metricTable(cfg)
	if err != nil {
		return err
	}
	if m.Hash() != schedules.CurrentParser.Metrics.Hash() {
		schedules.CurrentParser = schedules.NewParser(m)
	}
	return nil
}
