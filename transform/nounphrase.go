package transform

import "strings"

// This file reads noun phrases for subject.go: the counted noun after a
// number (countNoun), and a noun phrase read leftwards (npLeft, for "<NP> of
// X" and "<NP>, which was X") or rightwards (npRight, for the base of "X% of
// <NP>"). They work on one sentence's tokens and return token ranges or text.

// countNoun reads the counted noun phrase starting at toks[k] (rule 1 of
// subject.go). It returns the subject, the unit when the noun is a measure
// unit, and the index past what it read.
func (r subjectReader) countNoun(k int) (string, string, int) {
	toks := r.toks
	if k >= len(toks) {
		return "", "", k
	}
	// "300 of the hospitals"
	start := k
	if toks[k].is("of") && k+1 < len(toks) && determiners[toks[k+1].lower] {
		k += 2
		if k+1 < len(toks) && toks[k].kind == tokNum && isPlural(toks[k+1].lower) {
			k++ // "Ten of the 18 members"
		}
	}
	if k >= len(toks) || !r.isCountWord(k, true) {
		return "", "", start
	}
	// A measure unit: "5 million tonnes of coal", "13.33 million person-times".
	if measureUnits[toks[k].lower] {
		lower := toks[k].lower
		ua, m := k, k+1
		if lower == "square" || lower == "cubic" {
			if m >= len(toks) || !measureUnits[toks[m].lower] {
				subj, end := r.countPhrase(k)
				return subj, "", end
			}
			m++
		}
		unit := r.slice(ua, m-1)
		if m+1 < len(toks) && toks[m].is("of") {
			if subj, end := r.countPhrase(m + 1); subj != "" {
				return subj, unit, end
			}
		}
		return "", unit, m
	}
	subj, end := r.countPhrase(k)
	if subj == "" {
		return "", "", start
	}
	return subj, "", end
}

// countPhrase collects a counted noun phrase starting at toks[k]; it returns
// the phrase and the index past it.
func (r subjectReader) countPhrase(k int) (string, int) {
	toks := r.toks
	a, b := k, k-1
	for i := k; i < len(toks) && i-a < 8; i++ {
		t := toks[i]
		if b >= a && (t.is("and") || t.is("or") || t.is("&")) {
			if r.joinsNoun(i + 1) {
				continue
			}
			break
		}
		if !r.isCountWord(i, i == a) {
			// "3 newly built homes", "locally transmitted cases": an adverb
			// and a participle before the noun.
			if w := t.lower; t.isWord() && strings.HasSuffix(w, "ly") && isAdverb(w) && i+2 < len(toks) &&
				toks[i+1].isWord() && isVerbLike(toks[i+1].lower) && r.isCountWord(i+2, false) {
				b = i + 1
				i++
				continue
			}
			break
		}
		if i > a && i+1 < len(toks) && toks[i+1].is("by") && isVerbLike(t.lower) && !inPeriod(r.periods, i+1) {
			break // "institutions run by": a participle
		}
		b = i
		if isPlural(t.lower) {
			// The head noun: the phrase ends here unless a noun is joined on.
			if i+2 < len(toks) && (toks[i+1].is("and") || toks[i+1].is("or")) && r.joinsNoun(i+2) {
				continue
			}
			break
		}
	}
	if b < a {
		return "", k
	}
	return r.slice(a, b), b + 1
}

// joinsNoun reports whether toks[i], after "and" or "or" in a counted noun
// phrase, is a noun joined on ("doctors and treatments") rather than a verb
// taking an object ("beds and treats more than 3 million ..."): it must be a
// count word not followed by a number, a determiner, a pronoun or a
// qualifier.
func (r subjectReader) joinsNoun(i int) bool {
	if i >= len(r.toks) || !r.isCountWord(i, false) {
		return false
	}
	for _, f := range r.figs {
		if f.first == i {
			return false // "a dozen clinics and three dozen pharmacies": another figure
		}
	}
	if i+1 >= len(r.toks) {
		return true
	}
	n := r.toks[i+1]
	return n.kind != tokNum && !determiners[n.lower] && !pronouns[n.lower] && !qualifierFirstWords[n.lower] &&
		!(n.kind == tokPunct && currencySymbols[n.text] != "")
}

