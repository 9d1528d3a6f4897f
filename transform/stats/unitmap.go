package stats

import (
	"fmt"
	"strings"

	"github.com/newsetl/newsetl/transform"
)

// UnitSpec is what a unit text means: the unit stored and the multiplier
// applied to the written numbers. Scale 0 means 1.
type UnitSpec struct {
	Unit  string  `yaml:"unit"`
	Scale float64 `yaml:"scale"`
}

// Units maps unit texts as sources write them ("EUR million", "万元",
// "000 Hours") to their meaning, from a source's (or the file's) units:
// key. Keys match after Normalize, case-insensitively.
type Units map[string]UnitSpec

// Validate checks the scales.
func (u Units) Validate() error {
	for k, s := range u {
		if s.Scale < 0 {
			return fmt.Errorf("units.%s: scale %g must not be negative", k, s.Scale)
		}
	}
	return nil
}

// Merge returns u's entries over base's (a source's map over the global one).
func (u Units) Merge(base Units) Units {
	if len(base) == 0 {
		return u
	}
	out := Units{}
	for k, v := range base {
		out[k] = v
	}
	for k, v := range u {
		out[k] = v
	}
	return out
}

func (u Units) lookup(text string) (UnitSpec, bool) {
	want := strings.ToLower(Normalize(text))
	for k, s := range u {
		if strings.ToLower(Normalize(k)) == want {
			if s.Scale == 0 {
				s.Scale = 1
			}
			return s, true
		}
	}
	return UnitSpec{}, false
}

// ResolveUnit reads a unit text: the configured map first, then the
// built-in vocabulary (FindUnit: "亿元", "(%)", "billion US$"), then a
// currency the figure parser knows with an optional magnitude ("EUR
// million", "£ million", "million euros", "CHF"), then a leading
// thousands mark ("000 Hours", "'000 persons": the rest as written times
// 1e3). ok is false when nothing matched; the caller keeps the text with
// scale 1.
func ResolveUnit(text string, units Units) (unit string, scale float64, ok bool) {
	if strings.TrimSpace(text) == "" {
		return "", 1, false
	}
	if s, ok := units.lookup(text); ok {
		return s.Unit, s.Scale, true
	}
	if u, sc, ok := currencyUnit(text); ok {
		return u, sc, true
	}
	if u, sc, ok := FindUnit(text); ok {
		return u, sc, true
	}
	s := Normalize(text)
	for _, p := range []string{"'000 ", "’000 ", "000 ", "000's ", "('000) "} {
		if rest, found := strings.CutPrefix(s, p); found && strings.TrimSpace(rest) != "" {
			return strings.TrimSpace(rest), 1e3, true
		}
	}
	return "", 1, false
}

// currencyUnit reads "EUR million", "£ million", "£m", "million euros",
// "US$ billion", "CHF".
func currencyUnit(text string) (string, float64, bool) {
	s := strings.ToLower(Normalize(text))
	scale := 1.0
	for _, w := range scaleWords {
		if i := strings.Index(s, w.word); i >= 0 && (!asciiWordRE.MatchString(w.word) || wordAt(s, i, len(w.word))) {
			scale = w.scale
			s = s[:i] + " " + s[i+len(w.word):]
			break
		}
	}
	fields := strings.Fields(s)
	if len(fields) == 1 && scale == 1 {
		// "£m", "€bn": a sign glued to a magnitude
		for _, g := range []struct {
			suffix string
			scale  float64
		}{{"bn", 1e9}, {"m", 1e6}, {"k", 1e3}} {
			if head, ok := strings.CutSuffix(fields[0], g.suffix); ok && head != "" {
				if code, ok := transform.CurrencyCode(head); ok && !strings.ContainsAny(head, "abcdefghijklmnopqrstuvwxyz") {
					return code, g.scale, true
				}
			}
		}
	}
	if len(fields) != 1 {
		return "", 1, false
	}
	code, ok := transform.CurrencyCode(fields[0])
	if !ok {
		return "", 1, false
	}
	return code, scale, true
}
