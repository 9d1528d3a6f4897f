package stats

import (
	"strings"
	"testing"
	"time"
)

func TestParsePeriod(t *testing.T) {
	d := func(y, m, day int) string {
		return time.Date(y, time.Month(m), day, 0, 0, 0, 0, time.UTC).Format("2006-01-02")
	}
	cases := []struct {
		in, start, end, gran string
	}{
		{"2016", d(2016, 1, 1), d(2016, 12, 31), Year},
		{"2016年", d(2016, 1, 1), d(2016, 12, 31), Year},
		{"２０１６", d(2016, 1, 1), d(2016, 12, 31), Year},
		{"2021Q3", d(2021, 7, 1), d(2021, 9, 30), Quarter},
		{"Q4 2021", d(2021, 10, 1), d(2021, 12, 31), Quarter},
		{"2021年第三季度", d(2021, 7, 1), d(2021, 9, 30), Quarter},
		{"2021年第1季度", d(2021, 1, 1), d(2021, 3, 31), Quarter},
		{"2021年11月", d(2021, 11, 1), d(2021, 11, 30), Month},
		{"2021-11", d(2021, 11, 1), d(2021, 11, 30), Month},
		{"2021M11", d(2021, 11, 1), d(2021, 11, 30), Month},
		{"2020M02", d(2020, 2, 1), d(2020, 2, 29), Month},
		{"Nov 2021", d(2021, 11, 1), d(2021, 11, 30), Month},
		{"November, 2021", d(2021, 11, 1), d(2021, 11, 30), Month},
		{"2021年1-11月", d(2021, 1, 1), d(2021, 11, 30), Cumulative},
		{"2021年1—11月", d(2021, 1, 1), d(2021, 11, 30), Cumulative},
		{"Jan-Nov 2021", d(2021, 1, 1), d(2021, 11, 30), Cumulative},
		{"January-November 2021", d(2021, 1, 1), d(2021, 11, 30), Cumulative},
		{"2021 Jan-Nov", d(2021, 1, 1), d(2021, 11, 30), Cumulative},
		{"2021M01-M11", d(2021, 1, 1), d(2021, 11, 30), Cumulative},
		{"2021年上半年", d(2021, 1, 1), d(2021, 6, 30), Cumulative},
		{"2021-11-30", d(2021, 11, 30), d(2021, 11, 30), Day},
		{"2016*", d(2016, 1, 1), d(2016, 12, 31), Year},
	}
	for _, c := range cases {
		p, err := ParsePeriod(c.in)
		if err != nil {
			t.Errorf("ParsePeriod(%q): %v", c.in, err)
			continue
		}
		if got := [3]string{p.Start.Format("2006-01-02"), p.End.Format("2006-01-02"), p.Granularity}; got != [3]string{c.start, c.end, c.gran} {
			t.Errorf("ParsePeriod(%q) = %v, want %v", c.in, got, [3]string{c.start, c.end, c.gran})
		}
		if p.Text != c.in {
			t.Errorf("ParsePeriod(%q).Text = %q", c.in, p.Text)
		}
	}
	for _, bad := range []string{"", "Year", "1-11月", "2021年3-5月", "2021-13", "2021-02-30", "Total", "12345"} {
		if p, err := ParsePeriod(bad); err == nil {
			t.Errorf("ParsePeriod(%q) = %+v, want an error", bad, p)
		}
	}
	p, err := ParsePeriodIn("1-11月", 2021)
	if err != nil || p.Granularity != Cumulative || p.End != time.Date(2021, 11, 30, 0, 0, 0, 0, time.UTC) {
		t.Errorf("ParsePeriodIn(1-11月, 2021) = %+v, %v", p, err)
	}
	if y := YearIn("2021年1-11月中央企业主要经济指标"); y != 2021 {
		t.Errorf("YearIn = %d", y)
	}
}

// The codes JSON statistics APIs use (World Bank years, statistics bureau
// quarters and months) read the same way.
func TestParsePeriodAPICodes(t *testing.T) {
	cases := []struct{ in, start, end, gran string }{
		{"2016", "2016-01-01", "2016-12-31", Year},
		{"2016年", "2016-01-01", "2016-12-31", Year},
		{"2021Q3", "2021-07-01", "2021-09-30", Quarter},
		{"2021-q4", "2021-10-01", "2021-12-31", Quarter},
		{"2021A", "2021-01-01", "2021-03-31", Quarter},
		{"2021C", "2021-07-01", "2021-09-30", Quarter},
		{"2021D", "2021-10-01", "2021-12-31", Quarter},
		{"2021年第二季度", "2021-04-01", "2021-06-30", Quarter},
		{"2021年第4季度", "2021-10-01", "2021-12-31", Quarter},
		{"202111", "2021-11-01", "2021-11-30", Month},
		{"202002", "2020-02-01", "2020-02-29", Month},
		{"2021M11", "2021-11-01", "2021-11-30", Month},
		{"2021-02", "2021-02-01", "2021-02-28", Month},
		{"2021年9月", "2021-09-01", "2021-09-30", Month},
		{"2021年1-11月", "2021-01-01", "2021-11-30", Cumulative},
		{"2021 1－2月", "2021-01-01", "2021-02-28", Cumulative},
		{"2021-11-30", "2021-11-30", "2021-11-30", Day},
	}
	for _, c := range cases {
		p, err := ParsePeriod(c.in)
		if err != nil || p.Start.Format("2006-01-02") != c.start || p.End.Format("2006-01-02") != c.end || p.Granularity != c.gran {
			t.Errorf("ParsePeriod(%q) = %v %v %q %v, want %s %s %s", c.in, p.Start, p.End, p.Granularity, err, c.start, c.end, c.gran)
		}
	}
	for _, bad := range []string{"", "16", "202113", "2021E", "2021Q5", "2021年3-11月", "2021-13-01", "sometime", "2021年0月"} {
		if _, err := ParsePeriod(bad); err == nil {
			t.Errorf("ParsePeriod(%q) parsed, want an error", bad)
		}
	}
}

