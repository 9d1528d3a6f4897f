package transform

import (
	"strings"
	"time"
)

// A period phrase is an optional lead ("in", "during", "as of", "by the end
// of", "from") and a date expression:
//
//	2016                      year (needs a lead: "in 2016", "by the end of 2016")
//	November 2021             month
//	December 20, 2021         day; also "20 December 2021", "Dec. 20", "2021-12-20"
//	January-November 2021     months; also "January to November 2021"
//	the first half of 2021    quarters; also "H1 2021", "the second half of 2021"
//	the first three quarters of 2021, the third quarter of 2021, Q3 2021
//	the first 11 months of 2021
//	this year, last year, the previous year, last month, this quarter
//
// Relative expressions, and a month, a day or a part of a year written
// without its year ("in November", "in the first three quarters", "the first
// half of the year"), are resolved against Options.Published, and not read
// without it: the year of publication, or the year before when the month
// would come after the publication month (for a part of a year: when it
// would not have ended by the publication date).
//
// "as of", "as at" and "by/at the end of" make an as-of period: Start and End
// are both the last day of the expression; a clock time may come between
// ("As of 24:00 on December 19"). "from X to Y" and "between X and Y" make
// one span from the start of X to the end of Y. A bare year or a month
// without a year needs a lead, so names such as "Healthy China 2030" are not
// periods. A phrase after "from", "than", "compared with", ... is the
// baseline of a comparison ("down 15.9 percent from the previous year") and
// dates no figure.

// periodPhrase is a period found in a sentence.
type periodPhrase struct {
	first, last int // token range, inclusive
	period      Period
	// A phrase inside a relative or participle clause set off by a comma
	// dates an event of that clause, not the sentence's figures: "The
	// hospital, founded in 1958, has 2,100 beds"; "The policy, which took
	// effect on January 1, 2022, affects 40 million workers". Such a phrase
	// only applies to figures in toks[clauseFirst..clauseLast]; a comparison's
	// baseline ("from the previous year") to none (clauseFirst > clauseLast);
	// any other phrase to the whole sentence.
	clauseFirst, clauseLast int
}

// covers reports whether the phrase may apply to a figure at token i.
func (p periodPhrase) covers(i int) bool { return i >= p.clauseFirst && i <= p.clauseLast }

// clauseOf returns the range a period phrase applies to: the comma-bounded
// clause around it when that clause opens with a relative pronoun or a
// participle, else the whole sentence.
func clauseOf(toks []token, first, last int) (int, int) {
	k := first - 1
	for k >= 0 && toks[k].text != "," {
		k--
	}
	if k < 0 || k+1 >= first {
		return 0, len(toks) - 1
	}
	opener := toks[k+1]
	w := opener.lower
	participle := opener.isWord() && isVerbLike(w) && !auxiliaries[w] && !strings.HasSuffix(w, "ing")
	if !relatives[w] && !participle {
		return 0, len(toks) - 1
	}
	end := last + 1
	for end < len(toks) && toks[end].text != "," {
		end++
	}
	return k + 1, end - 1
}

// findPeriods appends to out the period phrases of a sentence in order of
// appearance; they do not overlap.
func findPeriods(text string, toks []token, published time.Time, out []periodPhrase) []periodPhrase {
	// Every phrase holds an anchor (see isDateAnchor) at most maxLeadIn
	// tokens after its start; positions farther from one are not tried.
	const maxLeadIn = 10
	anchor := -1 // the next anchor at or after i
	for i := 0; i < len(toks); i++ {
		if anchor < i {
			anchor = i
			for anchor < len(toks) && !isDateAnchor(toks[anchor]) {
				anchor++
			}
			if anchor == len(toks) {
				break
			}
		}
		if anchor-i > maxLeadIn {
			i = anchor - maxLeadIn
		}
		if toks[i].kind == tokPunct {
			continue
		}
		ph, ok := periodAt(toks, i, published)
		if toks[i].is("by") && intentBefore(toks, i) {
			// "aims to ... by 2030", "will ... by the end of 2025": a target
			if !ok {
				if e, ok2 := dateAt(toks, i+1, published); ok2 {
					ph, ok = periodPhrase{first: i, last: e.last, period: Period{Start: e.start, End: e.end, Granularity: e.gran}}, true
				}
			}
			if ok {
				ph.period.AsOf, ph.period.Target = false, true // End is the deadline
			}
		}
		if !ok {
			continue
		}
		ph.period.Text = text[toks[ph.first].bstart:toks[ph.last].bend]
		ph.clauseFirst, ph.clauseLast = clauseOf(toks, ph.first, ph.last)
		if isBaseline(toks, ph.first) {
			ph.clauseFirst, ph.clauseLast = 0, -1 // applies to no figure
		}
		out = append(out, ph)
		i = ph.last
	}
	return out
}

