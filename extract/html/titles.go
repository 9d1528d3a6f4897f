package html

import (
	"strings"
	"sync"
	"unicode"
)

// suffixes remembers the trailing parts of the titles a source's pages
// carry ("… - Department for Rural Affairs", "…-国务院国有资产监督管理委员会"):
// a suffix seen on two pages (list pages count) is the site's name, and is
// dropped from the titles of generic extraction. It is safe for
// concurrent use.
type suffixes struct {
	mu   sync.Mutex
	seen map[string]int
}

// titleSeps separate a title from the site's name; bare dashes count only
// between two Han characters (English keeps "year-on-year").
var titleSeps = []string{" - ", " | ", " – ", " — ", " _ ", " :: ", "｜", " ｜ "}

// split returns the title without its last suffix, and the suffix, or
// false when t has none.
func split(t string) (head, tail string, ok bool) {
	best := -1
	var sepLen int
	for _, sep := range titleSeps {
		if i := strings.LastIndex(t, sep); i > best {
			best, sepLen = i, len(sep)
		}
	}
	rs := []rune(t)
	for i := len(rs) - 2; i > 0; i-- {
		if (rs[i] == '-' || rs[i] == '－' || rs[i] == '_') && unicode.Is(unicode.Han, rs[i-1]) && unicode.Is(unicode.Han, rs[i+1]) {
			if at := len(string(rs[:i])); at > best {
				best, sepLen = at, len(string(rs[i]))
			}
			break
		}
	}
	if best <= 0 {
		return "", "", false
	}
	head, tail = strings.TrimSpace(t[:best]), strings.TrimSpace(t[best+sepLen:])
	return head, tail, head != "" && tail != ""
}

// observe counts t's suffix (a list page's <title>).
func (s *suffixes) observe(t string) int {
	_, tail, ok := split(t)
	if !ok {
		return 0
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.seen == nil {
		s.seen = map[string]int{}
	}
	s.seen[tail]++
	return s.seen[tail]
}

// strip counts t's suffix and returns t without it when another page of
// the source carried it too and the rest is longer than the suffix.
func (s *suffixes) strip(t string) string {
	head, tail, ok := split(t)
	if !ok || s.observe(t) < 2 || len([]rune(head)) <= len([]rune(tail))/2 {
		return t
	}
	return head
}
