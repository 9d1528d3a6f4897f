package transform

import (
	"strings"
	"testing"
)

func TestSplitSentences(t *testing.T) {
	cases := []struct {
		name string
		in   string
		want []string // sentence texts; a trailing "+" marks Continues
	}{
		{"full stops", "Revenue rose. Profit fell.", []string{"Revenue rose.", "Profit fell."}},
		{"decimal point", "The rate was 99.6%. It rose.", []string{"The rate was 99.6%.", "It rose."}},
		{"titles and references", "Mr. Wang met Dr. Li. No. 5 ranked first.", []string{"Mr. Wang met Dr. Li.", "No. 5 ranked first."}},
		{"initialism mid-sentence", "The U.S. economy grew. Exports rose.", []string{"The U.S. economy grew.", "Exports rose."}},
		{"initialism at the end", "He lives in the U.S. The firm agreed.", []string{"He lives in the U.S.", "The firm agreed."}},
		{"company suffix", "Apple Inc. said sales rose. Huawei Co., Ltd. The end.", []string{"Apple Inc. said sales rose.", "Huawei Co., Ltd.", "The end."}},
		{"initial", "J. Smith said so.", []string{"J. Smith said so."}},
		{"month abbreviation", "It opened on Nov. 20 in Beijing.", []string{"It opened on Nov. 20 in Beijing."}},
		{"lower case after dot", "It costs approx. 5 yuan, i.e. little.", []string{"It costs approx. 5 yuan, i.e. little."}},
		{"question and exclamation", "Why? Because! Yes.", []string{"Why?", "Because!", "Yes."}},
		{"semicolon continues", "228 moved; 359 merged; 21 stayed.", []string{"228 moved;+", "359 merged;+", "21 stayed."}},
		{"closing quote stays", "\"We grew 5%.\" He said.", []string{"\"We grew 5%.\"", "He said."}},
		{"newline ends", "Headline\nBody text here.\n\n  Next para.", []string{"Headline", "Body text here.", "Next para."}},
		{"Chinese terminators", "收入增长。利润下降！是吗？好；", []string{"收入增长。", "利润下降！", "是吗？", "好；+"}},
		{"ellipsis", "Sales rose... Then fell.", []string{"Sales rose...", "Then fell."}},
		{"domain", "See example.com for more.", []string{"See example.com for more."}},
		{"empty", "   \n\n  ", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := SplitSentences(c.in)
			var texts []string
			rs := []rune(c.in)
			for _, s := range got {
				x := s.Text
				if s.Continues {
					x += "+"
				}
				texts = append(texts, x)
				if string(rs[s.Start:s.End]) != s.Text {
					t.Errorf("sentence %q: []rune(text)[%d:%d] = %q", s.Text, s.Start, s.End, string(rs[s.Start:s.End]))
				}
			}
			if strings.Join(texts, "|") != strings.Join(c.want, "|") {
				t.Errorf("SplitSentences(%q)\n got  %q\n want %q", c.in, texts, c.want)
			}
		})
	}
}

func TestSplitSentencesCutsRunOns(t *testing.T) {
	in := strings.Repeat("1,234 beds and ", 20000) // 300 kB without a stop
	got := SplitSentences(in)
	if len(got) < 2 {
		t.Fatalf("a %d-byte run-on sentence was not cut", len(in))
	}
	for _, s := range got {
		if len(s.Text) > maxSentenceBytes+100 {
			t.Errorf("sentence of %d bytes, want at most about %d", len(s.Text), maxSentenceBytes)
		}
	}
	for _, s := range SplitSentences(strings.Repeat("增长", 20000)) {
		if len(s.Text) > 4*maxSentenceBytes+4 {
			t.Errorf("sentence without spaces of %d bytes, want at most about %d", len(s.Text), 4*maxSentenceBytes)
		}
	}
	// Parse stays linear on it: every figure is found.
	if n := len(Parse(in, Options{})); n != 20000 {
		t.Errorf("Parse found %d figures in the run-on text, want 20000", n)
	}
}
