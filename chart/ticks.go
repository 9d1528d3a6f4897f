package chart

import (
	"math"
	"strconv"
	"strings"
	"time"

	"gonum.org/v1/plot"
)

// maxTicks bounds the labelled ticks on the time axis.
const maxTicks = 8

// dateTicks labels the time axis (Unix seconds, UTC). Points sit at their
// period's end, so a tick marks the end of a calendar period and is
// labelled with that period: 2016-12-31 is "2016", 2021-11-30 "2021-11".
// Spans under two months get day ticks. The smallest step that keeps at
// most maxTicks labels wins. yearly (every point is a 31 December) asks
// for year ticks whatever the span.
func dateTicks(lo, hi float64, yearly bool) []plot.Tick {
	from, to := time.Unix(int64(lo), 0).UTC(), time.Unix(int64(hi), 0).UTC()
	if to.Sub(from) < 62*24*time.Hour && !yearly {
		for _, step := range []int{1, 2, 7, 14, 31} {
			start := time.Date(from.Year(), from.Month(), from.Day(), 0, 0, 0, 0, time.UTC)
			next := func(t time.Time) time.Time { return t.AddDate(0, 0, step) }
			if ticks := walk(start, lo, hi, next, func(t time.Time) time.Time { return t }, nil, time.DateOnly); len(ticks) <= maxTicks {
				return ticks
			}
		}
	}
	// Years, ticked at 31 December, when every year gives at least three
	// ticks; else months whose number is a multiple of step (step 3: Mar,
	// Jun, Sep, Dec), ticked at their last day; then years that are
	// multiples of step.
	jan := time.Date(from.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
	nextYear := func(t time.Time) time.Time { return t.AddDate(1, 0, 0) }
	dec31 := func(t time.Time) time.Time { return t.AddDate(1, 0, -1) }
	if ticks := walk(jan, lo, hi, nextYear, dec31, nil, "2006"); (len(ticks) >= 3 || yearly && len(ticks) > 0) && len(ticks) <= maxTicks {
		return ticks
	}
	first := time.Date(from.Year(), from.Month(), 1, 0, 0, 0, 0, time.UTC)
	nextMonth := func(t time.Time) time.Time { return t.AddDate(0, 1, 0) }
	lastDay := func(t time.Time) time.Time { return t.AddDate(0, 1, -1) }
	for _, step := range []int{1, 2, 3, 6} {
		if yearly {
			break
		}
		keep := func(t time.Time) bool { return int(t.Month())%step == 0 }
		if ticks := walk(first, lo, hi, nextMonth, lastDay, keep, "2006-01"); len(ticks) <= maxTicks {
			return ticks
		}
	}
	for _, step := range []int{1, 2, 5, 10, 20, 50, 100} {
		keep := func(t time.Time) bool { return t.Year()%step == 0 }
		if ticks := walk(jan, lo, hi, nextYear, dec31, keep, "2006"); len(ticks) <= maxTicks {
			return ticks
		}
	}
	return nil
}

// walk lists a tick at end(t) for each t from start by next that keep
// accepts (nil: all), those within lo..hi, stopping past maxTicks.
func walk(start time.Time, lo, hi float64, next, end func(time.Time) time.Time, keep func(time.Time) bool, layout string) []plot.Tick {
	var ticks []plot.Tick
	for t := start; float64(t.Unix()) <= hi; t = next(t) {
		if keep != nil && !keep(t) {
			continue
		}
		e := end(t)
		v := float64(e.Unix())
		if v < lo || v > hi {
			continue
		}
		ticks = append(ticks, plot.Tick{Value: v, Label: e.Format(layout)})
		if len(ticks) > maxTicks {
			break
		}
	}
	return ticks
}

// valueTicks are gonum's default value ticks labelled by ShortValue.
func valueTicks(lo, hi float64) []plot.Tick {
	ticks := plot.DefaultTicks{}.Ticks(lo, hi)
	for i := range ticks {
		if ticks[i].Label != "" {
			ticks[i].Label = ShortValue(ticks[i].Value)
		}
	}
	return ticks
}

// ShortValue writes an axis value briefly: thousands separated below a
// million, then "mn", "bn" and "tn" (short scale), e.g. 83,000, 2.5 mn,
// 7 tn; small values as they are.
func ShortValue(v float64) string {
	a := math.Abs(v)
	for _, s := range []struct {
		scale  float64
		suffix string
	}{{1e12, " tn"}, {1e9, " bn"}, {1e6, " mn"}} {
		if a >= s.scale {
			return strconv.FormatFloat(round6(v/s.scale), 'f', -1, 64) + s.suffix
		}
	}
	if a >= 1000 {
		s := strconv.FormatFloat(round6(v), 'f', -1, 64)
		neg := strings.HasPrefix(s, "-")
		s = strings.TrimPrefix(s, "-")
		intPart, frac, _ := strings.Cut(s, ".")
		var b strings.Builder
		for i, r := range intPart {
			if i > 0 && (len(intPart)-i)%3 == 0 {
				b.WriteByte(',')
			}
			b.WriteRune(r)
		}
		s = b.String()
		if frac != "" {
			s += "." + frac
		}
		if neg {
			s = "-" + s
		}
		return s
	}
	return strconv.FormatFloat(round6(v), 'g', -1, 64)
}

// round6 rounds to 6 significant digits, dropping float noise such as
// 0.30000000000000004.
func round6(v float64) float64 {
	f, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 6, 64), 64)
	return f
}