// isCountWord reports whether toks[i] can be part of a counted noun phrase.
// The first word may be a participle used as an adjective ("registered
// nurses", "existing plants"); later ones may not.
func (r subjectReader) isCountWord(i int, first bool) bool {
	t := r.toks[i]
	if t.kind != tokWord || inPeriod(r.periods, i) {
		return false
	}
	w := t.lower
	if isClosedClass(w) || reportingVerbs[w] || countStops[w] || timeWords[w] || isAdverb(w) {
		return false
	}
	if _, ok := scaleWords[w]; ok {
		return false
	}
	if _, ok := monthNames[w]; ok && t.capitalised() {
		return false
	}
	if !isVerbLike(w) || nounVerbs[w] {
		return true
	}
	// A form in -s right after the number with no object after it is a
	// plural noun: "9 rebounds.", "3 gains in", "two cuts and".
	if first && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") &&
		(i+1 >= len(r.toks) || r.toks[i+1].kind == tokPunct || conjunctions[r.toks[i+1].lower] || prepositions[r.toks[i+1].lower]) {
		return true
	}
	// A participle may open the phrase as an adjective when a noun follows:
	// "registered nurses", "existing plants"; "300 attended the ..." and "70
	// saw home prices rise" are verbs.
	participle := (strings.HasSuffix(w, "ed") || strings.HasSuffix(w, "ing")) && !finiteVerbs[w]
	return first && participle && i+1 < len(r.toks) && r.isCountWord(i+1, false)
}

// countStops are words that can follow a number without being what it
// counts: "300 more", "3 times", "5 percent".
var countStops = setOf("more", "less", "fewer", "times", "percent", "pct", "per", "plus", "odd",
	"respectively", "apiece", "each", "altogether", "yuan", "dollars", "euros", "year-on-year",
	"year-over-year", "last", "next", "this", "ago", "earlier", "later")

// nounVerbs are words in the verb list that are at least as often nouns.
var nounVerbs = setOf("number", "numbers", "total", "totals", "record", "records", "post",
	"posts", "increase", "increases", "decrease", "decreases", "rise", "rises", "fall", "falls",
	"drop", "drops", "cost", "costs", "work", "works", "use", "uses", "face", "faces", "benefit",
	"benefits", "need", "needs", "gain", "gains", "edge", "double", "top", "tops", "account",
	"accounts", "amount", "amounts", "contract", "contracts", "cover", "lead", "leads",
	"set", "sets", "cut", "cuts", "sign", "signs", "visit", "visits", "offer", "offers", "surge",
	"jump", "jumps", "decline", "declines", "dip", "dips", "rebound", "advance", "advances",
	"run", "runs", "win", "wins", "record", "show", "shows", "equal", "hold", "holds", "stand",
	"stands", "post", "drop", "move", "moves", "slide", "slides", "slip", "plunge", "climb",
	"raise", "raises", "lives", "live", "returns", "return", "sales", "trade", "trades", "plan",
	"plans", "target", "targets", "project", "projects", "forecast", "forecasts", "estimate",
	"estimates", "export", "exports", "import", "imports", "ship", "ships", "aim", "aims", "end",
	"ends", "close", "measure", "measures", "span", "treat", "treats", "finish", "open")

// isNPWord reports whether toks[i] is a content word of a noun phrase read
// leftwards or as a base: not a function word, nor a verb form that is
// rarely a noun.
func (r subjectReader) isNPWord(i int) bool {
	t := r.toks[i]
	if inPeriod(r.periods, i) {
		return false
	}
	if t.kind == tokNum {
		return true
	}
	if t.kind != tokWord {
		return false
	}
	w := t.lower
	if isClosedClass(w) || reportingVerbs[w] || particles[w] {
		return false
	}
	return !verbs[w] || nounVerbs[w]
}

