package config

// Metrics holds the user's entries of the metric synonym table: phrases
// (English or Chinese) naming a metric key, laid over the table newsetl
// ships (transform/metric_synonyms.yaml). See docs/analysts.md, "Metric
// keys". A change here changes the parser version, so `newsetl reparse`
// recomputes the metrics of stored facts.
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
