package transform

import (
	"math"
	"strconv"
	"strings"
	"unicode"
)

// This file is the English recognizer (see Numbers). It scans the text into
// its own small tokens (rtok) and reads, at each one, the longest numeric
// expression: digits with their separators (thousands, Indian "12,34,567",
// European "1.111,11", spaced "1 234 567", a decimal comma "5,00"),
// exponents ("1e10", "1.1^23", "1.3x10^6"), magnitude suffixes ("10k",
// "2mil", "1.2b", "10G", "2.33 k"), written numbers ("one hundred and
// sixty-one", "twenty-one trillion three hundred", "nought point nought
// three"), scale words ("13 lakh", "three lakh crore", "322 hundred"),
// dozens, fractions ("3/4", "2 1/4", "⅔", "two thirds", "one over three",
// "five and a half million"), signs ("-4/5", "minus five"), percentages
// ("100%", "twenty percent", "per cent of 210") and ordinals ("4th",
// "twenty-first"), which are marked as such.

// rtok is one token of the English recognizer.
type rtok struct {
	kind   byte   // 'w' word, 'n' digits (with inner "," and "."), 's' any other rune
	text   string // as written
	lower  string
	suffix string // letters glued right after digits: "k" in "10k", "ml" in "180ml"
	start  int    // code-point offset in the text
	end    int    // past the token, suffix included
	gap    string // the whitespace before the token
}

// glued reports whether no space comes before the token.
func (t rtok) glued() bool { return t.gap == "" }

// enScanner tokenizes text for the recognizer.
func enScan(rs []rune) []rtok {
	var toks []rtok
	i := 0
	for i < len(rs) {
		g := i
		for i < len(rs) && unicode.IsSpace(rs[i]) {
			i++
		}
		if i >= len(rs) {
			break
		}
		gap := string(rs[g:i])
		r := rs[i]
		j := i + 1
		var t rtok
		switch {
		case r >= '0' && r <= '9':
			for j < len(rs) && (isDigitRune(rs[j]) || (rs[j] == ',' || rs[j] == '.') && j+1 < len(rs) && isDigitRune(rs[j+1])) {
				j++
			}
			k := j
			for k < len(rs) && isASCIILetterRune(rs[k]) {
				k++
			}
			t = rtok{kind: 'n', text: string(rs[i:j]), suffix: string(rs[j:k])}
			j = k
		case unicode.IsLetter(r):
			for j < len(rs) && (unicode.IsLetter(rs[j]) || rs[j] == '\'' || rs[j] == '’') {
				j++
			}
			t = rtok{kind: 'w', text: string(rs[i:j])}
		default:
			t = rtok{kind: 's', text: string(r)}
		}
		t.lower = strings.ToLower(t.text)
		t.start, t.end, t.gap = i, j, gap
		toks = append(toks, t)
		i = j
	}
	return toks
}

func isDigitRune(r rune) bool { return r >= '0' && r <= '9' }

// enNumbers is the English row's recognizer (see language.numbers).
func enNumbers(text string) []Number {
	rs := []rune(text)
	toks := enScan(rs)
	r := enRec{rs: rs, toks: toks}
	for i := 0; i < len(toks); {
		if toks[i].kind == 'w' && (toks[i].lower == "http" || toks[i].lower == "https" || toks[i].lower == "www") {
			i = r.skipURL(i)
			continue
		}
		end := r.at(i)
		if end <= i {
			end = i + 1
		}
		i = end
	}
	return r.out
}

// enRec holds the recognizer's state over one text.
type enRec struct {
	rs   []rune
	toks []rtok
	out  []Number
}

// skipURL returns the index past the web address starting at token i.
func (r *enRec) skipURL(i int) int {
	j := i + 1
	for j < len(r.toks) && r.toks[j].glued() {
		j++
	}
	return j
}

// emit adds a Number over tokens [a, b).
func (r *enRec) emit(a, b int, v float64, kind NumberKind, fraction bool) *Number {
	v, ok := cleanFloat(v)
	if !ok {
		return nil
	}
	s, e := r.toks[a].start, r.toks[b-1].end
	r.out = append(r.out, Number{Text: string(r.rs[s:e]), Value: v, Kind: kind, Fraction: fraction, Start: s, End: e})
	return &r.out[len(r.out)-1]
}

// word returns the lower-case word at token i, or "".
func (r *enRec) word(i int) string {
	if i < 0 || i >= len(r.toks) || r.toks[i].kind != 'w' {
		return ""
	}
	return r.toks[i].lower
}

// sym reports whether token i is the mark s.
func (r *enRec) sym(i int, s string) bool {
	return i >= 0 && i < len(r.toks) && r.toks[i].kind == 's' && r.toks[i].text == s
}

