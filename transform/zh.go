package transform

import (
	"time"
	"unicode"
)

// This file is the Chinese reader of Parse (see the table in lang.go).
// Chinese has no spaces, so it works on the runes of each sentence rather
// than on tokens: zhperiod.go finds the period phrases, zhnum.go reads
// numbers, zh_figures.go keeps those that are figures and classifies them by
// what follows (zh_units.go: a measure word, %, 个百分点, 元, 成, ...),
// zh_qualifier.go reads qualifiers and the direction of a change, and
// zh_subject.go the subject: the noun after a measure word ("1154家医疗机构"),
// or for a percentage, an amount or a count whose noun comes first ("床位2.7
// 万张") the words before the verb that links them ("……完成率达99.6%").

// zhReader reads Chinese sentences. Its buffers are reused from sentence to
// sentence.
type zhReader struct {
	rs      []rune // the sentence's runes
	boff    []int  // byte offset in the text of each rune of rs, and of its end
	periods []zhPeriod
	figs    []zhFig
	out     []sentenceFigure
}

func newZhReader() sentenceReader { return &zhReader{} }

// read reads the figures of a Chinese sentence (see sentenceReader). The
// phrase it passes on is its last one that is no baseline ("比上年").
func (r *zhReader) read(text string, s span, published time.Time, carried *Period) ([]sentenceFigure, *Period) {
	rs, boff := r.rs[:0], r.boff[:0]
	for i, c := range text[s.bstart:s.bend] {
		rs = append(rs, c)
		boff = append(boff, s.bstart+i)
	}
	boff = append(boff, s.bend)
	r.rs, r.boff = rs, boff
	r.periods = findZhPeriods(rs, published, r.periods[:0])
	r.figs = findZhFigures(rs, r.periods, r.figs[:0])
	zhSubjects(rs, r.figs, r.periods)
	zhLists(rs, r.figs, r.periods)
	out := r.out[:0]
	for _, g := range r.figs {
		out = append(out, sentenceFigure{
			bstart:    boff[g.first],
			bend:      boff[g.end],
			start:     s.start + g.first,
			end:       s.start + g.end,
			value:     g.value,
			low:       g.low,
			high:      g.high,
			kind:      g.kind,
			unit:      g.unit,
			subject:   g.subject,
			base:      g.base,
			qualifier: g.qualifier,
			direction: g.direction,
			change:    g.change,
			period:    zhAssignPeriod(g, r.periods, carried),
		})
	}
	r.out = out
	var pass *Period
	for i := range r.periods {
		if !r.periods[i].baseline {
			pass = &r.periods[i].period
		}
	}
	return out, pass
}

// zhAssignPeriod picks the period of a figure: the nearest phrase before it
// in the sentence, else the one an earlier clause joined by "；" passed on
// (carried, or nil), else the first phrase after it. Baselines ("比上年") date
// nothing.
func zhAssignPeriod(g zhFig, periods []zhPeriod, carried *Period) *Period {
	var before, after *Period
	for i := range periods {
		p := &periods[i]
		if p.baseline {
			continue
		}
		if p.end <= g.lead {
			before = &p.period
		} else if p.first >= g.end && after == nil {
			after = &p.period
		}
	}
	if before == nil {
		before = carried
	}
	if before != nil {
		return before
	}
	return after
}

// zhDetect reports whether text reads as Chinese: Han characters make up a
// good share of the letters of its first 4 KB (a Han character is about a
// word, an English word about five letters). It is the script detection of
// Chinese in the table of languages (lang.go), used by DetectLang.
func zhDetect(text string) bool {
	han, latin := 0, 0
	for i, r := range text {
		if i > 4096 {
			break
		}
		switch {
		case r < 0x80:
			if r|0x20 >= 'a' && r|0x20 <= 'z' {
				latin++
			}
		case unicode.Is(unicode.Han, r):
			han++
		}
	}
	return han > 0 && han*5 >= latin
}
