package transform

import (
	"unicode"
	"unicode/utf8"
)

// Sentence is one sentence of a text.
//
// Start and End are code-point offsets into the text handed to
// SplitSentences, End exclusive, and []rune(text)[Start:End] == Text.
type Sentence struct {
	Text  string // the sentence, with surrounding white space trimmed, terminator included
	Start int    // code-point offset of Text in the input
	End   int    // code-point offset just past Text
	// Continues reports that the sentence ended with a semicolon, so the next
	// sentence is another clause of the same grammatical sentence (a period
	// phrase such as "As of the end of November 2021" carries over to it).
	Continues bool
}

// SplitSentences splits text into sentences, in order.
//
// A sentence ends at a line break, at "!", "?", ";" and their Chinese forms
// "！？；。", and at a "." that is not a decimal point ("99.6"), part of an
// initialism ("U.S."), a title or reference abbreviation ("Mr.", "No.",
// "Art.", "Nov."), an initial ("J. Smith"), or followed by a lower-case word.
// Closing quotes and brackets after the terminator stay with the sentence.
// Empty sentences are dropped. A run-on sentence longer than 4,000 bytes (a
// table or a list without stops) is cut at the next space, and one of
// 16,000 bytes without a space is cut where it is.
func SplitSentences(text string) []Sentence {
	text = validUTF8(text)
	spans := splitSpans(text, make([]span, 0, len(text)/64+1))
	out := make([]Sentence, len(spans))
	for i, s := range spans {
		out[i] = Sentence{Text: text[s.bstart:s.bend], Start: s.start, End: s.end, Continues: s.continues}
	}
	return out
}

// maxSentenceBytes is the length past which a sentence is cut at the next
// space. Real sentences, even long translated ones, stay well below it.
const maxSentenceBytes = 4000

// span is a sentence located by both byte and code-point offsets.
type span struct {
	bstart, bend int  // byte offsets
	start, end   int  // code-point offsets
	continues    bool // ended with a semicolon
}

// splitSpans appends the sentences of text to dst. text must be valid UTF-8.
func splitSpans(text string, dst []span) []span {
	bs, rs := 0, 0 // start of the current sentence
	i, ri := 0, 0
	for i < len(text) {
		if i-bs > maxSentenceBytes && (text[i] == ' ' || i-bs > 4*maxSentenceBytes) && utf8.RuneStart(text[i]) {
			// A run-on "sentence" (a table, a list without stops) is cut at
			// a space, or anywhere when it has none, so that the work per
			// sentence stays bounded.
			dst = appendTrimmed(text, bs, i, rs, ri, dst, false)
			bs, rs = i, ri
		}
		if c := text[i]; c < utf8.RuneSelf && !asciiBreak[c] {
			i++ // the common case: an ASCII byte that ends nothing
			ri++
			continue
		}
		r, n := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == '\n' || r == '\r' || r == '\u2028' || r == '\u2029' || r == '\f' || r == '\v':
			dst = appendTrimmed(text, bs, i, rs, ri, dst, false)
			i += n
			ri++
			bs, rs = i, ri
			continue
		case isTerminator(r) && (r != '.' || endsSentence(text, i)):
			j, rj := i+n, ri+1
			for j < len(text) {
				r2, n2 := utf8.DecodeRuneInString(text[j:])
				if !isTerminator(r2) && !isCloser(r2) {
					break
				}
				j += n2
				rj++
			}
			dst = appendTrimmed(text, bs, j, rs, rj, dst, r == ';' || r == '；')
			i, ri = j, rj
			bs, rs = i, ri
			continue
		}
		i += n
		ri++
	}
	return appendTrimmed(text, bs, len(text), rs, ri, dst, false)
}

// asciiBreak marks the ASCII bytes that may end a sentence.
var asciiBreak = [utf8.RuneSelf]bool{'\n': true, '\r': true, '\f': true, '\v': true, '.': true, '!': true,
	'?': true, ';': true}

// appendTrimmed appends text[bs:be] (code points rs to re) to dst with white
// space trimmed on both sides, unless nothing is left.
func appendTrimmed(text string, bs, be, rs, re int, dst []span, continues bool) []span {
	for bs < be {
		r, n := utf8.DecodeRuneInString(text[bs:be])
		if !unicode.IsSpace(r) {
			break
		}
		bs += n
		rs++
	}
	if bs == be {
		return dst
	}
	for be > bs {
		r, n := utf8.DecodeLastRuneInString(text[bs:be])
		if !unicode.IsSpace(r) {
			break
		}
		be -= n
		re--
	}
	return append(dst, span{bstart: bs, bend: be, start: rs, end: re, continues: continues})
}