// enUnits are the written numbers below twenty, with nought and naught.
var enUnits = map[string]float64{"zero": 0, "nought": 0, "naught": 0, "one": 1, "two": 2, "three": 3, "four": 4,
	"five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
	"fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19}

// enScales are the scale words after a number: 10^n.
var enScales = map[string]float64{"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
	"lakh": 1e5, "lakhs": 1e5, "lac": 1e5, "crore": 1e7, "crores": 1e7, "mln": 1e6, "mn": 1e6, "bln": 1e9,
	"bn": 1e9, "tln": 1e12, "trn": 1e12, "trln": 1e12, "tn": 1e12}

// enSuffixes are magnitude suffixes glued to digits ("10k", "2mil"), case
// sensitive: "1m" is no number, "10M" is ten million.
var enSuffixes = map[string]float64{"k": 1e3, "K": 1e3, "M": 1e6, "MM": 1e6, "mil": 1e6, "G": 1e9, "b": 1e9,
	"B": 1e9, "bn": 1e9, "bln": 1e9, "mn": 1e6, "mln": 1e6, "tn": 1e12, "tln": 1e12, "trn": 1e12}

// enDozens are the words for twelve of a thing.
var enDozens = setOf("dozen", "dozens", "dz", "dzs", "doz", "dozs")

// enOrdinals are the ordinal words, used as denominators of fractions.
var enOrdinals = map[string]float64{"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5,
	"sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
	"thirteenth": 13, "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17,
	"eighteenth": 18, "nineteenth": 19, "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50,
	"sixtieth": 60, "seventieth": 70, "eightieth": 80, "ninetieth": 90, "hundredth": 100,
	"thousandth": 1e3, "millionth": 1e6, "billionth": 1e9, "trillionth": 1e12, "quarter": 4, "half": 2}

// ordinalWord reads w as an ordinal denominator: its value and whether it is
// plural ("fifths", "halves").
func ordinalWord(w string) (float64, bool, bool) {
	if w == "halves" {
		return 2, true, true
	}
	if v, ok := enOrdinals[w]; ok {
		return v, false, true
	}
	if strings.HasSuffix(w, "s") {
		if v, ok := enOrdinals[w[:len(w)-1]]; ok && w != "seconds" {
			return v, true, true
		}
	}
	return 0, false, false
}

// wordAtom reads a written number below a hundred at token i: "seven",
// "twenty", "twenty-one", "fifty - two", "twenty one". It returns the value,
// the end, whether it ends in a bare tens word, and ok.
func (r *enRec) wordAtom(i int) (float64, int, bool, bool) {
	w := r.word(i)
	if v, ok := enUnits[w]; ok {
		return v, i + 1, false, true
	}
	t, ok := wordTens[w]
	if !ok {
		return 0, i, false, false
	}
	// "twenty-one", "fifty - two", "twenty one"
	k := i + 1
	if r.sym(k, "-") {
		k++
	}
	if u, ok := enUnits[r.word(k)]; ok && u >= 1 && u <= 9 {
		return float64(t) + u, k + 1, false, true
	}
	return float64(t), i + 1, true, true
}

// atom reads a number below a thousand's multiple at token i: a written
// number, or plain digits. digits reports the second.
func (r *enRec) atom(i int) (v float64, end int, tens, digits, ok bool) {
	if i >= len(r.toks) {
		return
	}
	t := r.toks[i]
	if t.kind == 'n' && t.suffix == "" {
		if n, ok := readNumeral(t.text); ok && !strings.Contains(t.text, ",") {
			return n.value, i + 1, false, true, true
		}
		return
	}
	v, end, tens, ok = r.wordAtom(i)
	return
}

// cardinal is a whole number read by (*enRec).cardinal.
type cardinal struct {
	value     float64
	end       int
	lastMult  float64 // the last scale word's value, 0 when none
	splitEnd  int     // where a trailing bare tens word starts ("one hundred | thirty fifths"), or -1
	splitVal  float64 // the value without it
	words     bool    // holds a written number
	single    bool    // one atom only
	firstWord string
}

// cardinal reads a whole number at token i: atoms joined by "hundred",
// scale words and "and" ("two hundred and two thousand", "4 thousand 3
// hundred and 21", "twenty-one trillion and three hundred", "three lakh
// crore", "a hundred thousand").
func (r *enRec) cardinal(i int) (cardinal, bool) {
	c := cardinal{splitEnd: -1, firstWord: r.word(i)}
	var total, group float64
	k := i
	if w := r.word(i); w == "a" || w == "an" {
		nx := r.word(i + 1)
		if nx != "hundred" && enScales[nx] == 0 {
			return c, false
		}
		group, k, c.words = 1, i+1, true
	} else {
		v, e, _, digits, ok := r.atom(i)
		if !ok {
			return c, false
		}
		group, k, c.words = v, e, !digits
	}
	c.single = true
	for {
		w := r.word(k)
		switch {
		case w == "hundred" || w == "hundreds":
			if group >= 100 && c.words {
				goto done
			}
			group *= 100
			k++
			c.single = false
			// "one hundred (and) sixty-one", not "3 hundred and 2 hundred"
			m := k
			hasAnd := r.word(m) == "and"
			if hasAnd {
				m++
			}
			if v, e, tens, _, ok := r.atom(m); ok && v < 100 && v > 0 && r.word(e) != "hundred" && r.word(e) != "hundreds" &&
				!r.isFractionWord(e, v, hasAnd && bigDenominator(r.word(e))) {
				if tens && !hasAnd {
					c.splitEnd, c.splitVal = m, total+group
				}
				group += v
				k = e
			}
			continue
		case enScales[w] > 0:
			mult := enScales[w]
			k++
			for enScales[r.word(k)] > 0 {
				mult *= enScales[r.word(k)]
				k++
			}
			if c.lastMult > 0 && mult >= c.lastMult {
				k-- // a second number
				goto done
			}
			total += group * mult
			group = 0
			c.lastMult = mult
			c.single = false
			c.splitEnd = -1
			// the next group: "(and) three hundred"
			m := k
			if r.word(m) == "and" {
				m++
			}
			v, e, _, digits, ok := r.atom(m)
			if !ok {
				goto done
			}
			if m > k && r.word(e) != "hundred" && enScales[r.word(e)] == 0 && r.word(e) != "" && !r.isFractionWord(e, v, true) {
				goto done // "40 billion and three hospitals": a second number
			}
			if (r.word(e) == "hundred" || enScales[r.word(e)] > 0 || v < 100) && !r.isFractionWord(e, v, m > k) {
				group, k = v, e
				c.words = c.words || !digits
				continue
			}
			goto done
		}
		break
	}
done:
	c.value = total + group
	c.end = k
	return c, true
}

// isFractionWord reports whether an ordinal denominator that makes a
// fraction of v comes at token e, so that v is no part of the whole number
// before: "one hundred | three quarters", "six million and | two thirds",
// "two hundred and | fifty-four hundredths". Other denominators right after
// a number with no "and" take the whole ("one hundred thirty-two fifths").
func (r *enRec) isFractionWord(e int, v float64, afterAnd bool) bool {
	w := r.word(e)
	d, plural, ok := ordinalWord(w)
	if !ok || d < 2 {
		return false
	}
	if !afterAnd && w != "quarter" && w != "quarters" && w != "half" && w != "halves" {
		return false
	}
	return plural && v > 1 || !plural && v == 1
}

// fractionAt reads a fraction at token i: "a half", "one fourth", "three
// fifths", "a twenty-first", "three twenty firsts", "one-eighth". It returns
// its value and end.
func (r *enRec) fractionAt(i int) (float64, int, bool) {
	var num float64
	var k int
	switch w := r.word(i); {
	case w == "a" || w == "an":
		num, k = 1, i+1
	case w == "half":
		return 0.5, i + 1, true
	case w == "quarter":
		return 0.25, i + 1, true
	default:
		v, e, _, _, ok := r.atom(i)
		if !ok {
			return 0, i, false
		}
		num, k = v, e
	}
	if r.sym(k, "-") {
		k++
	}
	d, e, ok := r.denominator(k, num)
	if !ok {
		return 0, i, false
	}
	return num / d, e, true
}

// denominator reads an ordinal denominator at token k for numerator num:
// "fifths", "twenty-first", "thirty fifths". Its number must agree with
// num: plural unless num is 1.
func (r *enRec) denominator(k int, num float64) (float64, int, bool) {
	w := r.word(k)
	if t, ok := wordTens[w]; ok {
		m := k + 1
		if r.sym(m, "-") {
			m++
		}
		if d, plural, ok := ordinalWord(r.word(m)); ok && d < 10 && (plural == (num != 1)) {
			return float64(t) + d, m + 1, true
		}
		return 0, k, false
	}
	d, plural, ok := ordinalWord(w)
	if !ok || d < 2 || plural != (num != 1) && w != "half" {
		return 0, k, false
	}
	return d, k + 1, true
}

// at reads the expression starting at token i and returns the index to go
// on from.
func (r *enRec) at(i int) int {
	t := r.toks[i]
	// A sign: "minus", "negative", or "-" not joining two words or numbers.
	neg := false
	j := i
	switch {
	case t.lower == "minus" || t.lower == "negative":
		neg, j = true, i+1
	case t.kind == 's' && (t.text == "-" || t.text == "−"):
		if i > 0 && t.glued() && (r.toks[i-1].kind != 's') {
			return i + 1 // "SCP-173", "+1-222": a hyphen
		}
		neg, j = true, i+1
	}
	if j >= len(r.toks) {
		return i + 1
	}
	if neg && !r.startsNumber(j) {
		return i + 1
	}
	// "percent of 10", "per cent of twenty-two"
	if w := r.word(j); w == "percent" || w == "percents" || w == "per" && r.word(j+1) == "cent" {
		k := j + 1
		if w == "per" {
			k++
		}
		if r.word(k) == "of" && r.startsNumber(k+1) {
			sub := r.out
			r.out = nil
			end := r.value(k+1, false)
			got := r.out
			r.out = sub
			if len(got) > 0 && got[0].Start == r.toks[k+1].start {
				g := got[0]
				v := g.Value
				if neg {
					v = -v
				}
				if n := r.emit(i, tokenAtOffset(r.toks, g.End), v, NumPercent, false); n != nil {
					n.Unit = "percent"
				}
				return end
			}
		}
		return j + 1
	}
	start := len(r.out)
	end := r.value(j, neg)
	if len(r.out) > start && neg {
		// the sign is part of the first number read
		n := &r.out[start]
		if n.Start == r.toks[j].start {
			if n.NumEnd > n.NumStart && n.NumStart == n.Start {
				n.NumStart = r.toks[i].start
			}
			n.Start = r.toks[i].start
			n.Text = string(r.rs[n.Start:n.End])
		}
	}
	return end
}

// tokenAtOffset returns the index past the token ending at code point e.
func tokenAtOffset(toks []rtok, e int) int {
	for k, t := range toks {
		if t.end == e {
			return k + 1
		}
	}
	return len(toks)
}

// startsNumber reports whether a number may start at token j.
func (r *enRec) startsNumber(j int) bool {
	if j >= len(r.toks) {
		return false
	}
	t := r.toks[j]
	if t.kind == 'n' || t.kind == 's' && (t.text == "." || vulgarFractions[t.text] > 0) {
		return true
	}
	w := t.lower
	_, u := enUnits[w]
	_, tens := wordTens[w]
	return u || tens || w == "a" || w == "an" || w == "half" || w == "quarter"
}

// vulgarFractions are the fraction characters.
var vulgarFractions = map[string]float64{"½": 0.5, "⅓": 1.0 / 3, "⅔": 2.0 / 3, "¼": 0.25, "¾": 0.75, "⅕": 0.2,
	"⅖": 0.4, "⅗": 0.6, "⅘": 0.8, "⅙": 1.0 / 6, "⅚": 5.0 / 6, "⅛": 0.125, "⅜": 0.375, "⅝": 0.625, "⅞": 0.875}

// value reads the number at token j (after any sign), emits it, and
// returns the index to go on from.
func (r *enRec) value(j int, neg bool) int {
	sign := 1.0
	if neg {
		sign = -1
	}
	t := r.toks[j]
	if t.kind == 's' {
		if v := vulgarFractions[t.text]; v > 0 {
			return r.finishFraction(j, j+1, sign*v)
		}
		if t.text == "." && j+1 < len(r.toks) && r.toks[j+1].glued() && r.toks[j+1].kind == 'n' &&
			!(j > 0 && t.glued() && r.toks[j-1].kind == 'n') {
			return r.digits(j, sign)
		}
		return j + 1
	}
	if t.kind == 'n' {
		if j > 0 && t.glued() && r.toks[j-1].kind == 'w' && !isCurrencyCode(r.toks[j-1].text) {
			return j + 1 // "G20", but "RMB3.5 trillion", "NPR2.8 billion"
		}
		return r.digits(j, sign)
	}
	return r.words(j, sign)
}

// digits reads a number written in digits at token j (or at a leading "."
// before them).
func (r *enRec) digits(j int, sign float64) int {
	lead := ""
	first := j
	if r.toks[j].kind == 's' {
		lead, j = "0.", j+1
	}
	t := r.toks[j]
	// Ordinals: "4th", "21st".
	switch strings.ToLower(t.suffix) {
	case "st", "nd", "rd", "th":
		if n, ok := readNumeral(t.text); ok && lead == "" {
			r.emit(first, j+1, n.value, NumOrdinal, false)
		}
		return j + 1
	}
	parts := splitDigits(lead + t.text)
	if lead != "" && len(parts) != 1 {
		lead, first, parts = "", j, splitDigits(t.text) // ".0,0": the dot is no decimal point
	}
	if len(parts) != 1 {
		// "192.168.1.2", "22,24,26,31": one number per group
		off := t.start
		for _, p := range parts {
			s := off + p.offset
			e := s + p.length
			r.out = append(r.out, Number{Text: string(r.rs[s:e]), Value: p.value, Kind: NumCardinal, Start: s, End: e})
		}
		if t.suffix != "" {
			r.out = r.out[:len(r.out)-len(parts)]
		}
		return j + 1
	}
	v := parts[0].value
	k := j + 1
	if t.suffix != "" {
		switch {
		case (t.suffix == "e" || t.suffix == "E") && k < len(r.toks) && r.toks[k].glued():
			// "1e10", "12.32e+14", "-12e-1"
			m, es := k, 1.0
			if r.sym(m, "+") || r.sym(m, "-") {
				if r.sym(m, "-") {
					es = -1
				}
				m++
			}
			if m < len(r.toks) && r.toks[m].glued() && r.toks[m].kind == 'n' && r.toks[m].suffix == "" {
				e, _ := strconv.ParseFloat(r.toks[m].text, 64)
				v *= math.Pow(10, es*e)
				k = m + 1
			} else {
				return k
			}
		case (t.suffix == "x" || t.suffix == "X") && k+2 < len(r.toks) && r.toks[k].text == "10" && r.sym(k+1, "^"):
			// "1.3x10^6"
			e, m, ok := r.exponent(k + 2)
			if !ok {
				return k
			}
			v *= math.Pow(10, e)
			k = m
		case enSuffixes[t.suffix] > 0:
			v *= enSuffixes[t.suffix]
		case enDozens[strings.ToLower(t.suffix)]:
			v *= 12
		default:
			return j + 1 // "180ml", "29km", "1m"
		}
	}
	if r.sym(k, "^") && r.toks[k].glued() {
		// "1.1^23", "2.5^-1"
		if e, m, ok := r.exponent(k + 1); ok {
			v = math.Pow(v, e)
			k = m
		}
	}
	// Spaced numbers: "1 234 567", "40 000".
	if parts[0].plain && parts[0].length <= 3 {
		for k < len(r.toks) && r.toks[k].kind == 'n' && r.toks[k].suffix == "" && isThinGap(r.toks[k].gap) &&
			len(r.toks[k].text) >= 3 && isGroupOf3(r.toks[k].text) && !r.sym(k+1, "/") {
			g, _ := strconv.ParseFloat(r.toks[k].text, 64)
			v = v*1000 + g
			k++
			if !strings.Contains(r.toks[k-1].text, ".") {
				continue
			}
			break
		}
	}
	// A fraction: "3/4", "2 1/4", "-4/5".
	if r.sym(k, "/") && r.toks[k].glued() && k+1 < len(r.toks) && r.toks[k+1].glued() && r.toks[k+1].kind == 'n' &&
		r.toks[k+1].suffix == "" && !(k+2 < len(r.toks) && r.sym(k+2, "/")) && !r.afterJoin(first) && !r.sym(first-1, "/") {
		if d, ok := readNumeral(r.toks[k+1].text); ok && d.value != 0 && parts[0].plain {
			return r.finishFraction(first, k+2, sign*v/d.value)
		}
	}
	if k+4 < len(r.toks)+1 && parts[0].plain && r.sym(k, "-") && r.toks[k].glued() && k+3 < len(r.toks) &&
		r.toks[k+1].glued() && r.toks[k+1].kind == 'n' && r.sym(k+2, "/") && r.toks[k+2].glued() && r.toks[k+3].glued() &&
		r.toks[k+3].kind == 'n' && !r.sym(k+4, "/") {
		// "5-1/4": a whole number and a fraction joined by a hyphen
		a, ok1 := readNumeral(r.toks[k+1].text)
		b, ok2 := readNumeral(r.toks[k+3].text)
		if ok1 && ok2 && b.value != 0 && a.value < b.value {
			return r.finishFraction(first, k+4, sign*(v+a.value/b.value))
		}
	}
	if k+3 < len(r.toks) && parts[0].plain && r.toks[k].kind == 'n' && r.toks[k].suffix == "" && r.sym(k+1, "/") &&
		r.toks[k+1].glued() && r.toks[k+2].glued() && r.toks[k+2].kind == 'n' && !r.sym(k+3, "/") {
		a, ok1 := readNumeral(r.toks[k].text)
		b, ok2 := readNumeral(r.toks[k+2].text)
		if ok1 && ok2 && b.value != 0 && a.value < b.value {
			return r.finishFraction(first, k+3, sign*(v+a.value/b.value))
		}
	} else if k+2 < len(r.toks) && parts[0].plain && r.toks[k].kind == 'n' && r.sym(k+1, "/") && r.toks[k+2].kind == 'n' {
		if a, ok := readNumeral(r.toks[k].text); ok {
			b, ok2 := readNumeral(r.toks[k+2].text)
			if ok2 && b.value != 0 && a.value < b.value && r.toks[k+1].glued() && r.toks[k+2].glued() {
				return r.finishFraction(first, k+3, sign*(v+a.value/b.value))
			}
		}
	}
	if t.suffix == "" && k == j+1 && parts[0].plain && lead == "" && !(k < len(r.toks) && r.toks[k].kind == 'w' &&
		len(r.toks[k].text) == 1 && enSuffixes[r.toks[k].text] > 0) {
		return r.words(j, sign) // "4 thousand 3 hundred and 21", "3 million and a half", "1 over 3", "3 dozens"
	}
	if t.suffix == "" && k == j+1 {
		// spaced suffixes and scale words, and written continuations: "2.33 k",
		// "2 million", "322 hundred", "4 thousand 3 hundred and 21"
		if w := r.toks[min(k, len(r.toks)-1)]; k < len(r.toks) && w.kind == 'w' && len(w.text) == 1 && enSuffixes[w.text] > 0 &&
			(k+1 >= len(r.toks) || r.toks[k+1].kind != 'w' || true) {
			v *= enSuffixes[w.text]
			k++
		} else if parts[0].plain || parts[0].decimal {
			if true {
				if true {
					// "2.12 hundred", "1,674.5 million"
					mult := 1.0
					m := j + 1
					for r.word(m) == "hundred" || enScales[r.word(m)] > 0 {
						if r.word(m) == "hundred" {
							mult *= 100
						} else {
							mult *= enScales[r.word(m)]
						}
						m++
					}
					v, k = v*mult, m
				}
			}
		} else {
			mult := 1.0
			m := k
			for enScales[r.word(m)] > 0 {
				mult *= enScales[r.word(m)]
				m++
			}
			v, k = v*mult, m
		}
	}
	return r.finish(first, k, sign*v, t.suffix == "" && k == j+1)
}

// afterJoin reports whether the number at token i is glued to a hyphen that
// is itself glued to a number ("+1-222-2222/2222"): a code, not a fraction.
func (r *enRec) afterJoin(i int) bool {
	return i >= 2 && r.toks[i].glued() && r.sym(i-1, "-") && r.toks[i-1].glued() && r.toks[i-2].kind == 'n'
}

// exponent reads "23", "-1", "+23" or "--23" at token m.
func (r *enRec) exponent(m int) (float64, int, bool) {
	s := 1.0
	for r.sym(m, "-") || r.sym(m, "+") {
		if r.sym(m, "-") {
			s = -s
		}
		m++
	}
	if m >= len(r.toks) || r.toks[m].kind != 'n' || r.toks[m].suffix != "" {
		return 0, m, false
	}
	e, err := strconv.ParseFloat(r.toks[m].text, 64)
	if err != nil {
		return 0, m, false
	}
	return s * e, m + 1, true
}

// isThinGap reports whether a gap is one space, a no-break space or a thin
// no-break space: the gap of a spaced thousands group.
func isThinGap(g string) bool {
	return g == " " || g == "\u00a0" || g == "\u202f" || g == "\u2009"
}

// isGroupOf3 reports whether s is three digits, or three digits and a
// decimal part.
func isGroupOf3(s string) bool {
	a, _, _ := strings.Cut(s, ".")
	if len(a) != 3 || strings.Contains(s, ",") {
		return false
	}
	for i := 0; i < len(a); i++ {
		if a[i] < '0' || a[i] > '9' {
			return false
		}
	}
	return true
}

// digitPart is one number of a run of digits with separators.
type digitPart struct {
	value          float64
	offset, length int // code points into the run
	plain          bool
	decimal        bool
}

// splitDigits reads a run of digits with "," and "." between them: one
// number ("1,234,567", "12,34,567.89", "1.111,11", "5,00", "4.800") or, when
// the separators make no number, one number per group ("192.168.1.2",
// "22,24,26,31").
func splitDigits(s string) []digitPart {
	one := func(norm string, plain, dec bool) []digitPart {
		v, err := strconv.ParseFloat(norm, 64)
		if err != nil {
			return nil
		}
		return []digitPart{{value: v, length: len(s), plain: plain, decimal: dec}}
	}
	commas, dots := strings.Count(s, ","), strings.Count(s, ".")
	switch {
	case commas == 0 && dots == 0:
		return one(s, true, false)
	case commas == 0 && dots == 1:
		return one(s, false, true)
	}
	intPart, frac, hasDot := s, "", false
	if commas > 0 && dots == 1 && strings.LastIndex(s, ".") > strings.LastIndex(s, ",") {
		intPart, frac, hasDot = strings.Cut(s, ".")
	}
	if !strings.Contains(intPart, ".") {
		groups := strings.Split(intPart, ",")
		if thousands(groups) || indian(groups) {
			n := strings.Join(groups, "")
			if hasDot {
				n += "." + frac
			}
			return one(n, false, hasDot)
		}
		if len(groups) == 2 && !hasDot && len(groups[1]) <= 2 {
			return one(groups[0]+"."+groups[1], false, true) // "5,00", "1,3"
		}
	}
	// European: "1.111,11", "1.234.567"
	if a, b, ok := strings.Cut(s, ","); ok && !strings.Contains(b, ",") && !strings.Contains(b, ".") && dots > 0 {
		if groups := strings.Split(a, "."); thousands(groups) {
			return one(strings.Join(groups, "")+"."+b, false, true)
		}
	}
	// one number per group
	var out []digitPart
	off := 0
	for _, g := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '.' }) {
		k := strings.Index(s[off:], g) + off
		v, _ := strconv.ParseFloat(g, 64)
		out = append(out, digitPart{value: v, offset: k, length: len(g), plain: true})
		off = k + len(g)
	}
	return out
}

