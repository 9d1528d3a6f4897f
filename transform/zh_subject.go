package transform

import (
	"strings"
	"unicode"
)

// This file reads the subject of each Chinese figure and the base of a
// share: the noun after a measure word ("1154家医疗机构"), or for a
// percentage, an amount or a count whose noun comes first ("床位2.7万张") the
// words before the verb that links them ("……完成率达99.6%").

// zhTrailing are words between a subject and its figure, stripped from the
// end of the subject, longest first.
var zhTrailing = []string{
	"比上年同期", "比去年同期", "较上年同期", "较去年同期", "与上年同期相比", "与上年相比", "比上年末", "较上年末",
	"比年初", "较年初", "比上年", "比去年", "较上年", "较去年", "同比", "环比", "分别为", "分别", "约为", "已达",
	"达到", "共计", "合计", "总计", "累计", "突破", "增至", "升至", "降至", "达", "为", "是", "约", "共", "已",
	"均为", "都", "了", "有", "实现", "完成", "拥有", "仅", "只有", "達到", "達", "為", "到", "至", "由", "从",
	"预计达到", "将达到", "收于", "收报", "预计在", "预计", "将", "在", "获得", "安排",
}

// zhObjectVerbs take the figure's subject as their object: in "中央企业实现营业
// 收入31.7万亿元" the subject is "营业收入".
var zhObjectVerbs = []string{"实现", "完成", "拥有", "共有", "现有", "获得", "投入", "带动", "培训", "招聘", "帮助",
	"吸引", "收治", "上缴", "缴纳", "支付", "发放", "达成", "录得", "创造", "新建", "建成", "引进", "开设", "设立", "接待",
	"签约", "改扩建", "建设", "购置", "销售", "发布", "报告", "安排", "接种", "运营", "新开"}

// zhLeading are words stripped from the start of a subject.
var zhLeading = []string{"其中", "此外", "另外", "同时", "全年", "目前", "当前", "截至目前", "期间"}

// Indexed forms of the word lists of subjects.
var (
	zhTrailingList = newWordList(zhTrailing)
	zhLeadingList  = newWordList(zhLeading)
	zhObjectList   = newWordList(zhObjectVerbs)
	zhChangeList   = newWordList(func() []string {
		var ws []string
		for _, v := range zhChangeVerbs {
			ws = append(ws, v.words)
		}
		return ws
	}())
)

// zhSubjects reads the subject of each figure of a sentence.
func zhSubjects(rs []rune, figs []zhFig, periods []zhPeriod) {
	for i := range figs {
		g := &figs[i]
		after := max(g.unitEnd, g.after)
		if g.measured {
			if s := zhNounAfter(rs, after); s != "" {
				g.subject = s
				continue
			}
		}
		var prev *zhFig
		if i > 0 {
			prev = &figs[i-1]
		}
		g.subject, g.base = zhSubjectBefore(rs, g, prev, periods)
		if g.subject == "" && prev != nil {
			g.subject = prev.subject // "……35128元，比上年增长9.1%"
		}
		// "七成以上受访者", "三分之一的企业", "60%的中央企业": the share's base
		// follows it.
		if (g.kind == KindPercent && g.unit == "percent" || g.kind == KindRatio && g.unit == "") && g.base == "" {
			k := after
			if at(rs, k) == '的' {
				g.base = zhNounAfter(rs, k+1)
			} else if at(rs, g.end-1) == '成' || g.kind == KindRatio {
				g.base = zhNounAfter(rs, k) // "七成以上受访者"
			}
		}
		if g.kind == KindAmount && g.subject == "" {
			g.subject = zhNounAfter(rs, after) // "获得$2500万融资"
		}
	}
}

// zhSubjectBefore reads the words before a figure back to the start of its
// clause, without period phrases, verbs and adverbs, and splits off the base
// of a share: "中国卫生总费用占GDP的比重为6.2%" has subject "中国卫生总费用"
// and base "GDP". A figure with nothing of its own before it ("……35128元，比
// 上年增长9.1%") takes the subject of the figure before it.
func zhSubjectBefore(rs []rune, g *zhFig, prev *zhFig, periods []zhPeriod) (string, string) {
	end := g.lead
	start := end
	for start > 0 && !isZhClauseMark(rs[start-1]) && rs[start-1] != '、' || start > 0 && strings.ContainsRune("（）()", rs[start-1]) {
		start--
	}
	for _, p := range periods {
		if !p.baseline && p.end <= end && p.end > start {
			start = p.end
		}
	}
	own := start // where the words of this figure alone start
	if prev != nil && prev.after > start && prev.after <= end {
		own = prev.after
		if strings.ContainsRune("和与及", at(rs, own)) {
			start = own + 1 // a list: "医院120家和研究院所8家"
		}
	}
	trim := func(a, b int) (int, int) {
		for a < b && (unicode.IsSpace(rs[a]) || strings.ContainsRune("，、的", rs[a])) {
			a++
		}
		for b > a && unicode.IsSpace(rs[b-1]) {
			b--
		}
		for changed := true; changed && b > a; {
			changed = false
			if k := zhTrailingList.suffixAt(rs, b, a); k >= 0 {
				b -= len(zhTrailingList.words[k])
				changed = true
			}
			if k := zhChangeList.suffixAt(rs, b, a); k >= 0 && len(zhChangeList.words[k]) > 1 {
				b -= len(zhChangeList.words[k])
				changed = true
			}
			for _, p := range periods {
				if p.baseline && p.end == b && p.first >= a {
					b = p.first
					if c := at(rs, b-1); b > a && (c == '比' || c == '较' || c == '与' || c == '同') {
						b--
					}
					changed = true
				}
			}
		}
		for changed := true; changed && b > a; {
			changed = false
			if k := zhLeadingList.prefixAt(rs, a); k >= 0 && a+len(zhLeadingList.words[k]) <= b {
				a += len(zhLeadingList.words[k])
				changed = true
			}
		}
		return a, b
	}
	if prev != nil && own > start {
		if a, b := trim(own, end); a >= b {
			return prev.subject, "" // "由20.7%提高至24.5%"
		}
	}
	start, end = trim(start, end)
	base := ""
	// A share: "占GDP的比重", "占全国的", "占…比重".
	for j := start; j < end; j++ {
		if rs[j] != '占' || at(rs, j+1) == '比' || at(rs, j+1) == '地' {
			continue
		}
		b := string(rs[j+1 : end])
		for _, suf := range []string{"的比重", "的比例", "的份额", "比重", "比例", "的"} {
			if strings.HasSuffix(b, suf) {
				b = strings.TrimSuffix(b, suf)
				break
			}
		}
		base = b
		end = j
		break
	}
	// An object: "中央企业实现营业收入" → "营业收入".
	for j := end - 2; j >= start; j-- {
		found := false
		for _, k := range zhObjectList.first[rs[j]] {
			n := len(zhObjectList.words[k])
			if j+n < end && runesAt(rs, j, zhObjectList.words[k]) && !strings.ContainsRune("率量额度值数强规比", at(rs, j+n)) {
				start = j + n
				found = true
				break
			}
		}
		if found {
			break
		}
	}
	start, end = trim(start, end)
	if end-start > 60 {
		start = end - 60
	}
	return string(rs[start:end]), base
}
