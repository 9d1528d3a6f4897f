package stats

import (
	"regexp"
	"strings"

	"github.com/newsetl/newsetl/transform"
)

// A unit as written in a caption, a header or a unit column, and what it
// means: the base unit after scaling and the multiplier.
type unitWord struct {
	word  string
	unit  string
	scale float64
}

// scaleWords are magnitude words, longest first.
var scaleWords = []unitWord{
	{"hundred million", "", 1e8}, {"100 million", "", 1e8}, {"100million", "", 1e8},
	{"ten thousand", "", 1e4}, {"10 thousand", "", 1e4}, {"10 000", "", 1e4}, {"10,000", "", 1e4}, {"10000", "", 1e4},
	{"trillion", "", 1e12}, {"billion", "", 1e9}, {"million", "", 1e6}, {"thousand", "", 1e3}, {"1 000", "", 1e3}, {"1,000", "", 1e3},
	{"bn", "", 1e9}, {"mn", "", 1e6},
	{"万亿", "", 1e12}, {"千亿", "", 1e11}, {"百亿", "", 1e10}, {"亿", "", 1e8}, {"千万", "", 1e7}, {"百万", "", 1e6},
	{"十万", "", 1e5}, {"万", "", 1e4}, {"千", "", 1e3},
}

// baseWords are units, longest first within a script. Currencies are ISO
// codes, as the figure parser gives them (transform.CurrencyCode), so an
// amount reads the same in a table and in a sentence. The Chinese ones are
// matched as substrings; the English ones as words.
var baseWords = []unitWord{
	{"percentage points", "percentage points", 1}, {"percentage point", "percentage points", 1}, {"百分点", "percentage points", 1},
	{"per cent", "percent", 1}, {"percent", "percent", 1}, {"%", "percent", 1}, {"‰", "per mille", 1},
	{"us$", "USD", 1}, {"us dollars", "USD", 1}, {"usd", "USD", 1}, {"dollars", "USD", 1}, {"美元", "USD", 1},
	{"yuan", "CNY", 1}, {"rmb", "CNY", 1}, {"cny", "CNY", 1}, {"人民币", "CNY", 1}, {"元", "CNY", 1},
	{"person-times", "person-times", 1}, {"人次", "person-times", 1},
	{"persons", "persons", 1}, {"people", "persons", 1}, {"person", "persons", 1}, {"人", "persons", 1},
	{"beds", "beds", 1}, {"床", "beds", 1}, {"张", "beds", 1},
	{"households", "households", 1}, {"户", "households", 1},
	{"units", "units", 1}, {"个", "units", 1}, {"家", "units", 1},
	{"tons", "tons", 1}, {"tonnes", "tons", 1}, {"吨", "tons", 1},
	{"kwh", "kWh", 1}, {"千瓦时", "kWh", 1},
	{"years", "years", 1}, {"岁", "years", 1},
}

var (
	parenRE     = regexp.MustCompile(`\(([^()]*)\)`)
	unitLabelRE = regexp.MustCompile(`(?i)(?:单位|计量单位|unit|units)\s*[:：]\s*(.+)$`)
	asciiWordRE = regexp.MustCompile(`^[a-z$ %\-,.0-9]+$`)
)

// ParseUnit finds the unit in a caption, header or unit cell and returns the
// base unit and the multiplier to apply to the written numbers:
// "(100 million yuan)" → ("CNY", 1e8), "绝对额（亿元）" → ("CNY", 1e8),
// "单位：万人" → ("persons", 1e4), "同比增长（%）" → ("percent", 1),
// "billion US$" → ("USD", 1e9), "10 000 beds" → ("beds", 1e4). It returns
// ("", 1) when text names no unit it knows.
func ParseUnit(text string) (unit string, scale float64) {
	u, s, ok := FindUnit(text)
	if !ok {
		return "", 1
	}
	return u, s
}

// FindUnit is ParseUnit that also reports whether a unit was found. It
// looks, in order, at a "单位：" / "Unit:" label, the last parenthesised
// part that holds a unit, and the whole text when it is short (a unit
// column's "亿元").
func FindUnit(text string) (unit string, scale float64, ok bool) {
	s := Normalize(text)
	if m := unitLabelRE.FindStringSubmatch(s); m != nil {
		if u, sc, ok := unitOf(m[1]); ok {
			return u, sc, true
		}
	}
	parens := parenRE.FindAllStringSubmatch(s, -1)
	for i := len(parens) - 1; i >= 0; i-- {
		if u, sc, ok := unitOf(parens[i][1]); ok {
			return u, sc, true
		}
	}
	if len([]rune(s)) <= 24 && !strings.ContainsAny(s, "()") {
		if u, sc, ok := unitOf(s); ok && (strings.ContainsAny(s, "%‰") || isUnitOnly(s)) {
			return u, sc, true
		}
	}
	return "", 1, false
}

// isUnitOnly reports whether s is nothing but a unit ("亿元", "billion
// yuan", "万人"), so that a header such as "Hospitals" or "人口" is not read
// as one.
func isUnitOnly(s string) bool {
	rest := strings.ToLower(s)
	for _, list := range [][]unitWord{scaleWords, baseWords} {
		for _, w := range list {
			rest = strings.ReplaceAll(rest, w.word, "")
		}
	}
	return strings.Trim(rest, " /") == ""
}

// unitOf reads "100 million yuan", "亿元", "%", "10 000 persons" (the whole
// of s is the unit phrase).
func unitOf(s string) (string, float64, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return "", 1, false
	}
	scale := 1.0
	rest := s
	for _, w := range scaleWords {
		if i := strings.Index(rest, w.word); i >= 0 && (!asciiWordRE.MatchString(w.word) || wordAt(rest, i, len(w.word))) {
			scale = w.scale
			rest = rest[:i] + " " + rest[i+len(w.word):]
			break
		}
	}
	for _, w := range baseWords {
		if i := strings.Index(rest, w.word); i >= 0 && (!asciiWordRE.MatchString(w.word) || w.word == "%" || wordAt(rest, i, len(w.word))) {
			return w.unit, scale, true
		}
	}
	if scale != 1 && strings.TrimSpace(rest) == "" { // "(10 000)", "(万)": a magnitude without a unit
		return "", scale, true
	}
	// A currency the figure parser knows: "EUR million", "£ million", "euros".
	if f := strings.Fields(rest); len(f) == 1 {
		if code, ok := transform.CurrencyCode(f[0]); ok {
			return code, scale, true
		}
	}
	return "", 1, false
}

// wordAt reports whether s[i:i+n] stands as a word (not inside a longer one).
func wordAt(s string, i, n int) bool {
	letter := func(b byte) bool { return b >= 'a' && b <= 'z' }
	if i > 0 && letter(s[i-1]) {
		return false
	}
	if j := i + n; j < len(s) && letter(s[j]) {
		return false
	}
	return true
}

// StripUnit removes the unit part from a label: "Total Health Expenditure
// (100 million yuan)" → "Total Health Expenditure", "绝对额（亿元）" → "绝对额".
// Parenthesised parts that are not units stay.
func StripUnit(label string) string {
	s := Normalize(label)
	if loc := unitLabelRE.FindStringIndex(s); loc != nil {
		s = s[:loc[0]]
	}
	s = parenRE.ReplaceAllStringFunc(s, func(p string) string {
		if _, _, ok := unitOf(p[1 : len(p)-1]); ok {
			return ""
		}
		return p
	})
	return strings.TrimSpace(Normalize(s))
}