// thousands reports whether groups are 1–3 digits then groups of three.
func thousands(groups []string) bool {
	if len(groups) < 2 || len(groups[0]) == 0 || len(groups[0]) > 3 {
		return false
	}
	for _, g := range groups[1:] {
		if len(g) != 3 {
			return false
		}
	}
	return true
}

// indian reports whether groups are Indian: 1–2 digits, groups of two, and
// a last group of three ("12,34,567").
func indian(groups []string) bool {
	if len(groups) < 3 || len(groups[0]) == 0 || len(groups[0]) > 2 || len(groups[len(groups)-1]) != 3 {
		return false
	}
	for _, g := range groups[1 : len(groups)-1] {
		if len(g) != 2 {
			return false
		}
	}
	return true
}

// words reads a number written in words at token j.
func (r *enRec) words(j int, sign float64) int {
	w := r.word(j)
	// Ordinals on their own: "first", "twenty-first".
	if d, plural, ok := ordinalWord(w); ok && !plural && w != "half" && w != "quarter" && w != "second" {
		r.emit(j, j+1, d, NumOrdinal, false)
		return j + 1
	}
	if w == "half" || w == "quarter" {
		f := 0.5
		if w == "quarter" {
			f = 0.25
		}
		// "half a dozen", "half million", "quarter million", "half"
		if r.word(j+1) == "a" && enDozens[r.word(j+2)] {
			return r.finish(j, j+3, sign*f*12, false)
		}
		if m := enScales[r.word(j+1)]; m > 0 {
			return r.finish(j, j+2, sign*f*m, false)
		}
		if a := r.word(j + 1); (a == "a" || a == "an") && enScales[r.word(j+2)] > 0 {
			return r.finish(j, j+3, sign*f*enScales[r.word(j+2)], false) // "half a million"
		}
		if w == "half" {
			r.emit(j, j+1, sign*f, NumCardinal, true)
		}
		return j + 1
	}
	if w == "one" && j > 0 && setOf("the", "this", "that", "which", "each", "every", "any", "no", "another", "a")[r.word(j-1)] {
		return j + 1 // "the one you mentioned"
	}
	c, ok := r.cardinal(j)
	if !ok {
		// "a half", "a fifth", "a dozen"
		if w == "a" || w == "an" {
			if enDozens[r.word(j+1)] {
				return r.finish(j, j+2, sign*12, false)
			}
			if f, e, ok := r.fractionAt(j); ok {
				return r.fractionTail(j, e, sign*f)
			}
		}
		return j + 1
	}
	v, k := c.value, c.end
	// A fraction: "two thirds", "one hundred thirty fifths", "twenty-three fifths".
	m := k
	if r.sym(m, "-") {
		m++
	}
	if c.splitEnd >= 0 {
		if d, e, ok := r.denominator(c.splitEnd, c.splitVal); ok {
			return r.fractionTail(j, e, sign*c.splitVal/d)
		}
	}
	if d, e, ok := r.denominator(m, v); ok && (c.words || d >= 2 && d < 1000) && !(c.lastMult > 0 && !c.words) {
		return r.fractionTail(j, e, sign*v/d)
	}
	// "one over three", "1 over twenty-one", "one out of three", "1 in twenty-one"
	if f, e, ok := r.ratio(k, v); ok {
		r.emit(j, e, sign*f, NumCardinal, true)
		return e
	}
	// "two hundred point zero three"
	if r.word(k) == "point" && c.words {
		if frac, e, ok := r.pointDigits(k + 1); ok {
			v, _ = strconv.ParseFloat(strconv.FormatFloat(v, 'f', -1, 64)+"."+frac, 64)
			k = e
		}
	}
	// "and a half", "and three quarters", "and two thirds", "twenty and three and three fifths"
	if r.word(k) == "and" {
		if f, e, ok := r.fractionAt(k + 1); ok && f < 1 {
			switch s := enScales[r.word(e)]; {
			case s > 0 && c.lastMult > 0:
				return r.finish(j, e+1, sign*(v+f*s), false) // "one billion and a half million"
			case s > 0:
				return r.finish(j, e+1, sign*(v+f)*s, false) // "five and a half million"
			case c.lastMult >= 1000:
				return r.finish(j, e, sign*(v+f*c.lastMult), false) // "3 million and a half"
			}
			return r.fractionTail(j, e, sign*(v+f))
		}
		if a, e, _, _, ok := r.atom(k + 1); ok && r.word(e) == "and" && !c.words == false {
			if f, e2, ok := r.fractionAt(e + 1); ok && f < 1 {
				return r.fractionTail(j, e2, sign*(v+a+f))
			}
		}
	}
	if enDozens[r.word(k)] {
		v *= 12
		k++
	}
	if c.single && w == "one" && !r.numberFollows(k) {
		// "one" alone reads as a number only when nothing marks it a
		// pronoun; the determiners before it were checked above.
	}
	return r.finish(j, k, sign*v, false)
}

