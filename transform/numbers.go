package transform

import (
	"math"
	"strconv"
	"strings"
)

// numeral is the value of one run of digits as written.
type numeral struct {
	value    float64
	plain    bool   // only digits: no thousands separator, no decimal point
	digits   int    // number of digits before the decimal point
	leading  bool   // a leading zero before other integer digits: "010", "09"
	mantissa string // the digits without thousands separators: "1154", "13.33"
}

// readNumeral reads a tokNum token. It accepts "1,154", "27,000", "99.6",
// "1,234.5" and "1500", and rejects malformed runs that are not quantities:
// "1.2.3" (versions, IP addresses), "12,34" or "1,2021" (lists), and values
// too large for a float64.
func readNumeral(s string) (numeral, bool) {
	intPart, frac, hasDot := strings.Cut(s, ".")
	if hasDot && (frac == "" || strings.ContainsAny(frac, ".,")) {
		return numeral{}, false
	}
	n := numeral{plain: !hasDot && !strings.Contains(intPart, ","), mantissa: s}
	if first := strings.IndexByte(intPart, ','); first >= 0 {
		// "1,154,000": one to three digits, then groups of three.
		if first == 0 || first > 3 || intPart[0] == '0' || (len(intPart)-first)%4 != 0 {
			return numeral{}, false
		}
		for k := first; k < len(intPart); k += 4 {
			if intPart[k] != ',' || strings.IndexByte(intPart[k+1:k+4], ',') >= 0 {
				return numeral{}, false
			}
		}
		intPart = strings.ReplaceAll(intPart, ",", "")
		n.mantissa = strings.ReplaceAll(s, ",", "")
	}
	n.digits = len(intPart)
	n.leading = len(intPart) > 1 && intPart[0] == '0'
	v, err := strconv.ParseFloat(n.mantissa, 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return numeral{}, false
	}
	n.value = v
	return n, true
}

// scaled returns the value times 10^exp, read from the digits so that
// "32.2 trillion" is exactly the float64 nearest 32.2e12.
func (n numeral) scaled(exp int) float64 {
	if exp == 0 {
		return n.value
	}
	v, err := strconv.ParseFloat(n.mantissa+"e"+strconv.Itoa(exp), 64)
	if err != nil {
		return math.Inf(1) // out of range: the caller drops the figure
	}
	return v
}

// isYearLike reports whether a numeral reads as a calendar year: four plain
// digits from 1900 to 2100.
func (n numeral) isYearLike() bool {
	return n.plain && n.digits == 4 && n.value >= 1900 && n.value <= 2100
}

// rejectReason says why a number is not a figure.
type rejectReason uint8

const (
	keep         rejectReason = iota
	rejectForm                // glued to letters or other digits: "G20", "2021-12-20", "09:15" ("3D", "14th" are words)
	rejectYear                // a calendar year: "In 2017", "Healthy China 2030"
	rejectDate                // a day of a month: "November 20", "20 November"
	rejectTime                // a clock time: "9 am"
	rejectLabel               // a name or reference: "Article 12", "No. 5", "Boeing 737"
	rejectMarker              // a list marker: "(1)", "1." at the start of a sentence
	rejectPhone               // a phone number, code or id: "010", "+86", "600519"
	rejectRate                // the denominator of a rate: "per 1,000 people"
)

// phoneLike reports whether a rejection is of a kind whose neighbours, joined
// by a space or a hyphen, belong to the same code ("+86 10 6521 1234").
func (r rejectReason) phoneLike() bool {
	return r == rejectPhone || r == rejectLabel || r == rejectForm
}

// numContext is what classification found around a number; the rejection
// rules need it because a marked quantity ("2016 percent", "$2020") is never
// a year or a label.
type numContext struct {
	marked bool // a percent sign, a currency or a scale word goes with the number
	signed bool // a sign was written before the digits
}

