package transform

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// fig is the expected reading of one figure. Every field is compared.
type fig struct {
	text    string
	value   float64
	kind    Kind
	unit    string
	subject string
	base    string
	qual    string
	period  string // "" for none, else "2021-01-01/2021-12-31 year", with " asof" for an as-of period
}

// parseCase is one English sentence or paragraph and every figure in it.
type parseCase struct {
	name string
	in   string
	pub  string // publication date, "2006-01-02"; "" for none
	want []fig
}

// englishCases are written in the style of statistics bureau, SASAC, health
// commission and company press releases. A case with no wanted figures must
// yield none.
var englishCases = []parseCase{
	// Counts and their nouns.
	{name: "count/retail stores", in: "The company now operates 1,200 retail stores across the country.",
		want: []fig{{text: "1,200", value: 1200, kind: KindCount, subject: "retail stores"}}},
	{name: "count/volunteers", in: "A total of 3,500 volunteers took part in the campaign.",
		want: []fig{{text: "3,500", value: 3500, kind: KindCount, subject: "volunteers"}}},
	{name: "count/two counts", in: "The hospital has 850 beds and 1,100 medical staff.",
		want: []fig{
			{text: "850", value: 850, kind: KindCount, subject: "beds"},
			{text: "1,100", value: 1100, kind: KindCount, subject: "medical staff"},
		}},
	{name: "count/more than people", in: "More than 5,000 people attended the opening ceremony.",
		want: []fig{{text: "5,000", value: 5000, kind: KindCount, subject: "people", qual: "more than"}}},
	{name: "count/nearly enterprises", in: "Nearly 300 enterprises signed cooperation agreements at the fair.",
		want: []fig{{text: "300", value: 300, kind: KindCount, subject: "enterprises", qual: "nearly"}}},
	{name: "count/5G in noun phrase", in: "The province built 12,000 new 5G base stations in 2021.",
		want: []fig{{text: "12,000", value: 12000, kind: KindCount, subject: "new 5G base stations", period: "2021-01-01/2021-12-31 year"}}},
	{name: "count/subsidiaries and workers", in: "The group's 18 subsidiaries employ about 45,000 workers.",
		want: []fig{
			{text: "18", value: 18, kind: KindCount, subject: "subsidiaries"},
			{text: "45,000", value: 45000, kind: KindCount, subject: "workers", qual: "about"},
		}},
	{name: "count/list of three", in: "Sinopharm operates 1,500 pharmacies, 120 hospitals and 8 research institutes.",
		want: []fig{
			{text: "1,500", value: 1500, kind: KindCount, subject: "pharmacies"},
			{text: "120", value: 120, kind: KindCount, subject: "hospitals"},
			{text: "8", value: 8, kind: KindCount, subject: "research institutes"},
		}},
	{name: "count/some delegates", in: "Some 400 delegates from 30 countries attended the forum.",
		want: []fig{
			{text: "400", value: 400, kind: KindCount, subject: "delegates", qual: "about"},
			{text: "30", value: 30, kind: KindCount, subject: "countries"},
		}},
	{name: "count/last year", in: "The city added 23,000 new jobs last year.", pub: "2021-12-20",
		want: []fig{{text: "23,000", value: 23000, kind: KindCount, subject: "new jobs", period: "2020-01-01/2020-12-31 year"}}},
	{name: "count/last year without date", in: "The city added 23,000 new jobs last year.",
		want: []fig{{text: "23,000", value: 23000, kind: KindCount, subject: "new jobs"}}},
	{name: "count/at least", in: "At least 12 people were injured in the accident.",
		want: []fig{{text: "12", value: 12, kind: KindCount, subject: "people", qual: "at least"}}},
	{name: "count/up to", in: "The fund will support up to 50 start-ups.",
		want: []fig{{text: "50", value: 50, kind: KindCount, subject: "start-ups", qual: "up to"}}},
	{name: "count/fewer than", in: "Fewer than 10 companies met the standard.",
		want: []fig{{text: "10", value: 10, kind: KindCount, subject: "companies", qual: "less than"}}},
	{name: "count/participle adjective", in: "The platform has 600 million registered users.",
		want: []fig{{text: "600 million", value: 6e8, kind: KindCount, subject: "registered users"}}},
	{name: "count/bln", in: "China had 1.01 bln internet users in June 2021.",
		want: []fig{{text: "1.01 bln", value: 1.01e9, kind: KindCount, subject: "internet users", period: "2021-06-01/2021-06-30 month"}}},
	{name: "count/glued bn", in: "The firm shipped 1.5bn masks abroad.",
		want: []fig{{text: "1.5bn", value: 1.5e9, kind: KindCount, subject: "masks"}}},
	{name: "count/thousand", in: "There are 300 thousand small businesses in the district.",
		want: []fig{{text: "300 thousand", value: 3e5, kind: KindCount, subject: "small businesses"}}},
	{name: "count/million vehicles", in: "Sales of new energy vehicles topped 3.5 million units.",
		want: []fig{{text: "3.5 million", value: 3.5e6, kind: KindCount, subject: "units"}}},
	{name: "count/participle ends phrase", in: "The 35 hospitals run by the group treated 2.4 million patients.",
		want: []fig{
			{text: "35", value: 35, kind: KindCount, subject: "hospitals"},
			{text: "2.4 million", value: 2.4e6, kind: KindCount, subject: "patients"},
		}},
	{name: "count/relative ends phrase", in: "It set up 21 clinics that serve remote villages.",
		want: []fig{{text: "21", value: 21, kind: KindCount, subject: "clinics"}}},
	{name: "count/coordinated nouns", in: "The fair drew 1,300 exhibitors and buyers from abroad.",
		want: []fig{{text: "1,300", value: 1300, kind: KindCount, subject: "exhibitors and buyers"}}},
	{name: "count/of the", in: "Of the 1,154 institutions, 228 were transferred to local governments.",
		want: []fig{
			{text: "1,154", value: 1154, kind: KindCount, subject: "institutions"},
			{text: "228", value: 228, kind: KindNumber},
		}},
	{name: "count/plus glued", in: "The reserve is home to 500-plus species of birds.",
		want: []fig{{text: "500", value: 500, kind: KindCount, subject: "species", qual: "more than"}}},
	{name: "count/or more", in: "The museum receives 3,000 visitors or more every day.",
		want: []fig{{text: "3,000", value: 3000, kind: KindCount, subject: "visitors", qual: "at least"}}},
	{name: "count/no fewer than", in: "No fewer than 15 provinces have issued similar rules.",
		want: []fig{{text: "15", value: 15, kind: KindCount, subject: "provinces", qual: "at least"}}},
	{name: "count/as many as", in: "The centre can treat as many as 800 patients a day.",
		want: []fig{{text: "800", value: 800, kind: KindCount, subject: "patients", qual: "up to"}}},
	{name: "count/almost million", in: "Almost 2 million households received subsidies.",
		want: []fig{{text: "2 million", value: 2e6, kind: KindCount, subject: "households", qual: "nearly"}}},
	{name: "count/approximately", in: "The new wing adds approximately 1,300 beds.",
		want: []fig{{text: "1,300", value: 1300, kind: KindCount, subject: "beds", qual: "about"}}},
	{name: "count/million separators", in: "The programme has trained 1,250,000 rural teachers.",
		want: []fig{{text: "1,250,000", value: 1250000, kind: KindCount, subject: "rural teachers"}}},

	// Measured quantities.
	{name: "measure/tonnes of", in: "Over 2,000 tonnes of relief supplies were shipped.",
		want: []fig{{text: "2,000", value: 2000, kind: KindCount, unit: "t", subject: "relief supplies", qual: "more than"}}},
	{name: "measure/km subject from clause", in: "The new metro line is 35 km long.",
		want: []fig{{text: "35", value: 35, kind: KindCount, unit: "km", subject: "The new metro line"}}},
	{name: "measure/million tonnes of steel", in: "Annual output reached 5.6 million tonnes of steel.",
		want: []fig{{text: "5.6 million", value: 5.6e6, kind: KindCount, unit: "t", subject: "steel"}}},
	{name: "measure/hectares", in: "The project covers 1,200 hectares.",
		want: []fig{{text: "1,200", value: 1200, kind: KindCount, unit: "ha", subject: "The project"}}},
	{name: "measure/person-times", in: "The hospitals handled 13.5 million person-times of outpatient visits in 2020.",
		want: []fig{{text: "13.5 million", value: 1.35e7, kind: KindCount, unit: "person-times", subject: "outpatient visits", period: "2020-01-01/2020-12-31 year"}}},
	{name: "measure/square meters", in: "The complex has a floor area of 86,000 square meters.",
		want: []fig{{text: "86,000", value: 86000, kind: KindCount, unit: "m2", subject: "floor area"}}},
	{name: "measure/TEUs last year", in: "Last year, the port handled 41 million TEUs.", pub: "2021-12-20",
		want: []fig{{text: "41 million", value: 4.1e7, kind: KindCount, unit: "TEU", subject: "the port", period: "2020-01-01/2020-12-31 year"}}},
	{name: "measure/up to days", in: "Patients can stay up to 30 days.",
		want: []fig{{text: "30", value: 30, kind: KindCount, unit: "day", subject: "Patients", qual: "up to"}}},

	// Bare numbers.
	{name: "number/population", in: "The population of the city is 21.89 million.",
		want: []fig{{text: "21.89 million", value: 2.189e7, kind: KindNumber, subject: "The population of the city"}}},
	{name: "number/by the end of", in: "The number of registered nurses reached 4.7 million by the end of 2020.",
		want: []fig{{text: "4.7 million", value: 4.7e6, kind: KindNumber, subject: "The number of registered nurses", period: "2020-12-31/2020-12-31 year asof"}}},
	{name: "number/trillion first half", in: "Fixed-asset investment hit 1.5 trillion in the first half of 2021.",
		want: []fig{{text: "1.5 trillion", value: 1.5e12, kind: KindNumber, subject: "Fixed-asset investment", period: "2021-01-01/2021-06-30 quarter"}}},
	{name: "number/came in at", in: "The official manufacturing PMI came in at 50.1 in November.", pub: "2021-12-20",
		want: []fig{{text: "50.1", value: 50.1, kind: KindNumber, subject: "The official manufacturing PMI", period: "2021-11-01/2021-11-30 month"}}},
	{name: "number/exceed future", in: "The elderly population is expected to exceed 300 million by 2025.",
		want: []fig{{text: "300 million", value: 3e8, kind: KindNumber, subject: "The elderly population"}}},

	// Percentages.
	{name: "percent/stood at", in: "The unemployment rate stood at 5.1% in November.", pub: "2021-12-20",
		want: []fig{{text: "5.1%", value: 5.1, kind: KindPercent, unit: "percent", subject: "The unemployment rate", period: "2021-11-01/2021-11-30 month"}}},
	{name: "percent/rose percent", in: "Retail sales rose 12.5 percent year on year.",
		want: []fig{{text: "12.5 percent", value: 12.5, kind: KindPercent, unit: "percent", subject: "Retail sales"}}},
	{name: "percent/per cent", in: "The five-year survival rate was 92 per cent.",
		want: []fig{{text: "92 per cent", value: 92, kind: KindPercent, unit: "percent", subject: "The five-year survival rate"}}},
	{name: "percent/pct", in: "The share of renewable energy rose to 28.8 pct.",
		want: []fig{{text: "28.8 pct", value: 28.8, kind: KindPercent, unit: "percent", subject: "The share of renewable energy"}}},
	{name: "percent/spaced sign", in: "The pass rate was 97.3 % this year.", pub: "2021-12-20",
		want: []fig{{text: "97.3 %", value: 97.3, kind: KindPercent, unit: "percent", subject: "The pass rate", period: "2021-01-01/2021-12-31 year"}}},
	{name: "percent/percentage points", in: "The figure is up 1.2 percentage points from a year earlier.",
		want: []fig{{text: "1.2 percentage points", value: 1.2, kind: KindPercent, unit: "percentage points", subject: "The figure"}}},
	{name: "percent/basis points", in: "The central bank cut the reserve requirement ratio by 50 basis points.",
		want: []fig{{text: "50 basis points", value: 50, kind: KindPercent, unit: "basis points", subject: "the reserve requirement ratio"}}},
	{name: "percent/of respondents", in: "Nearly 40% of respondents said they would buy a new car.",
		want: []fig{{text: "40%", value: 40, kind: KindPercent, unit: "percent", subject: "respondents", base: "respondents", qual: "nearly"}}},
	{name: "percent/accounted for", in: "Exports accounted for 18.5 percent of the region's GDP in 2020.",
		want: []fig{{text: "18.5 percent", value: 18.5, kind: KindPercent, unit: "percent", subject: "Exports", base: "the region's GDP", period: "2020-01-01/2020-12-31 year"}}},
	{name: "percent/made up", in: "Online sales made up 24.5% of total retail sales in the first three quarters of 2021.",
		want: []fig{{text: "24.5%", value: 24.5, kind: KindPercent, unit: "percent", subject: "Online sales", base: "total retail sales", period: "2021-01-01/2021-09-30 quarter"}}},
	{name: "percent/rate of", in: "The economy expanded in 2021, with a growth rate of 8.1 percent.",
		want: []fig{{text: "8.1 percent", value: 8.1, kind: KindPercent, unit: "percent", subject: "growth rate", period: "2021-01-01/2021-12-31 year"}}},
	{name: "percent/parenthesis", in: "The urbanization rate (64.7%) was the highest on record.",
		want: []fig{{text: "64.7%", value: 64.7, kind: KindPercent, unit: "percent", subject: "The urbanization rate"}}},
	{name: "percent/about of the funds", in: "About 65 percent of the funds will go to rural areas.",
		want: []fig{{text: "65 percent", value: 65, kind: KindPercent, unit: "percent", subject: "the funds", base: "the funds", qual: "about"}}},
	{name: "percent/stands at", in: "The proportion of elderly people stands at 18.7 percent.",
		want: []fig{{text: "18.7 percent", value: 18.7, kind: KindPercent, unit: "percent", subject: "The proportion of elderly people"}}},
	{name: "percent/up from", in: "Its market share climbed to 31.2 percent, up from 27.5 percent a year earlier.",
		want: []fig{
			{text: "31.2 percent", value: 31.2, kind: KindPercent, unit: "percent", subject: "Its market share"},
			{text: "27.5 percent", value: 27.5, kind: KindPercent, unit: "percent", subject: "Its market share"},
		}},
	{name: "percent/then amount", in: "Net profit grew 15.3% to 2.1 billion yuan.",
		want: []fig{
			{text: "15.3%", value: 15.3, kind: KindPercent, unit: "percent", subject: "Net profit"},
			{text: "2.1 billion yuan", value: 2.1e9, kind: KindAmount, unit: "CNY", subject: "Net profit"},
		}},
	{name: "percent/roughly of the budget", in: "Roughly 70 percent of the budget goes to research and development.",
		want: []fig{{text: "70 percent", value: 70, kind: KindPercent, unit: "percent", subject: "the budget", base: "the budget", qual: "about"}}},
	{name: "percent/close to", in: "Close to 90% of villages now have broadband access.",
		want: []fig{{text: "90%", value: 90, kind: KindPercent, unit: "percent", subject: "villages", base: "villages", qual: "nearly"}}},
	{name: "percent/said", in: "Mr. Wang said 80 percent of the funds had arrived.",
		want: []fig{{text: "80 percent", value: 80, kind: KindPercent, unit: "percent", subject: "the funds", base: "the funds"}}},
	{name: "percent/reported speech", in: "The bureau said the registered unemployment rate fell to 3.9 percent.",
		want: []fig{{text: "3.9 percent", value: 3.9, kind: KindPercent, unit: "percent", subject: "the registered unemployment rate"}}},
	{name: "percent/negative", in: "The profit margin fell to -2.5 percent.",
		want: []fig{{text: "-2.5 percent", value: -2.5, kind: KindPercent, unit: "percent", subject: "The profit margin"}}},
	{name: "percent/while clauses", in: "SOEs accounted for 38 percent of total output, while private firms accounted for 52 percent.",
		want: []fig{
			{text: "38 percent", value: 38, kind: KindPercent, unit: "percent", subject: "SOEs", base: "total output"},
			{text: "52 percent", value: 52, kind: KindPercent, unit: "percent", subject: "private firms"},
		}},
	{name: "percent/relative with base", in: "Its R&D spending, which was 2.4 percent of revenue, rose sharply.",
		want: []fig{{text: "2.4 percent", value: 2.4, kind: KindPercent, unit: "percent", subject: "Its R&D spending", base: "revenue"}}},
	{name: "percent/relative inherits base", in: "Health spending was 7.1 percent of GDP, below the OECD average, which was 8.8 percent.",
		want: []fig{
			{text: "7.1 percent", value: 7.1, kind: KindPercent, unit: "percent", subject: "Health spending", base: "GDP"},
			{text: "8.8 percent", value: 8.8, kind: KindPercent, unit: "percent", subject: "the OECD average", base: "GDP"},
		}},
	{name: "percent/accounting for", in: "Private investment reached 31 trillion yuan, accounting for 56.5 percent of the total.",
		want: []fig{
			{text: "31 trillion yuan", value: 3.1e13, kind: KindAmount, unit: "CNY", subject: "Private investment"},
			{text: "56.5 percent", value: 56.5, kind: KindPercent, unit: "percent", subject: "Private investment", base: "the total"},
		}},
	{name: "percent/comma up", in: "Per capita disposable income reached 35,128 yuan, up 9.1 percent.",
		want: []fig{
			{text: "35,128 yuan", value: 35128, kind: KindAmount, unit: "CNY", subject: "Per capita disposable income"},
			{text: "9.1 percent", value: 9.1, kind: KindPercent, unit: "percent", subject: "Per capita disposable income"},
		}},
	{name: "percent/of population in 2021", in: "In 2021, 64.7 percent of the population lived in cities.",
		want: []fig{{text: "64.7 percent", value: 64.7, kind: KindPercent, unit: "percent", subject: "the population", base: "the population", period: "2021-01-01/2021-12-31 year"}}},
	{name: "percent/growth noun after", in: "The third quarter of 2021 saw 4.9 percent growth.",
		want: []fig{{text: "4.9 percent", value: 4.9, kind: KindPercent, unit: "percent", subject: "growth", period: "2021-07-01/2021-09-30 quarter"}}},
	{name: "percent/aged and above", in: "Vaccination coverage among people aged 60 and above exceeded 85%.",
		want: []fig{
			{text: "60", value: 60, kind: KindNumber, qual: "at least"},
			{text: "85%", value: 85, kind: KindPercent, unit: "percent", subject: "Vaccination coverage among people aged 60 and above"},
		}},
	{name: "percent/U.S. economy", in: "The U.S. economy grew 5.7 percent in 2021.",
		want: []fig{{text: "5.7 percent", value: 5.7, kind: KindPercent, unit: "percent", subject: "The U.S. economy", period: "2021-01-01/2021-12-31 year"}}},
	{name: "percent/price dropped", in: "The price of pork dropped 32.7% from a year earlier.",
		want: []fig{{text: "32.7%", value: 32.7, kind: KindPercent, unit: "percent", subject: "The price of pork"}}},
	{name: "percent/compared with", in: "The cure rate was 94 percent, compared with 81 percent in 2015.",
		want: []fig{
			{text: "94 percent", value: 94, kind: KindPercent, unit: "percent", subject: "The cure rate"},
			{text: "81 percent", value: 81, kind: KindPercent, unit: "percent", subject: "The cure rate", period: "2015-01-01/2015-12-31 year"},
		}},

	// Amounts.
	{name: "amount/revenue of", in: "The company reported revenue of 56.3 billion yuan in 2021.",
		want: []fig{{text: "56.3 billion yuan", value: 5.63e10, kind: KindAmount, unit: "CNY", subject: "revenue", period: "2021-01-01/2021-12-31 year"}}},
	{name: "amount/US$", in: "The deal is worth US$3 million.",
		want: []fig{{text: "US$3 million", value: 3e6, kind: KindAmount, unit: "USD", subject: "The deal"}}},
	{name: "amount/RMB", in: "Total investment exceeded RMB 12 billion.",
		want: []fig{{text: "RMB 12 billion", value: 1.2e10, kind: KindAmount, unit: "CNY", subject: "Total investment"}}},
	{name: "amount/HK$", in: "Its overseas revenue totaled HK$4.2 billion.",
		want: []fig{{text: "HK$4.2 billion", value: 4.2e9, kind: KindAmount, unit: "HKD", subject: "Its overseas revenue"}}},
	{name: "amount/yen sign", in: "Operating costs fell to ¥830 million.",
		want: []fig{{text: "¥830 million", value: 8.3e8, kind: KindAmount, unit: "CNY", subject: "Operating costs"}}},
	{name: "amount/US dollars", in: "The plant will cost 2 billion US dollars.",
		want: []fig{{text: "2 billion US dollars", value: 2e9, kind: KindAmount, unit: "USD", subject: "The plant"}}},
	{name: "amount/conversion in brackets", in: "The fund raised 5 billion yuan ($770 million) in its first round.",
		want: []fig{
			{text: "5 billion yuan", value: 5e9, kind: KindAmount, unit: "CNY", subject: "The fund"},
			{text: "$770 million", value: 7.7e8, kind: KindAmount, unit: "USD", subject: "The fund"},
		}},
	{name: "amount/glued m", in: "The start-up closed a $25m funding round.",
		want: []fig{{text: "$25m", value: 2.5e7, kind: KindAmount, unit: "USD", subject: "funding round"}}},
	{name: "amount/of investment", in: "The province attracted 8.2 billion yuan of foreign investment.",
		want: []fig{{text: "8.2 billion yuan", value: 8.2e9, kind: KindAmount, unit: "CNY", subject: "The province"}}},
	{name: "amount/exports first 11 months", in: "In the first 11 months of 2021, exports totaled 19.58 trillion yuan.",
		want: []fig{{text: "19.58 trillion yuan", value: 1.958e13, kind: KindAmount, unit: "CNY", subject: "exports", period: "2021-01-01/2021-11-30 month"}}},

	// Periods.
	{name: "period/first half", in: "In the first half of 2021, the company sold 4.8 million smartphones.",
		want: []fig{{text: "4.8 million", value: 4.8e6, kind: KindCount, subject: "smartphones", period: "2021-01-01/2021-06-30 quarter"}}},
	{name: "period/Q3", in: "In Q3 2021, revenue rose 9.7 percent.",
		want: []fig{{text: "9.7 percent", value: 9.7, kind: KindPercent, unit: "percent", subject: "revenue", period: "2021-07-01/2021-09-30 quarter"}}},
	{name: "period/as of day", in: "As of December 20, 2021, 1.2 billion people had been fully vaccinated.",
		want: []fig{{text: "1.2 billion", value: 1.2e9, kind: KindCount, subject: "people", period: "2021-12-20/2021-12-20 day asof"}}},
	{name: "period/by the end of year", in: "By the end of 2020, there were 1.02 million health institutions nationwide.",
		want: []fig{{text: "1.02 million", value: 1.02e6, kind: KindCount, subject: "health institutions", period: "2020-12-31/2020-12-31 year asof"}}},
	{name: "period/in month", in: "In November 2021, the CPI rose 2.3 percent year on year.",
		want: []fig{{text: "2.3 percent", value: 2.3, kind: KindPercent, unit: "percent", subject: "the CPI", period: "2021-11-01/2021-11-30 month"}}},
	{name: "period/from to months", in: "From January to November 2021, 2,880 new enterprises were registered.",
		want: []fig{{text: "2,880", value: 2880, kind: KindCount, subject: "new enterprises", period: "2021-01-01/2021-11-30 month"}}},
	{name: "period/month range dash", in: "In January-October 2021, profits of industrial firms rose 42.2 percent.",
		want: []fig{{text: "42.2 percent", value: 42.2, kind: KindPercent, unit: "percent", subject: "profits of industrial firms", period: "2021-01-01/2021-10-31 month"}}},
	{name: "period/quarter of last year", in: "The index fell 0.8% in the fourth quarter of last year.", pub: "2021-12-20",
		want: []fig{{text: "0.8%", value: 0.8, kind: KindPercent, unit: "percent", subject: "The index", period: "2020-10-01/2020-12-31 quarter"}}},
	{name: "period/as at day month year", in: "As at 30 June 2021, the bank had 2,310 branches.",
		want: []fig{{text: "2,310", value: 2310, kind: KindCount, subject: "branches", period: "2021-06-30/2021-06-30 day asof"}}},
	{name: "period/between years", in: "Between 2016 and 2020, the average annual growth rate was 5.7 percent.",
		want: []fig{{text: "5.7 percent", value: 5.7, kind: KindPercent, unit: "percent", subject: "the average annual growth rate", period: "2016-01-01/2020-12-31 year"}}},
	{name: "period/each figure its year", in: "Revenue rose 8% in 2021 from 5% in 2020.",
		want: []fig{
			{text: "8%", value: 8, kind: KindPercent, unit: "percent", subject: "Revenue", period: "2021-01-01/2021-12-31 year"},
			{text: "5%", value: 5, kind: KindPercent, unit: "percent", subject: "Revenue", period: "2020-01-01/2020-12-31 year"},
		}},
	{name: "period/H1 no comma", in: "In H1 2021 the group's net profit rose 30 percent.",
		want: []fig{{text: "30 percent", value: 30, kind: KindPercent, unit: "percent", subject: "the group's net profit", period: "2021-01-01/2021-06-30 quarter"}}},
	{name: "period/semicolon carries", in: "By the end of 2021, the province had 320 hospitals; 45 of them were private.",
		want: []fig{
			{text: "320", value: 320, kind: KindCount, subject: "hospitals", period: "2021-12-31/2021-12-31 year asof"},
			{text: "45", value: 45, kind: KindNumber, period: "2021-12-31/2021-12-31 year asof"},
		}},
	{name: "period/does not cross sentences", in: "In 2020, sales fell 3 percent. Profits rose 2 percent.",
		want: []fig{
			{text: "3 percent", value: 3, kind: KindPercent, unit: "percent", subject: "sales", period: "2020-01-01/2020-12-31 year"},
			{text: "2 percent", value: 2, kind: KindPercent, unit: "percent", subject: "Profits"},
		}},
	{name: "period/ISO date", in: "On 2021-12-20, the index closed at 3,650 points.",
		want: []fig{{text: "3,650", value: 3650, kind: KindCount, unit: "point", subject: "the index", period: "2021-12-20/2021-12-20 day"}}},
	{name: "period/this month", in: "This month, 42 new stores opened.", pub: "2021-12-20",
		want: []fig{{text: "42", value: 42, kind: KindCount, subject: "new stores", period: "2021-12-01/2021-12-31 month"}}},

	// More sentences of the kinds above.
	{name: "percent/change of the index", in: "On Monday, the Shanghai Composite Index closed at 3,632.36 points, up 0.34 percent.",
		want: []fig{
			{text: "3,632.36", value: 3632.36, kind: KindCount, unit: "point", subject: "the Shanghai Composite Index"},
			{text: "0.34 percent", value: 0.34, kind: KindPercent, unit: "percent", subject: "the Shanghai Composite Index"},
		}},
	{name: "count/verb after and", in: "The hospital, founded in 1958, has 2,100 beds and treats more than 3 million outpatients a year.",
		want: []fig{
			{text: "2,100", value: 2100, kind: KindCount, subject: "beds"},
			{text: "3 million", value: 3e6, kind: KindCount, subject: "outpatients", qual: "more than"},
		}},
	{name: "period/in a relative clause", in: "The new policy, which took effect on January 1, 2022, affects 40 million workers.",
		want: []fig{{text: "40 million", value: 4e7, kind: KindCount, subject: "workers"}}},
	{name: "count/per denominator", in: "There are 3.2 licensed doctors per 1,000 people.",
		want: []fig{{text: "3.2", value: 3.2, kind: KindCount, subject: "licensed doctors"}}},
	{name: "amount/cut by", in: "The government will cut taxes by 1 trillion yuan.",
		want: []fig{{text: "1 trillion yuan", value: 1e12, kind: KindAmount, unit: "CNY", subject: "taxes"}}},
	{name: "count/adverb and participle", in: "Beijing reported 3 new locally transmitted cases on Sunday.",
		want: []fig{{text: "3", value: 3, kind: KindCount, subject: "new locally transmitted cases"}}},
	{name: "percent/plural base ends", in: "Around 60 percent of respondents believe prices will rise.",
		want: []fig{{text: "60 percent", value: 60, kind: KindPercent, unit: "percent", subject: "respondents", base: "respondents", qual: "about"}}},
	{name: "percent/or share of GDP", in: "In 2020, R&D spending hit 2.44 trillion yuan, or 2.4 percent of GDP.",
		want: []fig{
			{text: "2.44 trillion yuan", value: 2.44e12, kind: KindAmount, unit: "CNY", subject: "R&D spending", period: "2020-01-01/2020-12-31 year"},
			{text: "2.4 percent", value: 2.4, kind: KindPercent, unit: "percent", subject: "R&D spending", base: "GDP", period: "2020-01-01/2020-12-31 year"},
		}},
	{name: "period/quarters without year", in: "Net profit was 3.2 billion yuan in the first three quarters.", pub: "2021-12-20",
		want: []fig{{text: "3.2 billion yuan", value: 3.2e9, kind: KindAmount, unit: "CNY", subject: "Net profit", period: "2021-01-01/2021-09-30 quarter"}}},
	{name: "amount/pronoun subject dropped", in: "It invested 1 billion yuan in new plants.",
		want: []fig{{text: "1 billion yuan", value: 1e9, kind: KindAmount, unit: "CNY", subject: "new plants"}}},
	{name: "number/to after a count", in: "The index rose 2.5 points to 3,600.",
		want: []fig{
			{text: "2.5", value: 2.5, kind: KindCount, unit: "point", subject: "The index"},
			{text: "3,600", value: 3600, kind: KindNumber, subject: "The index"},
		}},
	{name: "amount/plural possessive", in: "Listed companies' revenue rose to 64 trillion yuan.",
		want: []fig{{text: "64 trillion yuan", value: 6.4e13, kind: KindAmount, unit: "CNY", subject: "Listed companies' revenue"}}},
	{name: "percent/possessive base", in: "Exports made up 20 percent of SMEs' revenue.",
		want: []fig{{text: "20 percent", value: 20, kind: KindPercent, unit: "percent", subject: "Exports", base: "SMEs' revenue"}}},
	{name: "measure/years from to", in: "Average life expectancy rose to 77.3 years in 2019 from 76.3 years in 2015.",
		want: []fig{
			{text: "77.3", value: 77.3, kind: KindCount, unit: "year", subject: "Average life expectancy", period: "2019-01-01/2019-12-31 year"},
			{text: "76.3", value: 76.3, kind: KindCount, unit: "year", subject: "Average life expectancy", period: "2015-01-01/2015-12-31 year"},
		}},
	{name: "amount/month to month", in: "The trade surplus widened to $71.7 billion in November from $84.5 billion in October.", pub: "2021-12-20",
		want: []fig{
			{text: "$71.7 billion", value: 7.17e10, kind: KindAmount, unit: "USD", subject: "The trade surplus", period: "2021-11-01/2021-11-30 month"},
			{text: "$84.5 billion", value: 8.45e10, kind: KindAmount, unit: "USD", subject: "The trade surplus", period: "2021-10-01/2021-10-31 month"},
		}},
	{name: "qualifier/upwards of", in: "Upwards of 500 firms joined the alliance.",
		want: []fig{{text: "500", value: 500, kind: KindCount, subject: "firms", qual: "more than"}}},
	{name: "qualifier/under", in: "Under 5 percent of loans were overdue.",
		want: []fig{{text: "5 percent", value: 5, kind: KindPercent, unit: "percent", subject: "loans", base: "loans", qual: "less than"}}},
	{name: "qualifier/went up to is not up to", in: "The rate went up to 4.5 percent.",
		want: []fig{{text: "4.5 percent", value: 4.5, kind: KindPercent, unit: "percent", subject: "The rate"}}},
	{name: "qualifier/or so", in: "The repairs will take 10 days or so.",
		want: []fig{{text: "10", value: 10, kind: KindCount, unit: "day", subject: "The repairs", qual: "about"}}},
	{name: "qualifier/just over", in: "Just over 1,000 households signed up.",
		want: []fig{{text: "1,000", value: 1000, kind: KindCount, subject: "households", qual: "more than"}}},

	{name: "amount/colon and bracket", in: "Revenue: 5.6 billion yuan (+12%)",
		want: []fig{
			{text: "5.6 billion yuan", value: 5.6e9, kind: KindAmount, unit: "CNY", subject: "Revenue"},
			{text: "+12%", value: 12, kind: KindPercent, unit: "percent", subject: "Revenue"},
		}},
	{name: "number/from to with years", in: "The number rose from 1,500 in 2019 to 2,300 in 2021.",
		want: []fig{
			{text: "1,500", value: 1500, kind: KindNumber, subject: "The number", period: "2019-01-01/2019-12-31 year"},
			{text: "2,300", value: 2300, kind: KindNumber, subject: "The number", period: "2021-01-01/2021-12-31 year"},
		}},
	{name: "percent/base with a number", in: "The data showed that 75 percent of the 2,000 firms surveyed expect higher sales.",
		want: []fig{
			{text: "75 percent", value: 75, kind: KindPercent, unit: "percent", subject: "the 2,000 firms", base: "the 2,000 firms"},
			{text: "2,000", value: 2000, kind: KindCount, subject: "firms"},
		}},

	{name: "period/as of a clock time", in: "As of 24:00 on December 19, the commission had received reports of 100,644 confirmed cases.", pub: "2021-12-20",
		want: []fig{{text: "100,644", value: 100644, kind: KindCount, subject: "confirmed cases", period: "2021-12-19/2021-12-19 day asof"}}},
	{name: "period/comparison baseline is no period", in: "Outpatient visits reached 7.74 billion in 2020, down 15.9 percent from the previous year.", pub: "2021-06-01",
		want: []fig{
			{text: "7.74 billion", value: 7.74e9, kind: KindNumber, subject: "Outpatient visits", period: "2020-01-01/2020-12-31 year"},
			{text: "15.9 percent", value: 15.9, kind: KindPercent, unit: "percent", subject: "Outpatient visits", period: "2020-01-01/2020-12-31 year"},
		}},
	{name: "amount/passive estimated at", in: "Total health expenditure was estimated at 7.2 trillion yuan, accounting for 7.12 percent of GDP.",
		want: []fig{
			{text: "7.2 trillion yuan", value: 7.2e12, kind: KindAmount, unit: "CNY", subject: "Total health expenditure"},
			{text: "7.12 percent", value: 7.12, kind: KindPercent, unit: "percent", subject: "Total health expenditure", base: "GDP"},
		}},
	{name: "count/noun after copula", in: "Of these, 35,394 were hospitals and 970,036 were primary-level medical institutions.",
		want: []fig{
			{text: "35,394", value: 35394, kind: KindCount, subject: "hospitals"},
			{text: "970,036", value: 970036, kind: KindCount, subject: "primary-level medical institutions"},
		}},

	{name: "percent/change of a count", in: "The hospitals handled 14.26 million outpatient visits, up 18.4 percent year-on-year.",
		want: []fig{
			{text: "14.26 million", value: 1.426e7, kind: KindCount, subject: "outpatient visits"},
			{text: "18.4 percent", value: 18.4, kind: KindPercent, unit: "percent", subject: "outpatient visits"},
		}},
	{name: "number/increase of after a count", in: "China had 9.11 million hospital beds at the end of 2020, an increase of 306,000 from a year earlier.",
		want: []fig{
			{text: "9.11 million", value: 9.11e6, kind: KindCount, subject: "hospital beds", period: "2020-12-31/2020-12-31 year asof"},
			{text: "306,000", value: 306000, kind: KindNumber, subject: "hospital beds", period: "2020-12-31/2020-12-31 year asof"},
		}},
	{name: "percent/a drop of", in: "Inpatient admissions totaled 230 million, a drop of 13.1 percent.",
		want: []fig{
			{text: "230 million", value: 2.3e8, kind: KindNumber, subject: "Inpatient admissions"},
			{text: "13.1 percent", value: 13.1, kind: KindPercent, unit: "percent", subject: "Inpatient admissions"},
		}},
	{name: "qualifier/took over is a verb", in: "Huakang took over 31 hospitals last year.", pub: "2021-12-20",
		want: []fig{{text: "31", value: 31, kind: KindCount, subject: "hospitals", period: "2020-01-01/2020-12-31 year"}}},
	{name: "percent/noun before infinitive", in: "We expect procurement costs to fall by about 8 percent.",
		want: []fig{{text: "8 percent", value: 8, kind: KindPercent, unit: "percent", subject: "procurement costs", qual: "about"}}},
	{name: "amount/participle after a verb clause", in: "The plan covers domestic vaccines priced at 329 yuan per dose.",
		want: []fig{{text: "329 yuan", value: 329, kind: KindAmount, unit: "CNY", subject: "domestic vaccines"}}},

	{name: "amount/verb after a name", in: "In October, the 97 enterprises under SASAC earned profits of 190 billion yuan, up 8% from a year earlier.", pub: "2021-12-20",
		want: []fig{
			{text: "97", value: 97, kind: KindCount, subject: "enterprises", period: "2021-10-01/2021-10-31 month"},
			{text: "190 billion yuan", value: 1.9e11, kind: KindAmount, unit: "CNY", subject: "profits", period: "2021-10-01/2021-10-31 month"},
			{text: "8%", value: 8, kind: KindPercent, unit: "percent", subject: "profits", period: "2021-10-01/2021-10-31 month"},
		}},
	{name: "amount/nouns joined before of", in: "The firms paid taxes and fees of 2.05 trillion yuan in the period, up 12.4 percent.",
		want: []fig{
			{text: "2.05 trillion yuan", value: 2.05e12, kind: KindAmount, unit: "CNY", subject: "taxes and fees"},
			{text: "12.4 percent", value: 12.4, kind: KindPercent, unit: "percent", subject: "taxes and fees"},
		}},
	{name: "percent/second predicate", in: "The investment was up 11.3 percent and accounted for 52.6 percent of the annual plan.",
		want: []fig{
			{text: "11.3 percent", value: 11.3, kind: KindPercent, unit: "percent", subject: "The investment"},
			{text: "52.6 percent", value: 52.6, kind: KindPercent, unit: "percent", subject: "The investment", base: "the annual plan"},
		}},
	{name: "percent/up from far back", in: "More than 70 percent of the funds went to industrial projects, up from about 55 percent in 2020.",
		want: []fig{
			{text: "70 percent", value: 70, kind: KindPercent, unit: "percent", subject: "the funds", base: "the funds", qual: "more than"},
			{text: "55 percent", value: 55, kind: KindPercent, unit: "percent", subject: "the funds", base: "the funds", qual: "about", period: "2020-01-01/2020-12-31 year"},
		}},
	{name: "count/adjective ending in s", in: "The group runs 300 overseas branches.",
		want: []fig{{text: "300", value: 300, kind: KindCount, subject: "overseas branches"}}},
	{name: "period/half of the year", in: "In the first half of the year, exports rose 28 percent.", pub: "2021-08-01",
		want: []fig{{text: "28 percent", value: 28, kind: KindPercent, unit: "percent", subject: "exports", period: "2021-01-01/2021-06-30 quarter"}}},
	{name: "amount/with absolute clause", in: "Central SOEs invested in 1,200 firms, with actual investment reaching 28.9 billion yuan.",
		want: []fig{
			{text: "1,200", value: 1200, kind: KindCount, subject: "firms"},
			{text: "28.9 billion yuan", value: 2.89e10, kind: KindAmount, unit: "CNY", subject: "actual investment"},
		}},
	{name: "percent/finite verb in the clause", in: "More than 60 companies saw their profits grow by more than 20 percent.",
		want: []fig{
			{text: "60", value: 60, kind: KindCount, subject: "companies", qual: "more than"},
			{text: "20 percent", value: 20, kind: KindPercent, unit: "percent", subject: "their profits", qual: "more than"},
		}},

	// Things that are not figures.
	{name: "none/street address", in: "Address: 26 Xuanwumen West Street, Xicheng District, Beijing 100053"},
	{name: "none/screen resolution", in: "Browsers with 1024*768 or higher resolution are suggested."},
	{name: "none/birth date and decade", in: "He was born on 12 March 1965 and joined the firm in the 1980s."},
	{name: "none/address", in: "Room 1203, Building 5, No. 18 Jianguo Road, Beijing 100022"},
	{name: "none/product and day", in: "The iPhone 13 went on sale on Sept. 24."},
	{name: "none/section numbers", in: "Chapter 3, Section 2.1 explains the rules."},
	{name: "none/version", in: "Version 3.0 of the app was released."},
	{name: "none/magnitude and clock", in: "A 7.1-magnitude earthquake struck at 3:45 pm."},
	{name: "none/score", in: "The score was 3-2 after extra time."},
	{name: "none/contact line", in: "Contact: +86-10-6521-1234, liming@example.com"},
	{name: "none/two years", in: "In 2019 and 2020 sales were flat."},
	{name: "none/year", in: "In 2017, the plan was launched."},
	{name: "none/day of month", in: "The meeting was held on November 20 in Beijing."},
	{name: "none/time and ISO date", in: "The event starts at 09:15 on 2021-12-20."},
	{name: "none/phones", in: "For details call 010-6521 1234 or +86 10 6521 1235."},
	{name: "none/IP and version", in: "The server at 192.168.1.1 runs version 2.0.1."},
	{name: "none/3D and 5G", in: "The new 3D printer supports 5G networks."},
	{name: "none/article and ordinal date", in: "Article 12 of the law took effect on May 4th."},
	{name: "none/ordinal plan", in: "The 14th Five-Year Plan covers the period to 2025."},
	{name: "none/G20 and COVID-19", in: "China hosted the G20 summit, and COVID-19 cases fell."},
	{name: "none/name with year", in: "The Healthy China 2030 initiative was launched in 2016."},
	{name: "none/model numbers", in: "The Boeing 737 and the Airbus A320 compete."},
	{name: "none/references", in: "Please see Table 3 and No. 5 on page 12."},
	{name: "none/clock", in: "The meeting will be held at 9 am on Monday."},
	{name: "none/decade and glued unit", in: "The drink was sold in the 1990s in 180ml bottles."},
	{name: "none/stock code", in: "Shares of Moutai (stock code 600519) rose."},
	{name: "none/event name and date", in: "The 2022 Winter Olympics opened on February 4, 2022."},
	{name: "none/ratio", in: "The ratio was 3:1."},
	{name: "none/list markers", in: "(1) Expand domestic demand.\n2. Stabilise employment."},
	{name: "none/hotline", in: "Complaints can be made to hotline 12345."},
	{name: "none/numbered date with slash", in: "The notice was issued on 12/20/2021."},
}

