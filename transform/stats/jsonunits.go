package stats

import "strings"

// JSONUnit returns the unit to store for a unit as a JSON API writes it
// and the scale to apply to the written number, by the same vocabulary as
// tables (ParseUnit): "亿元" → ("CNY", 1e8), "%" → ("percent", 1). A unit
// ParseUnit does not know is kept as written, with scale 1; "" stays "".
func JSONUnit(written string) (unit string, scale float64) {
	w := strings.TrimSpace(written)
	if u, sc := ParseUnit(w); u != "" {
		return u, sc
	}
	return w, 1
}

// JSONUnitFromName guesses the unit from an indicator name that states it
// in a trailing parenthesis, as the World Bank's do: "Current health
// expenditure (% of GDP)" → "%". It returns "" when the name says nothing.
func JSONUnitFromName(name string) string {
	name = strings.TrimSpace(name)
	if !strings.HasSuffix(name, ")") {
		return ""
	}
	i := strings.LastIndexByte(name, '(')
	if i < 0 {
		return ""
	}
	inner := strings.TrimSpace(name[i+1 : len(name)-1])
	if strings.HasPrefix(inner, "%") {
		return "%"
	}
	return ""
}
