package transform

import "strings"

// Subjects and bases are read with a few general rules, tried in order:
//
//  1. A count's subject is the noun phrase right after it, ended at its head
//     noun: "1,154 medical institutions run by ..." → "medical institutions";
//     coordinated nouns stay ("doctors and treatments"), a verb after "and"
//     does not ("beds and treats more than ..."). A phrase ends at a function
//     word, a verb, an adverb, punctuation or a number, at a word followed by
//     "by" (a participle), and after its first plural noun unless "and"/"or"
//     joins another noun. A participle may open it as an adjective
//     ("registered nurses", "newly built homes"). A measure unit ("tonnes",
//     "km", "person-times", "years") becomes the Unit and the "of" phrase
//     after it the subject ("5 million tonnes of coal"), else the subject comes
//     from the rules below. A number with no noun after it is a KindNumber and
//     takes its subject from the rules below.
//  2. A figure right after an earlier figure of the sentence and "from", "to",
//     ", or" or "(", or after "than", "compared with", "versus", takes the
//     earlier figure's subject: "rose to 30% from 25%", "5 billion yuan ($770
//     million)". So does a figure whose verb group (for a percentage or an
//     amount, even an empty one) follows a comma right after the earlier
//     figure: "35,128 yuan, up 9.1 percent", "..., accounting for 56.5
//     percent". A count passes on its noun ("14.26 million visits, up 18.4
//     percent"); one in a measure unit passes on its subject ("the index
//     closed at 3,632 points, up 0.34 percent" → "the index").
//  3. "<NP> of X": the noun phrase before "of": "a growth rate of 5%" (but a
//     change right after a comma that follows the previous figure, "...,
//     a drop of 13.1 percent", is of that figure's subject, as in rule 2); also
//     "<NP> (X)", "<NP>: X", and "<verb> <NP> by X" ("cut the rate by 25 basis
//     points"). An indefinite article is dropped from such a phrase.
//  4. "<NP> reached/was/stood at/accounted for/had taken up/rose to X": the
//     clause before the verb group, back to the nearest clause boundary
//     (punctuation, a relative pronoun, a subordinator, a reporting verb, "but",
//     or "and" when what precedes it is a clause), less any period phrase and
//     connective at its edges: "As of the end of November 2021, the completion
//     rate ... reached 99.6%" → "the completion rate ...". A lone pronoun ("It
//     invested ...") is no subject.
//  5. "<NP>, which was X": when the verb group's clause is just the relative
//     pronoun, the noun phrase before the pronoun (with its "of" phrases):
//     "... the average level of the world's developed countries, which was 9
//     percent" → "the average level of the world's developed countries".
//  6. A percentage or an amount still without a subject takes the noun phrase
//     right after it ("4.9 percent growth", "a 5% stake"), or for an amount
//     the one after "of"/"in" ("$3 million in funding"); a number, the noun
//     after a copula ("Of these, 35,394 were hospitals", which makes it a
//     count).
//
// A percentage's base is the noun phrase after "X% of" ("6.2 percent of the
// nation's GDP" → "the nation's GDP"). A percentage with no base of its own
// whose subject came from rules 2 or 5 (or was not found) inherits the base
// of the nearest earlier percentage in the sentence: "6.2 percent of the
// nation's GDP, ... which was 9 percent" gives 9 percent the same base.

// subjectHow records which rule found a figure's subject.
type subjectHow uint8

const (
	howNone      subjectHow = iota
	howNoun                 // rule 1: the counted noun after the number
	howInherited            // rule 2: from the previous figure
	howOf                   // rule 3: "<NP> of X"
	howClause               // rule 4: the clause before the verb
	howRelative             // rule 5: "<NP>, which was X"
)

// maxClauseTokens caps the clause taken as a subject under rule 4; a longer
// one keeps only its last noun phrase.
const maxClauseTokens = 30

// subjectReader reads subjects in one sentence.
type subjectReader struct {
	text    string
	toks    []token
	periods []periodPhrase
	figs    []figureSpan // the figures of the sentence
}

