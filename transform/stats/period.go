package stats

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// PeriodOptions complete what a period's text leaves open.
type PeriodOptions struct {
	// Year completes periods written without one ("1-11月", "Jan-Nov",
	// "11月"), as table headers under a dated caption do; 0: such periods
	// are an error.
	Year int
	// FiscalYearStart is the month (1-12) a fiscal year starts in. Fiscal
	// years ("2020-21", "FY2021": named by the year they end in) are an
	// error without it. "2011-12" could be December 2011 or the fiscal
	// year 2011-12: without FiscalYearStart it is an error, with it a
	// fiscal year (write months as "2011-12-01" or "2011M12").
	FiscalYearStart int
	// YearMonth reads "2011-12" as December 2011, never as a fiscal year:
	// ISO 8601 and SDMX periods, or a column whose other cells prove it.
	YearMonth bool
	// ExcelSerial reads a bare number as an Excel serial date (1900 date
	// system: 1 = 1900-01-01, 31017 = 1984-12-01).
	ExcelSerial bool
	// As widens a day (or month, or quarter) to the period that holds it:
	// Month, Quarter or Year; "" keeps the period as written. ABS-style
	// workbooks date a quarter by a day in its last month.
	As string
}

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
	reYearIn     = regexp.MustCompile(`(?:^|[^0-9])((?:19|20)\d\d)(?:[^0-9]|$)`)
	reDayFirst   = regexp.MustCompile(`^(\d{1,2})\.\s*(\d{1,2})\.\s*((?:19|20)\d\d)$`)              // 31.12.2020 (dots are day-first everywhere)
	reWeek       = regexp.MustCompile(`^((?:19|20)\d\d)\s*-?\s*w(\d{1,2})$`)                        // ISO week 2021-W05
	reFiscal     = regexp.MustCompile(`^(?:fy\s*)?((?:19|20)\d\d)\s*[-/–]\s*(\d\d|(?:19|20)\d\d)$`) // 2020-21, 2020/2021, FY2020-21
	reFY         = regexp.MustCompile(`^fy\s*((?:19|20)\d\d|\d\d)$`)                                // FY2021, FY21
	reSemester   = regexp.MustCompile(`^((?:19|20)\d\d)\s*-?\s*(?:s([12])|h(2))$`)                  // SDMX 2021-S1, 2021H2
	reMonthSDMX  = regexp.MustCompile(`^((?:19|20)\d\d)-m(\d\d)$`)                                  // 2021-M03
	reAnnualSDMX = regexp.MustCompile(`^((?:19|20)\d\d)-a1$`)                                       // 2021-A1
	reSerial     = regexp.MustCompile(`^\d{1,6}(?:\.0+)?$`)
	reISOTime    = regexp.MustCompile(`^((?:19|20)\d\d-\d\d-\d\d)t[0-9:.]+(?:z|[+-]\d\d:?\d\d)?$`) // 2021-03-31T00:00:00
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
	return ParsePeriodWith(text, PeriodOptions{Year: year})
}

// ParsePeriodWith is the one period parser: ParsePeriod's forms, plus
// "31.12.2020" (day first, with dots), ISO weeks ("2021-W05"), SDMX codes
// ("2021-M03", "2021-S1", "2021-A1", "2021-03-31T00:00:00"), fiscal years
// ("2020-21", "FY2021") when o.FiscalYearStart is set, Excel serial dates
// when o.ExcelSerial is set, and widened to o.As.
func ParsePeriodWith(text string, o PeriodOptions) (Period, error) {
	p, err := parsePeriod(text, o)
	if err != nil || o.As == "" {
		return p, err
	}
	return widen(p, o.As)
}

// widen returns the month, quarter or year that holds p's start.
func widen(p Period, as string) (Period, error) {
	y, m := p.Start.Year(), int(p.Start.Month())
	from, to := m, m
	switch as {
	case Month:
	case Quarter:
		from = (m-1)/3*3 + 1
		to = from + 2
	case Year:
		from, to = 1, 12
	default:
		return Period{}, fmt.Errorf("period_as %q: want month, quarter or year", as)
	}
	if p.End.After(time.Date(y, time.Month(to)+1, 0, 0, 0, 0, 0, time.UTC)) {
		return Period{}, fmt.Errorf("period %q is longer than a %s", p.Text, as)
	}
	p.Start = time.Date(y, time.Month(from), 1, 0, 0, 0, 0, time.UTC)
	p.End = time.Date(y, time.Month(to)+1, 0, 0, 0, 0, 0, time.UTC)
	p.Granularity = as
	return p, nil
}