// periodString formats a period as the cases write it.
func periodString(p *Period) string {
	if p == nil {
		return ""
	}
	if p.Fallback {
		return "fallback " + p.Start.Format("2006-01-02")
	}
	s := p.Start.Format("2006-01-02") + "/" + p.End.Format("2006-01-02") + " " + string(p.Granularity)
	if p.AsOf {
		s += " asof"
	}
	return s
}

// gotFig turns a Figure into the fields the cases compare.
func gotFig(f Figure) fig {
	return fig{text: f.Text, value: f.Value, kind: f.Kind, unit: f.Unit, subject: f.Subject, base: f.Base,
		qual: f.Qualifier, period: periodString(f.Period)}
}

func TestParseEnglish(t *testing.T) {
	if len(englishCases) < 80 {
		t.Fatalf("only %d English cases; want at least 80", len(englishCases))
	}
	seen := map[string]bool{}
	for _, c := range englishCases {
		if seen[c.name] {
			t.Fatalf("duplicate case name %q", c.name)
		}
		seen[c.name] = true
		t.Run(c.name, func(t *testing.T) {
			opt := Options{Lang: "en"}
			if c.pub != "" {
				opt.Published = mustDay(t, c.pub)
			}
			got := Parse(c.in, opt)
			var gotF []fig
			for _, f := range got {
				gotF = append(gotF, gotFig(f))
				checkInvariants(t, c.in, f)
			}
			if len(gotF) != len(c.want) {
				t.Fatalf("Parse(%q) found %d figures, want %d:\n got  %s\n want %s", c.in, len(gotF), len(c.want), dump(gotF), dump(c.want))
			}
			for i := range c.want {
				g, w := gotF[i], c.want[i]
				if g.value != w.value {
					t.Errorf("figure %d %q: value %v, want %v", i, g.text, g.value, w.value)
				}
				g.value = w.value
				if g != w {
					t.Errorf("figure %d of %q:\n got  %+v\n want %+v", i, c.in, g, w)
				}
			}
		})
	}
}

