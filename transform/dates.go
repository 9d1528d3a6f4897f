package transform

import (
	"strconv"
	"strings"
	"time"
)

// This file reads the date expressions inside period phrases (see period.go):
// years, months, days, halves, quarters, leading months, ranges of months and
// dates relative to the publication date. Every reader takes the tokens and
// an index and returns the expression and whether there is one; none panics
// on any index.

// dateExpr is a date expression read from tokens.
type dateExpr struct {
	start, end time.Time
	gran       Granularity
	last       int  // index of its last token
	bare       bool // a year alone or a month or day without a year: needs a lead
	day        bool // names a single day
	ranged     bool // a range in itself: "January to November 2021"
}

// dateAt reads a date expression starting at toks[j].
func dateAt(toks []token, j int, pub time.Time) (dateExpr, bool) {
	if j >= len(toks) || !mayStartDate(toks[j]) {
		return dateExpr{}, false
	}
	if toks[j].kind == tokNum {
		if e, ok := dayMonthAt(toks, j); ok {
			return e, true
		}
		if e, ok := isoDateAt(toks, j); ok {
			return e, true
		}
	} else {
		if e, ok := partOfYearAt(toks, j, pub); ok {
			return e, true
		}
		if e, ok := monthDateAt(toks, j, pub); ok {
			return e, true
		}
		if e, ok := relativeAt(toks, j, pub); ok {
			return e, true
		}
	}
	if y, last, ok := yearAt(toks, j, pub); ok {
		bare := toks[j].kind == tokNum
		return dateExpr{start: ymd(y, 1, 1), end: ymd(y, 12, 31), gran: GranYear, last: last, bare: bare}, true
	}
	return dateExpr{}, false
}

// yearAt reads a year: four digits from 1900 to 2100, or "this year", "last
// year", "the previous year", "next year" when pub is known.
func yearAt(toks []token, j int, pub time.Time) (int, int, bool) {
	if j >= len(toks) {
		return 0, 0, false
	}
	if t := toks[j]; t.kind == tokNum {
		y, ok := smallInt(t.text)
		if !ok || len(t.text) != 4 || y < 1900 || y > 2100 || (j+1 < len(toks) && !toks[j+1].space && toks[j+1].kind != tokPunct) {
			return 0, 0, false
		}
		return y, j, true
	}
	if pub.IsZero() {
		return 0, 0, false
	}
	k := j
	if toks[k].is("the") {
		k++
	}
	if k+1 >= len(toks) || !toks[k+1].is("year") {
		return 0, 0, false
	}
	switch toks[k].lower {
	case "this", "current":
		return pub.Year(), k + 1, true
	case "last", "previous", "preceding":
		if toks[k].is("last") && k != j {
			return 0, 0, false // "the last year" is the past twelve months
		}
		return pub.Year() - 1, k + 1, true
	case "next", "coming":
		return pub.Year() + 1, k + 1, true
	}
	return 0, 0, false
}

// yearAfter reads a year after a part of a year: "of 2021", "2021", "of
// this year".
func yearAfter(toks []token, k int, pub time.Time) (int, int, bool) {
	if k < len(toks) && toks[k].is("of") {
		k++
		// "the first half of the year": the year of publication
		if k+1 < len(toks) && toks[k].is("the") && toks[k+1].is("year") && !pub.IsZero() {
			return pub.Year(), k + 1, true
		}
	}
	return yearAt(toks, k, pub)
}

// partOfYearAt reads halves, quarters and leading months of a year: "the
// first half of 2021", "H1 2021", "the first three quarters of 2021", "the
// third quarter of 2021", "Q3 2021", "the first 11 months of 2021". Without a
// year ("in the first three quarters") it is the latest such part that ended
// by pub, and bare.
func partOfYearAt(toks []token, j int, pub time.Time) (dateExpr, bool) {
	k := j
	if k < len(toks) && toks[k].is("the") {
		k++
	}
	if k >= len(toks) {
		return dateExpr{}, false
	}
	t := toks[k]
	var first, last, months, yearFrom int // first and last quarter, or the number of leading months
	switch ord, isOrd := ordinalWords[t.lower]; {
	case t.kind == tokWord && len(t.lower) == 2 && (t.lower[0] == 'q' || t.lower[0] == 'h') && t.lower[1] >= '1' && t.lower[1] <= '4':
		// "Q3 2021", "H1 2021"
		n := int(t.lower[1] - '0')
		switch {
		case t.lower[0] == 'q':
			first, last = n, n
		case n <= 2:
			first, last = 2*n-1, 2*n
		default:
			return dateExpr{}, false
		}
		yearFrom = k + 1
	case !isOrd || k+1 >= len(toks):
		return dateExpr{}, false
	case toks[k+1].is("half") && ord <= 2:
		first, last, yearFrom = 2*ord-1, 2*ord, k+2
	case toks[k+1].is("quarter"):
		first, last, yearFrom = ord, ord, k+2
	case ord == 1 && k+2 < len(toks):
		n, ok := countAt(toks[k+1])
		switch {
		case !ok:
			return dateExpr{}, false
		case toks[k+2].is("quarters") && n >= 1 && n <= 4:
			first, last = 1, n
		case toks[k+2].is("months") && n >= 1 && n <= 12:
			months = n
		default:
			return dateExpr{}, false
		}
		yearFrom = k + 3
	default:
		return dateExpr{}, false
	}
	endMonth := 3 * last
	if months > 0 {
		endMonth = months
	}
	y, lastTok, ok := yearAfter(toks, yearFrom, pub)
	bare := false
	if !ok {
		if pub.IsZero() {
			return dateExpr{}, false
		}
		y, lastTok, bare = pub.Year(), yearFrom-1, true
		if monthEnd(y, endMonth).After(pub) {
			y--
		}
	}
	if months > 0 {
		return dateExpr{start: ymd(y, 1, 1), end: monthEnd(y, months), gran: GranMonth, last: lastTok, bare: bare}, true
	}
	e := quarters(y, first, last, lastTok)
	e.bare = bare
	return e, true
}

