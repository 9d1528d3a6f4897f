package config_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/newsetl/newsetl/config"
)

func TestMetricsKey(t *testing.T) {
	f, err := config.Parse([]byte("metrics:\n  synonyms_file: syn.yaml\n  synonyms:\n    hospital_bed: [hospital bed, 医院床位]\n"), "c.yaml", env(nil))
	if err != nil {
		t.Fatal(err)
	}
	want := config.Metrics{SynonymsFile: "syn.yaml", Synonyms: map[string][]string{"hospital_bed": {"hospital bed", "医院床位"}}}
	if !reflect.DeepEqual(f.Metrics, want) {
		t.Errorf("metrics = %+v, want %+v", f.Metrics, want)
	}
	_, err = config.Parse([]byte("metrics:\n  synonyms:\n    Hospital-Bed: [beds]\n"), "c.yaml", env(nil))
	if err == nil || !strings.Contains(err.Error(), "Hospital-Bed") || !strings.Contains(err.Error(), "line 3") {
		t.Errorf("a bad metric key: %v, want an error naming it and its line", err)
	}
	_, err = config.Parse([]byte("metrics:\n  synonym: {a: [b]}\n"), "c.yaml", env(nil))
	if err == nil || !strings.Contains(err.Error(), "synonym") || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("an unknown metrics key: %v, want an error naming it and its line", err)
	}
}