// periodLead is a phrase that can open a period phrase.
type periodLead struct {
	words []string
	asOf  bool // a point in time
	span  bool // "from"/"between": a range follows
	day   bool // "on": only a day may follow
}

// periodLeads are tried longest first.
var periodLeads = []periodLead{
	{words: []string{"as", "of", "the", "end", "of"}, asOf: true},
	{words: []string{"as", "at", "the", "end", "of"}, asOf: true},
	{words: []string{"by", "the", "end", "of"}, asOf: true},
	{words: []string{"at", "the", "end", "of"}, asOf: true},
	{words: []string{"by", "end", "of"}, asOf: true},
	{words: []string{"at", "end", "of"}, asOf: true},
	{words: []string{"the", "end", "of"}, asOf: true},
	{words: []string{"end", "of"}, asOf: true},
	{words: []string{"as", "of"}, asOf: true},
	{words: []string{"as", "at"}, asOf: true},
	{words: []string{"in"}},
	{words: []string{"during"}},
	{words: []string{"for"}},
	{words: []string{"throughout"}},
	{words: []string{"on"}, day: true},
	{words: []string{"from"}, span: true},
	{words: []string{"between"}, span: true},
}

// periodAt reads a period phrase starting at toks[i].
func periodAt(toks []token, i int, pub time.Time) (periodPhrase, bool) {
	var leads []periodLead
	switch toks[i].lower {
	case "as", "by", "at", "the", "end", "in", "during", "for", "throughout", "on", "from", "between":
		leads = leadsByFirstWord[toks[i].lower]
	}
	for _, lead := range leads {
		if !wordsAt(toks, i, lead.words) {
			continue
		}
		j := i + len(lead.words)
		if lead.asOf {
			j = skipClock(toks, j) // "As of 24:00 on December 19"
		}
		e, ok := dateAt(toks, j, pub)
		if !ok {
			continue
		}
		if lead.day && !e.day {
			continue
		}
		if lead.span {
			if e2, ok := rangeEnd(toks, e.last+1, pub, toks[i].lower); ok && !e2.end.Before(e.start) {
				return periodPhrase{first: i, last: e2.last, period: Period{Start: e.start, End: e2.end,
					Granularity: finer(e.gran, e2.gran)}}, true
			}
			if !e.ranged {
				continue // "from the previous year" is a comparison, not a period
			}
		}
		p := Period{Start: e.start, End: e.end, Granularity: e.gran}
		if lead.asOf {
			p = Period{Start: e.end, End: e.end, Granularity: e.gran, AsOf: true}
		}
		return periodPhrase{first: i, last: e.last, period: p}, true
	}
	if i > 0 && toks[i].is("last") && toks[i-1].is("the") {
		return periodPhrase{}, false // "the last year" is the past twelve months
	}
	e, ok := dateAt(toks, i, pub)
	if !ok || e.bare {
		return periodPhrase{}, false
	}
	return periodPhrase{first: i, last: e.last, period: Period{Start: e.start, End: e.end, Granularity: e.gran}}, true
}

// skipClock returns the index past a clock time and an "on" after it at
// toks[j] ("24:00 on", "10 am on", "midnight on"), or j when there is none.
func skipClock(toks []token, j int) int {
	k := j
	switch {
	case k+2 < len(toks) && toks[k].kind == tokNum && toks[k+1].text == ":" && !toks[k+1].space &&
		toks[k+2].kind == tokNum && !toks[k+2].space:
		k += 3
	case k+1 < len(toks) && toks[k].kind == tokNum && timeWords[toks[k+1].lower]:
		k += 2
	case k < len(toks) && (toks[k].is("midnight") || toks[k].is("noon")):
		k++
	default:
		return j
	}
	if k < len(toks) && timeWords[toks[k].lower] {
		k++
	}
	if k < len(toks) && toks[k].is("on") {
		k++
	}
	return k
}