// countAt reads a small count written in digits or words: "11", "three".
func countAt(t token) (int, bool) {
	if t.kind == tokNum {
		n, ok := smallInt(t.text)
		return n, ok && n <= 12
	}
	n, ok := smallNumbers[t.lower]
	return n, ok
}

// smallInt reads one to four ASCII digits, "7", "09", "2021".
func smallInt(s string) (int, bool) {
	if len(s) == 0 || len(s) > 4 {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = 10*n + int(c-'0')
	}
	return n, true
}

// quarters is the span from quarter q1 to quarter q2 of year y.
func quarters(y, q1, q2, last int) dateExpr {
	return dateExpr{start: ymd(y, 3*q1-2, 1), end: monthEnd(y, 3*q2), gran: GranQuarter, last: last}
}

// monthAt reads a capitalised month name, with an optional "." after an
// abbreviation; it returns the month and the index of its last token.
func monthAt(toks []token, k int) (int, int, bool) {
	if k >= len(toks) || toks[k].kind != tokWord || !toks[k].capitalised() {
		return 0, 0, false
	}
	m, ok := monthNames[toks[k].lower]
	if !ok {
		return 0, 0, false
	}
	if k+1 < len(toks) && toks[k+1].text == "." && !toks[k+1].space && len(toks[k].lower) <= 4 {
		k++
	}
	return m, k, true
}

// monthPair reads a hyphenated pair of capitalised months, "January-October",
// the first not after the second.
func monthPair(toks []token, k int) (int, int, bool) {
	if k >= len(toks) || toks[k].kind != tokWord || !toks[k].capitalised() {
		return 0, 0, false
	}
	a, b, ok := strings.Cut(toks[k].lower, "-")
	if !ok {
		return 0, 0, false
	}
	m1, ok1 := monthNames[a]
	m2, ok2 := monthNames[b]
	if !ok1 || !ok2 || m2 < m1 {
		return 0, 0, false
	}
	return m1, m2, true
}

// dayAt reads a day of the month, "20" or "20th"; it returns the day and the
// index of its last token.
func dayAt(toks []token, k int) (int, int, bool) {
	if k >= len(toks) {
		return 0, 0, false
	}
	if t := toks[k]; t.kind == tokWord && len(t.lower) >= 3 && len(t.lower) <= 4 && ordinalSuffixes[t.lower[len(t.lower)-2:]] {
		d, err := strconv.Atoi(t.lower[:len(t.lower)-2])
		if err != nil || d < 1 || d > 31 {
			return 0, 0, false
		}
		return d, k, true // "4th"
	}
	if toks[k].kind != tokNum {
		return 0, 0, false
	}
	d, ok := smallInt(toks[k].text)
	if !ok || d < 1 || d > 31 || toks[k].text[0] == '0' {
		return 0, 0, false
	}
	return d, k, true
}