// numberFollows reports whether a percent unit or number word follows.
func (r *enRec) numberFollows(k int) bool { return r.percentAt(k) > k }

// fractionTail finishes a fraction that ends at e: a scale after it ("five
// and a half million", "a half million"), or "of a million".
func (r *enRec) fractionTail(j, e int, v float64) int {
	if m := enScales[r.word(e)]; m > 0 {
		return r.finish(j, e+1, v*m, false)
	}
	if r.word(e) == "of" && (r.word(e+1) == "a" || r.word(e+1) == "an") && enScales[r.word(e+2)] > 0 {
		return r.finish(j, e+3, v*enScales[r.word(e+2)], false)
	}
	return r.finishFraction(j, e, v)
}

// finishFraction emits a fraction, or a percentage of one.
func (r *enRec) finishFraction(j, e int, v float64) int {
	if p := r.percentAt(e); p > e {
		if n := r.emit(j, p, v, NumPercent, true); n != nil {
			n.Unit = "percent"
			if w := r.word(p - 1); w == "point" || w == "points" {
				n.Unit = "percentage points"
			}
		}
		return p
	}
	r.emit(j, e, v, NumCardinal, true)
	return e
}

// ratio reads "over N", "out of N" or "in N" at token k after numerator v.
// "over" makes a fraction unless a noun follows ("$2000 over 3 years");
// "out of" and "in" only when v is smaller ("12 in six boxes" is two
// numbers).
func (r *enRec) ratio(k int, v float64) (float64, int, bool) {
	w := r.word(k)
	m := k + 1
	switch {
	case w == "over":
	case w == "out" && r.word(k+1) == "of":
		m++
	case w == "in":
	default:
		return 0, k, false
	}
	if m >= len(r.toks) {
		return 0, k, false
	}
	var d float64
	var e int
	if r.toks[m].kind == 'n' && r.toks[m].suffix == "" {
		n, ok := readNumeral(r.toks[m].text)
		if !ok {
			return 0, k, false
		}
		d, e = n.value, m+1
	} else if c, ok := r.cardinal(m); ok && r.word(m) != "a" {
		d, e = c.value, c.end
	} else {
		return 0, k, false
	}
	if d == 0 {
		return 0, k, false
	}
	if w == "over" {
		if nx := r.word(e); nx != "" && nx != "and" && nx != "is" && nx != "equals" {
			return 0, k, false
		}
	} else if v >= d {
		return 0, k, false
	}
	return v / d, e, true
}

