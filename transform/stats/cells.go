package stats

import (
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
