package transform

import "time"

// Options tune Parse.
type Options struct {
	// Lang is the language of the text as a tag: "en" or "zh" (any case,
	// with or without a region: "en-US", "zh-CN", "zh_TW"; "cmn" is Chinese
	// too; see LangOf), or "" to detect it from the share of Han characters
	// (see DetectLang). Parse returns nil for any other language.
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
// Parse picks the language from the table in lang.go and hands each sentence
// to that language's reader (readFigures). The English pipeline, one file per
// step: sentences.go splits sentences (for every language); tokens.go splits
// each into words, numbers and marks; period.go finds period phrases;
// numbers.go and figures.go read numbers, drop those that are not figures
// (years, dates, times, labels, phone numbers, ordinals, numbers glued to
// letters) and classify the rest (percent, amount, count, number) with their
// scale and unit; qualifier.go reads "more than", "nearly", ...; subject.go
// reads what each figure counts or measures and the base of a percentage;
// last, each figure gets the period of its sentence (see assignPeriod in
// en.go). words.go adds numbers written in words, ranges and the direction
// of a change. Chinese text takes its own path over the runes of each
// sentence, from zh.go: zhperiod.go (period phrases), zhnum.go (numerals),
// zh_figures.go, zh_units.go, zh_qualifier.go, zh_subject.go and
// zh_nounphrase.go.
//
// Every figure has Low and High set (equal to Value unless it is a range),
// and, when Options.Published is set, a Period: one a phrase gives, or else
// the publication day with Period.Fallback set.
func Parse(text string, opt Options) []Figure {
	text = validUTF8(text)
	l := parseLang(opt.Lang, text)
	if l == nil {
		return nil
	}
	out := readFigures(text, opt.Published, l)
	finishFigures(out, opt.Published)
	return out
}

// sentenceReader reads the figures of one language a sentence at a time.
// A reader serves one call of Parse and keeps its buffers from sentence to
// sentence.
type sentenceReader interface {
	// read returns the figures of sentence s of text, in order of
	// appearance, each with the period a phrase of its language gives it.
	// carried is the period of the last phrase passed on by an earlier
	// clause of the same sentence (one that ended with ";"), or nil; which
	// figures take it is the language's rule (English and Chinese: those
	// with no phrase before them in their own clause). pass is the period
	// of the phrase this clause would pass on to the next, or nil; the
	// driver keeps it only when the clause ends with ";". The returned
	// slice and periods are valid until the next call.
	read(text string, s span, published time.Time, carried *Period) (figs []sentenceFigure, pass *Period)
}

// sentenceFigure is a figure as a sentenceReader finds it, for readFigures
// to make a Figure of.
type sentenceFigure struct {
	bstart, bend int // byte offsets of the figure's text in the whole text
	start, end   int // code-point offsets of the same
	value        float64
	low, high    float64 // a range's ends; both 0 when it is no range
	kind         Kind
	unit         string
	subject      string
	base         string
	qualifier    string
	direction    string
	change       bool
	period       *Period // nil when no phrase dates the figure; copied, never kept
}

// readFigures is the sentence driver Parse shares between languages: it
// splits text into sentences, has l's reader read each, carries the period
// phrase of a clause that ends with ";" over to the next clause, and makes
// the Figures.
func readFigures(text string, published time.Time, l *language) []Figure {
	var (
		out        []Figure
		pool       periodPool
		carried    Period // the period passed on by an earlier clause of the sentence
		hasCarried bool
		last       Period // the period the last sentence passed on, for one that narrows it
		hasLast    bool
		// the head of the last subject: figures in a row often share one
		lastSubject, lastHead string
	)
	r := l.newReader()
	for _, s := range splitSpans(text, make([]span, 0, len(text)/l.sentenceBytes+1)) {
		var c *Period
		switch {
		case hasCarried:
			c = &carried
		case hasLast && l.continues != nil && l.continues(text[s.bstart:s.bend]):
			c = &last // "其中，…" after "截至11月底，…"
		}
		figs, pass := r.read(text, s, published, c)
		if !s.continues {
			hasLast = false
			if pass != nil {
				last, hasLast = *pass, true
			} else if c != nil && len(figs) > 0 {
				last, hasLast = *c, true
			}
		}
		sentence := text[s.bstart:s.bend]
		for _, g := range figs {
			f := Figure{
				Text:      text[g.bstart:g.bend],
				Value:     g.value,
				Kind:      g.kind,
				Unit:      unitName(g.unit),
				Subject:   g.subject,
				Base:      g.base,
				Qualifier: g.qualifier,
				Low:       g.low,
				High:      g.high,
				Direction: g.direction,
				Change:    g.change,
				Sentence:  sentence,
				Start:     g.start,
				End:       g.end,
			}
			if g.period != nil {
				f.Period = pool.copyOf(g.period)
			}
			if f.Subject != "" && l.head != nil {
				if f.Subject != lastSubject {
					lastSubject, lastHead = f.Subject, l.head(f.Subject)
				}
				f.SubjectHead = lastHead
			}
			out = append(out, f)
		}
		switch {
		case !s.continues:
			hasCarried = false
		case pass != nil:
			carried, hasCarried = *pass, true
		}
	}
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

// publishedDay is the publication date as a day, for the fallback period.
func publishedDay(t time.Time) time.Time {
	y, m, d := t.Date()
	return ymd(y, int(m), d)
}
