package transform

import (
	"math"
	"strings"
)

// This file extends the English figures: numbers written in words ("four
// ways", "twenty-two", "three million and a half", "two thirds"), ranges
// ("between 10 and 20 percent", "10-20%"), and the direction of a change
// ("rose 3.2 percent", "fell to 5%", "an increase of 306,000").

// wordUnits are the written numbers below twenty.
var wordUnits = map[string]int{"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
	"seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
	"fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19}

// wordTens are the written tens.
var wordTens = map[string]int{"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
	"eighty": 80, "ninety": 90}

// wordFractions are denominators: "two thirds", "one quarter", "a half".
var wordFractions = map[string]float64{"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4,
	"quarters": 4, "fourth": 4, "fourths": 4, "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "seventh": 7,
	"sevenths": 7, "eighth": 8, "eighths": 8, "ninth": 9, "ninths": 9, "tenth": 10, "tenths": 10}

// wordBlockers before a written number show it refers back to things
// already named ("the two companies", "other six departments", "the above
// three", "the next five years"), or is part of a phrase that is no figure.
var wordBlockers = setOf("the", "these", "those", "other", "above", "next", "last", "past", "first", "its",
	"their", "our", "this", "that", "his", "her", "all", "both", "each", "every", "per", "another", "said",
	"former", "latter", "same", "following", "remaining", "only", "top", "no", "of", "“", "\"", "'", "‘")

// wordTimeNouns after a small written number make a duration or a
// frequency, not a count: "in two years", "three times".
var wordTimeNouns = setOf("years", "months", "days", "weeks", "hours", "minutes", "times", "quarters",
	"decades", "centuries", "generations", "sessions", "rounds", "accelerations", "represents")

// writtenFirst marks the bytes a written number can start with, and
// writtenMaxLen is the longest one ("seventy-seven"): writtenValue rejects
// most words before any map lookup. Built once from wordUnits and wordTens.
var writtenFirst, writtenMaxLen = func() (first [256]bool, maxLen int) {
	for _, m := range []map[string]int{wordUnits, wordTens} {
		for w := range m {
			first[w[0]] = true
			maxLen = max(maxLen, len(w))
		}
	}
	return first, 2*maxLen + 1 // a tens-units pair with its hyphen
}()

// writtenValue reads one word as a number: "four", "twenty", "twenty-two".
func writtenValue(w string) (int, bool) {
	if w == "" || len(w) > writtenMaxLen || !writtenFirst[w[0]] {
		return 0, false
	}
	if v, ok := wordUnits[w]; ok {
		return v, true
	}
	if v, ok := wordTens[w]; ok {
		return v, true
	}
	if a, b, ok := strings.Cut(w, "-"); ok {
		t, ok1 := wordTens[a]
		u, ok2 := wordUnits[b]
		if ok1 && ok2 && u > 0 && u < 10 {
			return t + u, true
		}
	}
	return 0, false
}

// writtenFigureAt reads a figure written in words starting at toks[i]. It
// returns ok false when there is none.
func writtenFigureAt(toks []token, i int) (figureSpan, bool) {
	v, ok := writtenValue(toks[i].lower)
	if !ok || toks[i].text != toks[i].lower && i > 0 && !sentenceStart(toks, i) {
		return figureSpan{}, false // "Four Seasons", a name
	}
	if i > 0 && (wordBlockers[toks[i-1].lower] || toks[i-1].kind == tokNum) {
		return figureSpan{}, false
	}
	if i > 1 && toks[i-1].is("in") && (toks[i-2].kind == tokNum || wordUnits[toks[i-2].lower] > 0) {
		return figureSpan{}, false // "one in five": a ratio's denominator
	}
	k := i + 1
	// "twenty two"
	if _, isTen := wordTens[toks[i].lower]; isTen && k < len(toks) {
		if u, ok := wordUnits[toks[k].lower]; ok && u > 0 && u < 10 {
			v += u
			k++
		}
	}
	// "three hundred (and) five"
	if k < len(toks) && toks[k].is("hundred") && v > 0 && v < 10 {
		v *= 100
		k++
		if k+1 < len(toks) && toks[k].is("and") {
			if r, ok := writtenValue(toks[k+1].lower); ok && r > 0 && r < 100 {
				v += r
				k += 2
			}
		} else if k < len(toks) {
			if r, ok := writtenValue(toks[k].lower); ok && r > 0 && r < 100 {
				v += r
				k++
			}
		}
	}
	// "three dozen", "two dozens"
	if k < len(toks) && (toks[k].is("dozen") || toks[k].is("dozens")) {
		v *= 12
		k++
	}
	// A glued hyphen makes an adjective: "two-dose", "three-year".
	if k < len(toks) && !toks[k].space && (toks[k].text == "-" || toks[k].text == "‐") {
		return figureSpan{}, false
	}
	sp := figureSpan{first: i, num: i}
	value := float64(v)
	// A fraction: "two thirds", "one quarter".
	if k < len(toks) && v > 0 && v <= 10 {
		d, ok := wordFractions[toks[k].lower]
		if ok && (toks[k].is("quarter") || toks[k].is("quarters")) && k+2 < len(toks) && toks[k+1].is("of") &&
			(toks[k+2].kind == tokNum || toks[k+2].is("this") || toks[k+2].is("last")) {
			ok = false // "three quarters of 2021" is a period
		}
		if ok {
			if (d == 2 && v > 1) || (v == 1 && strings.HasSuffix(toks[k].lower, "s")) {
				return figureSpan{}, false
			}
			sp.value = value / d
			sp.kind = KindRatio
			sp.last = k
			sp.qualifier, sp.lead = qualifierBefore(toks, sp.first-1)
			sp.after = k + 1
			sp.low, sp.high = sp.value, sp.value
			return sp, true
		}
	}
	scale := 0
	for c := 0; c < 2 && k < len(toks); c++ {
		s, ok := scaleWords[toks[k].lower]
		if !ok || s < 3 {
			break
		}
		scale += s
		k++
	}
	// "three million and a half"
	if scale > 0 && k+2 < len(toks) && toks[k].is("and") && toks[k+1].is("a") && toks[k+2].is("half") {
		value += 0.5
		k += 3
	}
	kind, unit, end := unitAt(toks, k)
	if kind != KindPercent && kind != KindAmount {
		kind, unit, end = "", "", k
	}
	if v == 1 && scale == 0 {
		return figureSpan{}, false // "one", "one in five"
	}
	if scale == 0 && kind == "" {
		// A bare written number counts only the plural noun right after it:
		// "four ways", "six regional medical centers".
		// "Ten of the 18 members": a part of a counted group.
		partOf := k+2 < len(toks) && toks[k].is("of") && toks[k+1].is("the") &&
			(countedNounFollows(toks, k+2) || toks[k+2].kind == tokNum && countedNounFollows(toks, k+3))
		if !countedNounFollows(toks, k) && !partOf {
			return figureSpan{}, false
		}
	}
	sp.value = value * math.Pow10(scale)
	sp.kind, sp.unit = kind, unit
	sp.last = end - 1
	sp.qualify(toks, end)
	return sp, true
}

// sentenceStart reports whether toks[i] opens the sentence or follows an
// opening mark.
func sentenceStart(toks []token, i int) bool {
	return i == 0 || toks[i-1].kind == tokPunct && (toks[i-1].text == "(" || toks[i-1].text == "“" || toks[i-1].text == "\"")
}

// countedNounFollows reports whether a plural noun comes within three words
// of toks[k], with only adjectives or nouns before it: "ways", "regional
// medical centers".
func countedNounFollows(toks []token, k int) bool {
	for j := k; j < len(toks) && j < k+4; j++ {
		t := toks[j]
		if t.kind != tokWord || isClosedClass(t.lower) || isVerbLike(t.lower) && !isPlural(t.lower) || isAdverb(t.lower) {
			return false
		}
		if wordTimeNouns[t.lower] || measureUnits[t.lower] {
			return false
		}
		if isPlural(t.lower) {
			return true
		}
	}
	return false
}

// changeWords are the words of change before a figure, and their direction.
var changeWords = map[string]string{
	"rose": "up", "rise": "up", "rises": "up", "risen": "up", "rising": "up", "up": "up", "grew": "up",
	"grow": "up", "grows": "up", "grown": "up", "growing": "up", "increased": "up", "increase": "up",
	"increases": "up", "increasing": "up", "climbed": "up", "climb": "up", "climbs": "up", "jumped": "up",
	"jump": "up", "surged": "up", "soared": "up", "gained": "up", "gain": "up", "expanded": "up",
	"expand": "up", "advanced": "up", "rebounded": "up", "raised": "up", "higher": "up", "growth": "up",
	"fell": "down", "fall": "down", "falls": "down", "fallen": "down", "falling": "down", "down": "down",
	"dropped": "down", "drop": "down", "drops": "down", "declined": "down", "decline": "down",
	"declines": "down", "decreased": "down", "decrease": "down", "decreases": "down", "slid": "down",
	"slipped": "down", "plunged": "down", "tumbled": "down", "contracted": "down", "shrank": "down",
	"lower": "down", "cut": "down", "reduced": "down", "eased": "down", "dipped": "down", "lost": "down",
	"reduction": "down",
}

// setChange sets the direction of a figure from the words before it: "rose
// 3.2 percent", "rose by 3.2 percent", "up 9.1 percent", "a drop of 13.1
// percent" are changes; "rose to 5%", "fell to -2.5 percent" are levels
// reached. A phrase after "from" ("up from 27.5 percent") is a baseline.
func setChange(toks []token, sp *figureSpan) {
	j := sp.lead - 1
	level := false
	if j >= 0 {
		switch toks[j].lower {
		case "to":
			level = true
			j--
		case "by", "of":
			j--
		}
	}
	// "edged up", "went down": the particle carries the direction
	if j < 0 || toks[j].kind != tokWord {
		return
	}
	dir, ok := changeWords[toks[j].lower]
	if !ok {
		return
	}
	if (toks[j].is("growth") || toks[j].is("increase") || toks[j].is("decline") || toks[j].is("drop") ||
		toks[j].is("reduction") || toks[j].is("decrease") || toks[j].is("gain")) && toks[sp.lead-1].lower != "of" {
		return // a noun of change needs "of": "an increase of 306,000"
	}
	if (toks[j].is("up") || toks[j].is("down")) && j > 0 {
		if w := toks[j-1].lower; isVerbLike(w) && !auxiliaries[w] && !upVerbs[w] && changeWords[w] == "" {
			return // a particle: "had taken up 6.2 percent", "made up 24.5%"
		}
	}
	if toks[j].is("cut") && !toks[sp.lead-1].is("by") {
		return // "cut 50 jobs" counts, "cut by 50 basis points" changes
	}
	sp.direction = dir
	sp.change = !level
}

// mergeRanges joins "between 10 and 20 percent" into one figure: Value and
// Low the lower end, High the upper end, with the unit of the upper end
// when the lower end has none.
func mergeRanges(toks []token, figs []figureSpan) []figureSpan {
	out := figs[:0]
	for i := 0; i < len(figs); i++ {
		a := figs[i]
		if i+1 < len(figs) {
			b := figs[i+1]
			if a.first > 0 && toks[a.first-1].is("between") && a.qualifier == "" && b.qualifier == "" &&
				a.last+2 == b.first && toks[a.last+1].is("and") && (a.kind == "" || a.kind == b.kind) && b.value >= a.value {
				m := b
				m.first, m.lead, m.num = a.first, a.first-1, a.num // "between" leads like a qualifier
				m.value, m.low, m.high = a.value, a.value, b.value
				if a.kind == "" && b.kind == KindPercent || a.kind == "" && b.kind == KindAmount {
					// "between 10 and 20 percent": the unit is shared
					m.kind, m.unit = b.kind, b.unit
				}
				out = append(out, m)
				i++
				continue
			}
			// "10 to 20 million dollars", "5 to 8 percent": a bare number, "to"
			// and a figure with a unit or scale share that unit and scale;
			// not after "from", where it is a change of level.
			if a.kind == "" && a.qualifier == "" && a.last == a.num && a.last+2 == b.first && toks[a.last+1].is("to") &&
				(b.kind == KindPercent || b.kind == KindAmount) && !(a.first > 0 && toks[a.first-1].is("from")) {
				n1, ok1 := readNumeral(toks[a.num].text)
				n2, ok2 := readNumeral(toks[b.num].text)
				if ok1 && ok2 && n2.value != 0 {
					low := n1.value * (b.value / n2.value)
					if low <= b.value {
						m := b
						m.first, m.lead, m.num = a.first, a.lead, a.num
						m.value, m.low, m.high = low, low, b.value
						m.qualifier = b.qualifier
						out = append(out, m)
						i++
						continue
					}
				}
			}
		}
		out = append(out, a)
	}
	return out
}

// dashRangeAt reads "10-20%", "10–20 percent" or "5-8 billion yuan" at
// toks[i]: two numbers joined by a dash, the second with a percent or
// currency unit. It returns ok false when there is none.
func dashRangeAt(toks []token, i int) (figureSpan, bool) {
	if i+2 >= len(toks) || toks[i+2].kind != tokNum || toks[i+1].space || toks[i+2].space {
		return figureSpan{}, false
	}
	if d := toks[i+1].text; d != "-" && d != "–" && d != "—" {
		return figureSpan{}, false
	}
	if i > 0 && !toks[i].space && toks[i-1].kind != tokPunct {
		return figureSpan{}, false
	}
	n1, ok := readNumeral(toks[i].text)
	if !ok {
		return figureSpan{}, false
	}
	// Read the second number as if it stood alone.
	saved := toks[i+2].space
	toks[i+2].space = true
	b, reason := figureAt(toks, i+2)
	toks[i+2].space = saved
	if reason != keep || (b.kind != KindPercent && b.kind != KindAmount) || b.first != i+2 || n1.value > b.value {
		return figureSpan{}, false
	}
	n2, _ := readNumeral(toks[i+2].text)
	low := n1.value
	if n2.value != 0 {
		low = n1.value * (b.value / n2.value) // the shared scale: "5-8 billion yuan"
	}
	if low > b.value {
		return figureSpan{}, false // "8-2 billion": a score or a label, not a range
	}
	b.first, b.num = i, i
	b.qualifier, b.lead = qualifierBefore(toks, i-1)
	b.value, b.low, b.high = low, low, b.value
	return b, true
}
