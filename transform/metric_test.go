package transform

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
)

// TestMetricAndEntity reads real-shaped sentences (English and Chinese,
// in the style of the sample sources' releases) and checks the metric and
// entity of one figure of each.
func TestMetricAndEntity(t *testing.T) {
	cases := []struct {
		sentence, figure string
		metric, entity   string
	}{
		// the same metric across phrasings and languages
		{"As of the end of November 2021, the completion rate of the deepening reform of 1,154 medical institutions run by central enterprises reached 99.6%.", "1,154", "medical_institution", ""},
		{"Especially in the fight against the epidemic, 157 medical institutions run by state-owned enterprises have been included in designated fever clinics.", "157", "medical_institution", ""},
		{"截至2021年11月底，中央企业所办1154家医疗机构深化改革完成率达99.6%。", "1154", "medical_institution", ""},
		{"央企所办医疗机构共有1154家。", "1154", "medical_institution", ""},
		{"特别是在抗击新冠肺炎疫情中，157家国有企业办医疗机构被纳入发热门诊。", "157", "medical_institution", ""},
		{"According to the National Health Commission, China had 1,031,000 medical and health institutions at the end of 2021.", "1,031,000", "medical_institution", ""},
		{"全国医疗卫生机构总数达1031000个。", "1031000", "medical_institution", ""},
		{"The number of hospitals in Sichuan Province reached 2,400 at the end of 2021.", "2,400", "hospital", "Sichuan"},
		{"China had 9.11 million hospital beds at the end of 2020.", "9.11 million", "bed", ""},
		{"华润集团构建专业化运营管理体系，实现价值增值赋能，拥有医疗机构182家、床位2.7万张。", "2.7万", "bed", "华润集团"},
		{"Central state-owned enterprises operating in Guangdong added 1,466 elderly care beds in the first ten months of 2021.", "1,466", "elderly_care_bed", "Guangdong"},
		{"The combined group has more than 21,500 beds and about 38,600 employees, including 9,870 licensed doctors.", "38,600", "employee", ""},
		{"More than 398 staff members received professional training during the period.", "398", "employee", ""},
		{"The combined group has more than 21,500 beds and about 38,600 employees, including 9,870 licensed doctors.", "9,870", "doctor", ""},
		{"Visits to medical institutions fell to 7.74 billion in 2020, down 15.9 percent from 2019.", "7.74 billion", "visit", ""},
		{"Visits to medical institutions fell to 7.74 billion in 2020, down 15.9 percent from 2019.", "15.9 percent", "visit_growth", ""},
		// owners and holders
		{"China Resources Group has 182 medical institutions and 27,000 beds.", "182", "medical_institution", "China Resources Group"},
		{"华润集团有医疗机构182家。", "182", "medical_institution", "华润集团"},
		{"Guangdong's GDP grew 6.1 percent year-on-year to 12.4 trillion yuan in 2021.", "6.1 percent", "gdp_growth", "Guangdong"},
		{"Guangdong's GDP grew 6.1 percent year-on-year to 12.4 trillion yuan in 2021.", "12.4 trillion yuan", "gdp", "Guangdong"},
		{"2021年，广东省地区生产总值达12.4万亿元，同比增长8.0%。", "12.4万亿元", "gdp", "广东"},
		{"2021年，广东省地区生产总值达12.4万亿元，同比增长8.0%。", "8.0%", "gdp_growth", "广东"},
		{"Sinopharm Group Co Ltd reported operating revenue of 521.4 billion yuan in 2021, up 14.3 percent.", "521.4 billion yuan", "operating_revenue", "Sinopharm Group Co Ltd"},
		{"国药集团有限公司营业收入达5214亿元，同比增长14.3%。", "5214亿元", "operating_revenue", "国药集团有限公司"},
		{"State-owned enterprises supervised by Gansu province reported operating revenue of 219.7 billion yuan in the first nine months of 2021, up 6.1 percent.", "219.7 billion yuan", "operating_revenue", "Gansu"},
		{"The reform of 88 medical institutions run by enterprises in Fujian has been completed, the provincial SASAC said.", "88", "medical_institution", "Fujian"},
		{"Beijing's resident population stood at 21.89 million at the end of 2021.", "21.89 million", "population", "Beijing"},
		{"北京市常住人口2189万人。", "2189万", "population", "北京"},
		{"The unemployment rate in Shanghai stood at 4.5 percent in May 2022.", "4.5 percent", "unemployment_rate", "Shanghai"},
		// never guessed: pronouns, classes, introductory phrases, two holders
		{"It has 182 medical institutions.", "182", "medical_institution", ""},
		{"SOEs' profits rose 35.8 percent.", "35.8 percent", "profit_growth", ""},
		{"Under the plan approved by the State-owned Assets Supervision and Administration Commission of the State Council in September, Huakang took over 31 hospitals.", "31", "hospital", ""},
		{"China Merchants Group and China Resources Group together run 300 hospitals.", "300", "hospital", ""},
		{"上市公司实现净利润1.9万亿元。", "1.9万亿元", "net_profit", ""},
		{"In November alone, the 97 central enterprises under the supervision of SASAC earned profits of 201.3 billion yuan.", "97", "central_soe", ""},
		{"The county hospital in Lanzhou treated the injuries of 240 miners last year.", "240", "miner", ""},
		{"The new release ships with support for Kotlin 1.9 and a faster compiler.", "1.9", "", ""},
		{"Volunteers who work for “Healthy Villages” opened 12 clinics this spring.", "12", "clinic", ""},
		{"Donors helped Shenzhen Children's Hospital raise 3.6 million yuan.", "3.6 million yuan", "hospital", ""},
		{"Herders’ pastures in Inner Mongolia covered 8.2 million hectares of grassland.", "8.2 million", "grassland", "Inner Mongolia"},
		{"Herders' incomes rose 5.2 percent in 2021.", "5.2 percent", "income_growth", ""},
		{"据统计，上海市共有医院412家，其中三级医院56家。", "412", "hospital", "上海"},
		{"深圳市2021年地区生产总值为3.07万亿元。", "3.07万亿元", "gdp", "深圳"},
		{"内蒙古自治区牧民人均可支配收入增长5.2%。", "5.2%", "per_capita_disposable_income_growth", "内蒙古自治区"},
		{"中国石化集团2021年实现营业收入2.74万亿元。", "2.74万亿元", "operating_revenue", "中国石化集团"},
		{"华润集团和国药集团共有医院300家。", "300", "hospital", ""},
		{"国家卫健委数据显示，截至2021年底，全国医疗卫生机构总数达1031000个。", "1031000", "medical_institution", ""},
		{"该公司全年营业收入达52亿元。", "52亿元", "operating_revenue", ""},
		// percentages: shares of a base, rates, changes
		{"According to a report released by the National Bureau of Statistics, by the end of 2016, China's healthcare expenditure had taken up 6.2 percent of the nation's GDP.", "6.2 percent", "health_expenditure_share_of_gdp", "China"},
		{"Total health expenditure was estimated at 7.23 trillion yuan (US$1.12 trillion), accounting for 7.12 percent of GDP.", "7.12 percent", "health_expenditure_share_of_gdp", ""},
		{"Total health expenditure was estimated at 7.23 trillion yuan (US$1.12 trillion), accounting for 7.12 percent of GDP.", "7.23 trillion yuan", "health_expenditure", ""},
		{"2020年全国卫生总费用达72306.4亿元，占GDP百分比为7.12%。", "7.12%", "health_expenditure_share_of_gdp", ""},
		{"About 60 percent of the new beds were added in county hospitals.", "60 percent", "bed_share", ""},
		{"By the end of September 2021, the completion rate reached 96.6 percent.", "96.6 percent", "completion_rate", ""},
		{"截至2021年11月底，中央企业所办1154家医疗机构深化改革完成率达99.6%。", "99.6%", "completion_rate", ""},
		{"As of the end of November 2021, the average asset-liability ratio of central SOEs stood at 64.5 percent, down 0.3 percentage points from the beginning of the year.", "64.5 percent", "asset_liability_ratio", ""},
		{"As of the end of November 2021, the average asset-liability ratio of central SOEs stood at 64.5 percent, down 0.3 percentage points from the beginning of the year.", "0.3 percentage points", "asset_liability_ratio_change", ""},
		{"中央企业1-11月累计实现营业总收入31.7万亿元，同比增长20.5%。", "20.5%", "operating_revenue_growth", ""},
		{"In the first eleven months of 2021, central SOEs achieved total operating revenue of 31.7 trillion yuan, up 20.5 percent year-on-year.", "20.5 percent", "operating_revenue_growth", ""},
		{"Their total profits reached 2.16 trillion yuan, an increase of 35.8 percent, while net profits rose 37.2 percent to 1.62 trillion yuan.", "1.62 trillion yuan", "net_profit", ""},
		{"China had 9.11 million hospital beds at the end of 2020, an increase of 306,000 from a year earlier.", "306,000", "bed_change", ""},
		// unknown subjects keep their normalised noun phrase (English) or head (Chinese)
		{"The campaign has set up 1,136 vaccination sites at schools and community health centers.", "1,136", "vaccination_site", ""},
		{"2017年，经国务院同意，国务院国资委等六部门印发《关于国有企业办教育医疗机构深化改革的指导意见》，明确了国有企业办医疗机构深化改革的4种方式，即鼓励移交地方管理、积极开展资源整合。", "4", "方式", ""},
	}
	for _, c := range cases {
		figs := Parse(c.sentence, Options{})
		ann := DefaultMetrics.Annotate(c.sentence, figs)
		found := false
		for i, f := range figs {
			if f.Text != c.figure {
				continue
			}
			found = true
			if ann[i].Metric != c.metric || ann[i].Entity != c.entity {
				t.Errorf("%q in %q (subject %q, base %q): metric %q entity %q; want %q %q",
					c.figure, c.sentence, f.Subject, f.Base, ann[i].Metric, ann[i].Entity, c.metric, c.entity)
			}
			break
		}
		if !found {
			var texts []string
			for _, f := range figs {
				texts = append(texts, f.Text)
			}
			t.Errorf("no figure %q in %q (found %q)", c.figure, c.sentence, texts)
		}
	}
}