// attachSubjects fills in kind, unit, subject and base of the figures of a
// sentence, in order, so that later figures can inherit from earlier ones.
func (r subjectReader) attachSubjects() {
	figs := r.figs
	for i := range figs {
		sp := &figs[i]
		prev := figs[:i]
		if sp.kind == "" {
			subj, unit, end := r.countNoun(sp.after)
			switch {
			case subj != "":
				sp.kind, sp.unit, sp.subject, sp.how, sp.after = KindCount, unit, subj, howNoun, end
				if sp.qualifier == "" {
					// "3,000 visitors or more"
					sp.qualifier, sp.after = qualifierAfter(r.toks, end)
					if sp.qualifier == "" {
						sp.after = end
					}
				}
				continue
			case unit != "":
				sp.kind, sp.unit, sp.after = KindCount, unit, end // "4.1 bn tonnes": subject from the left
				if q, after := qualifierAfter(r.toks, end); sp.qualifier == "" && q != "" {
					sp.qualifier, sp.after = q, after // "10 days or so"
				}
			default:
				sp.kind = KindNumber
			}
		}
		sp.subject, sp.how = r.leftSubject(sp, prev)
		if sp.kind == KindNumber && sp.subject == "" {
			// "Of these, 35,394 were hospitals": the noun after a copula.
			if k := sp.after; k+1 < len(r.toks) && copulas[r.toks[k].lower] {
				if subj, end := r.countPhrase(k + 1); subj != "" {
					sp.kind, sp.subject, sp.how, sp.after = KindCount, subj, howNoun, end
				}
			}
		}
		if sp.subject == "" && (sp.kind == KindAmount || sp.kind == KindPercent) {
			sp.subject, sp.how = r.rightSubject(sp)
		}
		if sp.kind == KindPercent {
			if sp.after < len(r.toks) && r.toks[sp.after].is("of") {
				if a, b, ok := r.npRight(sp.after+1, true); ok {
					sp.base = r.slice(a, b)
				}
			}
			if sp.subject == "" && sp.base != "" {
				sp.subject = sp.base // "Sixty-two percent of respondents said ..."
			}
			if sp.base == "" && sp.unit == "percent" && (sp.how == howNone || sp.how == howInherited || sp.how == howRelative) {
				for k := i - 1; k >= 0; k-- {
					if figs[k].kind == KindPercent && figs[k].unit == "percent" && figs[k].base != "" {
						sp.base = figs[k].base
						break
					}
				}
			}
		}
	}
}

// rightSubject is rule 6: a percentage or an amount with no subject before
// it takes the noun right after it ("4.9 percent growth", "a 5% stake") or
// after "of"/"in" for an amount ("5 billion yuan of investment", "$3 million
// in funding").
func (r subjectReader) rightSubject(sp *figureSpan) (string, subjectHow) {
	k := sp.after
	if k >= len(r.toks) {
		return "", howNone
	}
	if sp.kind == KindAmount && (r.toks[k].is("of") || r.toks[k].is("in")) {
		if a, b, ok := r.npRight(k+1, false); ok {
			return r.slice(a, b), howNoun
		}
		return "", howNone
	}
	if measureUnits[r.toks[k].lower] || r.toks[k].is("year") {
		return "", howNone // "5% year on year", "3% a day"
	}
	if subj, end := r.countPhrase(k); subj != "" && !(end < len(r.toks) && r.toks[end].is("than")) {
		return subj, howNoun // not "12.2 percentage points faster than ..."
	}
	return "", howNone
}

