package transform

import (
	"bufio"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/newsetl/newsetl/internal/devset"
)

// numberCase is one recognizer case: the expressions Numbers must find, as
// "text=value/kind" strings in order.
type numberCase struct {
	lang string
	in   string
	want []wantNumber
}

type wantNumber struct {
	text  string
	value float64
	kind  NumberKind
}

func n(text string, value float64) wantNumber   { return wantNumber{text, value, NumCardinal} }
func pc(text string, value float64) wantNumber  { return wantNumber{text, value, NumPercent} }
func ord(text string, value float64) wantNumber { return wantNumber{text, value, NumOrdinal} }

// recognizerCases are written for the forms of the issue "every way a
// number is written"; none is taken from a dev set.
var recognizerCases = []numberCase{
	// English: bare, written and grouped numbers
	{"en", "The fund holds 2,450,000 shares.", []wantNumber{n("2,450,000", 2450000)}},
	{"en", "three hospitals and a dozen clinics", []wantNumber{n("three", 3), n("a dozen", 12)}},
	{"en", "Ten of the 18 members voted.", []wantNumber{n("Ten", 10), n("18", 18)}},
	{"en", "three dozen eggs, half a million people", []wantNumber{n("three dozen", 36), n("half a million", 500000)}},
	{"en", "one hundred and forty-two pupils", []wantNumber{n("one hundred and forty-two", 142)}},
	{"en", "two thousand and twelve, and 4 thousand 2 hundred", []wantNumber{n("two thousand and twelve", 2012), n("4 thousand 2 hundred", 4200)}},
	{"en", "It cost ₹24 lakh, about 1.5 crore rupees.", []wantNumber{n("24 lakh", 2400000), n("1.5 crore", 15000000)}},
	{"en", "NPR2.8 billion, US$1.2bn and RMB3.5 trillion", []wantNumber{n("2.8 billion", 2.8e9), n("1.2bn", 1.2e9), n("3.5 trillion", 3.5e12)}},
	{"en", "a 10k run, 2mil users and a 10G link", []wantNumber{n("10k", 1e4), n("2mil", 2e6), n("10G", 1e10)}},
	{"en", "The 180ml bottle and the 29km road", nil},
	{"en", "pop. 1 234 567 in 2021", []wantNumber{n("1 234 567", 1234567), n("2021", 2021)}},
	{"en", "Rs 12,34,567.50 and 1.111,25 euros", []wantNumber{n("12,34,567.50", 1234567.5), n("1.111,25", 1111.25)}},
	// signs, fractions, exponents
	{"en", "payrolls +125,000; margin −3.4%", []wantNumber{n("125,000", 125000), pc("−3.4%", -3.4)}},
	{"en", "a quarter-point cut, 5-1/4 percent, by 1/4 percentage point", []wantNumber{n("a quarter", 0.25), pc("5-1/4 percent", 5.25), pc("1/4 percentage point", 0.25)}},
	{"en", "two thirds of voters, 2 1/2 cups, ¾ of them", []wantNumber{n("two thirds", 2.0/3), n("2 1/2", 2.5), n("¾", 0.75)}},
	{"en", "one in five adults; 3 out of 4 firms", []wantNumber{n("one in five", 0.2), n("3 out of 4", 0.75)}},
	{"en", "minus five point two degrees", []wantNumber{n("minus five point two", -5.2)}},
	{"en", "growth of 1.3e6 and 2^10", []wantNumber{n("1.3e6", 1.3e6), n("2^10", 1024)}},
	// percentages and ordinals
	{"en", "Sixty-two percent of respondents; 5 per cent; 40%", []wantNumber{pc("Sixty-two percent", 62), pc("5 per cent", 5), pc("40%", 40)}},
	{"en", "the 4th quarter and the twentieth century", []wantNumber{ord("4th", 4), ord("twentieth", 20)}},
	{"en", "Which one do you want? The one on the left.", nil},
	{"en", "See http://example.com/a?x=30%25 for 3 charts", []wantNumber{n("3", 3)}},
	// Chinese: numerals, mixed forms, 万万/万亿, abbreviations
	{"zh", "全年粮食产量六亿八千二百八十五万吨", []wantNumber{n("六亿八千二百八十五万", 682850000)}},
	{"zh", "营收4.78万亿元，利润5亿1万4千6百元", []wantNumber{n("4.78万亿", 4.78e12), n("5亿1万4千6百", 500014600)}},
	{"zh", "四万万同胞，一万三千人，两千四百五十", []wantNumber{n("四万万", 4e8), n("一万三千", 13000), n("两千四百五十", 2450)}},
	{"zh", "约一万三，十余万人，二十几万", []wantNumber{n("一万三", 13000), n("十余万", 100000), n("二十几万", 200000)}},
	{"zh", "壹佰伍拾元整", []wantNumber{n("壹佰伍拾", 150)}},
	{"zh", "二〇二一年和一九九○年", []wantNumber{n("二〇二一", 2021), n("一九九○", 1990)}},
	{"zh", "零下十五度", []wantNumber{n("零下十五", -15)}},
	{"zh", "三打鸡蛋", []wantNumber{n("三打", 36)}},
	// Chinese: fractions and percentages
	{"zh", "五分之一的企业，3又4分之1", []wantNumber{n("五分之一", 0.2), n("3又4分之1", 3.25)}},
	{"zh", "增长百分之九十九点六，下降千分之三", []wantNumber{pc("百分之九十九点六", 99.6), pc("千分之三", 0.3)}},
	{"zh", "提高0.4个百分点，占二成五，打七五折", []wantNumber{pc("0.4个百分点", 0.4), pc("二成五", 25), pc("七五折", 75)}},
	{"zh", "九折优惠，打对折", []wantNumber{pc("九折", 90), pc("对折", 50)}},
	// Chinese: not numbers
	{"zh", "一切正常，四川省，队伍整齐，社会消费品零售总额", nil},
	{"zh", "两三个人，二三十家", nil},
	{"zh", "第三季度", []wantNumber{ord("三", 3)}},
}

