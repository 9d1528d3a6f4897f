package transform

// Qualifiers say a figure is approximate or a bound. They are normalised to a
// small canonical set:
//
//	"more than"  more than, over, above, upwards of, in excess of, exceeding, ...-plus, ... plus
//	"less than"  less than, fewer than, under, below
//	"nearly"     nearly, almost, close to
//	"about"      about, around, approximately, roughly, some, an estimated, ... or so, ...-odd
//	"at least"   at least, no less than, no fewer than, ... or more, ... and above
//	"up to"      up to, as many as, as much as, as high as, at most, no more than, ... or less

// qualifierPhrase is one way of writing a qualifier, as lower-case words.
type qualifierPhrase struct {
	words []string
	canon string
}

// qualifiersBefore are written before the number, longest first so that
// "no more than" wins over "more than".
var qualifiersBefore = []qualifierPhrase{
	{[]string{"no", "fewer", "than"}, "at least"},
	{[]string{"no", "less", "than"}, "at least"},
	{[]string{"not", "less", "than"}, "at least"},
	{[]string{"not", "fewer", "than"}, "at least"},
	{[]string{"no", "more", "than"}, "up to"},
	{[]string{"not", "more", "than"}, "up to"},
	{[]string{"as", "many", "as"}, "up to"},
	{[]string{"as", "much", "as"}, "up to"},
	{[]string{"as", "high", "as"}, "up to"},
	{[]string{"in", "excess", "of"}, "more than"},
	{[]string{"slightly", "more", "than"}, "more than"},
	{[]string{"slightly", "less", "than"}, "less than"},
	{[]string{"a", "little", "over"}, "more than"},
	{[]string{"a", "little", "more", "than"}, "more than"},
	{[]string{"more", "than"}, "more than"},
	{[]string{"less", "than"}, "less than"},
	{[]string{"fewer", "than"}, "less than"},
	{[]string{"at", "least"}, "at least"},
	{[]string{"at", "most"}, "up to"},
	{[]string{"up", "to"}, "up to"},
	{[]string{"close", "to"}, "nearly"},
	{[]string{"upwards", "of"}, "more than"},
	{[]string{"upward", "of"}, "more than"},
	{[]string{"just", "over"}, "more than"},
	{[]string{"well", "over"}, "more than"},
	{[]string{"slightly", "over"}, "more than"},
	{[]string{"just", "under"}, "less than"},
	{[]string{"an", "estimated"}, "about"},
	{[]string{"over"}, "more than"},
	{[]string{"above"}, "more than"},
	{[]string{"exceeding"}, "more than"},
	{[]string{"under"}, "less than"},
	{[]string{"below"}, "less than"},
	{[]string{"nearly"}, "nearly"},
	{[]string{"almost"}, "nearly"},
	{[]string{"about"}, "about"},
	{[]string{"around"}, "about"},
	{[]string{"approximately"}, "about"},
	{[]string{"approx"}, "about"},
	{[]string{"roughly"}, "about"},
	{[]string{"some"}, "about"},
	{[]string{"circa"}, "about"},
	{[]string{"estimated"}, "about"},
}

// qualifiersByLastWord indexes qualifiersBefore by their last word, keeping
// their order (longest first).
var qualifiersByLastWord = func() map[string][]qualifierPhrase {
	m := map[string][]qualifierPhrase{}
	for _, q := range qualifiersBefore {
		w := q.words[len(q.words)-1]
		m[w] = append(m[w], q)
	}
	return m
}()

// qualifierWords holds every word that can end a qualifier written before a
// number; a capitalised one ("Nearly 500") does not name the number.
var qualifierWords = func() wordSet {
	s := wordSet{}
	for _, q := range qualifiersBefore {
		s[q.words[len(q.words)-1]] = true
	}
	return s
}()

// qualifierFirstWords holds every word that can open a qualifier written
// before a number: after a verb ("treats more than 3 million") it shows an
// object follows.
var qualifierFirstWords = func() wordSet {
	s := wordSet{}
	for _, q := range qualifiersBefore {
		s[q.words[0]] = true
	}
	return s
}()

