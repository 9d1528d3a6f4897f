package transform

import (
	"sort"
	"strings"
	"unicode/utf8"
)

// Annotation is the metric and entity of one figure (see Metrics.Metric
// and Entity).
type Annotation struct {
	Metric string
	Entity string
}

// Annotate returns the metric and entity of each figure Parse found in
// text, in the order of figs. It finds each figure's place in its sentence
// from the figure's code-point offsets; a figure whose sentence is not in
// text as written gets its place from the one occurrence of its text in
// the sentence, or only the entity its subject names.
func (m *Metrics) Annotate(text string, figs []Figure) []Annotation {
	out := make([]Annotation, len(figs))
	byteAt := runeToByte(text, figs)
	// Figures of one sentence come together: its place in text is found once.
	lastSentence, lastAt := "", -1
	hanOf, han := "", false // whether the sentence hanOf has Chinese characters
	for i, f := range figs {
		out[i].Metric = m.Metric(f)
		fs, fe := -1, -1
		if b := byteAt[i]; b >= 0 {
			if f.Sentence == lastSentence && lastAt >= 0 && lastAt <= b && b+len(f.Text) <= lastAt+len(f.Sentence) {
				fs, fe = b-lastAt, b-lastAt+len(f.Text)
			} else if fs, fe = sentenceOffset(text, f.Sentence, b, len(f.Text)); fs >= 0 {
				lastSentence, lastAt = f.Sentence, b-fs
			}
		}
		if fs < 0 {
			if j := strings.Index(f.Sentence, f.Text); j >= 0 && f.Text != "" && strings.Count(f.Sentence, f.Text) == 1 {
				fs, fe = j, j+len(f.Text)
			}
		}
		if f.Sentence != hanOf || i == 0 {
			hanOf, han = f.Sentence, hasHan(f.Sentence)
		}
		out[i].Entity = entity(f.Sentence, fs, fe, f.Subject, han)
	}
	return out
}

// runeToByte maps the Start offsets of figs (code points) to byte offsets
// in text, in one pass: byteAt[i] is figs[i]'s, -1 past the end of text.
func runeToByte(text string, figs []Figure) []int {
	order := make([]int, len(figs))
	for i := range order {
		order[i] = i
	}
	if !sort.SliceIsSorted(order, func(a, b int) bool { return figs[order[a]].Start < figs[order[b]].Start }) {
		sort.SliceStable(order, func(a, b int) bool { return figs[order[a]].Start < figs[order[b]].Start })
	}
	out := make([]int, len(figs))
	r, b := 0, 0
	for _, i := range order {
		s := figs[i].Start
		for r < s && b < len(text) {
			if c := text[b]; c < utf8.RuneSelf {
				b++
			} else {
				_, n := utf8.DecodeRuneInString(text[b:])
				b += n
			}
			r++
		}
		out[i] = -1
		if r == s {
			out[i] = b
		}
	}
	return out
}

// sentenceOffset returns the byte range of a figure (at byte b of text,
// n bytes long) in its sentence, or -1, -1 when the sentence is not in
// text around it as written.
func sentenceOffset(text, sentence string, b, n int) (int, int) {
	if sentence == "" || b+n > len(text) {
		return -1, -1
	}
	lo, hi := max(0, b-len(sentence)), min(len(text), b+len(sentence))
	i := strings.LastIndex(text[lo:hi], sentence)
	if i < 0 {
		return -1, -1
	}
	i += lo
	if i > b || b+n > i+len(sentence) {
		return -1, -1
	}
	return b - i, b - i + n
}
