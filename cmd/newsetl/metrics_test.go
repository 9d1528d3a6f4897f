package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsetl/newsetl/config"
	"github.com/newsetl/newsetl/schedules"
	"github.com/newsetl/newsetl/transform"
)

// TestMetricTableFromConfig: metrics.synonyms_file (relative to the
// config file) and metrics.synonyms are laid over the shipped table, in
// that order, and become the current parser's table and version.
func TestMetricTableFromConfig(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "syn.yaml"), []byte("hospital_bed: [hospital bed]\nclinic: [医院床位]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "newsetl.yaml")
	cfg, err := config.Parse([]byte("metrics:\n  synonyms_file: syn.yaml\n  synonyms:\n    hospital_bed: [医院床位]\n"), path, func(string) (string, bool) { return "", false })
	if err != nil {
		t.Fatal(err)
	}
	m, err := metricTable(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for subject, want := range map[string]string{"hospital beds": "hospital_bed", "医院床位": "hospital_bed", "beds": "bed"} {
		if got := m.SubjectKey(subject); got != want {
			t.Errorf("SubjectKey(%q) = %q, want %q", subject, got, want)
		}
	}
	defer func() { schedules.CurrentParser = schedules.NewParser(transform.DefaultMetrics) }()
	if err := useMetrics(cfg); err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(schedules.CurrentParser.Version, m.Hash()) || m.Hash() == transform.DefaultMetrics.Hash() {
		t.Errorf("current parser %q, want the table %s", schedules.CurrentParser.Version, m.Hash())
	}
	cfg.Metrics.SynonymsFile = "missing.yaml"
	if _, err := metricTable(cfg); err == nil || !strings.Contains(err.Error(), "metrics.synonyms_file") {
		t.Errorf("a missing synonyms file: %v", err)
	}
}