func TestNumbers(t *testing.T) {
	for _, c := range recognizerCases {
		got := Numbers(c.in, Options{Lang: c.lang})
		var plain []Number
		for _, g := range got {
			plain = append(plain, g)
		}
		if len(plain) != len(c.want) {
			t.Errorf("%q: %d numbers, want %d: %+v", c.in, len(plain), len(c.want), plain)
			continue
		}
		rs := []rune(c.in)
		for i, w := range c.want {
			g := plain[i]
			if g.Text != w.text || math.Abs(g.Value-w.value) > 1e-9*math.Max(1, math.Abs(w.value)) || g.Kind != w.kind {
				t.Errorf("%q #%d: got %q %v %s, want %q %v %s", c.in, i, g.Text, g.Value, g.Kind, w.text, w.value, w.kind)
			}
			if string(rs[g.Start:g.End]) != g.Text {
				t.Errorf("%q #%d: offsets %d..%d read %q, not %q", c.in, i, g.Start, g.End, string(rs[g.Start:g.End]), g.Text)
			}
		}
	}
}

// TestNumbersPercentNumeral checks the numeral a percentage carries.
func TestNumbersPercentNumeral(t *testing.T) {
	for _, c := range []struct {
		lang, in, num string
		value         float64
	}{
		{"zh", "百分之五十五点五", "五十五点五", 55.5},
		{"zh", "六个百分点", "六", 6},
		{"en", "twenty percent", "twenty", 20},
	} {
		got := Numbers(c.in, Options{Lang: c.lang})
		if len(got) != 1 || got[0].Kind != NumPercent {
			t.Fatalf("%q: %+v", c.in, got)
		}
		g := got[0]
		if s := string([]rune(c.in)[g.NumStart:g.NumEnd]); s != c.num || g.NumValue != c.value {
			t.Errorf("%q: numeral %q = %v, want %q = %v", c.in, s, g.NumValue, c.num, c.value)
		}
	}
}

