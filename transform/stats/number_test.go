package stats

import (
	"errors"
	"strings"
	"testing"
)

func TestParseNumber(t *testing.T) {
	de := NumberFormat{Decimal: ','}
	en := NumberFormat{Decimal: '.'}
	none := NumberFormat{}
	cases := []struct {
		in    string
		f     NumberFormat
		scale float64
		want  any // float64, nil (missing) or an error fragment (string)
	}{
		{"1.613", de, 1, 1613.0},
		{"1.613", en, 1, 1.613},
		{"1.613", none, 1, "ambiguous"},
		{"1,338", none, 1, "ambiguous"},
		{"1,338", en, 1, 1338.0},
		{"11.124.642", de, 1, 11124642.0},
		{"11.124.642", none, 1, 11124642.0},
		{"986.887", de, 1, 986887.0},
		{"986.887", none, 1, "ambiguous"},
		{"12,4", none, 1, 12.4},
		{"12,4", de, 1, 12.4},
		{"12,4", en, 1, "not three digits"},
		{"229,932.50", none, 1, 229932.5},
		{"229,932.50", de, 1, "thousands"},
		{"1.234,5", none, 1, 1234.5},
		{"1 234 567", none, 1, 1234567.0},
		{"1 234,5", none, 1, 1234.5},
		{"0.613", none, 1, 0.613},
		{"1234.567", none, 1, 1234.567},
		{"2923556.4816999999", none, 1, 2923556.4816999999},
		{"-3.2", en, 1, -3.2},
		{"−0,3", de, 1, -0.3},
		{"(1,234)", en, 1, -1234.0},
		{"64.5%", en, 1, 64.5},
		{"3.5*", en, 1, 3.5},
		{"1.23", en, 1e8, 123000000.0},
		{"1,5", de, 1e6, 1500000.0},
		{"1.5e3", en, 1, 1500.0},
		{"NaN", en, 1, nil},
		{"..", en, 1, nil},
		{"", en, 1, nil},
		{"12 yuan", en, 1, "not a number"},
		{"1.2.3", en, 1, "more than once"},
		{"abc", en, 1, "not a number"},
		{strings.Repeat("9", 500), en, 1, "significant digits"},
		{"1" + strings.Repeat("0", 400), en, 1, "does not fit"},
		{"1e999", en, 1, "does not fit"},
		{"123456789012345678", en, 1, "significant digits"},
		{"1000000000000000000000", en, 1, 1e21},
	}
	for _, c := range cases {
		v, err := ParseNumber(c.in, c.f, nil, c.scale)
		switch w := c.want.(type) {
		case nil:
			if err != nil || v != nil {
				t.Errorf("ParseNumber(%q) = %v, %v; want missing", c.in, v, err)
			}
		case float64:
			if err != nil || v == nil || *v != w {
				t.Errorf("ParseNumber(%q, %c) = %v, %v; want %v", c.in, c.f.Decimal, v, err, w)
			}
		case string:
			var ne *NumberError
			if err == nil || !errors.As(err, &ne) || !strings.Contains(err.Error(), w) {
				t.Errorf("ParseNumber(%q, %c) = %v, %v; want an error with %q", c.in, c.f.Decimal, v, err, w)
			}
		}
	}
}

func TestMissingMarksConfigured(t *testing.T) {
	m := NewMissing([]string{":", "x"})
	for _, in := range []string{":", "x", "", " : "} {
		if v, err := ParseNumber(in, NumberFormat{Decimal: '.'}, m, 1); v != nil || err != nil {
			t.Errorf("%q: %v, %v; want missing", in, v, err)
		}
	}
	// ".." is a default mark but not one of this source's: an error, not a NULL.
	if _, err := ParseNumber("..", NumberFormat{Decimal: '.'}, m, 1); err == nil {
		t.Errorf(`".." with missing [":", "x"]: no error`)
	}
}

func TestInferNumberFormat(t *testing.T) {
	cases := []struct {
		cells []string
		want  rune
		err   bool
	}{
		{[]string{"1.613", "2.003", "12,5"}, ',', false},
		{[]string{"1,338", "62,271", "1,234,567"}, '.', false},
		{[]string{"1,338", "62,271"}, 0, false},
		{[]string{"1.5", "12,4"}, 0, true},
		{[]string{"7", "..", "", "x"}, 0, false},
	}
	for _, c := range cases {
		f, err := InferNumberFormat(c.cells)
		if (err != nil) != c.err || f.Decimal != c.want {
			t.Errorf("InferNumberFormat(%q) = %c, %v; want %c, error %v", c.cells, f.Decimal, err, c.want, c.err)
		}
	}
}

func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{"1.613", "1,338", "12,4", "(1,234)", "1e5", "−0,3", "1 234,5", "..", "9999999999999999999999"} {
		f.Add(s, byte('.'))
	}
	f.Fuzz(func(t *testing.T, s string, dec byte) {
		var nf NumberFormat
		if dec == ',' || dec == '.' {
			nf.Decimal = rune(dec)
		}
		v, err := ParseNumber(s, nf, nil, 1)
		if err == nil && v != nil && (*v != *v) {
			t.Fatalf("NaN from %q", s)
		}
		_, _ = InferNumberFormat([]string{s})
	})
}

func TestResolveUnit(t *testing.T) {
	units := Units{"Hours worked": {Unit: "hours", Scale: 1e3}, "Mio. €": {Unit: "EUR", Scale: 1e6}}
	cases := []struct {
		in    string
		unit  string
		scale float64
		ok    bool
	}{
		{"EUR million", "EUR", 1e6, true},
		{"£ million", "GBP", 1e6, true},
		{"£m", "GBP", 1e6, true},
		{"million euros", "EUR", 1e6, true},
		{"CHF", "CHF", 1, true},
		{"万元", "CNY", 1e4, true},
		{"%", "percent", 1, true},
		{"000 Hours", "Hours", 1e3, true},
		{"hours worked", "hours", 1e3, true},
		{"mio. €", "EUR", 1e6, true},
		{"Anzahl", "", 1, false},
	}
	for _, c := range cases {
		u, sc, ok := ResolveUnit(c.in, units)
		if u != c.unit || sc != c.scale || ok != c.ok {
			t.Errorf("ResolveUnit(%q) = %q, %g, %v; want %q, %g, %v", c.in, u, sc, ok, c.unit, c.scale, c.ok)
		}
	}
}

// Currency units in headers and captions read as the figure parser reads
// the same amount in a sentence.
func TestFindUnitCurrencies(t *testing.T) {
	for _, c := range []struct {
		in    string
		unit  string
		scale float64
	}{
		{"GDP (EUR million)", "EUR", 1e6}, {"Revenue (£ million)", "GBP", 1e6}, {"Exports (billion US$)", "USD", 1e9},
		{"单位：亿元", "CNY", 1e8}, {"Spending (euros)", "EUR", 1}, {"Euro area (EA19)", "", 1},
	} {
		u, sc := ParseUnit(c.in)
		if u != c.unit || sc != c.scale {
			t.Errorf("ParseUnit(%q) = %q, %g; want %q, %g", c.in, u, sc, c.unit, c.scale)
		}
	}
}
