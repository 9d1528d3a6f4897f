package transform

import "testing"

// englishMoreCases cover numbers written in words, fractions, ranges and the
// direction of a change in English. All are read with the publication date
// 2021-12-20, so a figure no phrase dates gets the fallback period.
var englishMoreCases = []zhCase{
	{name: "written/four ways", in: "The guideline clarified four ways for the reform of medical institutions.",
		want: []zfig{
			{fig{text: "four", value: 4, kind: KindCount, subject: "ways", period: "fallback 2021-12-20"}, ""},
		}},
	{name: "written/twenty-two", in: "Twenty-two provinces have issued implementation plans.",
		want: []zfig{
			{fig{text: "Twenty-two", value: 22, kind: KindCount, subject: "provinces", period: "fallback 2021-12-20"}, ""},
		}},
	{name: "written/three million and a half", in: "The city's population reached three million and a half.",
		want: []zfig{
			{fig{text: "three million and a half", value: 3.5e+06, kind: KindNumber, subject: "The city's population", period: "fallback 2021-12-20"}, ""},
		}},
	{name: "written/five percent", in: "Sales fell five percent in November.",
		want: []zfig{
			{fig{text: "five percent", value: 5, kind: KindPercent, unit: "percent", subject: "Sales", period: "2021-11-01/2021-11-30 month"}, "dir=down change"},
		}},
	{name: "written/twenty two", in: "The group runs twenty two hospitals.",
		want: []zfig{
			{fig{text: "twenty two", value: 22, kind: KindCount, subject: "hospitals", period: "fallback 2021-12-20"}, ""},
		}},
	{name: "written/three hundred and five", in: "The fund supported three hundred and five start-ups.",
		want: []zfig{
			{fig{text: "three hundred and five", value: 305, kind: KindCount, subject: "start-ups", period: "fallback 2021-12-20"}, ""},
		}},
	{name: "written/two thirds", in: "Two thirds of the respondents said prices were stable.",
		want: []zfig{
			{fig{text: "Two thirds", value: 0.6666666666666666, kind: KindRatio, period: "fallback 2021-12-20"}, ""},
		}},
	{name: "written/one third", in: "About one third of the funds went to rural clinics.",
		want: []zfig{
			{fig{text: "one third", value: 0.3333333333333333, kind: KindRatio, qual: "about", period: "fallback 2021-12-20"}, ""},
		}},
	{name: "written/a half blocked", in: "The other six departments issued the guideline."},
	{name: "written/the two companies", in: "The two companies will cooperate in many sectors."},
	{name: "written/two-dose", in: "Girls receive a two-dose schedule."},
	{name: "written/next five years", in: "The group will invest heavily over the next five years."},
	{name: "written/one in five", in: "Only one in five parents was willing to pay."},
	{name: "written/name", in: "The Four Seasons hotel opened in 2019."},
	{name: "written/three times", in: "The board met three times last year."},
	{name: "range/between percent", in: "The growth rate is expected to be between 6 and 6.5 percent.",
		want: []zfig{
			{fig{text: "6 and 6.5 percent", value: 6, kind: KindPercent, unit: "percent", subject: "The growth rate", period: "fallback 2021-12-20"}, "high=6.5"},
		}},
	{name: "range/dash percent", in: "Subsidies cover 10-20% of the cost.",
		want: []zfig{
			{fig{text: "10-20%", value: 10, kind: KindPercent, unit: "percent", subject: "Subsidies", base: "the cost", period: "fallback 2021-12-20"}, "high=20"},
		}},
	{name: "range/dash amount", in: "Each project receives 5-8 billion yuan.",
		want: []zfig{
			{fig{text: "5-8 billion yuan", value: 5e+09, kind: KindAmount, unit: "CNY", subject: "Each project", period: "fallback 2021-12-20"}, "high=8e+09"},
		}},
	{name: "range/between counts", in: "Between 300 and 400 delegates attended.",
		want: []zfig{
			{fig{text: "300 and 400", value: 300, kind: KindCount, subject: "delegates", period: "fallback 2021-12-20"}, "high=400"},
		}},
	{name: "change/rose percent", in: "Retail sales rose 12.5 percent in November.",
		want: []zfig{
			{fig{text: "12.5 percent", value: 12.5, kind: KindPercent, unit: "percent", subject: "Retail sales", period: "2021-11-01/2021-11-30 month"}, "dir=up change"},
		}},
	{name: "change/rose by", in: "Exports rose by 21.1 percent year on year.",
		want: []zfig{
			{fig{text: "21.1 percent", value: 21.1, kind: KindPercent, unit: "percent", subject: "Exports", period: "fallback 2021-12-20"}, "dir=up change"},
		}},
	{name: "change/rose to", in: "The share rose to 28.8 percent.",
		want: []zfig{
			{fig{text: "28.8 percent", value: 28.8, kind: KindPercent, unit: "percent", subject: "The share", period: "fallback 2021-12-20"}, "dir=up"},
		}},
	{name: "change/fell to negative", in: "The profit margin fell to -2.5 percent.",
		want: []zfig{
			{fig{text: "-2.5 percent", value: -2.5, kind: KindPercent, unit: "percent", subject: "The profit margin", period: "fallback 2021-12-20"}, "dir=down"},
		}},
	{name: "change/up adverbial", in: "Profits reached 35,128 yuan, up 9.1 percent.",
		want: []zfig{
			{fig{text: "35,128 yuan", value: 35128, kind: KindAmount, unit: "CNY", subject: "Profits", period: "fallback 2021-12-20"}, ""},
			{fig{text: "9.1 percent", value: 9.1, kind: KindPercent, unit: "percent", subject: "Profits", period: "fallback 2021-12-20"}, "dir=up change"},
		}},
	{name: "change/drop of", in: "Admissions totaled 230 million, a drop of 13.1 percent.",
		want: []zfig{
			{fig{text: "230 million", value: 2.3e+08, kind: KindNumber, subject: "Admissions", period: "fallback 2021-12-20"}, ""},
			{fig{text: "13.1 percent", value: 13.1, kind: KindPercent, unit: "percent", subject: "Admissions", period: "fallback 2021-12-20"}, "dir=down change"},
		}},
	{name: "change/increase of", in: "Beds rose to 9.11 million, an increase of 306,000.",
		want: []zfig{
			{fig{text: "9.11 million", value: 9.11e+06, kind: KindNumber, subject: "Beds", period: "fallback 2021-12-20"}, "dir=up"},
			{fig{text: "306,000", value: 306000, kind: KindNumber, subject: "Beds", period: "fallback 2021-12-20"}, "dir=up change"},
		}},
	{name: "change/down", in: "Output was down 3.2 percent from a year earlier.",
		want: []zfig{
			{fig{text: "3.2 percent", value: 3.2, kind: KindPercent, unit: "percent", subject: "Output", period: "fallback 2021-12-20"}, "dir=down change"},
		}},
	{name: "change/declined", in: "Coal consumption declined 0.9 percent.",
		want: []zfig{
			{fig{text: "0.9 percent", value: 0.9, kind: KindPercent, unit: "percent", subject: "Coal consumption", period: "fallback 2021-12-20"}, "dir=down change"},
		}},
	{name: "change/cut by", in: "The bank cut the ratio by 50 basis points.",
		want: []zfig{
			{fig{text: "50 basis points", value: 50, kind: KindPercent, unit: "basis points", subject: "the ratio", period: "fallback 2021-12-20"}, ""},
		}},
	{name: "change/cut jobs", in: "The firm cut 50 jobs.",
		want: []zfig{
			{fig{text: "50", value: 50, kind: KindCount, subject: "jobs", period: "fallback 2021-12-20"}, ""},
		}},
	{name: "change/taken up is no direction", in: "Healthcare expenditure had taken up 6.2 percent of GDP.",
		want: []zfig{
			{fig{text: "6.2 percent", value: 6.2, kind: KindPercent, unit: "percent", subject: "Healthcare expenditure", base: "GDP", period: "fallback 2021-12-20"}, ""},
		}},
	{name: "change/went up", in: "Prices went up 3 percent.",
		want: []zfig{
			{fig{text: "3 percent", value: 3, kind: KindPercent, unit: "percent", subject: "Prices", period: "fallback 2021-12-20"}, "dir=up change"},
		}},
	{name: "change/up from is baseline", in: "Its share climbed to 31.2 percent, up from 27.5 percent a year earlier.",
		want: []zfig{
			{fig{text: "31.2 percent", value: 31.2, kind: KindPercent, unit: "percent", subject: "Its share", period: "fallback 2021-12-20"}, "dir=up"},
			{fig{text: "27.5 percent", value: 27.5, kind: KindPercent, unit: "percent", subject: "Its share", period: "fallback 2021-12-20"}, ""},
		}},
}

func TestParseEnglishMore(t *testing.T) {
	for _, c := range englishMoreCases {
		t.Run(c.name, func(t *testing.T) {
			got := Parse(c.in, Options{Lang: "en", Published: mustDay(t, "2021-12-20")})
			if len(got) != len(c.want) {
				var gf []fig
				for _, f := range got {
					gf = append(gf, gotFig(f))
				}
				t.Fatalf("Parse(%q) found %d figures, want %d:%s", c.in, len(got), len(c.want), dump(gf))
			}
			for i, f := range got {
				checkInvariants(t, c.in, f)
				g, w := gotFig(f), c.want[i].fig
				if g != w {
					t.Errorf("figure %d of %q:\n got  %+v\n want %+v", i, c.in, g, w)
				}
				if m := moreString(f); m != c.want[i].more {
					t.Errorf("figure %d %q: range/direction %q, want %q", i, f.Text, m, c.want[i].more)
				}
			}
		})
	}
}