func parsePeriod(text string, o PeriodOptions) (Period, error) {
	year := o.Year
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
	if m := reAnnualSDMX.FindStringSubmatch(s); m != nil {
		return months(atoi(m[1]), 1, 12, Year)
	}
	if m := reISOTime.FindStringSubmatch(s); m != nil {
		s = m[1]
	}
	if m := reFiscal.FindStringSubmatch(s); m != nil {
		y1, y2 := atoi(m[1]), atoi(m[2])
		if len(m[2]) == 2 {
			y2 += y1 / 100 * 100
			if y2 < y1 {
				y2 += 100
			}
		}
		if y2 == y1+1 && !(o.YearMonth && len(m[2]) == 2 && y2%100 >= 1 && y2%100 <= 12 && !strings.HasPrefix(s, "fy")) {
			asMonth := len(m[2]) == 2 && y2%100 >= 1 && y2%100 <= 12 && !strings.HasPrefix(s, "fy")
			if o.FiscalYearStart == 0 {
				if asMonth {
					return Period{}, fmt.Errorf("period %q is ambiguous: month %d of %d or the fiscal year %d-%02d; set fiscal_year_start (the month fiscal years start in) for fiscal years, or write months as %d-%02d-01", text, y2%100, y1, y1, y2%100, y1, y2%100)
				}
				return Period{}, fmt.Errorf("period %q is a fiscal year: set fiscal_year_start (the month fiscal years start in)", text)
			}
			return fiscal(p, y2, o.FiscalYearStart)
		}
	}
	if m := reFY.FindStringSubmatch(s); m != nil {
		if o.FiscalYearStart == 0 {
			return Period{}, fmt.Errorf("period %q is a fiscal year: set fiscal_year_start (the month fiscal years start in)", text)
		}
		y := atoi(m[1])
		if y < 100 {
			y += 2000
		}
		return fiscal(p, y, o.FiscalYearStart)
	}
	if m := reDayFirst.FindStringSubmatch(s); m != nil {
		s = m[3] + "-" + m[2] + "-" + m[1]
	}
	if m := reWeek.FindStringSubmatch(s); m != nil {
		y, w := atoi(m[1]), atoi(m[2])
		// ISO week 1 holds January 4th; weeks start on Monday.
		jan4 := time.Date(y, 1, 4, 0, 0, 0, 0, time.UTC)
		monday := jan4.AddDate(0, 0, -((int(jan4.Weekday())+6)%7)+7*(w-1))
		if w < 1 || w > 53 || (w == 53 && monday.AddDate(0, 0, 3).Year() != y) {
			return bad()
		}
		p.Start, p.End, p.Granularity = monday, monday.AddDate(0, 0, 6), Week
		return p, nil
	}
	if m := reSemester.FindStringSubmatch(s); m != nil {
		if m[2] == "1" {
			return months(atoi(m[1]), 1, 6, HalfYear) // "2021H1" is Cumulative (reHalf), the same months
		}
		return months(atoi(m[1]), 7, 12, HalfYear)
	}
	if m := reMonthSDMX.FindStringSubmatch(s); m != nil {
		return months(atoi(m[1]), atoi(m[2]), atoi(m[2]), Month)
	}
	if o.ExcelSerial && reSerial.MatchString(s) {
		n, _ := strconv.ParseFloat(s, 64)
		if n < 1 || n > 2958465 {
			return bad()
		}
		// Excel counts 1900-02-29, which did not exist: serials from 61 on
		// are one day ahead of a count from 1899-12-31.
		t := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(n))
		if n < 61 {
			t = t.AddDate(0, 0, 1)
		}
		p.Start, p.End, p.Granularity = t, t, Day
		return p, nil
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

var reYearDashMonth = regexp.MustCompile(`^((?:19|20)\d\d)-(0[1-9]|1[0-2])$`)

// ProvesYearMonth reports whether a column's cells prove that "YYYY-NN"
// means a month: some cell is "2021-03", which no fiscal year is (its
// second part is not the next year's).
func ProvesYearMonth(cells []string) bool {
	for _, c := range cells {
		m := reYearDashMonth.FindStringSubmatch(strings.TrimSpace(c))
		if m == nil {
			continue
		}
		y, _ := strconv.Atoi(m[1])
		n, _ := strconv.Atoi(m[2])
		if n != (y+1)%100 {
			return true
		}
	}
	return false
}

// fiscal is the fiscal year ending in year y that starts in month start.
func fiscal(p Period, y, start int) (Period, error) {
	if start < 1 || start > 12 {
		return Period{}, fmt.Errorf("fiscal_year_start %d: want a month, 1-12", start)
	}
	if start == 1 {
		p.Start = time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
	} else {
		p.Start = time.Date(y-1, time.Month(start), 1, 0, 0, 0, 0, time.UTC)
	}
	p.End = p.Start.AddDate(1, 0, -1)
	p.Granularity = FiscalYear
	return p, nil
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

// YearIn returns the first year (1900-2099) written in text, standing
// apart from other digits ("42019" holds none), or 0: the
// year a caption such as "2021年1-11月中央企业主要经济指标" gives to the
// header "1-11月".
func YearIn(text string) int {
	if m := reYearIn.FindStringSubmatch(Normalize(text)); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n
	}
	return 0
}
