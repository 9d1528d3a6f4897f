package transform

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// This file finds the head noun of a subject (Figure.SubjectHead), so that
// figures about "three new public hospitals" and "the hospital" group
// together.

// enHeadStops end the noun phrase whose last noun is the head: "the rate
// of unemployment" → "rate", "exports worth $40 billion" → "exports".
var enHeadStops = setOf("of", "in", "on", "at", "by", "for", "with", "from", "to", "into", "among", "under",
	"over", "across", "between", "during", "than", "per", "worth", "that", "which", "who", "whose", "where",
	"including", "like", "as", "and", "or", "such")

// enIrregularPlurals are plural nouns with no regular singular.
var enIrregularPlurals = map[string]string{"people": "person", "children": "child", "men": "man",
	"women": "woman", "teeth": "tooth", "feet": "foot", "mice": "mouse", "geese": "goose", "staff": "staff",
	"data": "data", "media": "media", "criteria": "criterion", "phenomena": "phenomenon", "indices": "index",
	"analyses": "analysis", "crises": "crisis", "bases": "base", "series": "series", "species": "species",
	"news": "news", "lives": "life", "wives": "wife", "knives": "knife", "leaves": "leaf", "halves": "half"}

// enSubjectHead returns the lemmatised head noun of an English subject: the
// last word before a preposition, a relative pronoun or a comma, in lower
// case and singular ("the completion rate of the reform" → "rate", "medical
// institutions" → "institution", "SOEs' revenue" → "revenue").
func enSubjectHead(subject string) string {
	last := ""
	for i := 0; i < len(subject); {
		for i < len(subject) && isHeadSpace(subject[i]) {
			i++
		}
		j := i
		for j < len(subject) && !isHeadSpace(subject[j]) {
			j++
		}
		if j == i {
			break
		}
		w := subject[i:j]
		i = j
		stop := w[len(w)-1] == ',' || w[len(w)-1] == ';'
		w = trimHeadMarks(w)
		if w == "" {
			continue
		}
		var buf [24]byte
		key := foldKey(w, &buf) // lower-case bytes for the lookups: no allocation
		if enHeadStops[string(key)] {
			if last != "" {
				break
			}
			continue
		}
		if !determiners[string(key)] && hasLetter(w) {
			last = w
		}
		if stop && last != "" {
			break
		}
	}
	if last == "" {
		return ""
	}
	last = lowerWord(last)
	last = strings.TrimSuffix(strings.TrimSuffix(last, "'s"), "'")
	return singular(last)
}

// foldKey returns w in ASCII lower case in buf, or w's bytes as they are
// when it is longer than buf (no stop word or determiner is).
func foldKey(w string, buf *[24]byte) []byte {
	if len(w) > len(buf) {
		return []byte{}
	}
	n := copy(buf[:], w)
	for i := 0; i < n; i++ {
		if c := buf[i]; c >= 'A' && c <= 'Z' {
			buf[i] = c + 'a' - 'A'
		}
	}
	return buf[:n]
}

// isHeadSpace reports whether byte c separates the words of a subject.
func isHeadSpace(c byte) bool {
	return c == ' ' || c == '(' || c == ')' || c == '\t' || c == '\n'
}

// trimHeadMarks trims punctuation and quotes around a word of a subject.
func trimHeadMarks(w string) string {
	for w != "" {
		r, n := utf8.DecodeRuneInString(w)
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			break
		}
		w = w[n:]
	}
	for w != "" {
		r, n := utf8.DecodeLastRuneInString(w)
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			break
		}
		w = w[:len(w)-n]
	}
	return w
}

// hasLetter reports whether s holds a letter.
func hasLetter(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// singular returns the singular of a lower-case English noun: "hospitals"
// → "hospital", "companies" → "company", "taxes" → "tax", "people" →
// "person"; a word that is no regular plural is returned as it is.
func singular(w string) string {
	if s, ok := enIrregularPlurals[w]; ok {
		return s
	}
	// the last part of a hyphenated compound carries the number: "person-times"
	if i := strings.LastIndexByte(w, '-'); i >= 0 && i < len(w)-1 {
		return w[:i+1] + singular(w[i+1:])
	}
	n := len(w)
	switch {
	case n <= 3:
		return w
	case strings.HasSuffix(w, "ies") && n > 4:
		return w[:n-3] + "y"
	case strings.HasSuffix(w, "sses"), strings.HasSuffix(w, "xes"), strings.HasSuffix(w, "ches"),
		strings.HasSuffix(w, "shes"), strings.HasSuffix(w, "zzes"):
		return w[:n-2]
	case strings.HasSuffix(w, "ss"), strings.HasSuffix(w, "us"), strings.HasSuffix(w, "is"):
		return w
	case strings.HasSuffix(w, "s"):
		return w[:n-1]
	}
	return w
}

// zhHeadSuffixes are one-character noun suffixes that make a head with the
// two characters before them: 完成率, 增加值, 销售额, 出口量, 参保数.
const zhHeadSuffixes = "率值额量数价"

// zhTwoCharHeads are two-character nouns that end in one of zhHeadSuffixes
// and are heads of their own: 零售总额 → 总额 (not 售总额), 粮食产量 → 产量.
var zhTwoCharHeads = setOf("总额", "余额", "金额", "份额", "限额", "差额", "产量", "销量", "总量", "数量", "存量", "增量",
	"流量", "质量", "能量", "产值", "均值", "峰值", "总值", "净值", "市值", "总数", "人数", "户数", "次数", "件数", "指数",
	"系数", "基数", "物价", "房价", "油价", "单价", "股价", "粮价", "比率", "利率", "汇率", "税率", "效率", "频率")

// zhSubjectHead returns the head noun of a Chinese subject: its last word
// after the last 的, taken as its last two characters (most Chinese nouns
// are two characters: 收入, 机构, 产量), three when the last is a suffix
// such as 率 or 值 that does not close a two-character noun (完成率,
// 增加值, but 零售总额 → 总额); a subject of up to four characters is its
// own head.
func zhSubjectHead(subject string) string {
	s := strings.TrimSpace(subject)
	if i := strings.LastIndex(s, "的"); i >= 0 && i+len("的") < len(s) {
		s = s[i+len("的"):]
	}
	// trim trailing marks
	for len(s) > 0 {
		r, n := utf8.DecodeLastRuneInString(s)
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			break
		}
		s = s[:len(s)-n]
	}
	if s == "" {
		return ""
	}
	last, _ := utf8.DecodeLastRuneInString(s)
	if !unicode.Is(unicode.Han, last) {
		return enSubjectHead(s) // a Latin word at the end: "GDP"
	}
	if utf8.RuneCountInString(s) <= 4 {
		return s
	}
	n := 2
	if strings.ContainsRune(zhHeadSuffixes, last) && !zhTwoCharHeads[lastRunes(s, 2)] {
		n = 3
	}
	return lastRunes(s, n)
}

// lastRunes returns the last n runes of s (s has at least n).
func lastRunes(s string, n int) string {
	k := len(s)
	for c := 0; c < n && k > 0; c++ {
		_, size := utf8.DecodeLastRuneInString(s[:k])
		k -= size
	}
	return s[k:]
}
