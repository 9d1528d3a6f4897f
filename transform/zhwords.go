package transform

// wordList is a list of Chinese words indexed by their first and last rune,
// so that matching at a position costs a map lookup rather than a pass over
// the whole list. Matches are tried in list order (longest first where the
// list is written so).
type wordList struct {
	words [][]rune
	first map[rune][]int
	last  map[rune][]int
}

// newWordList indexes ws.
func newWordList(ws []string) *wordList {
	l := &wordList{first: map[rune][]int{}, last: map[rune][]int{}}
	for i, w := range ws {
		r := []rune(w)
		l.words = append(l.words, r)
		l.first[r[0]] = append(l.first[r[0]], i)
		l.last[r[len(r)-1]] = append(l.last[r[len(r)-1]], i)
	}
	return l
}

// prefixAt returns the index of the first word of the list that starts at
// rs[i], or -1.
func (l *wordList) prefixAt(rs []rune, i int) int {
	if i < 0 || i >= len(rs) {
		return -1
	}
	for _, k := range l.first[rs[i]] {
		if runesAt(rs, i, l.words[k]) {
			return k
		}
	}
	return -1
}

// suffixAt returns the index of the first word of the list that ends just
// before rs[b] and starts at or after a, or -1.
func (l *wordList) suffixAt(rs []rune, b, a int) int {
	if b-1 < 0 || b-1 >= len(rs) {
		return -1
	}
	for _, k := range l.last[rs[b-1]] {
		n := len(l.words[k])
		if b-n >= a && b-n >= 0 && runesAt(rs, b-n, l.words[k]) {
			return k
		}
	}
	return -1
}

// runesAt reports whether rs[i:] starts with w.
func runesAt(rs []rune, i int, w []rune) bool {
	if i < 0 || i+len(w) > len(rs) {
		return false
	}
	for k, r := range w {
		if rs[i+k] != r {
			return false
		}
	}
	return true
}
