package transform

import "sort"

// This file brings the recognizer (en_recognize.go) into the English facts
// reader for the written numbers that writtenFigureAt does not read: "a
// dozen", "three dozen" (36), "half a million", "a hundred thousand",
// "three quarters of a million". The recognizer reads the number; the facts
// rules decide whether it is a figure: it must not be inside a period
// phrase or another figure, not refer back to things already named ("the
// two companies"), and, when no scale word made it large, count the plural
// noun right after it.

// writtenTrigger reports whether toks hold a written number the token
// rules do not read, so that the reader asks the recognizer: "dozen", or a
// share of a scale ("half a million", "a quarter million", "three quarters
// of a billion").
func writtenTrigger(toks []token) bool {
	for k := range toks {
		t := &toks[k]
		if t.kind != tokWord || len(t.lower) < 4 || len(t.lower) > 8 {
			continue
		}
		if c := t.lower[0]; c != 'd' && c != 'h' && c != 'q' && c != 't' {
			continue
		}
		switch t.lower {
		case "dozen", "dozens":
			return true
		case "half", "quarter", "quarters", "third", "thirds":
			m := k + 1
			if m < len(toks) && toks[m].is("of") {
				m++
			}
			if m < len(toks) && (toks[m].is("a") || toks[m].is("an")) {
				m++
			}
			if m < len(toks) && scaleWords[toks[m].lower] >= 3 {
				return true
			}
		}
	}
	return false
}

// recognizedWrittenFigures appends to figs the written numbers the
// recognizer finds in the sentence that the token rules missed, and keeps
// figs in order.
func recognizedWrittenFigures(text string, s span, toks []token, periods []periodPhrase, figs []figureSpan) []figureSpan {
	if !writtenTrigger(toks) {
		return figs
	}
	added := false
	for _, n := range enNumbers(text[s.bstart:s.bend]) {
		if n.Kind != NumCardinal {
			continue
		}
		first, last := tokenSpan(toks, s.start+n.Start, s.start+n.End)
		if first < 0 || toks[first].kind != tokWord || inPeriod(periods, first) || covered(figs, first, last) {
			continue
		}
		if first > 0 && (wordBlockers[toks[first-1].lower] || toks[first-1].kind == tokNum) {
			continue
		}
		if n.Fraction && n.Value < 1 {
			continue // "half", "a quarter": shares, read as ratios elsewhere
		}
		sp := figureSpan{first: first, last: last, num: first, value: n.Value}
		kind, unit, end := unitAt(toks, last+1)
		if kind == KindPercent || kind == KindAmount {
			sp.kind, sp.unit, sp.last = kind, unit, end-1
		} else {
			end = last + 1
			if n.Value < 1000 && !countedNounFollows(toks, end) {
				continue
			}
		}
		sp.qualify(toks, end)
		setChange(toks, &sp)
		figs = append(figs, sp)
		added = true
	}
	if added {
		sort.SliceStable(figs, func(a, b int) bool { return figs[a].first < figs[b].first })
	}
	return figs
}

// tokenSpan returns the tokens that start at code point start and end at
// end, or -1 when the span does not fall on token edges.
func tokenSpan(toks []token, start, end int) (int, int) {
	first, last := -1, -1
	for k, t := range toks {
		if t.start == start {
			first = k
		}
		if t.end == end && first >= 0 {
			last = k
			break
		}
	}
	if first < 0 || last < 0 {
		return -1, -1
	}
	return first, last
}

// covered reports whether tokens first..last overlap a figure.
func covered(figs []figureSpan, first, last int) bool {
	for _, f := range figs {
		hi := max(f.last, f.after-1)
		if first <= hi && last >= f.lead {
			return true
		}
	}
	return false
}
