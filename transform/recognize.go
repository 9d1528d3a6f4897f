package transform

import (
	"math"
	"strconv"
)

// NumberKind says what sort of numeric expression a Number is.
type NumberKind string

const (
	NumCardinal NumberKind = "number"  // "192", "sixteen", "1,674.5 M", "两千四百五", "three quarters" (Fraction set)
	NumOrdinal  NumberKind = "ordinal" // "4th", "twenty-first", "第三": a rank, never a quantity
	NumPercent  NumberKind = "percent" // "100%", "twenty percent", "百分之五", "九成", "七五折", "千分之三"
	NumAmount   NumberKind = "amount"  // a Chinese numeral whose measure word is a currency: "一美元"
)

// Number is one numeric expression as Numbers finds it, context-free: a
// bare number counts, whether or not it counts anything.
//
// Start and End are code-point offsets into the text, End exclusive, as for
// Figure. For a percentage, Value is in percentage points ("九折" is 90,
// "千分之三" 0.3) and Unit says how it was written: "percent", "per mille",
// "per ten thousand", "percentage points", "成" (tenths) or "折" (a discount
// price in tenths); NumStart, NumEnd and NumValue then give the numeral
// inside it ("五十五点五七九" = 55.579 in "百分之五十五点五七九"), when it has
// one of its own (NumEnd > NumStart).
type Number struct {
	Text     string
	Value    float64
	Kind     NumberKind
	Fraction bool   // written as a fraction: "3/4", "two thirds", "五分之一", "one over three"
	Unit     string // for a percentage, see above; else ""
	Start    int
	End      int
	NumStart int
	NumEnd   int
	NumValue float64
}

// Numbers returns every numeric expression in text, in order of
// appearance: numbers in digits and in words, fractions, percentages in all
// their forms, ordinals (marked as such), magnitude suffixes ("10k", "2mil",
// "1.2b", "10G") and scale words ("2 million", "13 lakh", "4.78万亿"). It is
// the recognizer layer beneath Parse and reads the language as Parse does
// (Options.Lang, else DetectLang); Options.Published is not used. It never
// panics, and []rune(text)[n.Start:n.End] == n.Text for every Number n.
//
// Unlike Parse it keeps what is no figure: years, dates, times of day,
// identifiers ("192.168.1.2" is four numbers), and numbers that count
// nothing. Expressions glued to letters that are no magnitude suffix
// ("180ml", "29km", "G20") are not numbers.
func Numbers(text string, opt Options) []Number {
	text = validUTF8(text)
	l := parseLang(opt.Lang, text)
	if l == nil || l.numbers == nil {
		return nil
	}
	// A number too long for a float64 (a run of hundreds of digits) is no
	// figure anyone can read with certainty: it is left out, never +Inf.
	out := l.numbers(text)
	kept := out[:0]
	for _, n := range out {
		if finite(n.Value) && finite(n.NumValue) {
			kept = append(kept, n)
		}
	}
	return kept
}

func finite(v float64) bool { return !math.IsInf(v, 0) && !math.IsNaN(v) }

// cleanFloat rounds away the binary noise of a chain of multiplications
// (4.78×1e4×1e8) by keeping 15 significant digits. It returns ok false for
// an infinite or NaN value.
func cleanFloat(v float64) (float64, bool) {
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, false
	}
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return v, true // an integer of up to 15 digits is exact
	}
	w, err := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 15, 64), 64)
	if err != nil {
		return 0, false
	}
	return w, true
}
