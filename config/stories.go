package config

// Stories holds the thresholds of story linking: two articles of one
// publisher are versions of the same release (one story) when their
// publication days are at most WindowDays apart and the multisets of their
// facts' (value, kind) pairs share at least MinShared pairs, which are at
// least MinOverlap of the smaller multiset (the overlap coefficient).
// Zero values take the defaults of package stories (3 days, 3 pairs, 0.6).
type Stories struct {
	WindowDays int     `yaml:"window_days"`
	MinShared  int     `yaml:"min_shared"`
	MinOverlap float64 `yaml:"min_overlap"`
	// Off disables linking at ingest and reparse.
	Off bool `yaml:"off"`
}