// TestMetricOfEveryMedicalInstitutionInTheSeeds reads the SASAC press
// release in English and Chinese (the seed copies in testdata/golden) and
// checks that every count of medical institutions has one metric, whatever
// the qualifier around it, and that the one holder the Chinese text names
// (华润集团) is its figures' entity.
func TestMetricOfEveryMedicalInstitutionInTheSeeds(t *testing.T) {
	for _, c := range []struct{ file, lang, subject string }{
		{"sasac-medical-institutions-reform.txt", "en", "medical institutions"},
		{"sasac-medical-institutions-reform-zh.txt", "zh", "医疗机构"},
	} {
		raw, err := os.ReadFile(filepath.Join("testdata", "golden", c.file))
		if err != nil {
			t.Fatal(err)
		}
		text := string(raw)
		figs := Parse(text, Options{Lang: c.lang})
		ann := DefaultMetrics.Annotate(text, figs)
		n := 0
		for i, f := range figs {
			if f.Kind == KindCount && strings.Contains(f.Subject, c.subject) {
				n++
				if ann[i].Metric != "medical_institution" {
					t.Errorf("%s: %q (%q): metric %q, want medical_institution", c.file, f.Text, f.Subject, ann[i].Metric)
				}
			}
			if c.lang == "zh" && (f.Text == "182" || f.Text == "2.7万") && ann[i].Entity != "华润集团" {
				t.Errorf("%s: %q: entity %q, want 华润集团", c.file, f.Text, ann[i].Entity)
			}
			if c.lang == "en" && ann[i].Entity != "" {
				t.Errorf("%s: %q (%q): entity %q, want none (the release says \"It has 182\")", c.file, f.Text, f.Sentence, ann[i].Entity)
			}
		}
		if n < 8 {
			t.Errorf("%s: %d counts of medical institutions, want at least 8", c.file, n)
		}
	}
}

