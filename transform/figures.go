package transform

import (
	"math"
	"strings"
)

// figureSpan is a figure found in the tokens of one sentence, before it
// becomes a Figure. Token indexes are into that sentence's tokens.
type figureSpan struct {
	first     int // first token of Text: a sign or currency before the digits, or the digits
	last      int // last token of Text: digits, scale word or unit
	num       int // the digits
	lead      int // first token of a qualifier before the figure; == first when there is none
	after     int // first token after the figure, its unit and a qualifier after it
	value     float64
	kind      Kind   // KindPercent or KindAmount once classified; "" for a count or number until subjects are read
	unit      string // "percent", "percentage points", "basis points", an ISO currency, or a measure unit
	qualifier string
	subject   string
	base      string
	how       subjectHow
	compared  bool    // the figure is a comparison's baseline: "from 25%", "compared with 81 percent"
	low, high float64 // a range's ends; both 0 when it is no range
	direction string  // "up", "down" or ""
	change    bool    // the size of a change, not a level
}

// findFigures appends to out the figures in a sentence's tokens, in order.
// Numbers inside a period phrase ("by the end of 2016", "the first 11
// months") are part of the period, not figures.
func findFigures(toks []token, periods []periodPhrase, out []figureSpan) []figureSpan {
	phoneEnd := -10 // last token of the last number rejected as a phone number, code or label
	start := len(out)
	for i := 0; i < len(toks); i++ {
		if toks[i].kind == tokWord && !inPeriod(periods, i) {
			if sp, ok := pointFigureAt(toks, i); ok {
				out = append(out, sp)
				i = sp.after - 1
				continue
			}
			if _, ok := writtenValue(toks[i].lower); ok {
				if sp, ok := writtenFigureAt(toks, i); ok {
					out = append(out, sp)
					i = sp.after - 1
				}
			}
			continue
		}
		if toks[i].kind != tokNum || inPeriod(periods, i) {
			continue
		}
		if sp, ok := fractionFigureAt(toks, i); ok {
			out = append(out, sp)
			i = sp.after - 1
			continue
		}
		if sp, ok := dashRangeAt(toks, i); ok {
			out = append(out, sp)
			i = sp.after - 1
			continue
		}
		sp, reason := figureAt(toks, i)
		if reason == keep && isContinuation(toks, i, phoneEnd) {
			reason = rejectPhone
		}
		if reason != keep {
			if reason.phoneLike() || isContinuation(toks, i, phoneEnd) {
				phoneEnd = i
			}
			continue
		}
		out = append(out, sp)
		i = sp.after - 1
	}
	out = append(out[:start], mergeRanges(toks, out[start:])...)
	for k := start; k < len(out); k++ {
		setChange(toks, &out[k])
	}
	return out
}

// inPeriod reports whether token i lies inside one of the period phrases.
func inPeriod(periods []periodPhrase, i int) bool {
	for _, p := range periods {
		if i >= p.first && i <= p.last {
			return true
		}
	}
	return false
}

// isContinuation reports whether the number at i continues a phone number or
// code that ended at token phoneEnd: "+86 10 6521 1234", "(010) 6521 1234".
func isContinuation(toks []token, i, phoneEnd int) bool {
	switch {
	case i == phoneEnd+1:
		return true
	case i == phoneEnd+2 && i >= 1:
		switch toks[i-1].text {
		case "-", ")", "（", "）", "(", "/", ".":
			return true
		}
	}
	return false
}