// rejectNumber applies the rules that tell a number that is not a figure. i is
// the index of the tokNum token in toks.
func rejectNumber(toks []token, i int, n numeral, ctx numContext) rejectReason {
	t := toks[i]
	var prev, next *token
	if i > 0 {
		prev = &toks[i-1]
	}
	if i+1 < len(toks) {
		next = &toks[i+1]
	}
	// Glued on the left to a word, a number or a joining mark.
	if prev != nil && !t.space && !ctx.signed {
		switch {
		case prev.kind == tokWord && currencyCodes[prev.lower] == "":
			return rejectForm
		case prev.kind == tokNum:
			return rejectForm
		case prev.kind == tokPunct:
			switch prev.text {
			case "(", "[", "“", "\"", "‘", "'", "（", "$", "¥", "￥", "€", "£", "₹", "₩", "₽", "~", "≈":
			case "+":
				if !ctx.marked {
					return rejectPhone
				}
			case "#", "№":
				return rejectLabel
			default:
				return rejectForm
			}
		}
	}
	// Glued on the right: a suffix that marks nothing ("5m" without a
	// currency), digits after a joining mark ("2021-12-20", "09:15", "3/4"),
	// or a word after a hyphen ("a 300-bed hospital"). "3D", "1st" and
	// "180ml" never get here: the tokenizer makes them words.
	if next != nil && !next.space {
		switch next.kind {
		case tokWord:
			// Only scale and unit suffixes stay apart from their digits ("13bn",
			// "5pct"; see gluedWord); without a currency "5m" is no amount.
			if !ctx.marked {
				return rejectForm
			}
		case tokPunct:
			if i+2 < len(toks) && !toks[i+2].space && toks[i+2].kind == tokNum {
				switch next.text {
				case "-", "‐", "‑", "–", ":", "/", "：", "*", "×":
					return rejectForm // "1024*768"
				}
			}
			if (next.text == "-" || next.text == "‐" || next.text == "‑") && i+2 < len(toks) && !toks[i+2].space &&
				toks[i+2].kind == tokWord && !toks[i+2].is("plus") && !toks[i+2].is("odd") {
				return rejectForm // compound adjective: "a 300-bed hospital", "4-year"
			}
		}
	}
	if n.leading || (n.plain && n.digits >= 6 && !ctx.marked) {
		return rejectPhone
	}
	if prev != nil && prev.kind == tokWord && timeWords[prev.lower] {
		return rejectTime
	}
	if next != nil && next.kind == tokWord && timeWords[next.lower] {
		return rejectTime
	}
	if prev != nil && prev.kind == tokWord && (prev.is("per") || prev.is("every")) && !ctx.marked {
		return rejectRate
	}
	if n.isYearLike() && !ctx.marked {
		return rejectYear
	}
	if n.plain && n.value >= 1 && n.value <= 31 && isDayOfMonth(toks, i) {
		return rejectDate
	}
	if prev != nil && !ctx.marked {
		// "Article 12", "Section 2.1", "version 3.0"
		if prev.kind == tokWord && labelWords[prev.lower] {
			return rejectLabel
		}
		// "No. 5", "Art. 12"
		if prev.text == "." && i >= 2 && labelWords[toks[i-2].lower] {
			return rejectLabel
		}
		// A word with a capital that is not a function word names the number:
		// "Healthy China 2030", "Boeing 737", "iPhone 13".
		if n.plain && prev.kind == tokWord && prev.hasUpper() && i-1 > 0 && isNameWord(prev.lower) {
			return rejectLabel
		}
		// The same at the start of a sentence: "Boeing 737 jets".
		if n.plain && prev.kind == tokWord && prev.hasUpper() && i == 1 && isNameWord(prev.lower) {
			return rejectLabel
		}
	}
	if n.plain && isAddress(toks, i) {
		return rejectLabel
	}
	// List markers: "(1)", or a number opening the sentence followed by "." or ")".
	if n.plain && n.digits <= 2 && next != nil && !next.space && (next.text == ")" || next.text == "）") &&
		(i == 0 || (prev != nil && (prev.text == "(" || prev.text == "（"))) {
		return rejectMarker
	}
	if n.plain && n.digits <= 2 && i == 0 && next != nil && !next.space && next.text == "." {
		return rejectMarker
	}
	// Reference marks: "[1]", "[12]".
	if n.plain && prev != nil && prev.text == "[" && !t.space && next != nil && next.text == "]" && !next.space {
		return rejectMarker
	}
	return keep
}

// isNameWord reports whether a capitalised word before a number can be part
// of a name ("China" in "Healthy China 2030"), that is, it is not a function
// word, a qualifier, a month or a currency that would make the number a
// quantity or a date.
func isNameWord(w string) bool {
	if isClosedClass(w) || isVerbLike(w) || isAdverb(w) || particles[w] {
		return false
	}
	if _, ok := monthNames[w]; ok {
		return false
	}
	if currencyCodes[w] != "" || qualifierWords[w] {
		return false
	}
	return true
}

// isAddress reports whether the number at i is a house number: capitalised
// words ending in a street word follow it ("26 Xuanwumen West Street").
func isAddress(toks []token, i int) bool {
	for k := i + 1; k < len(toks) && k <= i+5; k++ {
		t := toks[k]
		if t.kind != tokWord || !t.capitalised() {
			return false
		}
		if addressWords[t.lower] {
			return true
		}
	}
	return false
}

// isDayOfMonth reports whether the number at i is next to a capitalised month
// name: "November 20", "Nov. 20", "20 November", "20 of November".
func isDayOfMonth(toks []token, i int) bool {
	isMonth := func(k int) bool {
		if k < 0 || k >= len(toks) || toks[k].kind != tokWord || !toks[k].capitalised() {
			return false
		}
		_, ok := monthNames[toks[k].lower]
		return ok
	}
	if isMonth(i-1) || (i >= 2 && toks[i-1].text == "." && isMonth(i-2)) {
		return true
	}
	if isMonth(i + 1) {
		return true
	}
	return i+2 < len(toks) && toks[i+1].is("of") && isMonth(i+2)
}
