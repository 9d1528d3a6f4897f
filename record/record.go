// Package record holds the rows newsetl writes: articles and their facts,
// statistics observations, page states, run records and backfill
// partitions. The pipeline (schedules) builds them and a writer (load, for
// ClickHouse) stores them; neither imports the other.
package record

import (
	"time"

	"github.com/newsetl/newsetl/transform/stats"
)

// Article is a row of the articles table.
type Article struct {
	ArticleID   uint64
	Source      string
	URL         string
	Title       string
	PublishedAt time.Time
	DateSource  string // where PublishedAt was read: extract.DateMeta, DateSelector, ... ("" when not known)
	Lang        string
	Body        string
	ContentHash string
	FetchedAt   time.Time
	Version     uint64
	// ParserVersion is the transform.ParserVersion that made this
	// version's facts ("" for rows written before it was recorded).
	ParserVersion string
}

// Fact is a row of the facts table.
type Fact struct {
	FactID            uint64
	ArticleID         uint64
	Version           uint64
	Source            string
	URL               string
	PublishedAt       time.Time
	Lang              string
	Figure            string
	Value             float64
	Kind              string
	Unit              string
	Subject           string
	SubjectHead       string // the head noun of Subject, lemmatised: "hospital" for "three new hospitals"
	Metric            string // what is measured, the same key across phrasings and languages: "medical_institution"
	Entity            string // the organisation or place the figure is about, when the sentence names it; "" otherwise
	Base              string
	Qualifier         string
	PeriodText        string
	PeriodStart       *time.Time
	PeriodEnd         *time.Time
	PeriodGranularity string
	AsOf              bool
	PeriodFallback    bool    // no period phrase: the period is the publication day
	PeriodTarget      bool    // the period is a deadline the figure is a goal for ("by 2030")
	ValueLow          float64 // a range's ends; both = Value for any other figure
	ValueHigh         float64
	Direction         string // "up", "down" or ""
	IsChange          bool   // the size of a change ("rose 3.2 percent"), not a level
	Sentence          string
	Position          uint32
	ParsedAt          time.Time
	ParserVersion     string // the transform.ParserVersion that made this row
}

// Run is a row of ingest_runs.
type Run struct {
	RunID             string
	Source            string
	Kind              string
	StartedAt         time.Time
	FinishedAt        time.Time
	Status            string
	PagesFetched      uint32
	ArticlesNew       uint32
	ArticlesChanged   uint32
	ArticlesUnchanged uint32
	PagesNotModified  uint32 // skipped: 304 to a conditional request
	PagesUnchanged    uint32 // skipped: same body hash as last time
	FactsWritten      uint64
	// Statistics sources: observations new or revised (written), revised, unchanged (skipped).
	ObservationsWritten   uint64
	ObservationsRevised   uint32
	ObservationsUnchanged uint32
	Errors                uint32
	FirstError            string
	PagesBlocked          uint32 // refused by the site: 403/412/429 or a challenge page (each also an error)
	RowsSpooled           uint64 // rows kept in the local spool: ClickHouse stayed down past the retries
	RowsReplayed          uint64 // rows from the spool of earlier runs written before this run's own
	CharsetMismatches     uint32 // documents whose page declared a legacy charset over UTF-8 bytes (read as UTF-8)
}

// RunError is a row of ingest_errors.
type RunError struct {
	RunID  string
	Source string
	URL    string
	At     time.Time
	Error  string
}

// Run statuses.
const (
	StatusOK      = "ok"
	StatusPartial = "partial" // some pages failed; the rest loaded
	StatusFailed  = "failed"  // the source failed as a whole
	StatusStopped = "stopped" // shut down before the source was exhausted; what was read is written
	StatusSpooled = "spooled" // read whole, but rows went to the local spool (ClickHouse down); the next run replays them
)

// PageState is a row of fetch_state.
type PageState struct {
	Source, URL, ETag, LastModified, BodyHash string
	FetchedAt                                 time.Time
}

// Partition is a row of backfill_partitions: one date range of one source.
type Partition struct {
	Source   string
	Start    time.Time // inclusive, a day
	End      time.Time // exclusive, a day
	Status   string    // StatusDone or StatusFailed
	RunID    string
	Articles uint32
	Facts    uint64
	Finished time.Time
}

// Partition statuses.
const (
	StatusDone = "done"
)

// PartitionKey is the key DonePartitions uses for a range.
func PartitionKey(start, end time.Time) string {
	return start.Format("2006-01-02") + "/" + end.Format("2006-01-02")
}

// StoredValue is what the statistics table holds as the current value of a series.
type StoredValue struct {
	ValueKey    uint64
	Unit        string
	FirstSeenAt time.Time
}

// Observation is an observation ready to be written: the values the
// pipeline computed for it.
type Observation struct {
	stats.Observation
	SeriesKey, ValueKey uint64
	FirstSeenAt         time.Time
}
