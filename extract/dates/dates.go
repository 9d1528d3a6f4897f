// Package dates finds publication dates in free text ("Updated: 2021-12-20
// 09:15", "2021年12月20日 来源：国资委", "Dec 20, 2021"). It has no
// dependencies inside newsetl, so every source kind and the generic article
// extractor can share it.
package dates

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// CommonLayouts are tried, in order, when a source gives no date format.
// Layouts with a time of day come first so that a byline such as
// "Updated: 2021-12-20 09:15" keeps its time.
var CommonLayouts = []string{
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	"2006-01-02T15:04:05Z07:00",
	"2006-01-02",
	"2006/01/02 15:04",
	"2006/01/02",
	"2006.01.02",
	"2006年1月2日 15:04",
	"2006年1月2日",
	"January 2, 2006",
	"Jan 2, 2006",
	"2 January 2006",
	"02 Jan 2006",
	"Jan. 2, 2006",
}

// maxScan bounds the text FindDate looks at: a date worth finding sits near
// the start of a byline, and the scan is quadratic in the worst case.
const maxScan = 4096

// FindDate looks for the first substring of text that parses with one of the
// layouts and returns it in loc (unless the text names a zone). Substrings
// start at a word boundary; at each start the longest parse wins. Only the
// first 4096 bytes of text are searched.
func FindDate(text string, layouts []string, loc *time.Location) (time.Time, bool) {
	if len(text) > maxScan {
		text = text[:maxScan]
	}
	if loc == nil {
		loc = time.UTC
	}
	if !strings.ContainsAny(text, "0123456789") { // every date has a year
		return time.Time{}, false
	}
	prev := ' '
	for i, r := range text {
		if !(unicode.IsDigit(r) || unicode.IsLetter(r)) || unicode.IsDigit(prev) || unicode.IsLetter(prev) && !isHan(prev) {
			prev = r
			continue
		}
		prev = r
		for _, layout := range layouts {
			// A layout opening with a digit cannot match at a letter, nor
			// one opening with a month name at a digit.
			if l0 := rune(layout[0]); l0 < utf8.RuneSelf && unicode.IsDigit(l0) != unicode.IsDigit(r) {
				continue
			}
			if t, ok := parseAt(text[i:], layout, loc); ok {
				return t, true
			}
		}
	}
	return time.Time{}, false
}

// parseAt tries prefixes of s around the layout's length, longest first.
func parseAt(s, layout string, loc *time.Location) (time.Time, bool) {
	longest := min(len(s), len(layout)+8)
	shortest := max(1, len(layout)-6)
	for n := longest; n >= shortest; n-- {
		if n < len(s) && !utf8.RuneStart(s[n]) {
			continue
		}
		if t, err := time.ParseInLocation(layout, s[:n], loc); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

func isHan(r rune) bool { return unicode.Is(unicode.Han, r) }
