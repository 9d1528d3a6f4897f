package stories

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/newsetl/newsetl/config"
)

func c(vals ...float64) []Figure {
	out := make([]Figure, len(vals))
	for i, v := range vals {
		out[i] = Figure{Value: v, Kind: "count"}
	}
	return out
}

func pct(v float64) Figure { return Figure{Value: v, Kind: "percent"} }

func join(parts ...[]Figure) []Figure {
	var out []Figure
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

var day0 = time.Date(2021, 12, 20, 0, 0, 0, 0, time.UTC)

// The SASAC release's figures as the parser reads the English and the
// Chinese version (testdata/site/sasac/*/2021/12/art_4512.html).
var sasacRelease = join(c(4, 1154), []Figure{pct(99.6)}, c(228, 359, 202, 360, 157, 182, 27000, 13330000, 21))

func TestMatch(t *testing.T) {
	r := DefaultRule()
	for _, tc := range []struct {
		name       string
		a, b       []Figure
		days       float64
		wantShared int
		wantCoef   float64
		want       bool
	}{
		{"the English and Chinese SASAC release", sasacRelease, sasacRelease, 0, 12, 1, true},
		{"a version with a figure more, published the next day", sasacRelease, join(sasacRelease, c(8)), 1, 12, 1, true},
		{"three days apart is inside the window", sasacRelease, sasacRelease, 3, 12, 1, true},
		{"four days apart is outside the window", sasacRelease, sasacRelease, 4, 0, 0, false},
		{"two short notes sharing 2023 and 5%", join(c(2023, 3460), []Figure{pct(5)}), join(c(2023), []Figure{pct(5), {3.1e9, "amount"}}), 0, 2, 2.0 / 3, false},
		{"three shared of twenty is a low overlap", join(c(1, 2, 3), c(11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27)),
			join(c(1, 2, 3), c(31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47)), 0, 3, 3.0 / 20, false},
		{"a short version inside a long one", c(1154, 228, 359), join(c(1154, 228, 359), c(1, 2, 3, 4, 5, 6, 7, 8, 9)), 0, 3, 1, true},
		{"same values, other kinds", c(1154, 228, 359), []Figure{pct(1154), pct(228), pct(359)}, 0, 0, 0, false},
		{"multiset: a value written twice counts twice only when both write it twice", c(5, 5, 5, 7), c(5, 5, 8, 9), 0, 2, 0.5, false},
		{"multiset: twice in both", c(5, 5, 7, 8), c(5, 5, 7, 9), 0, 3, 0.75, true},
		{"-0 is 0", c(0, 1, 2), c(math.Copysign(0, -1), 1, 2), 0, 3, 1, true},
		{"NaN and Inf equal nothing", c(math.NaN(), math.Inf(1), 1, 2, 3), c(math.NaN(), math.Inf(1), 1, 2, 3), 0, 3, 1, true},
		{"no figures", nil, sasacRelease, 0, 0, 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tb := day0.Add(time.Duration(tc.days * 24 * float64(time.Hour)))
			for _, swap := range []bool{false, true} {
				a, b, ta, tbb := NewMultiset(tc.a), NewMultiset(tc.b), day0, tb
				if swap {
					a, b, ta, tbb = b, a, tbb, ta
				}
				shared, coef, ok := r.Match(ta, a, tbb, b)
				if shared != tc.wantShared || math.Abs(coef-tc.wantCoef) > 1e-12 || ok != tc.want {
					t.Errorf("swap %v: Match = %d shared, %g, %v; want %d, %g, %v", swap, shared, coef, ok, tc.wantShared, tc.wantCoef, tc.want)
				}
			}
		})
	}
}

func TestMatchUndatedIsAlone(t *testing.T) {
	m := NewMultiset(sasacRelease)
	for _, ta := range []time.Time{{}, time.Unix(0, 0)} {
		if _, _, ok := DefaultRule().Match(ta, m, ta, m); ok {
			t.Errorf("versions dated %v matched: an undated version is a story of its own", ta)
		}
	}
}

func TestRuleFrom(t *testing.T) {
	for _, tc := range []struct {
		in      config.Stories
		want    string
		wantErr string
	}{
		{config.Stories{}, "window=3d min_shared=3 min_overlap=0.6", ""},
		{config.Stories{WindowDays: 7, MinShared: 5, MinOverlap: 0.8}, "window=7d min_shared=5 min_overlap=0.8", ""},
		{config.Stories{MinOverlap: 1.5}, "", "min_overlap in [0, 1]"},
		{config.Stories{WindowDays: -1}, "", "window_days ≥ 0"},
	} {
		r, err := RuleFrom(tc.in)
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("RuleFrom(%+v) error %v, want one saying %q", tc.in, err, tc.wantErr)
			}
			continue
		}
		if err != nil || r.String() != tc.want {
			t.Errorf("RuleFrom(%+v) = %s, %v; want %s", tc.in, r, err, tc.want)
		}
	}
}

// FuzzMatch checks, for any two figure lists, that Match never panics, is
// symmetric, keeps the coefficient in [0, 1] and shared within both sizes.
func FuzzMatch(f *testing.F) {
	f.Add([]byte{1, 2, 3, 4}, []byte{1, 2, 3, 5}, int8(0))
	f.Add([]byte{}, []byte{7}, int8(2))
	f.Add([]byte{9, 9, 9}, []byte{9, 9}, int8(-4))
	f.Fuzz(func(t *testing.T, a, b []byte, days int8) {
		figs := func(bs []byte) []Figure {
			out := make([]Figure, len(bs))
			for i, x := range bs {
				kind := "count"
				if x&1 == 1 {
					kind = "percent"
				}
				out[i] = Figure{Value: float64(x >> 1), Kind: kind}
			}
			return out
		}
		ma, mb := NewMultiset(figs(a)), NewMultiset(figs(b))
		tb := day0.Add(time.Duration(days) * 24 * time.Hour)
		r := DefaultRule()
		s1, c1, ok1 := r.Match(day0, ma, tb, mb)
		s2, c2, ok2 := r.Match(tb, mb, day0, ma)
		if s1 != s2 || c1 != c2 || ok1 != ok2 {
			t.Fatalf("not symmetric: %d %g %v vs %d %g %v", s1, c1, ok1, s2, c2, ok2)
		}
		if c1 < 0 || c1 > 1 || s1 > min(ma.Len(), mb.Len()) {
			t.Fatalf("shared %d, coefficient %g for sizes %d and %d", s1, c1, ma.Len(), mb.Len())
		}
		if ok1 && (s1 < r.MinShared || c1 < r.MinOverlap) {
			t.Fatalf("matched below the thresholds: %d, %g", s1, c1)
		}
	})
}
