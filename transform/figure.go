// Package transform turns the text of a document into structured rows:
// each figure (count, percentage, amount, ratio) with its value, unit, the
// thing it counts, its period, its qualifier and the sentence it came from.
package transform

import "time"

// Kind says what sort of figure a Figure is.
type Kind string

const (
	KindCount   Kind = "count"   // "1,154 medical institutions"
	KindPercent Kind = "percent" // "99.6%", "6.2 percent of the nation's GDP"
	KindAmount  Kind = "amount"  // "5 billion yuan", "US$3 million"
	KindRatio   Kind = "ratio"   // "one in five", "3:1"
	KindNumber  Kind = "number"  // a bare quantity with no counted noun
)

// Granularity says how wide a Period is.
type Granularity string

const (
	GranDay     Granularity = "day"
	GranMonth   Granularity = "month"
	GranQuarter Granularity = "quarter"
	GranYear    Granularity = "year"
)

// Period is the time a figure belongs to. For an as-of figure ("as of the
// end of November 2021") Start and End are both the as-of date.
type Period struct {
	Text        string      // the words it was read from, "As of the end of November 2021"
	Start       time.Time   // first day, UTC midnight
	End         time.Time   // last day, UTC midnight, inclusive
	Granularity Granularity // day, month, quarter or year
	AsOf        bool        // a point in time ("by the end of", "as of"), not a span
	// Fallback reports that no period phrase dates the figure: the period is
	// the article's publication day (Options.Published), Text is "", and
	// Granularity is day, AsOf true.
	Fallback bool
	// Target reports a deadline the figure is a goal for ("aims to cut
	// emissions by 30% by 2030", "力争到2025年"): End is the deadline,
	// Start the first day of its year, month or day ("by the end of 2025"
	// is that day), and AsOf is false.
	Target bool
}

// Figure is one number found in text.
//
// Start and End are offsets into the text handed to Parse, counted in Unicode
// code points (not bytes), End exclusive: []rune(text)[Start:End] == Text.
type Figure struct {
	Text    string  // the figure as written: "13.33 million", "99.6%"
	Value   float64 // with scale words applied: 13330000, 99.6
	Kind    Kind
	Unit    string // "percent", "percentage points", "basis points", "CNY", "USD", or a measure unit by one name in both languages ("t", "km", "km2", "kWh", "person-times"; transform/units.go); "" for a plain count, whose noun is in Subject (also for a Chinese measure word that only counts: 家, 个, 张)
	Subject string // what is counted or measured: "medical institutions", "the completion rate of the deepening reform ..."
	// SubjectHead is the head noun of Subject, lemmatised, for grouping:
	// "hospital" for "three new public hospitals", "rate" for "the
	// completion rate of the reform", "收入" for "全国居民人均可支配收入";
	// "" when Subject is "".
	SubjectHead string
	Base        string // for a percentage, what it is a share of: "the nation's GDP"; "" if unknown
	Qualifier   string // "more than", "nearly", "about", "at least", "up to", ...; "" if exact
	// Low and High bound a range ("between 10 and 20", "10-20%", "10至20"):
	// Value is then the low end, Low == Value and High the upper end. For any
	// other figure Low == High == Value.
	Low, High float64
	// Direction is "up" or "down" when a verb or noun of change goes with the
	// figure ("rose 3.2 percent", "fell to 5%", "同比下降3.2%"), else "".
	// Value keeps the sign it was written with: "fell 3.2 percent" is
	// Value 3.2, Direction "down".
	Direction string
	// Change reports that the figure is the size of a change ("rose 3.2
	// percent", "up 9.1 percent", "an increase of 306,000", "同比增长3.2%"),
	// not a level reached ("rose to 5%", "增长到5%", "降至").
	Change   bool
	Period   *Period
	Sentence string // the sentence the figure came from, trimmed
	Start    int    // code-point offset of Text in the input
	End      int    // code-point offset just past Text
}
