package transform

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestDetectLang(t *testing.T) {
	for _, c := range []struct {
		name, in, want string
	}{
		{"empty", "", ""},
		{"English", "Revenue rose 5 percent.", ""},
		{"Chinese", "全国GDP增长8.1%。", "zh"},
		{"Chinese with digits", "中央企业所办1154家医疗机构", "zh"},
		{"English with a Chinese name", "The SASAC (国资委) said revenue rose 5 percent in the first eleven months of the year.", ""},
		{"digits only", "2021-12-20 10:28", ""},
		{"German", "Über 2.000 Gäste kamen.", ""},
		{"Cyrillic", "Выручка выросла на 5 процентов.", ""},
		// A Han character weighs as much as five Latin letters.
		{"one Han, five letters", "abcde中", "zh"},
		{"one Han, six letters", "abcdef中", ""},
		{"two Han, ten letters", "Hello world 你好", "zh"},
		{"traditional", "營業收入同比增長5%。", "zh"},
		// Only the first 4 KB are read.
		{"Chinese after 4 KB of English", strings.Repeat("words ", 700) + strings.Repeat("中文", 2000), ""},
		{"Chinese before 4 KB of English", strings.Repeat("中文", 700) + strings.Repeat("words ", 2000), "zh"},
	} {
		if got := DetectLang(c.in); got != c.want {
			t.Errorf("%s: DetectLang(%.60q) = %q, want %q", c.name, c.in, got, c.want)
		}
	}
}

func TestLangOf(t *testing.T) {
	for _, c := range []struct{ tag, want string }{
		{"en", "en"}, {"EN", "en"}, {"En", "en"}, {"en-US", "en"}, {"en_GB", "en"}, {"en-gb", "en"}, {"en-", "en"},
		{"zh", "zh"}, {"ZH", "zh"}, {"zh-CN", "zh"}, {"ZH_tw", "zh"}, {"zh-Hans", "zh"}, {"zh-Hant-TW", "zh"},
		{"cmn", "zh"}, {"CMN", "zh"}, {"cmn-Hans", "zh"},
		{"", ""}, {"fr", ""}, {"de-DE", ""}, {"ja", ""}, {"eng", ""}, {"english", ""}, {"zho", ""}, {"e", ""},
		{"z", ""}, {"-en", ""}, {"_zh", ""}, {" en", ""}, {"en ", ""}, {"enUS", ""}, {"zhCN", ""},
	} {
		if got := LangOf(c.tag); got != c.want {
			t.Errorf("LangOf(%q) = %q, want %q", c.tag, got, c.want)
		}
	}
}

// TestLanguageTable checks the rows of the table: tags are unique, every
// code and its variants name the row, and the row's reader is the one of its
// language.
func TestLanguageTable(t *testing.T) {
	readers := map[string]string{"en": "*transform.enReader", "zh": "*transform.zhReader"}
	if len(languages) != len(readers) {
		t.Fatalf("%d languages, want %d: a new language needs its reader in this test", len(languages), len(readers))
	}
	seen := map[string]bool{}
	for i := range languages {
		l := &languages[i]
		if seen[l.tag] {
			t.Errorf("tag %q in two rows", l.tag)
		}
		seen[l.tag] = true
		if got := reflect.TypeOf(l.newReader()).String(); got != readers[l.tag] {
			t.Errorf("%s: reader %s, want %s", l.tag, got, readers[l.tag])
		}
		if l.sentenceBytes <= 0 {
			t.Errorf("%s: sentenceBytes %d", l.tag, l.sentenceBytes)
		}
		if LangOf(l.tag) != l.tag {
			t.Errorf("LangOf(%q) = %q", l.tag, LangOf(l.tag))
		}
		for _, code := range l.codes {
			for _, tag := range []string{code, strings.ToUpper(code), code + "-XX", code + "_xx"} {
				if got := langOf(tag); got != l {
					t.Errorf("langOf(%q) is not the row of %s", tag, l.tag)
				}
			}
		}
	}
	if langOf(defaultLang) == nil {
		t.Errorf("defaultLang %q has no row", defaultLang)
	}
}

