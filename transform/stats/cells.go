package stats

import (
	"math"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/width"
)

// missingMarks are cell texts that mean "no value": they become a NULL,
// never a 0.
var missingMarks = map[string]bool{
	"": true, ".": true, "..": true, "...": true, "…": true, "……": true, "-": true, "--": true,
	"—": true, "——": true, "–": true, "─": true, "x": true, "X": true, "×": true, "/": true,
	"NA": true, "N/A": true, "n/a": true, "n.a.": true, "na": true, "null": true, "NULL": true,
	"NaN": true, "空": true, "无": true, "－": true,
}

// Normalize folds full-width characters to their ASCII forms ("１２．５" →
// "12.5", "（%）" → "(%)"), turns no-break and ideographic spaces into
// spaces, collapses runs of white space and trims.
func Normalize(s string) string {
	if plainASCII(s) {
		return s
	}
	s = width.Narrow.String(s)
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || r == '\u00a0' || r == '\u3000' || r == '\u200b'
	}), " ")
}

// plainASCII reports whether s is printable ASCII with single spaces
// between words and none at its ends: Normalize leaves it as it is.
func plainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c >= 0x7f || (c == ' ' && (i == 0 || i == len(s)-1 || s[i-1] == ' ')) {
			return false
		}
	}
	return true
}

// IsMissing reports whether text is a missing-value mark ("..", "-", "—",
// "……", empty), after footnote markers are removed.
func IsMissing(text string) bool {
	return missingMarks[StripFootnotes(Normalize(text))]
}

// StripFootnotes removes footnote markers at the end (or start) of a cell:
// "3.5*", "12.4①", "Out-of-pocket**", "6.2 (1)", "²". It leaves the text
// otherwise unchanged.
func StripFootnotes(s string) string {
	s = strings.TrimSpace(s)
	for {
		t := strings.TrimRightFunc(s, isFootnoteRune)
		t = strings.TrimLeftFunc(t, isFootnoteRune)
		// "(1)", "[2]", "(a)" after a number or a word
		if n := len(t); n >= 3 && (t[n-1] == ')' || t[n-1] == ']') {
			open := strings.LastIndexAny(t, "([")
			if open > 0 && n-open <= 4 {
				inner := t[open+1 : n-1]
				if len(inner) == 1 && (inner[0] >= '0' && inner[0] <= '9' || inner[0] >= 'a' && inner[0] <= 'z') {
					t = strings.TrimSpace(t[:open])
				}
			}
		}
		t = strings.TrimSpace(t)
		if t == s {
			return s
		}
		s = t
	}
}

func isFootnoteRune(r rune) bool {
	switch {
	case r == '*' || r == '†' || r == '‡' || r == '#' || r == '§' || r == '△' || r == '▲' || r == '※':
		return true
	case r >= '①' && r <= '⑳', r >= '⑴' && r <= '⒇', r >= '❶' && r <= '❿':
		return true
	case r == '¹' || r == '²' || r == '³' || (r >= '⁰' && r <= '⁹'):
		return true
	}
	return false
}

// ParseCell reads a statistics cell leniently: footnote markers stripped,
// full-width digits and thousands separators handled, missing marks (and
// text that is not a number) give a nil value, never 0. raw is the cell as
// written, trimmed.
//
// Deprecated: a cell that is not a number must be an error, not a NULL,
// and "1.613" is ambiguous; use ParseNumber, which says so.
func ParseCell(text string) (value *float64, raw string) {
	return ParseScaled(text, 1), strings.TrimSpace(text)
}

// ParseScaled is ParseCell's value multiplied by scale. A power-of-ten scale
// shifts the decimal point of the written number, so "1.23" at 1e8 is
// exactly 123000000, not 123000000.00000001.
//
// Deprecated: use ParseNumber, which refuses what it cannot read.
func ParseScaled(text string, scale float64) *float64 {
	num, ok := cleanNumber(text)
	if !ok {
		return nil
	}
	if scale == 0 || scale == 1 {
		v, err := strconv.ParseFloat(num, 64)
		if err != nil {
			return nil
		}
		return Float(v)
	}
	if exp := math.Log10(scale); exp == math.Trunc(exp) && math.Abs(exp) < 300 {
		if v, err := strconv.ParseFloat(num+"e"+strconv.Itoa(int(exp)), 64); err == nil {
			return Float(v)
		}
	}
	v, err := strconv.ParseFloat(num, 64)
	if err != nil {
		return nil
	}
	return Float(v * scale)
}

// cleanNumber returns the number in text in strconv syntax ("-1234.5"),
// or false for a missing mark or a cell that is not a number.
func cleanNumber(text string) (string, bool) {
	s := StripFootnotes(Normalize(text))
	if missingMarks[s] {
		return "", false
	}
	s = strings.TrimSuffix(strings.TrimSpace(strings.TrimSuffix(s, "%")), "")
	s = strings.TrimSpace(s)
	var b strings.Builder
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9' || r == '.':
			b.WriteRune(r)
		case r == ',' || r == ' ' || r == '\'' || r == '\u2009' || r == '\u202f' || r == '_':
			// thousands separators
		case (r == '-' || r == '−' || r == '–' || r == '+') && b.Len() == 0:
			if r != '+' {
				b.WriteByte('-')
			}
		case (r == 'e' || r == 'E') && b.Len() > 0 && i+1 < len(s):
			b.WriteRune('e')
		default:
			return "", false
		}
	}
	out := b.String()
	if out == "" || out == "-" || strings.Count(out, ".") > 1 {
		return "", false
	}
	if _, err := strconv.ParseFloat(out, 64); err != nil {
		return "", false
	}
	return out, true
}
