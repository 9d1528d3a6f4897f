package config

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Metrics holds the user's entries of the metric synonym table: phrases
// (English or Chinese) naming a metric key, laid over the table newsetl
// ships (transform/metric_synonyms.yaml). See docs/analysts.md, "Metric
// keys". A change here changes the parser version, so `newsetl reparse`
// recomputes the metrics of stored facts. The table is built when a command
// opens the store; `newsetl run` keeps the table it started with across
// reloads (SIGHUP): restart it to use a changed table.
//
//	metrics:
//	  synonyms_file: synonyms.yaml   # same format as the shipped table
//	  synonyms:
//	    hospital_bed: [hospital bed, 医院床位]
type Metrics struct {
	// SynonymsFile is a YAML file mapping metric keys to phrases, read at
	// start-up; a relative path is relative to the configuration file.
	SynonymsFile string `yaml:"synonyms_file"`
	// Synonyms maps metric keys to phrases; laid over SynonymsFile.
	Synonyms map[string][]string `yaml:"synonyms"`
}

// UnmarshalYAML decodes metrics: and checks the synonyms: each key is a
// metric key ([a-z0-9_]+) and each phrase has a word, so a bad entry fails
// when the file is read, naming its line.
func (m *Metrics) UnmarshalYAML(n *yaml.Node) error {
	type plain Metrics
	var p plain
	if err := n.Decode(&p); err != nil {
		return err
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value != "synonyms" {
			continue
		}
		syn := n.Content[i+1]
		for j := 0; j+1 < len(syn.Content); j += 2 {
			key, val := syn.Content[j], syn.Content[j+1]
			if !metricKey(key.Value) {
				return fmt.Errorf("line %d: metrics.synonyms: key %q: want lower-case letters, digits and _", key.Line, key.Value)
			}
			for _, ph := range val.Content {
				if strings.TrimSpace(ph.Value) == "" {
					return fmt.Errorf("line %d: metrics.synonyms.%s: an empty phrase", ph.Line, key.Value)
				}
			}
		}
	}
	*m = Metrics(p)
	return nil
}

// metricKey reports whether k is [a-z0-9_]+.
func metricKey(k string) bool {
	if k == "" {
		return false
	}
	for _, c := range k {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}