// leftSubject finds the subject of a figure from the words before it (rules
// 2 to 5).
func (r subjectReader) leftSubject(sp *figureSpan, prev []figureSpan) (string, subjectHow) {
	toks := r.toks
	j := sp.lead - 1
	if j < 0 {
		return "", howNone
	}
	// Rule 2: comparisons and conversions of the previous figure.
	if len(prev) > 0 {
		p := prev[len(prev)-1]
		t := toks[j]
		switch {
		case (t.is("to") || t.text == "(" || t.text == "（") && r.onlyLinkWords(p.after, j):
			return p.subject, howInherited
		case t.is("or") && j > 0 && toks[j-1].is(",") && r.onlyLinkWords(p.after, j):
			return p.subject, howInherited // "2.44 trillion yuan, or 2.4 percent of GDP"
		case t.is("from") && r.onlyLinkWords(p.after, j):
			sp.compared = true
			return p.subject, howInherited
		case t.is("from") && j >= 2 && (toks[j-1].is("up") || toks[j-1].is("down")) && toks[j-2].is(","):
			// "..., up from about 55 percent in 2020": the baseline of the
			// nearest earlier figure of the same kind, however far.
			sp.compared = true
			return sameKind(prev, sp.kind).subject, howInherited
		case t.is("than") || t.is("versus") || t.is("vs") ||
			((t.is("with") || t.is("to")) && j > 0 && (toks[j-1].is("compared") || toks[j-1].is("comparison"))):
			sp.compared = true
			return p.subject, howInherited
		}
	}
	// Rule 3: "<NP> of X", "<NP> (X)", "<NP>: X" and "<verb> <NP> by X".
	if toks[j].is("of") || toks[j].text == "(" || toks[j].text == "（" || toks[j].text == ":" || toks[j].text == "：" {
		a, b, ok := r.npLeft(j - 1)
		if !ok {
			return "", howNone
		}
		// "230 million, a drop of 13.1 percent", "9.11 million hospital beds,
		// an increase of 306,000": a change of the previous figure.
		if len(prev) > 0 && changeNouns[toks[b].lower] && toks[j].is("of") {
			c := a - 1 // the comma, before any article
			if c >= 0 && (toks[c].is("a") || toks[c].is("an")) {
				c--
			}
			if p := prev[len(prev)-1]; c >= 0 && toks[c].is(",") && r.onlyLinkWords(p.after, c) {
				return p.subject, howInherited
			}
		}
		return r.slice(a, b), howOf
	}
	if toks[j].is("worth") || toks[j].is("at") && j > 0 && toks[j-1].is("valued") {
		// "exports worth $40 billion", "a stake valued at $2 billion"
		m := j - 1
		if toks[j].is("at") {
			m--
		}
		if a, b, ok := r.npLeft(m); ok {
			// "products from the counties worth ...": the whole phrase
			if a >= 2 && (toks[a-1].is("from") || toks[a-1].is("of") || toks[a-1].is("in")) {
				if a2, _, ok := r.npLeft(a - 2); ok {
					a = a2
				}
			}
			return r.slice(a, b), howOf
		}
	}
	if toks[j].is("by") {
		// "cut the rate by 25 basis points", "cut taxes by 1 trillion
		// yuan": a verb other than an auxiliary, then a noun phrase.
		if a, b, ok := r.npLeft(j - 1); ok {
			if a < b && isVerbLike(toks[a].lower) {
				a++ // the verb was read as a noun: "cut" in "to cut taxes"
			}
			if a > 0 && toks[a-1].isWord() && isVerbLike(toks[a-1].lower) && !auxiliaries[toks[a-1].lower] {
				return r.slice(a, b), howOf
			}
		}
	}
	// Rules 4 and 5: a verb group before the figure; and rule 2 for a verb
	// group right after a comma that follows the previous figure.
	vg, ok := verbGroupStart(toks, j)
	if len(prev) > 0 && vg >= 1 && (toks[vg-1].text == "," || toks[vg-1].text == "，") &&
		(vg <= j || sp.kind == KindPercent || sp.kind == KindAmount) && r.onlyLinkWords(prev[len(prev)-1].after, vg) {
		// "35,128 yuan, up 9.1 percent", "..., accounting for 56.5 percent",
		// "rose 17.1%, 12.2 percentage points faster than ..."
		return prev[len(prev)-1].subject, howInherited
	}
	if len(prev) > 0 && vg >= 1 && vg <= j && toks[vg-1].is(",") && onlyUpDown(toks[vg:j+1]) {
		// "..., up 12.4 percent": a change of the nearest earlier figure,
		// however far.
		return prev[len(prev)-1].subject, howInherited
	}
	if !ok {
		return "", howNone
	}
	k := vg - 1
	for k >= 0 && !r.isBoundary(k) {
		k--
	}
	a, b := r.trimClause(k+1, vg-1)
	if a == b && pronouns[toks[a].lower] {
		return "", howNone // "It invested ...": the pronoun says nothing
	}
	if a <= b {
		// "The plan covers domestic vaccines priced at 329 yuan": a clause
		// with a finite verb of its own is a predicate, and the figure's
		// verb a participle after its noun phrase. So is an overlong clause.
		predicate := false
		for m := a; m <= b && !predicate; m++ {
			w := toks[m].lower
			predicate = toks[m].isWord() && (auxiliaries[w] || simplePast[w] ||
				(verbs[w] && !nounVerbs[w] && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss")))
		}
		if predicate || b-a+1 > maxClauseTokens {
			if a2, b2, ok := r.npLeft(b); ok {
				return r.slice(a2, b2), howClause
			}
			if predicate {
				return "", howNone
			}
		}
		return r.slice(a, b), howClause
	}
	// Nothing between the boundary and the verb group.
	if k >= 0 && toks[k].is("and") && len(prev) > 0 {
		// "The investment was up 11.3 per cent and accounted for 52.6 per
		// cent": two predicates of one subject.
		return prev[len(prev)-1].subject, howInherited
	}
	if k >= 0 && relatives[toks[k].lower] {
		m := k - 1
		if m >= 0 && (toks[m].text == "," || toks[m].text == "，") {
			m--
		}
		if a, b, ok := r.npLeft(m); ok {
			return r.slice(a, b), howRelative
		}
	}
	return "", howNone
}

// onlyUpDown reports whether toks are "up" or "down" with adverbs around:
// the verbless change of "..., up 12.4 percent".
func onlyUpDown(toks []token) bool {
	found := false
	for _, t := range toks {
		switch {
		case t.is("up") || t.is("down"):
			found = true
		case t.isWord() && isAdverb(t.lower):
		default:
			return false
		}
	}
	return found
}

// sameKind returns the nearest of the earlier figures with the given kind,
// or the last one when none has it. prev must not be empty.
func sameKind(prev []figureSpan, k Kind) figureSpan {
	for i := len(prev) - 1; i >= 0; i-- {
		if prev[i].kind == k {
			return prev[i]
		}
	}
	return prev[len(prev)-1]
}

// onlyLinkWords reports whether toks[a:b], less period phrases, is at most
// three tokens among ",", ")", "up", "down" and adverbs: "30%, up from 25%",
// "8% in 2021 from 5%", "39.9 percent year-on-year to 2.2 trillion yuan".
func (r subjectReader) onlyLinkWords(a, b int) bool {
	if a > b {
		return false
	}
	n := 0
	for k := a; k < b; k++ {
		if inPeriod(r.periods, k) {
			continue
		}
		t := r.toks[k]
		if !t.is(",") && !t.is(")") && !t.is("）") && !t.is("up") && !t.is("down") && !(t.isWord() && isAdverb(t.lower)) {
			return false
		}
		n++
	}
	return n <= 3
}

// verbGroupStart walks left from toks[j] over a verb group: auxiliaries,
// verbs, adverbs and particles ("had taken up", "stood at", "was still",
// "rose to"). It returns the index of the group's first token, and false when
// the words before the figure hold no verb.
//
// A group has one main verb, and more only through "to" ("is expected to
// exceed"), so "Operating costs fell to" stops before the noun "costs".
func verbGroupStart(toks []token, j int) (int, bool) {
	k, hasVerb := j, false
	for ; k >= 0 && toks[k].kind == tokWord; k-- {
		w := toks[k].lower
		infinitive := k+1 <= j && toks[k+1].is("to")
		// "was estimated at", "is expected to": a passive reporting verb
		// measures like any other verb.
		passive := infinitive || (k+1 <= j && particles[toks[k+1].lower]) || (k > 0 && auxiliaries[toks[k-1].lower])
		switch {
		case reportingVerbs[w] && !passive:
			return k + 1, hasVerb // "said 80 percent of ...": the figure opens reported speech
		case auxiliaries[w]:
			hasVerb = true
		case isVerbLike(w):
			// A second verb joins only through "to", and not a noun that
			// looks like a verb: "procurement costs to fall".
			if hasVerb && (!infinitive || (nounVerbs[w] && !(k > 0 && auxiliaries[toks[k-1].lower]))) {
				return k + 1, hasVerb
			}
			hasVerb = true
		case particles[w] || isAdverb(w):
		default:
			return k + 1, hasVerb
		}
	}
	return k + 1, hasVerb
}

// isBoundary reports whether toks[k] ends, going leftwards, the clause that
// holds a figure's subject.
func (r subjectReader) isBoundary(k int) bool {
	for _, f := range r.figs {
		if k >= f.lead && k < f.after {
			return false // "people aged 60 and above": the "and" belongs to a figure
		}
	}
	t := r.toks[k]
	if t.kind == tokPunct {
		switch t.text {
		case ",", ";", ":", "(", ")", "[", "]", "—", "–", "，", "；", "：", "（", "）":
			return true
		case "-":
			return t.space && k+1 < len(r.toks) && r.toks[k+1].space
		}
		return false
	}
	if t.kind != tokWord {
		return false
	}
	w := t.lower
	switch {
	case relatives[w]:
		return true
	case reportingVerbs[w]:
		return !(k+1 < len(r.toks) && r.toks[k+1].is("to")) // not "is expected to"
	case w == "while" || w == "whereas" || w == "although" || w == "though" || w == "because" ||
		w == "as" || w == "if" || w == "unless" || w == "when" || w == "but" || w == "yet":
		return true
	case w == "and":
		// "and" joins clauses when a clause (a verb or a number) precedes it.
		for m := k - 1; m >= 0; m-- {
			u := r.toks[m]
			if u.kind == tokNum || (u.kind == tokWord && (auxiliaries[u.lower] || finiteVerbs[u.lower])) {
				return true
			}
			if u.kind == tokPunct && (u.text == "," || u.text == ";" || u.text == ":") {
				return false
			}
		}
	}
	return false
}

// finiteVerbs are verb forms of measuring and change that show a clause; they
// tell a clause-joining "and" from a noun-joining one.
var finiteVerbs = setOf("reached", "reaches", "hit", "stood", "stands", "accounted", "accounts",
	"took", "takes", "made", "makes", "totaled", "totalled", "amounted", "came", "comes",
	"exceeded", "exceeds", "topped", "remained", "remains", "stayed", "represented", "represents",
	"posted", "saw", "sees", "rose", "rises", "fell", "falls", "grew", "grows", "increased",
	"decreased", "declined", "dropped", "climbed", "jumped", "surged", "soared", "gained", "lost",
	"expanded", "contracted", "shrank", "slid", "plunged", "edged", "went", "goes", "hovered")

// trimClause drops from the clause toks[a..b] the period phrases at its
// edges, punctuation and leading connectives ("and", "meanwhile", ...), and
// returns what is left (a > b when nothing is).
func (r subjectReader) trimClause(a, b int) (int, int) {
	for _, p := range r.periods {
		if p.last < a || p.first > b {
			continue
		}
		switch {
		case p.first <= a:
			a = p.last + 1
		case p.last >= b:
			b = p.first - 1
		}
	}
	for a <= b {
		t := r.toks[a]
		if t.kind == tokPunct && t.text != "“" && t.text != "\"" && t.text != "‘" {
			a++
			continue
		}
		if t.kind == tokWord && (connectives[t.lower] || t.is("and") || t.is("of") || t.is("which")) {
			a++
			continue
		}
		break
	}
	for a <= b && r.toks[b].kind == tokPunct && r.toks[b].text != "”" && r.toks[b].text != "\"" && r.toks[b].text != "’" {
		b--
	}
	return a, b
}

// simplePast are past tenses that are never participles: in a clause they
// show a finite verb ("60 SOEs saw their profits grow by 20 percent").
var simplePast = setOf("saw", "took", "rose", "fell", "grew", "came", "went", "gave", "became",
	"began", "drew", "wrote", "spoke", "chose", "knew", "threw", "shrank", "slid", "ran", "won")

// changeNouns name a change: "an increase of 306,000", "a drop of 13.1
// percent".
var changeNouns = setOf("increase", "decrease", "rise", "drop", "fall", "decline", "growth", "gain",
	"jump", "surge", "reduction", "cut", "dip", "contraction", "expansion")

// copulas link a number to the noun it counts: "35,394 were hospitals".
var copulas = setOf("were", "are", "was", "is")

// connectives open a clause without being part of its subject.
var connectives = setOf("and", "but", "also", "meanwhile", "besides", "moreover", "furthermore",
	"however", "then", "so", "thus", "overall", "additionally", "specifically", "notably",
	"currently", "now", "still", "especially", "particularly", "similarly", "likewise",
	"consequently", "therefore", "hence", "accordingly", "altogether", "together", "with")
