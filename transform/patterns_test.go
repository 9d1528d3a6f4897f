package transform

import (
	"math"
	"strings"
	"testing"
	"time"
)

// patternFig is what a pattern case expects of one figure; empty strings
// and a zero high are not checked, except subject and qualifier, which are.
type patternFig struct {
	text      string
	value     float64
	high      float64 // a range's upper end; 0: not a range
	kind      Kind
	unit      string
	subject   string
	head      string
	qualifier string
	period    string // "start/end", "" for the publication day fallback
	target    bool
}

// patternCases are written for the failure patterns of the issue "Figures
// in real sentences": subjects, lists and "respectively", qualifiers,
// written numbers and small counts, fractions and signs, what is no
// figure, regional scales and glued currencies, and the scope of periods.
// None is a sentence of a dev set.
var patternCases = []struct {
	name, lang, in string
	want           []patternFig
}{
	// subjects
	{"en/subject before verb", "en", "Brent crude fell 1.2% to $81.40 a barrel.", []patternFig{
		{text: "1.2%", value: 1.2, kind: KindPercent, subject: "Brent crude", head: "crude"},
		{text: "$81.40", value: 81.4, kind: KindAmount, unit: "USD", subject: "Brent crude", head: "crude"}}},
	{"en/percent of", "en", "Sixty-two percent of respondents said they would travel.", []patternFig{
		{text: "Sixty-two percent", value: 62, kind: KindPercent, subject: "respondents", head: "respondent"}}},
	{"en/worth", "en", "The country shipped exports worth $40 billion.", []patternFig{
		{text: "$40 billion", value: 40e9, kind: KindAmount, unit: "USD", subject: "exports", head: "export"}}},
	{"en/cents not a subject", "en", "The fare rose by 5 cents, or 2 percent, to $2.55.", []patternFig{
		{text: "5 cents", value: 5, kind: KindAmount, unit: "cent", subject: "The fare", head: "fare"},
		{text: "2 percent", value: 2, kind: KindPercent, subject: "The fare", head: "fare"},
		{text: "$2.55", value: 2.55, kind: KindAmount, subject: "The fare", head: "fare"}}},
	// lists
	{"en/respectively", "en", "Exports and imports rose 3% and 5% respectively.", []patternFig{
		{text: "3%", value: 3, kind: KindPercent, subject: "Exports", head: "export"},
		{text: "5%", value: 5, kind: KindPercent, subject: "imports", head: "import"}}},
	{"en/between shares the unit", "en", "Prices could rise between 40 and 80 percent.", []patternFig{
		{text: "40 and 80 percent", value: 40, high: 80, kind: KindPercent, subject: "Prices", head: "price"}}},
	{"en/to shares the scale", "en", "The repairs will cost 10 to 20 million dollars.", []patternFig{
		{text: "10 to 20 million dollars", value: 10e6, high: 20e6, kind: KindAmount, unit: "USD", subject: "The repairs", head: "repair"}}},
	{"zh/分别", "zh", "工业增加值、社会消费品零售总额分别增长5.6%和7.2%。", []patternFig{
		{text: "5.6%", value: 5.6, kind: KindPercent, subject: "工业增加值", head: "增加值"},
		{text: "7.2%", value: 7.2, kind: KindPercent, subject: "社会消费品零售总额", head: "总额"}}},
	{"zh/unit once", "zh", "三项指标分别提高0.4、0.9和1.3个百分点。", []patternFig{
		{text: "三", value: 3, kind: KindCount, subject: "指标", head: "指标"},
		{text: "0.4", value: 0.4, kind: KindPercent, unit: "percentage points", subject: "三项指标", head: "三项指标"},
		{text: "0.9", value: 0.9, kind: KindPercent, unit: "percentage points", subject: "三项指标", head: "三项指标"},
		{text: "1.3个百分点", value: 1.3, kind: KindPercent, unit: "percentage points", subject: "三项指标", head: "三项指标"}}},
	{"zh/qualifier once before 分别", "zh", "两地分别约有120家和300家企业。", []patternFig{
		{text: "120", value: 120, kind: KindCount, subject: "企业", head: "企业", qualifier: "about"},
		{text: "300", value: 300, kind: KindCount, subject: "企业", head: "企业", qualifier: "about"}}},
	// Chinese qualifiers
	{"zh/qualifiers", "zh", "至少有300人参加。约有1.2万名观众。约合5亿元。销量突破100万辆。逾2000家企业。500余家企业。近3成。超5000亿元。", []patternFig{
		{text: "300", value: 300, kind: KindCount, qualifier: "at least"},
		{text: "1.2万", value: 12000, kind: KindCount, subject: "观众", head: "观众", qualifier: "about"},
		{text: "5亿元", value: 5e8, kind: KindAmount, unit: "CNY", qualifier: "about"},
		{text: "100万", value: 1e6, kind: KindCount, subject: "销量", head: "销量", qualifier: "more than"},
		{text: "2000", value: 2000, kind: KindCount, subject: "企业", head: "企业", qualifier: "more than"},
		{text: "500", value: 500, kind: KindCount, subject: "企业", head: "企业", qualifier: "more than"},
		{text: "3成", value: 30, kind: KindPercent, qualifier: "nearly"},
		{text: "5000亿元", value: 5e11, kind: KindAmount, unit: "CNY", qualifier: "more than"}}},
	// written numbers and small counts
	{"en/written counts", "en", "The city opened three hospitals, a dozen clinics and three dozen pharmacies for half a million people.", []patternFig{
		{text: "three", value: 3, kind: KindCount, subject: "hospitals", head: "hospital"},
		{text: "a dozen", value: 12, kind: KindCount, subject: "clinics", head: "clinic"},
		{text: "three dozen", value: 36, kind: KindCount, subject: "pharmacies", head: "pharmacy"},
		{text: "half a million", value: 500000, kind: KindCount, subject: "people", head: "person"}}},
	{"en/sports line", "en", "He scored 31 points and 9 rebounds.", []patternFig{
		{text: "31", value: 31, kind: KindCount, unit: "point"}, // points are a measure unit, as of an index
		{text: "9", value: 9, kind: KindCount, subject: "rebounds", head: "rebound"}}},
	{"en/part of a group", "en", "Ten of the 18 members voted for the plan.", []patternFig{
		{text: "Ten", value: 10, kind: KindCount, subject: "members", head: "member"},
		{text: "18", value: 18, kind: KindCount, subject: "members", head: "member"}}},
	{"zh/written forms", "zh", "比重为二成五，两三个企业，气温零下十五度。", []patternFig{
		{text: "二成五", value: 25, kind: KindPercent, subject: "比重", head: "比重"},
		{text: "两三", value: 2, high: 3, kind: KindCount, subject: "企业", head: "企业"},
		{text: "零下十五", value: -15, kind: KindCount, unit: "degree", subject: "气温", head: "气温"}}},
	{"zh/years written in numerals", "zh", "二〇二一年产量8万吨，一九九○年为2万吨。", []patternFig{
		{text: "8万", value: 80000, kind: KindCount, unit: "t", subject: "产量", head: "产量", period: "2021-01-01/2021-12-31"},
		{text: "2万", value: 20000, kind: KindCount, unit: "t", subject: "产量", head: "产量", period: "1990-01-01/1990-12-31"}}},
	// fractions and signs
	{"en/fractions and signs", "en", "The Fed raised rates by a quarter-point to 5-1/4 percent; payrolls rose +125,000 and prices fell −3.4%.", []patternFig{
		{text: "a quarter-point", value: 0.25, kind: KindPercent, unit: "percentage points", subject: "rates", head: "rate"},
		{text: "5-1/4 percent", value: 5.25, kind: KindPercent, unit: "percent", subject: "rates", head: "rate"},
		{text: "+125,000", value: 125000, kind: KindNumber, subject: "payrolls", head: "payroll"},
		{text: "−3.4%", value: -3.4, kind: KindPercent, subject: "prices", head: "price"}}},
	{"en/fraction of a point", "en", "The bank cut its rate by 1/4 percentage point.", []patternFig{
		{text: "1/4 percentage point", value: 0.25, kind: KindPercent, unit: "percentage points", subject: "its rate", head: "rate"}}},
	// not figures
	{"en/not figures", "en", "Boeing 737 jets and the A320neo flew [1] at 9:30 a.m.; call 555-1234.", nil},
	{"zh/not figures", "zh", "波音737客机于9时30分起飞，详见第3条。", nil},
	// regional scales and glued currencies
	{"en/lakh and glued currencies", "en", "The loan was ₹24 lakh. Nepal raised NPR2.8 billion. The fund holds US$1.2bn. Banks issued RMB3.5 trillion. The deal is worth HK$5 million.", []patternFig{
		{text: "₹24 lakh", value: 2.4e6, kind: KindAmount, unit: "INR", subject: "The loan", head: "loan"},
		{text: "NPR2.8 billion", value: 2.8e9, kind: KindAmount, unit: "NPR", subject: "Nepal", head: "nepal"},
		{text: "US$1.2bn", value: 1.2e9, kind: KindAmount, unit: "USD", subject: "The fund", head: "fund"},
		{text: "RMB3.5 trillion", value: 3.5e12, kind: KindAmount, unit: "CNY", subject: "Banks", head: "bank"},
		{text: "HK$5 million", value: 5e6, kind: KindAmount, unit: "HKD", subject: "The deal", head: "deal"}}},
	// period scope
	{"en/period for the sentence", "en", "In the first three quarters, retail sales rose 4.8%, of which online sales grew 9.1%.", []patternFig{
		{text: "4.8%", value: 4.8, kind: KindPercent, subject: "retail sales", head: "sale", period: "2021-01-01/2021-09-30"},
		{text: "9.1%", value: 9.1, kind: KindPercent, subject: "online sales", head: "sale", period: "2021-01-01/2021-09-30"}}},
	{"en/period at the end of a clause", "en", "Exports rose 5%, and imports fell 3% in 2017.", []patternFig{
		{text: "5%", value: 5, kind: KindPercent, subject: "Exports", head: "export", period: "2017-01-01/2017-12-31"},
		{text: "3%", value: 3, kind: KindPercent, subject: "imports", head: "import", period: "2017-01-01/2017-12-31"}}},
	{"en/target", "en", "The country aims to cut emissions by 30% by 2030.", []patternFig{
		{text: "30%", value: 30, kind: KindPercent, subject: "emissions", head: "emission", period: "2030-01-01/2030-12-31", target: true}}},
	{"zh/target", "zh", "力争到2025年，可再生能源消费比重达到20%左右。", []patternFig{
		{text: "20%", value: 20, kind: KindPercent, subject: "可再生能源消费比重", head: "比重", qualifier: "about", period: "2025-01-01/2025-12-31", target: true}}},
	{"zh/past 到 is no target", "zh", "到2020年，全国共有医院3.5万家。", []patternFig{
		{text: "3.5万", value: 35000, kind: KindCount, subject: "医院", head: "医院", period: "2020-01-01/2020-12-31"}}},
	{"en/of these inherits", "en", "As of the end of November, there were 36,000 hospitals. Of these, 12,000 were public hospitals.", []patternFig{
		{text: "36,000", value: 36000, kind: KindCount, subject: "hospitals", head: "hospital", period: "2021-11-30/2021-11-30"},
		{text: "12,000", value: 12000, kind: KindCount, subject: "public hospitals", head: "hospital", period: "2021-11-30/2021-11-30"}}},
	{"zh/其中 inherits", "zh", "截至11月底，全国共有医院3.6万家。其中，公立医院1.2万家。", []patternFig{
		{text: "3.6万", value: 36000, kind: KindCount, subject: "医院", head: "医院", period: "2021-11-30/2021-11-30"},
		{text: "1.2万", value: 12000, kind: KindCount, subject: "公立医院", head: "公立医院", period: "2021-11-30/2021-11-30"}}},
	{"zh/前三季度 and 其中", "zh", "前三季度，规模以上工业增加值同比增长11.8%。其中，制造业增长12.5%。", []patternFig{
		{text: "11.8%", value: 11.8, kind: KindPercent, subject: "规模以上工业增加值", head: "增加值", period: "2021-01-01/2021-09-30"},
		{text: "12.5%", value: 12.5, kind: KindPercent, subject: "制造业", head: "制造业", period: "2021-01-01/2021-09-30"}}},
}

