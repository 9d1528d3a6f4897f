package stats

import (
	"testing"
)

// The cells the lenient reader used to take, read by ParseNumber with a
// declared "." decimal: numbers as before; missing marks nil; text that is
// no number an error now, never a NULL.
func TestParseNumberCells(t *testing.T) {
	dot, err := ParseNumberFormat(".", "")
	if err != nil {
		t.Fatal(err)
	}
	miss := NewMissing(nil)
	cases := []struct {
		in   string
		want any // float64, nil (missing) or "error"
	}{
		{"46,344.9", 46344.9}, {"3.5*", 3.5}, {"12.4①", 12.4}, {"6.2 (1)", 6.2}, {"7.12**", 7.12},
		{"２０，４８７．５", 20487.5}, {"－3.2", -3.2}, {"-3.2", -3.2}, {"−0.3", -0.3}, {"+5", 5.0},
		{"1 234 567", 1234567.0}, {"64.5%", 64.5}, {" 0 ", 0.0}, {"0.0", 0.0},
		{"..", nil}, {"...", nil}, {"-", nil}, {"—", nil}, {"——", nil}, {"……", nil}, {"", nil}, {"  ", nil},
		{"x", nil}, {"n.a.", nil}, {"..*", nil},
		{"abc", "error"}, {"1.2.3", "error"}, {"12 yuan", "error"},
	}
	for _, c := range cases {
		v, err := ParseNumber(c.in, dot, miss, 1)
		switch w := c.want.(type) {
		case nil:
			if v != nil || err != nil {
				t.Errorf("ParseNumber(%q) = %v, %v; want nil (missing)", c.in, v, err)
			}
		case string:
			if err == nil {
				t.Errorf("ParseNumber(%q) = %v, want an error", c.in, *v)
			}
		case float64:
			if err != nil || v == nil || *v != w {
				t.Errorf("ParseNumber(%q) = %v, %v; want %v", c.in, v, err, w)
			}
		}
	}
}

func TestParseNumberScaledIsExact(t *testing.T) {
	dot, _ := ParseNumberFormat(".", "")
	for _, c := range []struct {
		in    string
		scale float64
		want  float64
	}{
		{"1.23", 1e8, 123000000}, {"72,306.4", 1e8, 7230640000000}, {"911.0", 1e4, 9110000},
		{"0.1", 1e4, 1000}, {"6,124.0", 1e8, 612400000000}, {"2.5", 0.5, 1.25},
	} {
		if v, err := ParseNumber(c.in, dot, NewMissing(nil), c.scale); err != nil || v == nil || *v != c.want {
			t.Errorf("ParseNumber(%q, scale %g) = %v, %v; want %v", c.in, c.scale, v, err, c.want)
		}
	}
	if v, err := ParseNumber("—", dot, NewMissing(nil), 1e8); v != nil || err != nil {
		t.Errorf("missing mark scaled to %v, %v", v, err)
	}
}

func TestParseUnit(t *testing.T) {
	cases := []struct {
		in    string
		unit  string
		scale float64
	}{
		{"(100 million yuan)", "CNY", 1e8},
		{"Table 2-1 Total Health Expenditure, 2016-2020 (100 million yuan)", "CNY", 1e8},
		{"亿元", "CNY", 1e8}, {"万元", "CNY", 1e4}, {"万人", "persons", 1e4}, {"元", "CNY", 1},
		{"绝对额（亿元）", "CNY", 1e8}, {"同比增长（%）", "percent", 1}, {"单位：万人", "persons", 1e4},
		{"单位:亿美元", "USD", 1e8}, {"Unit: 10 000 persons", "persons", 1e4},
		{"%", "percent", 1}, {"percent", "percent", 1}, {"per cent", "percent", 1},
		{"billion US$", "USD", 1e9}, {"(billion US dollars)", "USD", 1e9}, {"Beds (10 000 beds)", "beds", 1e4},
		{"Licensed Doctors (10 000 persons)", "persons", 1e4}, {"(trillion yuan)", "CNY", 1e12},
		{"境外营业收入（亿美元）", "USD", 1e8}, {"Share of GDP (%)", "percent", 1}, {"万人次", "person-times", 1e4},
		{"(10 000)", "", 1e4},
		// no unit
		{"Hospitals", "", 1}, {"Item", "", 1}, {"人口", "", 1}, {"2021年1-11月中央企业主要经济指标", "", 1},
		{"营业收入（2021年）", "", 1}, {"Out-of-pocket (1)", "", 1}, {"", "", 1},
	}
	for _, c := range cases {
		u, s := ParseUnit(c.in)
		if u != c.unit || s != c.scale {
			t.Errorf("ParseUnit(%q) = (%q, %g), want (%q, %g)", c.in, u, s, c.unit, c.scale)
		}
	}
}

func TestStripUnitAndFootnotes(t *testing.T) {
	for in, want := range map[string]string{
		"Total Health Expenditure (100 million yuan)": "Total Health Expenditure",
		"绝对额（亿元）":                                     "绝对额",
		"境外营业收入（亿美元）":                                 "境外营业收入",
		"Out-of-pocket (Jan-Nov)":                     "Out-of-pocket (Jan-Nov)",
	} {
		if got := StripUnit(in); got != want {
			t.Errorf("StripUnit(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"研发经费投入①": "研发经费投入", "Out-of-pocket**": "Out-of-pocket", "3.5*": "3.5", "Beds²": "Beds", "2020 (a)": "2020"} {
		if got := StripFootnotes(in); got != want {
			t.Errorf("StripFootnotes(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzParseCell(f *testing.F) {
	dot, _ := ParseNumberFormat(".", "")
	for _, s := range []string{"46,344.9", "3.5*", "２０，４８７．５", "..", "—", "1e400", "-", "(1)", "①①", "1,2.3e"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, _ := ParseNumber(s, dot, NewMissing(nil), 1)
		if v != nil && *v != *v {
			t.Fatalf("NaN from %q", s)
		}
		ParseUnit(s)
		StripUnit(s)
		ParsePeriodIn(s, 2021)
	})
}