// monthDateAt reads dates that start with a month: "November 2021",
// "December 20, 2021", "Dec. 20", "January-November 2021", "January to
// November 2021", "November" alone (bare).
func monthDateAt(toks []token, j int, pub time.Time) (dateExpr, bool) {
	if m1, m2, ok := monthPair(toks, j); ok {
		// "January-October 2021", written as one hyphenated word
		if y, last, ok := yearAfter(toks, j+1, pub); ok {
			return dateExpr{start: ymd(y, m1, 1), end: monthEnd(y, m2), gran: GranMonth, last: last, ranged: true}, true
		}
		return dateExpr{}, false
	}
	m, k, ok := monthAt(toks, j)
	if !ok {
		return dateExpr{}, false
	}
	// A range of months in one year.
	if k+2 < len(toks) && (toks[k+1].text == "-" || toks[k+1].text == "–" || toks[k+1].is("to") || toks[k+1].is("through")) {
		if m2, k2, ok := monthAt(toks, k+2); ok && m2 >= m {
			if y, last, ok := yearAfter(toks, k2+1, pub); ok {
				return dateExpr{start: ymd(y, m, 1), end: monthEnd(y, m2), gran: GranMonth, last: last, ranged: true}, true
			}
		}
	}
	if d, kd, ok := dayAt(toks, k+1); ok {
		ky := kd + 1
		if ky < len(toks) && toks[ky].text == "," {
			ky++
		}
		if y, last, ok := yearAt(toks, ky, pub); ok && toks[ky].kind == tokNum {
			if t, ok := validDate(y, m, d); ok {
				return dateExpr{start: t, end: t, gran: GranDay, last: last, day: true}, true
			}
			return dateExpr{}, false
		}
		if pub.IsZero() {
			return dateExpr{}, false
		}
		y := pub.Year()
		if m > int(pub.Month()) {
			y--
		}
		if t, ok := validDate(y, m, d); ok {
			return dateExpr{start: t, end: t, gran: GranDay, last: kd, bare: true, day: true}, true
		}
		return dateExpr{}, false
	}
	if y, last, ok := yearAt(toks, k+1, pub); ok && toks[k+1].kind == tokNum {
		return dateExpr{start: ymd(y, m, 1), end: monthEnd(y, m), gran: GranMonth, last: last}, true
	}
	if k+2 < len(toks) && toks[k+1].is("of") {
		if y, last, ok := yearAt(toks, k+2, pub); ok {
			return dateExpr{start: ymd(y, m, 1), end: monthEnd(y, m), gran: GranMonth, last: last}, true
		}
	}
	if pub.IsZero() {
		return dateExpr{}, false
	}
	y := pub.Year()
	if m > int(pub.Month()) {
		y--
	}
	return dateExpr{start: ymd(y, m, 1), end: monthEnd(y, m), gran: GranMonth, last: k, bare: true}, true
}

// dayMonthAt reads "20 December 2021" and "20th of December, 2021".
func dayMonthAt(toks []token, j int) (dateExpr, bool) {
	d, k, ok := dayAt(toks, j)
	if !ok {
		return dateExpr{}, false
	}
	k++
	if k < len(toks) && toks[k].is("of") {
		k++
	}
	m, km, ok := monthAt(toks, k)
	if !ok {
		return dateExpr{}, false
	}
	ky := km + 1
	if ky < len(toks) && toks[ky].text == "," {
		ky++
	}
	if ky >= len(toks) || toks[ky].kind != tokNum {
		return dateExpr{}, false
	}
	y, last, ok := yearAt(toks, ky, time.Time{})
	if !ok {
		return dateExpr{}, false
	}
	t, ok := validDate(y, m, d)
	if !ok {
		return dateExpr{}, false
	}
	return dateExpr{start: t, end: t, gran: GranDay, last: last, day: true}, true
}

// isoDateAt reads "2021-12-20" and "2021/12/20".
func isoDateAt(toks []token, j int) (dateExpr, bool) {
	if j+4 >= len(toks) {
		return dateExpr{}, false
	}
	a, s1, b, s2, c := toks[j], toks[j+1], toks[j+2], toks[j+3], toks[j+4]
	if a.kind != tokNum || b.kind != tokNum || c.kind != tokNum || s1.space || b.space || s2.space || c.space ||
		(s1.text != "-" && s1.text != "/") || s2.text != s1.text || len(a.text) != 4 || len(b.text) > 2 || len(c.text) > 2 {
		return dateExpr{}, false
	}
	y, ok1 := smallInt(a.text)
	m, ok2 := smallInt(b.text)
	d, ok3 := smallInt(c.text)
	if !ok1 || !ok2 || !ok3 || y < 1900 || y > 2100 {
		return dateExpr{}, false
	}
	t, ok := validDate(y, m, d)
	if !ok {
		return dateExpr{}, false
	}
	return dateExpr{start: t, end: t, gran: GranDay, last: j + 4, day: true}, true
}

// relativeAt reads "last month", "this month", "last quarter", "this quarter"
// relative to pub.
func relativeAt(toks []token, j int, pub time.Time) (dateExpr, bool) {
	if pub.IsZero() || j+1 >= len(toks) {
		return dateExpr{}, false
	}
	var back int
	switch toks[j].lower {
	case "this":
	case "last":
		back = 1
	default:
		return dateExpr{}, false
	}
	y, m := pub.Year(), int(pub.Month())
	switch toks[j+1].lower {
	case "month":
		first := ymd(y, m-back, 1)
		return dateExpr{start: first, end: monthEnd(first.Year(), int(first.Month())), gran: GranMonth, last: j + 1}, true
	case "quarter":
		q := (m-1)/3 + 1 - back
		if q < 1 {
			q, y = 4, y-1
		}
		return quarters(y, q, q, j+1), true
	}
	return dateExpr{}, false
}

// ymd is midnight UTC of a day; month and day may overflow as in time.Date.
func ymd(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

// monthEnd is the last day of month m of year y.
func monthEnd(y, m int) time.Time { return ymd(y, m+1, 0) }

// validDate returns the day y-m-d, or false if there is no such day.
func validDate(y, m, d int) (time.Time, bool) {
	if m < 1 || m > 12 || d < 1 {
		return time.Time{}, false
	}
	t := ymd(y, m, d)
	return t, t.Day() == d
}