func TestMetricsTableOverridesAndHash(t *testing.T) {
	user := []byte("hospital_bed: [hospital bed, 医院床位]\nmedical_institution: [clinic]\n")
	m, err := WithDefaults(user)
	if err != nil {
		t.Fatal(err)
	}
	if m.Hash() == DefaultMetrics.Hash() || len(m.Hash()) != 12 {
		t.Errorf("hash %q of the extended table, default %q: want a different 12-digit hash", m.Hash(), DefaultMetrics.Hash())
	}
	again, _ := WithDefaults([]byte("medical_institution: [clinic]\nhospital_bed: [医院床位, hospital beds]\n"))
	if again.Hash() != m.Hash() {
		t.Errorf("the same entries written otherwise hash %q, want %q", again.Hash(), m.Hash())
	}
	for subject, want := range map[string]string{
		"hospital beds":     "hospital_bed", // moved from bed by the user
		"beds":              "bed",
		"医院床位":              "hospital_bed",
		"rural clinics":     "medical_institution",
		"医疗机构":              "medical_institution",
		"the nation's GDP":  "gdp",
		"":                  "",
		"1,087 of their 12": "",
		"RQT=305&SQ=issn%280024%2D9114%29%20and%": "", // code, not words
		"十又":                 "",   // a number, not a thing
		"啤酒和":                "啤酒", // cut after a conjunction
		"the number of beds": "bed",
	} {
		if got := m.SubjectKey(subject); got != want {
			t.Errorf("SubjectKey(%q) = %q, want %q", subject, got, want)
		}
	}
	if got := DefaultMetrics.SubjectKey("hospital beds"); got != "bed" {
		t.Errorf("the default table: SubjectKey(hospital beds) = %q, want bed", got)
	}
	for _, bad := range []string{"Bad-Key: [x]\n", "k: ['']\n", "k: [x\n", "k: {a: b}\n"} {
		if _, err := WithDefaults([]byte(bad)); err == nil {
			t.Errorf("WithDefaults(%q): no error", bad)
		}
	}
}

