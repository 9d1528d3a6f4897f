package transform

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// tokKind classifies a token.
type tokKind uint8

const (
	// tokWord is a run of letters that may hold inner digits, hyphens,
	// apostrophes and dots: "state-owned", "China's", "COVID-19", "U.S.",
	// "PM2.5". A Han character is a word of its own.
	tokWord tokKind = iota + 1
	// tokNum is a run of ASCII digits with "," or "." between digits:
	// "1,154", "99.6", and also malformed runs such as "1.2.3" (see numeral).
	tokNum
	// tokPunct is any other single non-space rune: "%", "$", ",", "“".
	tokPunct
)

// token is one word, number or punctuation mark of a sentence. Offsets are
// into the whole text handed to Parse, never into the sentence.
type token struct {
	kind   tokKind
	text   string // as written: a slice of the input
	lower  string // text in lower case, with ’ read as '
	start  int    // code-point offset of the first rune
	end    int    // code-point offset just past the last rune
	bstart int    // byte offset of the first rune
	bend   int    // byte offset just past the last rune
	space  bool   // whitespace or the start of the sentence comes right before
}

// is reports whether the token is the word or mark w (compared in lower case).
func (t token) is(w string) bool { return t.lower == w }

// isWord reports whether the token is a word.
func (t token) isWord() bool { return t.kind == tokWord }

// capitalised reports whether the token starts with an upper-case letter.
func (t token) capitalised() bool {
	r, _ := utf8.DecodeRuneInString(t.text)
	return unicode.IsUpper(r)
}

// hasUpper reports whether the token holds an upper-case letter: "China",
// "iPhone", "SOEs".
func (t token) hasUpper() bool { return t.lower != t.text }

// tokenize appends to dst the tokens of text[bs:be], whose first rune is at
// code-point offset rs of the text, and returns the extended slice.
//
// Lower-case forms of ASCII words are slices of one lower-cased copy of the
// sentence, made only when it holds an upper-case ASCII letter, so that most
// tokens cost no allocation.
func tokenize(text string, bs, be, rs int, dst []token) []token {
	i, ri := bs, rs
	space := true
	lowered := asciiLower(text[bs:be]) // same byte offsets as text[bs:be]
	for i < be {
		r, n := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRuneInString(text[i:be])
		}
		if unicode.IsSpace(r) {
			i += n
			ri++
			space = true
			continue
		}
		var j, rj int
		var kind tokKind
		switch {
		case r < utf8.RuneSelf && isASCIILetter(byte(r)):
			j, rj = scanWord(text, i, be, ri)
			kind = tokWord
		case r >= '0' && r <= '9':
			j = scanDigits(text, i, be)
			rj = ri + (j - i) // digits, commas and dots are one byte each
			kind = tokNum
			if gluedWord(text, j, be) {
				// "5G", "3D", "1990s", "14th", "180ml": a name, not a number.
				j, rj = scanWord(text, i, be, ri)
				kind = tokWord
			}
		case unicode.Is(unicode.Han, r):
			j, rj, kind = i+n, ri+1, tokWord
		case unicode.IsLetter(r):
			j, rj = scanWord(text, i, be, ri)
			kind = tokWord
		default:
			j, rj, kind = i+n, ri+1, tokPunct
		}
		w := text[i:j]
		lower := lowered[i-bs : j-bs]
		if !isASCII(w) {
			lower = lowerWord(w)
		}
		dst = append(dst, token{kind: kind, text: w, lower: lower, start: ri, end: rj,
			bstart: i, bend: j, space: space})
		i, ri, space = j, rj, false
	}
	return dst
}

// scanDigits returns the end of the run of ASCII digits starting at i, taking
// in every "," or "." that has a digit right after it.
func scanDigits(text string, i, be int) int {
	j := i
	for j < be {
		c := text[j]
		if c >= '0' && c <= '9' {
			j++
			continue
		}
		if (c == ',' || c == '.') && j+1 < be && text[j+1] >= '0' && text[j+1] <= '9' {
			j++
			continue
		}
		break
	}
	return j
}

