package article

import "strings"

// bylineWords are the words that label a byline ("Updated:", "发布时间："),
// matched in any case anywhere in a line, as the regular expression
// (?i)(updated|published|posted|date|time|release|发布|日期|时间|来源|作者|记者|\bby\s)
// would, without its cost on every short line of a page.
var bylineWords = []string{"updated", "published", "posted", "date", "time", "release"}

var bylineWordsZh = []string{"发布", "日期", "时间", "来源", "作者", "记者"}

// hasBylineLabel reports whether s holds a byline label: one of
// bylineWords in any case (the long s "ſ" folding to "s", as a
// case-insensitive regular expression folds it), one of bylineWordsZh, or
// "by" at the start of a word followed by white space.
func hasBylineLabel(s string) bool {
	for _, w := range bylineWordsZh {
		if strings.Contains(s, w) {
			return true
		}
	}
	lower := asciiLower(s)
	if strings.Contains(lower, "ſ") {
		lower = strings.ReplaceAll(lower, "ſ", "s")
	}
	for _, w := range bylineWords {
		if strings.Contains(lower, w) {
			return true
		}
	}
	for i := 0; ; {
		j := strings.Index(lower[i:], "by")
		if j < 0 {
			return false
		}
		j += i
		if (j == 0 || !isWordByte(lower[j-1])) && j+2 < len(lower) && isSpaceByte(lower[j+2]) {
			return true
		}
		i = j + 1
	}
}

// asciiLower lowers the ASCII letters of s and leaves every other byte.
func asciiLower(s string) string {
	upper := false
	for i := 0; i < len(s); i++ {
		if c := s[i]; 'A' <= c && c <= 'Z' {
			upper = true
			break
		}
	}
	if !upper {
		return s
	}
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// isWordByte: an ASCII word character, as \b in a regular expression
// counts it.
func isWordByte(c byte) bool {
	return c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// isSpaceByte: \s in a regular expression (ASCII white space).
func isSpaceByte(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}
