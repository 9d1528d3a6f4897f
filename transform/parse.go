package transform

import (
	"strings"
	"time"
)

// Options tune Parse.
type Options struct {
	// Lang is the language of the text: "en" or "zh" (any case, with or
	// without a region: "en-US", "zh-CN", "zh_TW"; "cmn" is Chinese too), or
	// "" to detect it from the share of Han characters. Parse returns nil for
	// any other language.
	Lang string
	// Published is the article's publication date, used to resolve relative
	// periods ("last year", "this month", "去年") and as the fallback period
	// of a figure no period phrase dates (see Period.Fallback); may be zero,
	// and then neither happens.
	Published time.Time
}

// Parse returns the figures in text in order of appearance.
//
// It never panics and never returns figures with offsets outside text: for
// every figure f, []rune(text)[f.Start:f.End] reads f.Text, and f.Sentence
// (the sentence the figure is in, trimmed) contains f.Text. Text that is not
// valid UTF-8 is read as []rune(text) reads it, each invalid byte being one
// U+FFFD.
//
// The pipeline, one file per step: sentences.go splits sentences; tokens.go
// splits each into words, numbers and marks; period.go finds period phrases;
// numbers.go and figures.go read numbers, drop those that are not figures
// (years, dates, times, labels, phone numbers, ordinals, numbers glued to
// letters) and classify the rest (percent, amount, count, number) with their
// scale and unit; qualifier.go reads "more than", "nearly", ...; subject.go
// reads what each figure counts or measures and the base of a percentage;
// last, each figure gets the period of its sentence (see assignPeriod).
// words.go adds numbers written in words, ranges and the direction of a
// change. Chinese text takes its own path over the runes of each sentence:
// zh.go, zhnum.go (numerals), zhperiod.go (period phrases).
//
// Every figure has Low and High set (equal to Value unless it is a range),
// and, when Options.Published is set, a Period: one a phrase gives, or else
// the publication day with Period.Fallback set.
func Parse(text string, opt Options) []Figure {
	text = validUTF8(text)
	var out []Figure
	switch {
	case zhIsChinese(opt.Lang), opt.Lang == "" && zhDetect(text):
		out = parseChinese(text, opt)
	case isEnglish(opt.Lang):
		out = parseEnglish(text, opt)
	default:
		return nil
	}
	finishFigures(out, opt.Published)
	return out
}

// finishFigures sets Low and High of figures that are no range, and gives a
// figure without a period the publication day, marked as a fallback.
func finishFigures(figs []Figure, published time.Time) {
	var fallback *Period
	if !published.IsZero() {
		d := publishedDay(published)
		fallback = &Period{Start: d, End: d, Granularity: GranDay, AsOf: true, Fallback: true}
	}
	for i := range figs {
		f := &figs[i]
		if f.Low == 0 && f.High == 0 {
			f.Low, f.High = f.Value, f.Value
		}
		if f.Period == nil && fallback != nil {
			f.Period = fallback // shared: a Period is never changed once handed out
		}
	}
}

// parseEnglish is Parse for English text.
func parseEnglish(text string, opt Options) []Figure {
	var (
		out     []Figure
		scope   []periodPhrase // period phrases of earlier clauses of the same sentence (joined by ";")
		toks    []token        // buffers reused from sentence to sentence
		periods []periodPhrase
		figs    []figureSpan
		pool    periodPool
	)
	for _, s := range splitSpans(text, make([]span, 0, len(text)/64+1)) {
		toks = tokenize(text, s.bstart, s.bend, s.start, toks[:0])
		periods = findPeriods(text, toks, opt.Published, periods[:0])
		figs = findFigures(toks, periods, figs[:0])
		subjectReader{text: text, toks: toks, periods: periods, figs: figs}.attachSubjects()
		sentence := text[s.bstart:s.bend]
		for _, sp := range figs {
			f := Figure{
				Low:       sp.low,
				High:      sp.high,
				Direction: sp.direction,
				Change:    sp.change,
				Text:      text[toks[sp.first].bstart:toks[sp.last].bend],
				Value:     sp.value,
				Kind:      sp.kind,
				Unit:      sp.unit,
				Subject:   sp.subject,
				Base:      sp.base,
				Qualifier: sp.qualifier,
				Sentence:  sentence,
				Start:     toks[sp.first].start,
				End:       toks[sp.last].end,
			}
			if p := assignPeriod(sp, figs, periods, scope); p != nil {
				f.Period = pool.copyOf(p)
			}
			out = append(out, f)
		}
		if s.continues {
			for _, p := range periods {
				if p.covers(len(toks) - 1) {
					scope = append(scope, p) // not a phrase of a clause that ended
				}
			}
		} else {
			scope = scope[:0]
		}
	}
	return out
}

// isEnglish reports whether a language tag is English or empty: "", "en",
// "EN", "en-US", "en_GB".
func isEnglish(lang string) bool {
	if lang == "" {
		return true
	}
	if len(lang) < 2 || !strings.EqualFold(lang[:2], "en") {
		return false
	}
	return len(lang) == 2 || lang[2] == '-' || lang[2] == '_'
}

// periodPool hands out copies of periods from shared blocks, to spare an
// allocation per figure. A copy is never changed after it is handed out.
type periodPool struct{ block []Period }

// copyOf returns a pointer to a copy of *p.
func (pp *periodPool) copyOf(p *Period) *Period {
	if len(pp.block) == cap(pp.block) {
		pp.block = make([]Period, 0, 32)
	}
	pp.block = append(pp.block, *p)
	return &pp.block[len(pp.block)-1]
}

// assignPeriod picks the period of a figure. A period phrase applies to every
// figure of its sentence, and a sentence that ended with ";" passes its
// phrases on to the next clause. In order of preference a figure takes: a
// phrase that starts right after it ("rose 5% in 2021 from 3% in 2020"), the
// nearest phrase before it in the sentence or an earlier clause, the first
// phrase after it in its own clause. A phrase right after a comparison's
// baseline ("compared with 81 percent in 2015") is that baseline's alone, and
// one in a relative or participle clause (", founded in 1958,") applies only
// inside that clause (see periodPhrase). It returns nil when there is none.
func assignPeriod(sp figureSpan, figs []figureSpan, periods, scope []periodPhrase) *Period {
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
	if before == nil && len(scope) > 0 {
		before = &scope[len(scope)-1].period
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
