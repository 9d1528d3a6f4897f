package transform

import "strings"

// This file reads lists of Chinese figures: figures joined by 、, 和, 与 or
// 及 ("5.6%和7.2%", "0.4、0.9和1.3个百分点", "120家和300家企业"). A unit, a
// counted noun or a qualifier written once applies to every member, and
// after 分别 (respectively) the members of a list of subjects before it go
// one by one to the figures ("工业增加值、社会消费品零售总额分别增长5.6%和
// 7.2%").

// zhListSeps are the words that join the members of a list.
var zhListSeps = []string{"、", "和", "与", "及", "以及", "或"}

// zhLists applies the rules above to the figures of a sentence, after their
// subjects are read.
func zhLists(rs []rune, figs []zhFig, periods []zhPeriod) {
	for a := 0; a < len(figs); {
		b := a
		for b+1 < len(figs) && zhJoined(rs, figs[b], figs[b+1]) {
			b++
		}
		if b > a {
			zhShareList(figs[a : b+1])
			zhRespectively(rs, figs[a:b+1], periods)
		}
		a = b + 1
	}
}

// zhJoined reports whether g and h are members of one list: only a list
// word lies between them.
func zhJoined(rs []rune, g, h zhFig) bool {
	from := max(g.end, g.unitEnd, g.after)
	if from >= h.lead {
		return false
	}
	sep := string(rs[from:h.lead])
	for _, s := range zhListSeps {
		if sep == s {
			return true
		}
	}
	return false
}

// zhShareList gives the members of a list what only one of them states: the
// kind and unit of a percentage or an amount written after the last member
// ("0.4、0.9和1.3个百分点"), the counted noun of the last member ("120家和300家
// 企业") and a qualifier written before the first ("约有120家和300家").
func zhShareList(list []zhFig) {
	last := list[len(list)-1]
	first := list[0]
	for i := range list {
		g := &list[i]
		if g.kind == KindNumber && (last.kind == KindPercent || last.kind == KindAmount) {
			g.kind, g.unit = last.kind, last.unit
		}
		if (g.subject == "" || g.measured && i < len(list)-1) && g.kind == last.kind && g.unit == last.unit && last.subject != "" {
			g.subject = last.subject // "120家和300家企业"
		}
		if i > 0 && g.qualifier == "" && first.qualifier != "" && first.qualifier != "more than" {
			g.qualifier = first.qualifier
		}
	}
}

// zhRespectively assigns the subjects of a list before 分别 to the figures
// of the list after it, one by one, when both lists are as long.
func zhRespectively(rs []rune, list []zhFig, periods []zhPeriod) {
	lead := list[0].lead
	p := -1
	for k := lead - 2; k >= 0 && k >= lead-8; k-- {
		if hasRunes(rs, k, "分别") {
			p = k
			break
		}
	}
	if p < 0 {
		return
	}
	start := p
	for start > 0 && !strings.ContainsRune("，。；：,;:！？", rs[start-1]) {
		start--
	}
	for _, pp := range periods {
		if pp.first >= start && pp.end <= p && pp.end > start {
			start = pp.end
		}
	}
	subject := zhTrimSubject(string(rs[start:p]))
	items := zhSplitList(subject)
	if len(items) != len(list) {
		return
	}
	for i := range list {
		list[i].subject = items[i]
	}
}

// zhTrimSubject strips the leading words (其中, 全年, ...) and trailing
// words (同比, 均, ...) of a subject.
func zhTrimSubject(s string) string {
	s = strings.Trim(s, " ，、")
	for changed := true; changed; {
		changed = false
		for _, w := range zhLeading {
			if strings.HasPrefix(s, w) && len(s) > len(w) {
				s, changed = strings.TrimPrefix(s, w), true
			}
		}
		for _, w := range zhTrailing {
			if strings.HasSuffix(s, w) && len(s) > len(w) {
				s, changed = strings.TrimSuffix(s, w), true
			}
		}
	}
	return strings.Trim(s, " ，、")
}

// zhSplitList splits a list of nouns at 、, 和, 与, 及 and 以及.
func zhSplitList(s string) []string {
	var out []string
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == '、' }) {
		for _, sep := range []string{"以及", "和", "与", "及"} {
			if a, b, ok := strings.Cut(part, sep); ok && a != "" && b != "" {
				out = append(out, strings.TrimSpace(a))
				part = b
			}
		}
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}