// TestTableDrivesParse: Parse reads text with the reader of the row its tag
// (or, for "", DetectLang) picks, through the shared driver, and returns nil
// for a tag no row names.
func TestTableDrivesParse(t *testing.T) {
	pub := time.Date(2021, 12, 20, 0, 0, 0, 0, time.UTC)
	texts := map[string]string{
		"en": "As of the end of November 2021, revenue rose 5 percent; profit rose 3 percent.",
		"zh": "截至2021年11月底，营业收入同比增长5%；利润增长3%。",
	}
	for i := range languages {
		l := &languages[i]
		text := texts[l.tag]
		if text == "" {
			t.Fatalf("no text for %q", l.tag)
		}
		want := readFigures(text, pub, l)
		finishFigures(want, pub)
		// The period of the first clause carries over ";" to the second.
		if len(want) != 2 || want[1].Period == nil || want[1].Period.Fallback || *want[1].Period != *want[0].Period {
			t.Errorf("%s: figures %v, want two dated by the first clause", l.tag, want)
		}
		for _, tag := range append([]string{l.tag, strings.ToUpper(l.tag) + "-XX"}, l.codes...) {
			if got := Parse(text, Options{Lang: tag, Published: pub}); !reflect.DeepEqual(got, want) {
				t.Errorf("Lang %q: Parse = %v, want the %s reader's %v", tag, got, l.tag, want)
			}
		}
		if got := Parse(text, Options{Published: pub}); !reflect.DeepEqual(got, want) {
			t.Errorf("Lang \"\" on %s text: Parse = %v, want %v", l.tag, got, want)
		}
	}
	for _, tag := range []string{"fr", "de-DE", "ja", "eng", "xx"} {
		if got := Parse(texts["en"], Options{Lang: tag}); got != nil {
			t.Errorf("Lang %q: Parse = %v, want nil", tag, got)
		}
	}
}

// stubReader is a language of tests: every sentence is one figure, its
// value the sentence's length in runes, and a sentence that starts with
// "2020" has the period of that year, which it passes on.
type stubReader struct {
	out  []sentenceFigure
	year Period
}

func (r *stubReader) read(text string, s span, _ time.Time, carried *Period) ([]sentenceFigure, *Period) {
	r.out = append(r.out[:0], sentenceFigure{bstart: s.bstart, bend: s.bend, start: s.start, end: s.end,
		value: float64(s.end - s.start), kind: KindNumber, period: carried})
	if strings.HasPrefix(text[s.bstart:s.bend], "2020") {
		r.year = Period{Start: ymd(2020, 1, 1), End: ymd(2020, 12, 31), Granularity: GranYear}
		r.out[0].period = &r.year
		return r.out, &r.year
	}
	return r.out, nil
}

// TestNewLanguageIsOneRow: a table of one row with a new language is all
// Parse, DetectLang and LangOf need; the driver splits sentences, carries a
// clause's period over ";", copies periods and finishes the figures.
func TestNewLanguageIsOneRow(t *testing.T) {
	saved := languages
	defer func() { languages = saved }()
	languages = []language{{
		tag: "xx", codes: []string{"xx", "xxx"}, sentenceBytes: 32,
		detect:    func(text string) bool { return strings.Contains(text, "§") },
		newReader: func() sentenceReader { return &stubReader{} },
	}}
	if got := LangOf("XXX-Latn"); got != "xx" {
		t.Errorf(`LangOf("XXX-Latn") = %q, want "xx"`, got)
	}
	if got := LangOf("en"); got != "" {
		t.Errorf(`LangOf("en") = %q, want "" without its row`, got)
	}
	if got := DetectLang("a § b"); got != "xx" {
		t.Errorf(`DetectLang("a § b") = %q, want "xx"`, got)
	}
	const text = "2020 one; two; Three. Four § five"
	pub := time.Date(2021, 12, 20, 0, 0, 0, 0, time.UTC)
	for _, tag := range []string{"xx", "xx-YY", ""} {
		got := Parse(text, Options{Lang: tag, Published: pub})
		want := []struct {
			text  string
			start int
			year  bool
		}{{"2020 one;", 0, true}, {"two;", 10, true}, {"Three.", 15, true}, {"Four § five", 22, false}}
		if len(got) != len(want) {
			t.Fatalf("Lang %q: %d figures, want %d: %v", tag, len(got), len(want), got)
		}
		for i, f := range got {
			w := want[i]
			checkInvariants(t, text, f)
			if f.Text != w.text || f.Sentence != w.text || f.Start != w.start || f.Value != float64(len([]rune(w.text))) {
				t.Errorf("Lang %q figure %d: %q %q at %d value %v, want %q at %d", tag, i, f.Text, f.Sentence, f.Start, f.Value, w.text, w.start)
			}
			if f.Low != f.Value || f.High != f.Value {
				t.Errorf("Lang %q figure %d: Low %v High %v, want %v", tag, i, f.Low, f.High, f.Value)
			}
			switch {
			case f.Period == nil:
				t.Errorf("Lang %q figure %d: no period", tag, i)
			case w.year && (f.Period.Granularity != GranYear || f.Period.Fallback):
				t.Errorf("Lang %q figure %d: period %+v, want 2020", tag, i, *f.Period)
			case !w.year && !f.Period.Fallback:
				t.Errorf("Lang %q figure %d: period %+v, want the fallback", tag, i, *f.Period)
			}
		}
		if got[0].Period == got[1].Period {
			t.Errorf("Lang %q: figures share a period: each gets a copy", tag)
		}
	}
	if got := Parse("Revenue rose 5 percent.", Options{}); got != nil {
		t.Errorf("no row detected, none for the default language: Parse = %v, want nil", got)
	}
	if got := Parse(text, Options{Lang: "en"}); got != nil {
		t.Errorf(`Lang "en" without its row: Parse = %v, want nil`, got)
	}
}