// qualifiersAfter are written after the number (and its unit).
var qualifiersAfter = []qualifierPhrase{
	{[]string{"or", "more"}, "at least"},
	{[]string{"or", "above"}, "at least"},
	{[]string{"and", "above"}, "at least"},
	{[]string{"or", "over"}, "at least"},
	{[]string{"and", "over"}, "at least"},
	{[]string{"or", "so"}, "about"},
	{[]string{"or", "less"}, "up to"},
	{[]string{"or", "fewer"}, "up to"},
	{[]string{"or", "below"}, "up to"},
	{[]string{"plus"}, "more than"},
}

// upVerbs take "up" as a particle of motion, so "up to" after them is not a
// qualifier.
var upVerbs = setOf("go", "goes", "went", "gone", "going", "move", "moves", "moved", "moving",
	"climb", "climbs", "climbed", "jump", "jumps", "jumped", "shoot", "shoots", "shot", "edge",
	"edges", "edged", "inch", "inched", "push", "pushed", "pushes", "creep", "crept", "tick",
	"ticked", "step", "stepped", "ramp", "ramped", "scale", "scaled", "come", "came", "comes")

// overVerbs take "over" as a particle ("took over", "handed over"), so "over"
// after them is not a qualifier.
var overVerbs = setOf("take", "takes", "took", "taken", "taking", "hand", "hands", "handed",
	"turn", "turns", "turned", "carry", "carries", "carried", "pass", "passes", "passed", "win",
	"won", "look", "looked", "hold", "held", "roll", "rolled", "sign", "signed", "switch",
	"switched", "transfer", "transferred")

// qualifierBefore looks for a qualifier whose last word is toks[j]. It
// returns the canonical qualifier and the index of its first token, or "" and
// j+1 when there is none. "up to" right after a verb ("went up to") is a verb
// particle, not a qualifier.
func qualifierBefore(toks []token, j int) (string, int) {
	if j < 0 || j >= len(toks) {
		return "", j + 1
	}
	for _, q := range qualifiersByLastWord[toks[j].lower] {
		first := j - len(q.words) + 1
		if first < 0 || !wordsAt(toks, first, q.words) {
			continue
		}
		if q.words[0] == "up" && first > 0 && upVerbs[toks[first-1].lower] {
			continue // "went up to 5%" is "rose to 5%"
		}
		if q.words[0] == "over" && first > 0 && overVerbs[toks[first-1].lower] {
			continue // "took over 31 hospitals"
		}
		return q.canon, first
	}
	return "", j + 1
}

// qualifierAfter looks for a qualifier starting at toks[k]: "or more",
// "plus", or "-plus"/"-odd" glued to the number. It returns the canonical
// qualifier and the index just past it, or "" and k when there is none. A
// "plus" followed by a number is arithmetic, not a qualifier.
func qualifierAfter(toks []token, k int) (string, int) {
	if k+1 < len(toks) && !toks[k].space && !toks[k+1].space && toks[k].kind == tokPunct &&
		(toks[k].text == "-" || toks[k].text == "‐" || toks[k].text == "‑") {
		switch toks[k+1].lower {
		case "plus":
			return "more than", k + 2
		case "odd":
			return "about", k + 2
		}
	}
	for _, q := range qualifiersAfter {
		end := k + len(q.words)
		if end > len(toks) || !wordsAt(toks, k, q.words) {
			continue
		}
		if end < len(toks) && toks[end].kind == tokNum {
			continue // "300 beds plus 20 cots", "10 or more than 20"
		}
		return q.canon, end
	}
	return "", k
}

// wordsAt reports whether the tokens from i on are the lower-case words ws.
func wordsAt(toks []token, i int, ws []string) bool {
	if i < 0 || i+len(ws) > len(toks) {
		return false
	}
	for k, w := range ws {
		t := toks[i+k]
		if t.kind != tokWord || t.lower != w {
			return false
		}
	}
	return true
}
