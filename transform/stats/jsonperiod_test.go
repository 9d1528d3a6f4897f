package stats

import (
	"testing"
)

func TestParseJSONPeriod(t *testing.T) {
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
		start, end, gran, err := ParseJSONPeriod(c.in)
		if err != nil || start.Format("2006-01-02") != c.start || end.Format("2006-01-02") != c.end || gran != c.gran {
			t.Errorf("ParseJSONPeriod(%q) = %v %v %q %v, want %s %s %s", c.in, start, end, gran, err, c.start, c.end, c.gran)
		}
	}
	for _, bad := range []string{"", "16", "202113", "2021E", "2021Q5", "2021年3-11月", "2021-13-01", "sometime", "2021年0月"} {
		if _, _, _, err := ParseJSONPeriod(bad); err == nil {
			t.Errorf("ParseJSONPeriod(%q) parsed, want an error", bad)
		}
	}
}

func TestJSONUnit(t *testing.T) {
	cases := []struct {
		in, unit string
		scale    float64
	}{
		{"%", "percent", 1}, {"亿元", "yuan", 1e8}, {"万元", "yuan", 1e4}, {"万人", "persons", 1e4},
		{"", "", 1}, {"kg", "kg", 1}, {" percent ", "percent", 1},
	}
	for _, c := range cases {
		if u, s := JSONUnit(c.in); u != c.unit || s != c.scale {
			t.Errorf("JSONUnit(%q) = %q, %v, want %q, %v", c.in, u, s, c.unit, c.scale)
		}
	}
	for name, want := range map[string]string{"Current health expenditure (% of GDP)": "%", "Population, total": "", "GDP (current US$)": "", "x)": ""} {
		if got := JSONUnitFromName(name); got != want {
			t.Errorf("JSONUnitFromName(%q) = %q, want %q", name, got, want)
		}
	}
}

func FuzzParseJSONPeriod(f *testing.F) {
	for _, s := range []string{"2016", "2021C", "2021年1-11月", "202111", "2021-11-30", "2021年第三季度"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		start, end, _, err := ParseJSONPeriod(s)
		if err == nil && end.Before(start) {
			t.Errorf("ParseJSONPeriod(%q): end %v before start %v", s, end, start)
		}
	})
}