// isTerminator reports whether r can end a sentence.
func isTerminator(r rune) bool {
	switch r {
	case '.', '!', '?', ';', '。', '！', '？', '；', '…':
		return true
	}
	return false
}

// isCloser reports whether r closes a quotation or bracket.
func isCloser(r rune) bool {
	switch r {
	case '"', '\'', '”', '’', ')', ']', '}', '」', '』', '）', '》':
		return true
	}
	return false
}

// titleAbbrevs are abbreviations after which a "." never ends a sentence.
// Case matters: "No." is an abbreviation, "no." ends a sentence.
var titleAbbrevs = setOf("Mr", "Mrs", "Ms", "Dr", "Prof", "St", "No", "Nos", "Art", "Arts",
	"Fig", "Figs", "Vol", "Gen", "Gov", "Sen", "Rep", "Lt", "Col", "Capt", "Sgt", "Rev", "Hon",
	"Jr", "Sr", "Dept", "Mt", "Ave", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep",
	"Sept", "Oct", "Nov", "Dec", "approx", "vs", "cf", "pp", "Para", "para", "Sec", "Ch", "Tel",
	"tel", "ext", "Ext", "est", "Est")

// suffixAbbrevs are initialisms and company suffixes that may or may not end a
// sentence; they end one only when a usual sentence opener follows.
var suffixAbbrevs = setOf("Co", "Ltd", "Inc", "Corp", "Bhd", "Plc", "LLC", "Cos", "Bros", "etc")

// sentenceOpeners are words that commonly start a sentence; after an
// ambiguous abbreviation ("U.S.", "Ltd.") they show that a new sentence began.
var sentenceOpeners = setOf("The", "This", "That", "These", "Those", "It", "In", "On", "At", "As",
	"But", "And", "However", "He", "She", "We", "They", "I", "A", "An", "Its", "Their", "There",
	"According", "Meanwhile", "By", "For", "From", "With", "During", "Since", "After", "Before",
	"Besides", "Moreover", "Furthermore", "Also", "Currently", "Last", "This", "Over", "Our", "His",
	"Her", "If", "When", "While", "Although", "So", "Yet")

// endsSentence reports whether the "." at byte i of text ends a sentence.
func endsSentence(text string, i int) bool {
	// What follows: a digit or letter right after (decimal point, "No.1",
	// "example.com"), a lower-case word or punctuation after spaces.
	j := i + 1
	if j < len(text) {
		r, _ := utf8.DecodeRuneInString(text[j:])
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == ',' || r == ';' || r == ':' || r == '，' {
			return false
		}
	}
	for j < len(text) && (text[j] == ' ' || text[j] == '\t') {
		j++
	}
	nextWord := ""
	if j < len(text) {
		r, _ := utf8.DecodeRuneInString(text[j:])
		if unicode.IsLower(r) {
			return false
		}
		k := j
		for k < len(text) && isASCIILetter(text[k]) {
			k++
		}
		nextWord = text[j:k]
	}
	// What comes before: the word the dot ends.
	k := i
	for k > 0 && (isASCIILetter(text[k-1]) || text[k-1] == '.') {
		k--
	}
	prev := text[k:i]
	switch {
	case prev == "":
		return true
	case titleAbbrevs[prev]:
		return false
	case len(prev) == 1 && prev[0] >= 'A' && prev[0] <= 'Z':
		return false // an initial: "J. Smith"
	case suffixAbbrevs[prev] || containsDot(prev):
		return nextWord == "" || sentenceOpeners[nextWord]
	}
	return true
}

// containsDot reports whether s holds a ".", as initialisms do ("U.S").
func containsDot(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == '.' {
			return true
		}
	}
	return false
}

// validUTF8 returns text unchanged when it is valid UTF-8, and otherwise
// with each invalid byte replaced by U+FFFD, exactly as []rune(text) reads
// it, so that code-point offsets stay the same.
func validUTF8(text string) string {
	if utf8.ValidString(text) {
		return text
	}
	return string([]rune(text))
}