// gluedWord reports whether the letters right after digits that end at
// byte j make one word with them ("5G", "14th"), that is, they are not a
// scale or unit that may be glued to a number ("13bn", "5pct", "$5m").
func gluedWord(text string, j, be int) bool {
	k := j
	for k < be && isASCIILetter(text[k]) {
		k++
	}
	if k == j {
		r, _ := utf8.DecodeRuneInString(text[j:be])
		return unicode.IsLetter(r) && !unicode.Is(unicode.Han, r)
	}
	suffix := strings.ToLower(text[j:k])
	_, scale := gluedScales[suffix]
	_, money := gluedCurrencyScales[suffix]
	return !scale && !money && !gluedUnits[suffix]
}

// gluedUnits are percentage units that may be glued to the digits: "5pct".
var gluedUnits = setOf("pct", "ppt", "ppts", "pp", "bp", "bps")

// scanWord returns the byte and code-point end of the word starting at i.
func scanWord(text string, i, be, ri int) (int, int) {
	if j := scanInitialism(text, i, be); j > i && isASCIILetter(text[i]) {
		return j, ri + (j - i)
	}
	j, rj := i, ri
	lettersOnly := true
	for j < be {
		if isASCIILetter(text[j]) {
			j++
			rj++
			continue
		}
		r, n := rune(text[j]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRuneInString(text[j:be])
		}
		next := rune(0)
		if j+n < be {
			next, _ = utf8.DecodeRuneInString(text[j+n : be])
		}
		switch {
		case unicode.Is(unicode.Han, r):
			return j, rj
		case unicode.IsLetter(r) || unicode.IsMark(r):
		case r >= '0' && r <= '9':
			// "RMB500": a currency code does not swallow its amount.
			if lettersOnly && currencyCodes[strings.ToLower(text[i:j])] != "" {
				return j, rj
			}
			lettersOnly = false
		case r == '\'' || r == '’':
			// "China's"; and "SOEs' revenue", a plural possessive, when a
			// word follows.
			if !unicode.IsLetter(next) {
				if text[j-1] == 's' && next == ' ' && j+n+1 < be && isASCIILetter(text[j+n+1]) && text[j+n+1] >= 'a' {
					return j + n, rj + 1
				}
				return j, rj
			}
		case r == '-' || r == '‐' || r == '‑':
			if !unicode.IsLetter(next) && !(next >= '0' && next <= '9') {
				return j, rj
			}
		case r == '.':
			// "PM2.5", "v2.0": a dot between digits inside a word.
			if j == i || !(text[j-1] >= '0' && text[j-1] <= '9') || !(next >= '0' && next <= '9') {
				return j, rj
			}
		case r == '&':
			// "R&D", "S&P": an ampersand between letters.
			if !unicode.IsLetter(next) || !unicode.IsLetter(rune(text[j-1])) {
				return j, rj
			}
		default:
			return j, rj
		}
		j += n
		rj++
	}
	return j, rj
}

// scanInitialism returns the end of an initialism such as "U.S.", "a.m." or
// "e.g." starting at i (single ASCII letters each followed by a dot, at least
// two of them, the last dot optional), or i if there is none.
func scanInitialism(text string, i, be int) int {
	j, letters := i, 0
	for j+1 < be && isASCIILetter(text[j]) && text[j+1] == '.' {
		j += 2
		letters++
		if j < be && isASCIILetter(text[j]) && (j+1 >= be || !isASCIILetter(text[j+1])) && (j+1 >= be || text[j+1] != '.') {
			// "U.S" without the last dot
			j++
			letters++
			break
		}
	}
	if letters < 2 || (j < be && isASCIILetter(text[j])) {
		return i
	}
	return j
}

// isASCIILetter reports whether c is an ASCII letter.
func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// asciiLower returns s with ASCII upper-case letters in lower case and every
// other byte unchanged, allocating only when there is one to change.
func asciiLower(s string) string {
	k := 0
	for k < len(s) && !(s[k] >= 'A' && s[k] <= 'Z') {
		k++
	}
	if k == len(s) {
		return s
	}
	b := []byte(s)
	for ; k < len(b); k++ {
		if c := b[k]; c >= 'A' && c <= 'Z' {
			b[k] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// isASCII reports whether s is all ASCII.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// lowerWord returns w in lower case with the typographic apostrophe ’ read as
// ', allocating only when w needs a change.
func lowerWord(w string) string {
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= 0x80 || (c >= 'A' && c <= 'Z') {
			return strings.ReplaceAll(strings.ToLower(w), "’", "'")
		}
	}
	return w
}
