package transform

// This file reads the fractions of English financial prose: "5-1/4
// percent", "by 1/4 percentage point", "5 1/2%", and the point words "a
// quarter-point" (0.25 percentage points) and "a half-point". A fraction
// is a figure only with a percent unit after it: a bare "3/4" may be a
// date or a score.

// fractionFigureAt reads a fraction with a percent unit whose first digits
// are toks[i]: "1/4 percentage point", "5-1/4 percent", "5 1/2%".
func fractionFigureAt(toks []token, i int) (figureSpan, bool) {
	whole, k := 0.0, i
	// "5-1/4", "5 1/2": a whole number first
	if i+4 < len(toks) && toks[i+2].kind == tokNum && toks[i+3].text == "/" && !toks[i+3].space && !toks[i+4].space &&
		toks[i+4].kind == tokNum && (toks[i+1].text == "-" && !toks[i+1].space && !toks[i+2].space) {
		n, ok := readNumeral(toks[i].text)
		if !ok || !n.plain {
			return figureSpan{}, false
		}
		whole, k = n.value, i+2
	} else if i+3 < len(toks) && toks[i+1].kind == tokNum && toks[i+1].space && toks[i+2].text == "/" &&
		!toks[i+2].space && !toks[i+3].space && toks[i+3].kind == tokNum {
		n, ok := readNumeral(toks[i].text)
		if !ok || !n.plain {
			return figureSpan{}, false
		}
		whole, k = n.value, i+1
	}
	if k+2 >= len(toks) || toks[k].kind != tokNum || toks[k+1].text != "/" || toks[k+1].space || toks[k+2].space ||
		toks[k+2].kind != tokNum {
		return figureSpan{}, false
	}
	if i > 0 && !toks[i].space && (toks[i-1].kind == tokNum || toks[i-1].kind == tokWord || toks[i-1].text == "/") {
		return figureSpan{}, false
	}
	a, ok1 := readNumeral(toks[k].text)
	b, ok2 := readNumeral(toks[k+2].text)
	if !ok1 || !ok2 || !a.plain || !b.plain || b.value == 0 || a.value >= b.value || b.value > 100 {
		return figureSpan{}, false
	}
	if k+3 < len(toks) && toks[k+3].text == "/" {
		return figureSpan{}, false // "5/17/2018"
	}
	kind, unit, end := unitAt(toks, k+3)
	if kind != KindPercent {
		return figureSpan{}, false
	}
	sp := figureSpan{first: i, last: end - 1, num: i, value: whole + a.value/b.value, kind: kind, unit: unit}
	sp.qualify(toks, end)
	return sp, true
}

// pointWords are the point words of rates: "a quarter-point cut".
var pointWords = map[string]float64{"quarter-point": 0.25, "half-point": 0.5, "quarter-percentage-point": 0.25,
	"half-percentage-point": 0.5, "three-quarter-point": 0.75}

// pointFigureAt reads "a quarter-point" or "a half-point" at toks[i] (the
// article): a change of 0.25 or 0.5 percentage points.
func pointFigureAt(toks []token, i int) (figureSpan, bool) {
	if w := toks[i].lower; len(w) > 2 || w == "" || w[0] != 'a' || !(w == "a" || w == "an") || i+1 >= len(toks) {
		return figureSpan{}, false
	}
	v, ok := pointWords[toks[i+1].lower]
	if !ok {
		return figureSpan{}, false
	}
	sp := figureSpan{first: i, last: i + 1, num: i + 1, value: v, kind: KindPercent, unit: "percentage points"}
	sp.qualify(toks, i+2)
	return sp, true
}