func FuzzParsePeriod(f *testing.F) {
	for _, s := range []string{"2016", "2021C", "2021年1-11月", "202111", "2021-11-30", "2021年第三季度", "Jan-Nov 2021", "2021H1", "11月"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePeriodIn(s, 2021)
		if err == nil && p.End.Before(p.Start) {
			t.Errorf("ParsePeriodIn(%q): end %v before start %v", s, p.End, p.Start)
		}
	})
}

func TestParsePeriodWith(t *testing.T) {
	d := func(y, m, day int) string {
		return time.Date(y, time.Month(m), day, 0, 0, 0, 0, time.UTC).Format("2006-01-02")
	}
	april := PeriodOptions{FiscalYearStart: 4}
	cases := []struct {
		in               string
		o                PeriodOptions
		start, end, gran string
	}{
		{"31.12.2020", PeriodOptions{}, d(2020, 12, 31), d(2020, 12, 31), Day},
		{"2021-Q3", PeriodOptions{}, d(2021, 7, 1), d(2021, 9, 30), Quarter},
		{"2021M03", PeriodOptions{}, d(2021, 3, 1), d(2021, 3, 31), Month},
		{"2021-M03", PeriodOptions{}, d(2021, 3, 1), d(2021, 3, 31), Month},
		{"2021-03", PeriodOptions{}, d(2021, 3, 1), d(2021, 3, 31), Month},
		{"2021-W05", PeriodOptions{}, d(2021, 2, 1), d(2021, 2, 7), Week},
		{"2020-W53", PeriodOptions{}, d(2020, 12, 28), d(2021, 1, 3), Week},
		{"2021-S2", PeriodOptions{}, d(2021, 7, 1), d(2021, 12, 31), HalfYear},
		{"2021-A1", PeriodOptions{}, d(2021, 1, 1), d(2021, 12, 31), Year},
		{"2019-01-01T00:00:00", PeriodOptions{}, d(2019, 1, 1), d(2019, 1, 1), Day},
		{"2020-21", april, d(2020, 4, 1), d(2021, 3, 31), FiscalYear},
		{"2010-11", april, d(2010, 4, 1), d(2011, 3, 31), FiscalYear},
		{"FY2021", PeriodOptions{FiscalYearStart: 7}, d(2020, 7, 1), d(2021, 6, 30), FiscalYear},
		{"2020/2021", PeriodOptions{FiscalYearStart: 10}, d(2020, 10, 1), d(2021, 9, 30), FiscalYear},
		{"31017", PeriodOptions{ExcelSerial: true}, d(1984, 12, 1), d(1984, 12, 1), Day},
		{"44256", PeriodOptions{ExcelSerial: true, As: Quarter}, d(2021, 1, 1), d(2021, 3, 31), Quarter},
		{"2021年11月", PeriodOptions{}, d(2021, 11, 1), d(2021, 11, 30), Month},
		{"1-11月", PeriodOptions{Year: 2021}, d(2021, 1, 1), d(2021, 11, 30), Cumulative},
	}
	for _, c := range cases {
		p, err := ParsePeriodWith(c.in, c.o)
		if err != nil {
			t.Errorf("ParsePeriodWith(%q): %v", c.in, err)
			continue
		}
		if got := [3]string{p.Start.Format("2006-01-02"), p.End.Format("2006-01-02"), p.Granularity}; got != [3]string{c.start, c.end, c.gran} {
			t.Errorf("ParsePeriodWith(%q) = %v, want %v", c.in, got, [3]string{c.start, c.end, c.gran})
		}
	}
	for _, c := range []struct{ in, want string }{
		{"2010-11", "ambiguous"}, {"2020-21", "fiscal_year_start"}, {"FY2021", "fiscal_year_start"},
		{"31017", "not recognised"}, {"31.02.2020", "not recognised"}, {"1-11月", "no year"}, {"2021-W60", "not recognised"},
	} {
		if _, err := ParsePeriodWith(c.in, PeriodOptions{}); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("ParsePeriodWith(%q) = %v, want an error with %q", c.in, err, c.want)
		}
	}
}

func FuzzParsePeriodWith(f *testing.F) {
	for _, s := range []string{"2021Q3", "31.12.2020", "2021-W05", "2020-21", "FY21", "44256", "2021年1-11月"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePeriodWith(s, PeriodOptions{FiscalYearStart: 4, ExcelSerial: true, Year: 2021})
		if err == nil && p.End.Before(p.Start) {
			t.Fatalf("%q: end %v before start %v", s, p.End, p.Start)
		}
	})
}

func TestProvesYearMonth(t *testing.T) {
	for _, c := range []struct {
		cells []string
		want  bool
	}{
		{[]string{"2010-11", "2011-12"}, false},
		{[]string{"2011-11", "2011-12"}, true},
		{[]string{"2010-11", "2010-12", "2011-01"}, true},
		{[]string{"2020", "2021Q3"}, false},
	} {
		if got := ProvesYearMonth(c.cells); got != c.want {
			t.Errorf("ProvesYearMonth(%q) = %v, want %v", c.cells, got, c.want)
		}
	}
	if p, err := ParsePeriodWith("2011-12", PeriodOptions{YearMonth: true}); err != nil || p.Granularity != Month || p.Start.Month() != 12 {
		t.Errorf("2011-12 as a month: %+v, %v", p, err)
	}
}