// npLeft reads a noun phrase ending at toks[j], leftwards: modifiers and a
// head, a determiner, and "of" phrases ("the average level of the world's
// developed countries"). It returns the first and last token.
func (r subjectReader) npLeft(j int) (int, int, bool) {
	if j < 0 || !r.isNPWord(j) || r.toks[j].kind == tokNum {
		return 0, 0, false
	}
	i := j
	for chunks := 0; chunks < 4; chunks++ {
		for i >= 0 && r.isNPWord(i) {
			if i < j && r.verbAfterNoun(i) {
				break // "SASAC earned profits": a verb, not an adjective
			}
			i--
			// "taxes and fees": nouns joined by "and"/"or".
			if i >= 1 && (r.toks[i].is("and") || r.toks[i].is("or")) && r.isNPWord(i-1) && !isVerbLike(r.toks[i-1].lower) {
				i--
			}
		}
		if i >= 0 && determiners[r.toks[i].lower] {
			i--
		}
		if i >= 1 && r.toks[i].is("of") && r.isNPWord(i-1) && r.toks[i-1].kind != tokNum {
			i--
			continue
		}
		break
	}
	a := i + 1
	for a < j && (r.toks[a].is("a") || r.toks[a].is("an")) {
		a++
	}
	return a, j, true
}

// verbAfterNoun reports whether toks[i], an "-ed" word inside a phrase read
// leftwards, is rather a verb: it follows a plural noun, a capitalised word
// or a pronoun ("enterprises earned profits", "SASAC earned profits"), where
// an adjective would follow a determiner, a possessive or another adjective
// ("the world's developed countries").
func (r subjectReader) verbAfterNoun(i int) bool {
	w := r.toks[i].lower
	if !strings.HasSuffix(w, "ed") || notEd[w] || i == 0 {
		return false
	}
	p := r.toks[i-1]
	return p.isWord() && (isPlural(p.lower) || pronouns[p.lower] || (p.hasUpper() && i-1 > 0 && !determiners[p.lower]))
}

// npRight reads a noun phrase starting at toks[i], rightwards: a determiner
// (kept when keepDet), modifiers and a head, and "of" phrases ("the total
// output of the industry"). A participle after the head ends it ("the funds
// raised by"). It returns the first and last token.
func (r subjectReader) npRight(i int, keepDet bool) (int, int, bool) {
	toks := r.toks
	a, b := i, i-1
	for chunks := 0; chunks < 3; chunks++ {
		if i < len(toks) && determiners[toks[i].lower] {
			if !keepDet && b < a {
				a = i + 1
			}
			i++
		}
		start := i
		for i < len(toks) && r.isNPWord(i) {
			w := toks[i].lower
			if i > start && (isAdverb(w) || strings.HasSuffix(w, "ed") || strings.HasSuffix(w, "ing")) &&
				!(i+1 < len(toks) && r.isNPWord(i+1)) {
				break
			}
			b = i
			i++
			if isPlural(w) && i < len(toks) && toks[i].isWord() && !toks[i].is("of") && !toks[i].is("and") && !toks[i].is("or") {
				break // "60 percent of respondents believe ...": a plural head ends the phrase
			}
		}
		if i == start {
			break
		}
		if i+1 < len(toks) && toks[i].is("of") && (r.isNPWord(i+1) || determiners[toks[i+1].lower]) {
			i++
			continue
		}
		break
	}
	if b < a {
		return 0, 0, false
	}
	return a, b, true
}

// slice returns the text of toks[a..b] with runs of white space made single
// spaces.
func (r subjectReader) slice(a, b int) string {
	s := r.text[r.toks[a].bstart:r.toks[b].bend]
	if strings.IndexByte(s, '\t') < 0 && !strings.Contains(s, "\u00a0") && !strings.Contains(s, "\u3000") && !strings.Contains(s, "  ") {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}
