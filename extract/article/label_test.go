package article

import (
	"regexp"
	"strings"
	"testing"
	"unicode"
)

// bylineLabelRE is the regular expression hasBylineLabel stands for: the
// oracle its tests compare against.
var bylineLabelRE = regexp.MustCompile(`(?i)(updated|published|posted|date|time|release|发布|日期|时间|来源|作者|记者|\bby\s)`)

var labelCases = []struct {
	line string
	want bool
}{
	{"Updated: 2021-12-20 09:15", true},
	{"PUBLISHED 12 March 2021", true},
	{"Release date: 12/03/2021", true},
	{"Po\u017fted on Monday", true}, // long s folds to s
	{"By Zhou Lei | China Daily", true},
	{"written by\tstaff", true},
	{"Standby mode", false}, // "by" inside a word
	{"nearby", false},       // "by" at the end, no space after
	{"by", false},
	{"2021年12月20日 来源：国资委", true},
	{"发布时间：2021-12-20 10:28", true},
	{"作者：周蕾", true},
	{"The economy grew by 5 percent.", true}, // a sentence: the caller tells prose apart
	{"Share this story", false},
	{"国务院国有资产监督管理委员会", false},
	{"", false},
	{"BY\u00a0Name", false}, // \s is ASCII white space only
	{"Ｂy Name", false},      // fullwidth letters are not folded
}

func TestHasBylineLabel(t *testing.T) {
	for _, c := range labelCases {
		if got := hasBylineLabel(c.line); got != c.want {
			t.Errorf("hasBylineLabel(%q) = %v, want %v", c.line, got, c.want)
		}
		if re := bylineLabelRE.MatchString(c.line); re != c.want {
			t.Errorf("case %q: the regular expression says %v; the table is wrong", c.line, re)
		}
	}
}

// FuzzHasBylineLabel checks that hasBylineLabel agrees with the regular
// expression it replaces on any input.
func FuzzHasBylineLabel(f *testing.F) {
	for _, c := range labelCases {
		f.Add(c.line)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := hasBylineLabel(s), bylineLabelRE.MatchString(s); got != want {
			t.Errorf("hasBylineLabel(%q) = %v, the regular expression says %v", s, got, want)
		}
	})
}

// positiveNameRE is the regular expression hasPositiveName stands for.
var positiveNameRE = regexp.MustCompile(`(?i)article|content|body|entry|main|post|story|text|detail|zoom|editor|正文`)

// FuzzHasPositiveName checks hasPositiveName against the regular
// expression on names as nameOf gives them (lower-cased).
func FuzzHasPositiveName(f *testing.F) {
	for _, s := range []string{"article-body ", "main-content ", "sidebar ", "po\u017ft ", "zoom ", "正文 ", "nav ", "STORY "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		name := strings.ToLower(s)
		if got, want := hasPositiveName(name), positiveNameRE.MatchString(name); got != want {
			t.Errorf("hasPositiveName(%q) = %v, the regular expression says %v", name, got, want)
		}
	})
}

// FuzzHasChromeToken checks hasChromeToken against splitting the name
// into tokens.
func FuzzHasChromeToken(f *testing.F) {
	for _, s := range []string{"ad-box ", "head ", "nav main-nav ", "top", "x rt", "\u00e9ad ad\u00e9", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		want := false
		for _, tok := range strings.FieldsFunc(name, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
			want = want || chromeTokens[tok]
		}
		if got := hasChromeToken(name); got != want {
			t.Errorf("hasChromeToken(%q) = %v, want %v", name, got, want)
		}
	})
}