// isBaseline reports whether the phrase starting at toks[first] is the
// baseline of a comparison ("down 15.9 percent from the previous year",
// "compared with the same period of last year", "higher than in 2019"): such
// a phrase dates no figure of its own.
func isBaseline(toks []token, first int) bool {
	k := first - 1
	for steps := 0; k >= 0 && steps < 4; steps++ {
		switch toks[k].lower {
		case "the", "same", "period", "of", "in":
			k--
			continue
		}
		break
	}
	if k < 0 {
		return false
	}
	switch toks[k].lower {
	case "from", "over", "than", "with", "versus", "vs", "against":
		return true
	}
	return false
}

// leadsByFirstWord indexes periodLeads by their first word, keeping their
// order (longest first).
var leadsByFirstWord = func() map[string][]periodLead {
	m := map[string][]periodLead{}
	for _, l := range periodLeads {
		m[l.words[0]] = append(m[l.words[0]], l)
	}
	return m
}()

// isDateAnchor reports whether a token can carry the date of a period phrase:
// a number, a word with a capital (a month, "Q3"), or a calendar word
// ("year", "quarters", "month", "half").
func isDateAnchor(t token) bool {
	switch t.kind {
	case tokNum:
		return true
	case tokWord:
		if t.hasUpper() {
			return true
		}
		switch t.lower {
		case "year", "month", "quarter", "quarters", "months", "half":
			return true
		}
	}
	return false
}

// mayStartDate reports whether a date expression can start at token t: a
// number, "the", a word with a capital (a month, "Q3", "H1"), or a word of a
// relative or partial period ("this", "last", "first", ...). It keeps
// dateAt off most tokens.
func mayStartDate(t token) bool {
	switch t.kind {
	case tokNum:
		return true
	case tokWord:
		if t.hasUpper() {
			return true
		}
		switch t.lower {
		case "the", "this", "last", "next", "current", "previous", "preceding", "coming", "first",
			"second", "third", "fourth", "1st", "2nd", "3rd", "4th":
			return true
		}
	}
	return false
}

// rangeEnd reads the second half of "from X to Y" or "between X and Y"
// starting at toks[k] (the "to", "until", "through", "and" or dash).
func rangeEnd(toks []token, k int, pub time.Time, lead string) (dateExpr, bool) {
	if k >= len(toks) {
		return dateExpr{}, false
	}
	t := toks[k]
	link := t.is("to") || t.is("until") || t.is("till") || t.is("through") || t.text == "-" || t.text == "–"
	if lead == "between" {
		link = t.is("and")
	}
	if !link {
		return dateExpr{}, false
	}
	return dateAt(toks, k+1, pub)
}

// finer returns the finer of two granularities.
func finer(a, b Granularity) Granularity {
	if granRank(a) <= granRank(b) {
		return a
	}
	return b
}

// granRank orders granularities from the finest (day) to the widest (year).
func granRank(g Granularity) int {
	switch g {
	case GranDay:
		return 0
	case GranMonth:
		return 1
	case GranQuarter:
		return 2
	}
	return 3
}

// intentWords say that what follows is a goal: "aims to", "plans to",
// "will", "target of".
var intentWords = setOf("aim", "aims", "aimed", "aiming", "target", "targets", "targeted", "targeting", "plan", "plans",
	"planned", "planning", "goal", "goals", "will", "pledge", "pledged", "pledges", "seek", "seeks", "sought",
	"intend", "intends", "intended", "strive", "strives", "vow", "vows", "vowed", "promise", "promised",
	"promises", "commit", "commits", "committed", "objective", "objectives", "expects", "expect", "hopes", "hope")

// intentBefore reports whether a word of intent comes before toks[i] in its
// sentence.
func intentBefore(toks []token, i int) bool {
	for k := i - 1; k >= 0; k-- {
		if toks[k].kind == tokWord && intentWords[toks[k].lower] {
			return true
		}
	}
	return false
}