func TestParsePatterns(t *testing.T) {
	pub := time.Date(2021, 12, 20, 0, 0, 0, 0, time.UTC)
	for _, c := range patternCases {
		t.Run(c.name, func(t *testing.T) {
			got := Parse(c.in, Options{Lang: c.lang, Published: pub})
			if len(got) != len(c.want) {
				for _, g := range got {
					t.Logf("got %q %v %s %q subject %q", g.Text, g.Value, g.Kind, g.Unit, g.Subject)
				}
				t.Fatalf("%d figures, want %d", len(got), len(c.want))
			}
			for i, w := range c.want {
				g := got[i]
				high := w.high
				if high == 0 {
					high = w.value
				}
				period := ""
				if g.Period != nil && !g.Period.Fallback {
					period = g.Period.Start.Format("2006-01-02") + "/" + g.Period.End.Format("2006-01-02")
				}
				target := g.Period != nil && g.Period.Target
				bad := g.Text != w.text || math.Abs(g.Value-w.value) > 1e-9*math.Abs(w.value) ||
					math.Abs(g.High-high) > 1e-9*math.Abs(high) || g.Kind != w.kind ||
					(w.unit != "" && g.Unit != w.unit) || g.Subject != w.subject || g.SubjectHead != w.head ||
					g.Qualifier != w.qualifier || period != w.period || target != w.target
				if bad {
					t.Errorf("figure %d:\n got  %q %v..%v %s %q subject %q head %q qual %q period %q target %v\n want %q %v..%v %s %q subject %q head %q qual %q period %q target %v",
						i, g.Text, g.Value, g.High, g.Kind, g.Unit, g.Subject, g.SubjectHead, g.Qualifier, period, target,
						w.text, w.value, high, w.kind, w.unit, w.subject, w.head, w.qualifier, w.period, w.target)
				}
			}
		})
	}
}

// The head of a subject, for grouping: English lemmatised, Chinese by the
// two-character rule with its three-character suffix nouns.
func TestSubjectHeads(t *testing.T) {
	for subject, want := range map[string]string{
		"medical institutions":              "institution",
		"the completion rate of the reform": "rate",
		"exports worth $40 billion":         "export",
		"SOEs' revenue":                     "revenue",
		"工业增加值":                             "增加值",
		"全国规模以上工业增加值":                       "增加值",
		"社会消费品零售总额":                         "总额",
		"城镇调查失业率":                           "失业率",
		"居民消费价格指数":                          "指数",
		"货物出口额":                             "出口额",
		"央企所办医疗机构":                          "机构",
		"医疗机构":                              "医疗机构",
		"粮食产量":                              "粮食产量",
	} {
		var got string
		if strings.ContainsFunc(subject, func(r rune) bool { return r > 0x2e80 }) {
			got = zhSubjectHead(subject)
		} else {
			got = enSubjectHead(subject)
		}
		if got != want {
			t.Errorf("head of %q = %q, want %q", subject, got, want)
		}
	}
}
