package transform

import "time"

// This file is the English reader of Parse (see the table in lang.go): it
// takes each sentence through the English pipeline described at Parse.

// enReader reads English sentences. Its buffers are reused from sentence to
// sentence.
type enReader struct {
	toks    []token
	periods []periodPhrase
	figs    []figureSpan
	out     []sentenceFigure
}

func newEnReader() sentenceReader { return &enReader{} }

// read reads the figures of an English sentence (see sentenceReader). The
// phrase it passes on is the last one that covers the end of the clause,
// not one of a relative or participle clause that ended inside it.
func (r *enReader) read(text string, s span, published time.Time, carried *Period) ([]sentenceFigure, *Period) {
	r.toks = tokenize(text, s.bstart, s.bend, s.start, r.toks[:0])
	r.periods = findPeriods(text, r.toks, published, r.periods[:0])
	r.figs = findFigures(r.toks, r.periods, r.figs[:0])
	r.figs = recognizedWrittenFigures(text, s, r.toks, r.periods, r.figs)
	subjectReader{text: text, toks: r.toks, periods: r.periods, figs: r.figs}.attachSubjects()
	enRespectively(r.toks, r.figs)
	toks, out := r.toks, r.out[:0]
	for _, sp := range r.figs {
		out = append(out, sentenceFigure{
			bstart:    toks[sp.first].bstart,
			bend:      toks[sp.last].bend,
			start:     toks[sp.first].start,
			end:       toks[sp.last].end,
			value:     sp.value,
			low:       sp.low,
			high:      sp.high,
			kind:      sp.kind,
			unit:      sp.unit,
			subject:   sp.subject,
			base:      sp.base,
			qualifier: sp.qualifier,
			direction: sp.direction,
			change:    sp.change,
			period:    assignPeriod(sp, r.figs, r.periods, carried),
		})
	}
	r.out = out
	var pass *Period
	for i := range r.periods {
		if r.periods[i].covers(len(toks) - 1) {
			pass = &r.periods[i].period
		}
	}
	return out, pass
}

// assignPeriod picks the period of a figure. A period phrase applies to every
// figure of its sentence, and a sentence that ended with ";" passes its
// phrases on to the next clause (carried is the last one passed on, or nil).
// In order of preference a figure takes: a phrase that starts right after it
// ("rose 5% in 2021 from 3% in 2020"), the nearest phrase before it in the
// sentence or an earlier clause, the first phrase after it in its own
// clause. A phrase right after a comparison's baseline ("compared with 81
// percent in 2015") is that baseline's alone, and one in a relative or
// participle clause (", founded in 1958,") applies only inside that clause
// (see periodPhrase). It returns nil when there is none.
func assignPeriod(sp figureSpan, figs []figureSpan, periods []periodPhrase, carried *Period) *Period {
	var before, after *Period
	for i := range periods {
		p := &periods[i]
		if !p.covers(sp.num) {
			continue
		}
		if p.first == sp.after {
			return &p.period
		}
		if baselineOwns(figs, p) {
			continue
		}
		switch {
		case p.last < sp.first:
			before = &p.period
		case p.first > sp.last && after == nil:
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

// baselineOwns reports whether period phrase p comes right after a figure
// that is a comparison's baseline.
func baselineOwns(figs []figureSpan, p *periodPhrase) bool {
	for _, f := range figs {
		if f.compared && f.after == p.first {
			return true
		}
	}
	return false
}
