package transform

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// FuzzParse checks what Parse promises on any input: it does not panic, and
// every figure lies inside the text, reads back from its offsets, has a
// value and sits in its sentence. Sentences from SplitSentences read back
// from their offsets too.
func FuzzParse(f *testing.F) {
	for _, c := range englishCases {
		f.Add(c.in)
	}
	for _, c := range chineseCases {
		f.Add(c.in)
	}
	for _, c := range englishMoreCases {
		f.Add(c.in)
	}
	f.Add("５亿1万4千6百元，百分之九十九点六，三分之一，10%-20%，5000万至1亿元，截至2021年11月底")
	if zh, err := os.ReadFile(filepath.Join("testdata", "golden", "sasac-medical-institutions-reform-zh.txt")); err == nil {
		f.Add(string(zh))
	}
	for _, a := range goldenArticles {
		in, err := os.ReadFile(filepath.Join("testdata", "golden", a.name+".txt"))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(in))
	}
	pub := time.Date(2021, 12, 20, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, text string) {
		// Lang "" detects the language; "en" and "zh" force each parser on
		// any input.
		for _, lang := range []string{"", "en", "zh"} {
			for _, f := range Parse(text, Options{Lang: lang, Published: pub}) {
				checkInvariants(t, text, f)
				if f.Low > f.High {
					t.Fatalf("figure %q: Low %v > High %v", f.Text, f.Low, f.High)
				}
			}
		}
		rs := []rune(text)
		for _, s := range SplitSentences(text) {
			if s.Start < 0 || s.Start >= s.End || s.End > len(rs) {
				t.Fatalf("sentence %q has offsets %d..%d outside 0..%d", s.Text, s.Start, s.End, len(rs))
			}
			if got := string(rs[s.Start:s.End]); got != s.Text {
				t.Fatalf("[]rune(text)[%d:%d] = %q, want sentence %q", s.Start, s.End, got, s.Text)
			}
		}
	})
}
