package stats

import "testing"

func TestJSONUnit(t *testing.T) {
	cases := []struct {
		in, unit string
		scale    float64
	}{
		{"%", "percent", 1}, {"亿元", "CNY", 1e8}, {"万元", "CNY", 1e4}, {"万人", "persons", 1e4},
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
