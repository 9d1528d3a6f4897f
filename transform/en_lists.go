package transform

import "strings"

// This file reads lists of English figures: "rose 3% and 5% respectively"
// gives the members of the subject "Exports and imports" one by one to the
// figures.

// enRespectively splits the subject of a list of figures followed by
// "respectively" among its members, when the subject lists as many nouns.
func enRespectively(toks []token, figs []figureSpan) {
	for a := 0; a < len(figs); {
		b := a
		for b+1 < len(figs) && enJoined(toks, figs[b], figs[b+1]) {
			b++
		}
		if b > a && respectivelyAfter(toks, figs[b].after) {
			items := splitSubjectList(figs[a].subject)
			if len(items) == b-a+1 {
				for k := a; k <= b; k++ {
					figs[k].subject = items[k-a]
				}
			}
		}
		a = b + 1
	}
}

// enJoined reports whether only "and", "or" or a comma lie between two
// figures.
func enJoined(toks []token, f, g figureSpan) bool {
	n := 0
	for k := f.after; k < g.lead; k++ {
		if !toks[k].is("and") && !toks[k].is(",") && !toks[k].is("or") {
			return false
		}
		n++
	}
	return n > 0 && n <= 2
}

// respectivelyAfter reports whether "respectively" follows at toks[k],
// perhaps after a comma.
func respectivelyAfter(toks []token, k int) bool {
	if k < len(toks) && toks[k].is(",") {
		k++
	}
	return k < len(toks) && toks[k].is("respectively")
}

// splitSubjectList splits "Exports and imports" or "sales, profits and
// output" into its nouns; a determiner before the first is shared.
func splitSubjectList(s string) []string {
	s = strings.ReplaceAll(s, ", and ", ", ")
	s = strings.ReplaceAll(s, " and ", ", ")
	var out []string
	for _, p := range strings.Split(s, ", ") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