// TestNumbersDevset scores Numbers on ../shared/devsets/figures (the
// number and percentage specs of Recognizers-Text) as its score.py does
// with the value matcher, and requires F1 ≥ 0.95 in each language.
func TestNumbersDevset(t *testing.T) {
	path := filepath.Join(devset.Dir(t, "figures"), "cases.jsonl")
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	type item struct {
		Value float64 `json:"value"`
	}
	type devCase struct {
		Lang     string `json:"lang"`
		Kind     string `json:"kind"`
		Input    string `json:"input"`
		Expected []item `json:"expected"`
	}
	tp, fp, fn := map[string]int{}, map[string]int{}, map[string]int{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<22)
	for sc.Scan() {
		var c devCase
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			t.Fatal(err)
		}
		var found []float64
		for _, x := range Numbers(c.Input, Options{Lang: c.Lang}) {
			switch {
			case string(x.Kind) == c.Kind:
				found = append(found, x.Value)
			case x.Kind == NumPercent && c.Kind == "number" && x.NumEnd > x.NumStart:
				found = append(found, x.NumValue)
			}
		}
		used := make([]bool, len(found))
		for _, e := range c.Expected {
			hit := false
			for k, v := range found {
				if !used[k] && math.Abs(v-e.Value) <= 1e-9*math.Max(math.Abs(v), math.Abs(e.Value)) {
					used[k], hit = true, true
					break
				}
			}
			if hit {
				tp[c.Lang]++
			} else {
				fn[c.Lang]++
			}
		}
		for _, u := range used {
			if !u {
				fp[c.Lang]++
			}
		}
	}
	for _, lang := range []string{"en", "zh"} {
		p := float64(tp[lang]) / float64(tp[lang]+fp[lang])
		r := float64(tp[lang]) / float64(tp[lang]+fn[lang])
		f1 := 2 * p * r / (p + r)
		t.Logf("%s: value P %.3f R %.3f F1 %.3f", lang, p, r, f1)
		if f1 < 0.95 {
			t.Errorf("%s: value F1 %.3f, want ≥ 0.95", lang, f1)
		}
	}
}

// FuzzNumbers checks what Numbers promises on any input: no panic, and
// every number reads back from its offsets and has a finite value.
func FuzzNumbers(f *testing.F) {
	for _, c := range recognizerCases {
		f.Add(c.lang, c.in)
	}
	f.Add("en", "- 1 4/5, 1.1^--23, 1.3x10^6, one hundred thirty-fifths, 5-1/4")
	f.Add("zh", "负３ 分  之 负一百五十七，七成 六，百 分 之  ５２.５ k，2222.2222.22222.222")
	f.Fuzz(func(t *testing.T, lang, text string) {
		if lang != "zh" {
			lang = "en"
		}
		rs := []rune(validUTF8(text))
		for _, x := range Numbers(text, Options{Lang: lang}) {
			if x.Start < 0 || x.End > len(rs) || x.Start >= x.End {
				t.Fatalf("%q: offsets %d..%d outside %d runes", text, x.Start, x.End, len(rs))
			}
			if string(rs[x.Start:x.End]) != x.Text {
				t.Fatalf("%q: %q at %d..%d reads %q", text, x.Text, x.Start, x.End, string(rs[x.Start:x.End]))
			}
			if math.IsInf(x.Value, 0) || math.IsNaN(x.Value) {
				t.Fatalf("%q: %q has value %v", text, x.Text, x.Value)
			}
			if x.NumEnd > x.NumStart && (x.NumStart < x.Start || x.NumEnd > x.End) {
				t.Fatalf("%q: numeral %d..%d outside %d..%d", text, x.NumStart, x.NumEnd, x.Start, x.End)
			}
		}
	})
}