// pointDigits reads the digits after "point": single digit words ("zero
// three", "nought four") or one number below a hundred ("seventy-one",
// "eleven").
func (r *enRec) pointDigits(k int) (string, int, bool) {
	var b strings.Builder
	m := k
	for {
		u, ok := enUnits[r.word(m)]
		if !ok || u > 9 {
			break
		}
		b.WriteString(strconv.Itoa(int(u)))
		m++
	}
	if m > k {
		return b.String(), m, true
	}
	if v, e, _, ok := r.wordAtom(k); ok {
		return strconv.Itoa(int(v)), e, true
	}
	return "", k, false
}

// percentAt returns the index past a percent unit at token k ("%",
// "percent", "per cent", "percentage", "percents"), or k.
func (r *enRec) percentAt(k int) int {
	if k >= len(r.toks) {
		return k
	}
	switch r.toks[k].lower {
	case "%", "percent", "percents", "percentage", "pct":
		if r.toks[k].lower == "percentage" && (r.word(k+1) == "point" || r.word(k+1) == "points") {
			return k + 2
		}
		return k + 1
	case "per":
		if r.word(k+1) == "cent" {
			return k + 2
		}
	}
	return k
}

// finish emits a number over tokens [j, k): a percentage when a percent
// unit follows, else a number. It returns the index to go on from.
func (r *enRec) finish(j, k int, v float64, plain bool) int {
	if k <= j {
		return j + 1
	}
	if p := r.percentAt(k); p > k {
		if n := r.emit(j, p, v, NumPercent, false); n != nil {
			n.Unit = "percent"
			if r.word(p-1) == "points" || r.word(p-1) == "point" {
				n.Unit = "percentage points"
			}
			n.NumStart, n.NumEnd, n.NumValue = r.toks[j].start, r.toks[k-1].end, v
		}
		return p
	}
	r.emit(j, k, v, NumCardinal, false)
	return k
}

// bigDenominator reports whether w is a denominator of a hundred or more:
// "hundredths", "thousandths".
func bigDenominator(w string) bool {
	d, _, ok := ordinalWord(w)
	return ok && d >= 100
}

// isCurrencyCode reports whether w, written right before digits, names a
// currency: a known code ("RMB", "Rs") or three capital letters ("NPR").
func isCurrencyCode(w string) bool {
	if currencyCodes[strings.ToLower(w)] != "" {
		return true
	}
	if len(w) != 3 {
		return false
	}
	for i := 0; i < 3; i++ {
		if w[i] < 'A' || w[i] > 'Z' {
			return false
		}
	}
	return true
}