// FuzzMetricEntity: any text, any figure offsets: never a panic, and a
// metric is a key ([a-z0-9_] or Chinese characters).
func FuzzMetricEntity(f *testing.F) {
	f.Add("China Resources Group has 182 medical institutions.", 27, 30)
	f.Add("华润集团构建专业化运营管理体系，拥有医疗机构182家。", 60, 63)
	f.Add("Guangdong's GDP grew 6.1 percent.", 21, 32)
	f.Add("The X and Y Group and Z City of in 'in ' 's", 0, 3)
	f.Fuzz(func(t *testing.T, text string, fs, fe int) {
		for _, a := range DefaultMetrics.Annotate(text, Parse(text, Options{})) {
			for _, r := range a.Metric {
				if !(r == '_' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 0x7f && unicode.IsLetter(r) || unicode.IsDigit(r)) {
					t.Fatalf("metric %q of %q has %q", a.Metric, text, r)
				}
			}
		}
		if fs >= 0 && fs <= fe && fe <= len(text) {
			Entity(text, fs, fe, text)
		}
		Entity(text, -1, -1, text)
		DefaultMetrics.SubjectKey(text)
	})
}

// BenchmarkAnnotate measures the metric and entity of every figure of the
// SASAC seed (English and Chinese) beside the parse that found them.
func BenchmarkAnnotate(b *testing.B) {
	var texts []string
	var figs [][]Figure
	for _, name := range []string{"sasac-medical-institutions-reform.txt", "sasac-medical-institutions-reform-zh.txt", "casc-chengtong-healthcare.txt"} {
		raw, err := os.ReadFile(filepath.Join("testdata", "golden", name))
		if err != nil {
			b.Fatal(err)
		}
		texts = append(texts, string(raw))
		figs = append(figs, Parse(string(raw), Options{}))
	}
	b.Run("parse", func(b *testing.B) {
		for range b.N {
			for _, t := range texts {
				Parse(t, Options{})
			}
		}
	})
	b.Run("annotate", func(b *testing.B) {
		for range b.N {
			for i, t := range texts {
				DefaultMetrics.Annotate(t, figs[i])
			}
		}
	})
}