// figureAt reads the figure whose digits are toks[i]: its sign, currency,
// scale words, unit and qualifiers. It returns why the number is not a
// figure, or keep.
func figureAt(toks []token, i int) (figureSpan, rejectReason) {
	n, ok := readNumeral(toks[i].text)
	if !ok {
		return figureSpan{}, rejectPhone // "1.2.3", "192.168.1.1", "12,34"
	}
	sp := figureSpan{first: i, last: i, num: i}
	signed, negative := false, false
	// A sign right before the digits, itself after a space or an opening
	// bracket: "-2.5 percent", "(+12%)".
	if i > 0 && !toks[i].space && (i == 1 || toks[i-1].space || toks[i-2].text == "(" || toks[i-2].text == "（") {
		switch toks[i-1].text {
		case "-", "−", "–":
			signed, negative = true, true
		case "+":
			signed = true
		}
		if signed {
			sp.first = i - 1
		}
	}
	currency, cfirst := currencyBefore(toks, sp.first)
	if currency != "" {
		sp.first = cfirst
	}
	scale := 0 // power of ten
	k := i + 1
	glued := false // "13bn", "$5m": no scale word may follow
	if k < len(toks) && !toks[k].space && toks[k].kind == tokWord {
		if s, ok := gluedScales[toks[k].lower]; ok {
			scale, k, glued = s, k+1, true
		} else if s, ok := gluedCurrencyScales[toks[k].lower]; ok && currency != "" {
			scale, k, glued = s, k+1, true
		}
	}
	// Up to two scale words: "13.33 million", "1.2 hundred million".
	for c := 0; c < 2 && !glued && k < len(toks) && toks[k].kind == tokWord; c++ {
		s, ok := scaleWords[toks[k].lower]
		if !ok {
			break
		}
		scale += s
		k++
	}
	kind, unit, end := unitAt(toks, k)
	if kind == KindPercent && currency != "" {
		kind, unit, end = "", "", k // "$5 percent" is not a thing; keep the amount
	}
	if currency != "" && kind == "" {
		kind, unit = KindAmount, currency
	}
	if kind != "" {
		k = end
	}
	sp.last = k - 1
	ctx := numContext{marked: kind == KindPercent || kind == KindAmount || scale != 0, signed: signed}
	if signed && !negative && kind != KindPercent && !strings.Contains(toks[i].text, ",") {
		return figureSpan{}, rejectPhone // "+86 10 ...": a plus before a bare number dials; "+125,000" does not
	}
	if reason := rejectNumber(toks, i, n, ctx); reason != keep {
		return figureSpan{}, reason
	}
	sp.value = n.scaled(scale)
	if negative {
		sp.value = -sp.value
	}
	if math.IsInf(sp.value, 0) || math.IsNaN(sp.value) {
		return figureSpan{}, rejectForm
	}
	sp.kind, sp.unit = kind, unit
	sp.qualify(toks, k)
	return sp, keep
}

// qualify reads the qualifiers around the figure: one before it ("more
// than"), else one after it at next ("or more"). after is set past
// whichever follows the figure.
func (sp *figureSpan) qualify(toks []token, next int) {
	sp.qualifier, sp.lead = qualifierBefore(toks, sp.first-1)
	q, after := qualifierAfter(toks, next)
	if sp.qualifier == "" {
		sp.qualifier = q
	}
	sp.after = next
	if q != "" {
		sp.after = after
	}
}

// currencyBefore looks for a currency written before the token at first:
// "$", "US$", "HK$", "¥", "€", "RMB", "USD". It returns the ISO code and the
// index of the currency's first token, or "" and first.
func currencyBefore(toks []token, first int) (string, int) {
	k := first - 1
	if k < 0 {
		return "", first
	}
	t := toks[k]
	if code, ok := currencySymbols[t.text]; ok {
		if t.text == "$" && k > 0 && !t.space && toks[k-1].kind == tokWord {
			if c, ok := dollarPrefixes[toks[k-1].lower]; ok {
				return c, k - 1
			}
		}
		return code, k
	}
	if t.kind == tokWord {
		if code := currencyCodes[t.lower]; code != "" && t.text != t.lower {
			return code, k
		}
	}
	return "", first
}

// unitAt reads the unit that makes a number a percentage or an amount,
// starting at toks[k]: "%", "percent", "per cent", "pct", "percentage
// points", "basis points", "bps", "yuan", "US dollars", "euros", "USD". It
// returns the kind, the unit and the index past the unit, or "" when there is
// none.
func unitAt(toks []token, k int) (Kind, string, int) {
	if k >= len(toks) {
		return "", "", k
	}
	t := toks[k]
	switch t.lower {
	case "%", "％", "percent", "pct", "per-cent":
		return KindPercent, "percent", k + 1
	case "per":
		if k+1 < len(toks) && toks[k+1].is("cent") {
			return KindPercent, "percent", k + 2
		}
	case "percentage":
		if k+1 < len(toks) && (toks[k+1].is("points") || toks[k+1].is("point")) {
			return KindPercent, "percentage points", k + 2
		}
	case "ppt", "ppts", "pp":
		return KindPercent, "percentage points", k + 1
	case "basis":
		if k+1 < len(toks) && (toks[k+1].is("points") || toks[k+1].is("point")) {
			return KindPercent, "basis points", k + 2
		}
	case "bps", "bp":
		return KindPercent, "basis points", k + 1
	}
	if t.kind != tokWord {
		return "", "", k
	}
	if code, ok := currencyWords[t.lower]; ok {
		return KindAmount, code, k + 1
	}
	if dollarWords[t.lower] {
		return KindAmount, "USD", k + 1
	}
	if k+1 < len(toks) && dollarWords[toks[k+1].lower] {
		switch t.lower {
		case "us", "u.s.", "american":
			return KindAmount, "USD", k + 2
		case "singapore":
			return KindAmount, "SGD", k + 2
		case "australian":
			return KindAmount, "AUD", k + 2
		case "canadian":
			return KindAmount, "CAD", k + 2
		case "taiwan":
			return KindAmount, "TWD", k + 2
		}
	}
	if k+2 < len(toks) && t.is("hong") && toks[k+1].is("kong") && dollarWords[toks[k+2].lower] {
		return KindAmount, "HKD", k + 3
	}
	return "", "", k
}
