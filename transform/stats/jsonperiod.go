package stats

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// jsonPeriodForms are the period codes JSON statistics APIs use, tried in
// order. Each regexp's groups are year, then the form's own numbers.
var jsonPeriodForms = []struct {
	re   *regexp.Regexp
	kind string // year, quarter, nbsquarter, cnquarter, month, cumulative, day
}{
	{regexp.MustCompile(`^(\d{4})\s*年?$`), Year},
	{regexp.MustCompile(`^(\d{4})\s*-?\s*[Qq]([1-4])$`), Quarter},
	{regexp.MustCompile(`^(\d{4})([A-D])$`), "nbsquarter"}, // NBS: 2021A = Q1 … 2021D = Q4
	{regexp.MustCompile(`^(\d{4})\s*年\s*第\s*([1-4一二三四])\s*季度$`), "cnquarter"},
	{regexp.MustCompile(`^(\d{4})(\d{2})$`), Month},
	{regexp.MustCompile(`^(\d{4})\s*(?:-|M|m|/)\s*(\d{1,2})$`), Month},
	{regexp.MustCompile(`^(\d{4})\s*年\s*(\d{1,2})\s*月$`), Month},
	{regexp.MustCompile(`^(\d{4})\s*年?\s*(\d{1,2})\s*[-－~至]\s*(\d{1,2})\s*月$`), Cumulative},
	{regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})$`), Day},
}

// ParseJSONPeriod reads a period code as JSON statistics APIs write it:
// "2016" or "2016年" (year); "2021Q3", "2021-Q3", NBS "2021C" (A = Q1 … D =
// Q4) or "2021年第三季度" (quarter); "202111", "2021M11", "2021-11" or
// "2021年11月" (month); "2021年1-11月" (cumulative months from January);
// "2021-11-30" (day). end is the period's last day.
func ParseJSONPeriod(s string) (start, end time.Time, granularity string, err error) {
	t := strings.TrimSpace(s)
	for _, f := range jsonPeriodForms {
		m := f.re.FindStringSubmatch(t)
		if m == nil {
			continue
		}
		year, _ := strconv.Atoi(m[1])
		switch f.kind {
		case Year:
			start = time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)
			return start, start.AddDate(1, 0, -1), Year, nil
		case Quarter, "nbsquarter", "cnquarter":
			q := strings.Index("1234ABCD一二三四", m[2])
			switch {
			case q < 4:
				q++
			case q < 8:
				q -= 3
			default:
				q = (q-8)/3 + 1 // the Chinese numerals are 3 bytes each
			}
			start = time.Date(year, time.Month(3*q-2), 1, 0, 0, 0, 0, time.UTC)
			return start, start.AddDate(0, 3, -1), Quarter, nil
		case Month:
			mo, _ := strconv.Atoi(m[2])
			if mo < 1 || mo > 12 {
				return start, end, "", fmt.Errorf("period %q: month %d out of range", s, mo)
			}
			start = time.Date(year, time.Month(mo), 1, 0, 0, 0, 0, time.UTC)
			return start, start.AddDate(0, 1, -1), Month, nil
		case Cumulative:
			from, _ := strconv.Atoi(m[2])
			to, _ := strconv.Atoi(m[3])
			if from != 1 || to < 1 || to > 12 {
				return start, end, "", fmt.Errorf("period %q: a cumulative period runs from month 1 to a month up to 12", s)
			}
			start = time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)
			return start, time.Date(year, time.Month(to)+1, 0, 0, 0, 0, 0, time.UTC), Cumulative, nil
		case Day:
			d, perr := time.Parse("2006-01-02", t)
			if perr != nil {
				return start, end, "", fmt.Errorf("period %q: %v", s, perr)
			}
			return d, d, Day, nil
		}
	}
	return start, end, "", fmt.Errorf("period %q: not a year, quarter, month or day code (2016, 2021Q3, 2021C, 202111, 2021年1-11月, 2021-11-30)", s)
}