// dump formats expected or found figures for a failure message.
func dump(fs []fig) string {
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "\n   %+v", f)
	}
	return b.String()
}

// mustDay parses a "2006-01-02" date.
func mustDay(t testing.TB, s string) time.Time {
	t.Helper()
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// checkInvariants checks what Parse promises of every figure.
func checkInvariants(t testing.TB, text string, f Figure) {
	t.Helper()
	rs := []rune(text)
	if f.Start < 0 || f.Start >= f.End || f.End > len(rs) {
		t.Fatalf("figure %q has offsets %d..%d outside 0..%d", f.Text, f.Start, f.End, len(rs))
	}
	if got := string(rs[f.Start:f.End]); got != f.Text {
		t.Fatalf("[]rune(text)[%d:%d] = %q, want Text %q", f.Start, f.End, got, f.Text)
	}
	if f.Value != f.Value {
		t.Fatalf("figure %q has NaN value", f.Text)
	}
	if !strings.Contains(f.Sentence, f.Text) {
		t.Fatalf("sentence %q does not contain figure %q", f.Sentence, f.Text)
	}
}

func TestParseLanguages(t *testing.T) {
	const in = "Revenue rose 5 percent."
	if got := Parse(in, Options{}); len(got) != 1 {
		t.Errorf(`Lang "" found %d figures, want 1 (English)`, len(got))
	}
	for _, lang := range []string{"en", "EN", "en-US", "en_GB"} {
		if got := Parse(in, Options{Lang: lang}); len(got) != 1 {
			t.Errorf("Lang %q found %d figures, want 1", lang, len(got))
		}
	}
	for _, lang := range []string{"fr", "eng", "e", "de-DE"} {
		if got := Parse(in, Options{Lang: lang}); got != nil {
			t.Errorf("Lang %q returned %v, want nil", lang, got)
		}
	}
	const zh = "营业收入同比增长5%。"
	for _, lang := range []string{"", "zh", "zh-CN", "ZH_tw", "cmn"} {
		if got := Parse(zh, Options{Lang: lang}); len(got) != 1 || got[0].Value != 5 {
			t.Errorf("Lang %q on %q found %v, want one figure of 5", lang, zh, got)
		}
	}
}

func TestParseSentenceAndOffsets(t *testing.T) {
	in := "Headline without a full stop\n  Über 2,000 Gäste kamen. The café served 1,500 cups of coffee; it sold 300 cakes.  "
	got := Parse(in, Options{})
	want := []struct {
		text, sentence string
		start          int
	}{
		{"2,000", "Über 2,000 Gäste kamen.", 36},
		{"1,500", "The café served 1,500 cups of coffee;", 71},
		{"300", "it sold 300 cakes.", 101},
	}
	if len(got) != len(want) {
		t.Fatalf("found %d figures, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		if got[i].Text != w.text || got[i].Sentence != w.sentence || got[i].Start != w.start {
			t.Errorf("figure %d: %q in %q at %d, want %q in %q at %d", i, got[i].Text, got[i].Sentence, got[i].Start, w.text, w.sentence, w.start)
		}
		checkInvariants(t, in, got[i])
	}
}

func TestParseInvalidUTF8(t *testing.T) {
	in := "Sales \xff\xfe rose 5 percent \xc3 to 300 units."
	for _, f := range Parse(in, Options{}) {
		checkInvariants(t, in, f)
	}
}

func TestParseOddInputs(t *testing.T) {
	odd := []string{
		"", " ", "%", "$", "US$", "-", "+", "1", "1.", "(1)", "No.", "No. ", "January-", "the first",
		"as of the end of", "by the end of", "in", "1,", ",1", "1,000,", "0.5", ".5", "00", "-0", "+86",
		strings.Repeat("9", 400) + " percent", strings.Repeat("9", 400) + " trillion yuan",
		"1.7976931348623157e308", "999,999,999,999,999,999,999 trillion", "\xff1,000 beds\xfe",
		"5\u00a0percent", "５０％", "五十", "1,000 beds" + strings.Repeat(" and", 50),
		"$5m", "5m", "13bn", "5 percent of", "of 5 percent", "which was 9 percent", ", which was 9 percent",
		"In H1", "Q3", "January-November", "from January to", "between 2016 and", "2021-13-45", "2021-02-30",
		"\u2028100 beds\u2029", "。100 beds；", "“100 beds”", "(+12%)", "(-12%)", "- 12%", "--12%",
	}
	for _, in := range odd {
		for _, f := range Parse(in, Options{Published: mustDay(t, "2021-12-20")}) {
			checkInvariants(t, in, f)
			if f.Value > 1e300 || f.Value < -1e300 {
				t.Errorf("Parse(%q): value %v out of range", in, f.Value)
			}
		}
	}
}
