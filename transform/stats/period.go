package stats

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Period is a statistics period: from Start to End (inclusive, both days
// in UTC) at a granularity.
type Period struct {
	Start, End  time.Time
	Granularity string
	Text        string // as written
}

var monthNames = map[string]int{
	"jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
	"may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
	"september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}

var zhDigits = map[string]int{"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}

const mon = `(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?`

var (
	reYear       = regexp.MustCompile(`^((?:19|20)\d\d)\s*(?:年|年度)?$`)
	reQuarter    = regexp.MustCompile(`^((?:19|20)\d\d)\s*(?:-\s*)?q([1-4])$|^q([1-4])\s*((?:19|20)\d\d)$`)
	reQuarterNBS = regexp.MustCompile(`^((?:19|20)\d\d)([a-d])$`)         // statistics bureau codes: 2021A = Q1 … 2021D = Q4
	reMonthCode  = regexp.MustCompile(`^((?:19|20)\d\d)(0[1-9]|1[0-2])$`) // 202111
	reQuarterZh  = regexp.MustCompile(`^((?:19|20)\d\d)年?\s*第?([一二三四1-4])季度?$`)
	reHalf       = regexp.MustCompile(`^((?:19|20)\d\d)\s*(?:h1|年?上半年)$|^(?:h1|first half(?: of)?)\s*((?:19|20)\d\d)$`)
	reMonth      = regexp.MustCompile(`^((?:19|20)\d\d)\s*(?:[-/.]|m|年)\s*(\d{1,2})\s*月?(?:份)?$`)
	reMonthEn    = regexp.MustCompile(`^` + mon + `\s*,?\s*((?:19|20)\d\d)$|^((?:19|20)\d\d)\s*` + mon + `$`)
	reDay        = regexp.MustCompile(`^((?:19|20)\d\d)\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$`)
	reCumZh      = regexp.MustCompile(`^(?:((?:19|20)\d\d)\s*年?\s*)?(\d{1,2})\s*[-~—–至]\s*(\d{1,2})\s*月(?:份)?(?:累计)?$`)
	reCumYM      = regexp.MustCompile(`^((?:19|20)\d\d)\s*m?(\d{1,2})\s*-\s*m?(\d{1,2})$`)
	reCumEn      = regexp.MustCompile(`^(?:((?:19|20)\d\d)\s*)?` + mon + `\s*(?:-|–|—|to|through)\s*` + mon + `\s*,?\s*((?:19|20)\d\d)?$`)
	reMonthOnly  = regexp.MustCompile(`^(\d{1,2})\s*月(?:份)?$|^` + mon + `$`)
	reYearIn     = regexp.MustCompile(`(?:19|20)\d\d`)
)

// ParsePeriod reads a period as statistics tables write it: "2016",
// "2016年", "2021Q3", "2021年第三季度", "2021年11月", "2021-11", "2021M11",
// "Nov 2021", "2021年1-11月", "Jan-Nov 2021", "2021H1", "2021-11-30", and
// the codes of statistics APIs: "202111" (month), "2021C" (NBS quarter,
// A = Q1 … D = Q4).
// A run of months from January is Cumulative; other runs are refused.
func ParsePeriod(text string) (Period, error) {
	return ParsePeriodIn(text, 0)
}

// ParsePeriodIn is ParsePeriod with a year for periods written without one
// ("1-11月", "Jan-Nov", "11月"), as table headers under a dated caption do.
// year 0: such periods are an error.
func ParsePeriodIn(text string, year int) (Period, error) {
	s := strings.ToLower(StripFootnotes(Normalize(text)))
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(s, "累计"), "cumulative"))
	p := Period{Text: strings.TrimSpace(text)}
	bad := func() (Period, error) { return Period{}, fmt.Errorf("period %q not recognised", text) }
	atoi := func(v string) int { n, _ := strconv.Atoi(v); return n }
	months := func(y, m1, m2 int, gran string) (Period, error) {
		if y == 0 {
			return Period{}, fmt.Errorf("period %q has no year", text)
		}
		if m1 < 1 || m2 > 12 || m1 > m2 {
			return bad()
		}
		if gran == Cumulative && m1 != 1 {
			return Period{}, fmt.Errorf("period %q: a run of months must start in January", text)
		}
		if gran == Cumulative && m1 == m2 {
			gran = Month
		}
		p.Start = time.Date(y, time.Month(m1), 1, 0, 0, 0, 0, time.UTC)
		p.End = time.Date(y, time.Month(m2)+1, 0, 0, 0, 0, 0, time.UTC)
		p.Granularity = gran
		return p, nil
	}
	if m := reYear.FindStringSubmatch(s); m != nil {
		return months(atoi(m[1]), 1, 12, Year)
	}
	if m := reQuarter.FindStringSubmatch(s); m != nil {
		y, q := atoi(m[1]+m[4]), atoi(m[2]+m[3])
		return months(y, 3*q-2, 3*q, Quarter)
	}
	if m := reQuarterNBS.FindStringSubmatch(s); m != nil {
		q := int(m[2][0]-'a') + 1
		return months(atoi(m[1]), 3*q-2, 3*q, Quarter)
	}
	if m := reMonthCode.FindStringSubmatch(s); m != nil {
		return months(atoi(m[1]), atoi(m[2]), atoi(m[2]), Month)
	}
	if m := reQuarterZh.FindStringSubmatch(s); m != nil && strings.Contains(s, "季") {
		q := zhDigits[m[2]]
		return months(atoi(m[1]), 3*q-2, 3*q, Quarter)
	}
	if m := reHalf.FindStringSubmatch(s); m != nil {
		return months(atoi(m[1]+m[2]), 1, 6, Cumulative)
	}
	if m := reDay.FindStringSubmatch(s); m != nil {
		t := time.Date(atoi(m[1]), time.Month(atoi(m[2])), atoi(m[3]), 0, 0, 0, 0, time.UTC)
		if t.Month() != time.Month(atoi(m[2])) || t.Day() != atoi(m[3]) {
			return bad()
		}
		p.Start, p.End, p.Granularity = t, t, Day
		return p, nil
	}
	if m := reMonth.FindStringSubmatch(s); m != nil {
		return months(atoi(m[1]), atoi(m[2]), atoi(m[2]), Month)
	}
	if m := reMonthEn.FindStringSubmatch(s); m != nil {
		if m[1] != "" {
			return months(atoi(m[2]), monthNum(m[1]), monthNum(m[1]), Month)
		}
		return months(atoi(m[3]), monthNum(m[4]), monthNum(m[4]), Month)
	}
	if m := reCumZh.FindStringSubmatch(s); m != nil {
		y := year
		if m[1] != "" {
			y = atoi(m[1])
		}
		return months(y, atoi(m[2]), atoi(m[3]), Cumulative)
	}
	if m := reCumYM.FindStringSubmatch(s); m != nil {
		return months(atoi(m[1]), atoi(m[2]), atoi(m[3]), Cumulative)
	}
	if m := reCumEn.FindStringSubmatch(s); m != nil {
		y := year
		if m[1] != "" {
			y = atoi(m[1])
		} else if m[4] != "" {
			y = atoi(m[4])
		}
		return months(y, monthNum(m[2]), monthNum(m[3]), Cumulative)
	}
	if m := reMonthOnly.FindStringSubmatch(s); m != nil {
		n := atoi(m[1])
		if m[2] != "" {
			n = monthNum(m[2])
		}
		return months(year, n, n, Month)
	}
	return bad()
}

func monthNum(name string) int {
	name = strings.TrimSuffix(name, ".")
	if n, ok := monthNames[name]; ok {
		return n
	}
	if len(name) >= 3 {
		return monthNames[name[:3]]
	}
	return 0
}

// YearIn returns the first year (1900-2099) written in text, or 0: the
// year a caption such as "2021年1-11月中央企业主要经济指标" gives to the
// header "1-11月".
func YearIn(text string) int {
	if m := reYearIn.FindString(Normalize(text)); m != "" {
		n, _ := strconv.Atoi(m)
		return n
	}
	return 0
}
