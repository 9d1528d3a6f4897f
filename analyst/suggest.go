package analyst

import (
	"sort"
	"strings"
	"unicode"
)

// Closest returns up to n of candidates that are close to key, closest
// first: those containing key or contained in it (case and separators
// ignored), then those within an edit distance of about a third of key's
// length. Nothing close gives none.
func Closest(candidates []string, key string, n int) []string {
	k := fold(key)
	type scored struct {
		s     string
		score int
	}
	var out []scored
	seen := map[string]bool{}
	for _, c := range candidates {
		if seen[c] || c == "" {
			continue
		}
		seen[c] = true
		f := fold(c)
		switch {
		case f == k:
			out = append(out, scored{c, 0})
		case k != "" && (strings.Contains(f, k) || strings.Contains(k, f)):
			out = append(out, scored{c, 1 + abs(len([]rune(f))-len([]rune(k)))})
		default:
			d := distance(f, k)
			if limit := max(2, len([]rune(k))/3); d <= limit {
				out = append(out, scored{c, 1000 + d})
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].score != out[j].score {
			return out[i].score < out[j].score
		}
		return out[i].s < out[j].s
	})
	var keys []string
	for i := 0; i < len(out) && i < n; i++ {
		keys = append(keys, out[i].s)
	}
	return keys
}

// fold lower-cases s and drops spaces, underscores, hyphens and dots, so
// "Medical institutions" and "medical_institutions" compare equal.
func fold(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '_' || r == '-' || r == '.' {
			return -1
		}
		return unicode.ToLower(r)
	}, s)
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// distance is the Levenshtein distance between a and b in runes.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
