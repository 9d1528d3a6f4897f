// Package stats turns statistics into observations: one value of one
// indicator for one period and one combination of dimensions. It reads
// text already taken out of a page: cells, units, periods, and a table as
// a grid of cell texts (TableObservations). Taking them out of HTML or
// JSON is the source kinds' work (extract/table, extract/csv,
// extract/jsonapi); this package depends on no parser of either.
package stats

import (
	"crypto/sha256"
	"encoding/binary"
	"math"
	"sort"
	"strconv"
	"time"
)

// Granularities of a period.
const (
	Year       = "year"
	Quarter    = "quarter"
	Month      = "month"
	Day        = "day"
	Cumulative = "cumulative"  // a run of months from the start of a year: "1-11月", "Jan-Nov"
	Week       = "week"        // an ISO week, Monday to Sunday
	HalfYear   = "half-year"   // January-June or July-December (SDMX "2021-S1")
	FiscalYear = "fiscal-year" // twelve months from the source's fiscal_year_start
)

// Observation is one statistics value.
type Observation struct {
	Source        string
	Dataset       string // a table, file or API query, as the source config names it
	IndicatorCode string // stable code ("SH.XPD.CHEX.GD.ZS", "A0B0101"); the name when the source has none
	IndicatorName string
	Dims          []Dim // region, category, ...; order does not matter
	PeriodStart   time.Time
	PeriodEnd     time.Time // inclusive, a day
	Granularity   string
	PeriodText    string   // as written: "2016", "2021年1-11月", "2021Q3"
	Value         *float64 // nil: missing ("..", "-", "—", empty, hasdata false); never 0 for missing
	Unit          string   // after scaling: "CNY", "percent", "persons"; "" if none
	Scale         float64  // multiplier applied to the written number (1e8 for 亿元); 1 when none
	Raw           string   // the cell or field as written
	URL           string
	FetchedAt     time.Time
}

// Dim is one dimension of an observation.
type Dim struct {
	Name, Value string
}

// SortedDims returns the dimensions sorted by name, as two parallel slices
// (ClickHouse 18.16 has no Map type).
func (o Observation) SortedDims() (names, values []string) {
	d := append([]Dim(nil), o.Dims...)
	sort.Slice(d, func(i, j int) bool { return d[i].Name < d[j].Name })
	for _, x := range d {
		names = append(names, x.Name)
		values = append(values, x.Value)
	}
	return names, values
}

// SeriesKey identifies the figure being measured: source, dataset,
// indicator, dimensions and period. Re-fetching the same figure gives the
// same key.
func (o Observation) SeriesKey() uint64 {
	h := sha256.New()
	names, values := o.SortedDims()
	for _, s := range []string{o.Source, o.Dataset, o.IndicatorCode, o.PeriodStart.Format("2006-01-02"), o.PeriodEnd.Format("2006-01-02"), o.Granularity} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	for i := range names {
		h.Write([]byte(names[i]))
		h.Write([]byte{1})
		h.Write([]byte(values[i]))
		h.Write([]byte{0})
	}
	return binary.BigEndian.Uint64(h.Sum(nil)[:8])
}

// ValueKey identifies what was published for the series: a different value
// (or unit) under the same SeriesKey is a revision.
func (o Observation) ValueKey() uint64 {
	v := "NULL"
	if o.Value != nil {
		v = strconv.FormatFloat(*o.Value, 'g', -1, 64)
	}
	sum := sha256.Sum256([]byte(v + "\x00" + o.Unit))
	return binary.BigEndian.Uint64(sum[:8])
}

// Float returns a pointer to v, or nil for NaN.
func Float(v float64) *float64 {
	if math.IsNaN(v) {
		return nil
	}
	return &v
}
