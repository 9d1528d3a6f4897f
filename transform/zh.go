package transform

import (
	"math"
	"strings"
	"time"
	"unicode"
)

// This file is the Chinese path of Parse. Chinese has no spaces, so it works
// on the runes of each sentence rather than on tokens: zhperiod.go finds the
// period phrases, zhnum.go reads numbers, and this file classifies them by
// what follows (a measure word, %, 个百分点, 元, 成, ...), reads qualifiers,
// the direction of a change, ranges, and the subject: the noun after a
// measure word ("1154家医疗机构"), or for a percentage, an amount or a count
// whose noun comes first ("床位2.7万张") the words before the verb that links
// them ("……完成率达99.6%").

// zhFig is a figure found in a sentence's runes.
type zhFig struct {
	first, end int // rune range of Text
	lead       int // start of a qualifier or verb of change before first
	after      int // rune index past the unit and a qualifier after it
	value      float64
	low, high  float64
	kind       Kind
	unit       string
	qualifier  string
	subject    string
	base       string
	direction  string
	change     bool
	measured   bool // a count with a measure word
	unitEnd    int  // past the measure word of a count
}

// parseChinese is Parse for Chinese text.
func parseChinese(text string, opt Options) []Figure {
	var (
		out     []Figure
		scope   []zhPeriod
		periods []zhPeriod
		figs    []zhFig
		rs      []rune
		pool    periodPool
	)
	for _, s := range splitSpans(text, make([]span, 0, len(text)/96+1)) {
		sentence := text[s.bstart:s.bend]
		rs = appendRunes(rs[:0], sentence)
		periods = findZhPeriods(rs, opt.Published, periods[:0])
		figs = findZhFigures(rs, periods, figs[:0])
		zhSubjects(rs, figs, periods)
		for _, g := range figs {
			f := Figure{
				Text:      string(rs[g.first:g.end]),
				Value:     g.value,
				Kind:      g.kind,
				Unit:      g.unit,
				Subject:   g.subject,
				Base:      g.base,
				Qualifier: g.qualifier,
				Low:       g.low,
				High:      g.high,
				Direction: g.direction,
				Change:    g.change,
				Sentence:  sentence,
				Start:     s.start + g.first,
				End:       s.start + g.end,
			}
			if p := zhAssignPeriod(g, periods, scope); p != nil {
				f.Period = pool.copyOf(p)
			}
			out = append(out, f)
		}
		if s.continues {
			for _, p := range periods {
				if !p.baseline {
					scope = append(scope, p)
				}
			}
		} else {
			scope = scope[:0]
		}
	}
	return out
}

// appendRunes appends the runes of s to dst.
func appendRunes(dst []rune, s string) []rune {
	for _, r := range s {
		dst = append(dst, r)
	}
	return dst
}

// zhAssignPeriod picks the period of a figure: the nearest phrase before it
// in the sentence, else one of an earlier clause joined by "；", else the
// first phrase after it. Baselines ("比上年") date nothing.
func zhAssignPeriod(g zhFig, periods, scope []zhPeriod) *Period {
	var before, after *Period
	for i := range periods {
		p := &periods[i]
		if p.baseline {
			continue
		}
		if p.end <= g.lead {
			before = &p.period
		} else if p.first >= g.end && after == nil {
			after = &p.period
		}
	}
	if before == nil && len(scope) > 0 {
		before = &scope[len(scope)-1].period
	}
	if before != nil {
		return before
	}
	return after
}

// inZhPeriod reports whether rune i lies inside a period phrase.
func inZhPeriod(periods []zhPeriod, i int) bool {
	for _, p := range periods {
		if i >= p.first && i < p.end {
			return true
		}
	}
	return false
}

// zhPrefixStops are characters right before a Chinese numeral that make it
// part of a word, an ordinal or an approximate amount: 第一, 其一, 之一, 统一,
// 唯一, 万一, 初一, 周一, 数十, 几十, 上千, 成千, 同一, 单一, 逐一.
const zhPrefixStops = "第其之统唯万初周数几上成同单逐星礼七八九一二三四五六零两十百千亿"

// zhDefinite are words right before a number that point back to things
// already named: 上述三家, 其他六部门, 等六部门, 这两家. Such a number counts
// nothing new, as "the two companies" does not.
var zhDefinite = []string{"上述", "以上", "其他", "其余", "另外", "这些", "那些", "该", "这", "那", "此", "等", "各", "每", "前"}

// zhQualBefore are qualifiers written before the number, longest first.
var zhQualBefore = []struct{ words, canon string }{
	{"不少于", "at least"}, {"不低于", "at least"}, {"不下于", "at least"}, {"至少", "at least"}, {"起码", "at least"},
	{"不超过", "up to"}, {"不多于", "up to"}, {"不高于", "up to"}, {"多达", "up to"}, {"高达", "up to"}, {"最多", "up to"}, {"最高", "up to"}, {"至多", "up to"},
	{"超过", "more than"}, {"多于", "more than"}, {"高于", "more than"}, {"大于", "more than"}, {"逾", "more than"}, {"超", "more than"},
	{"不到", "less than"}, {"不足", "less than"}, {"少于", "less than"}, {"低于", "less than"}, {"小于", "less than"},
	{"将近", "nearly"}, {"接近", "nearly"}, {"近", "nearly"}, {"差不多", "nearly"},
	{"大约", "about"}, {"大概", "about"}, {"约", "about"}, {"估计", "about"},
}

// zhQualAfter are qualifiers written after the number and its unit.
var zhQualAfter = []struct{ words, canon string }{
	{"以上", "at least"}, {"及以上", "at least"}, {"以下", "up to"}, {"及以下", "up to"}, {"左右", "about"}, {"上下", "about"}, {"有余", "more than"},
}

// zhChangeVerbs are verbs of change before a figure; with 到, 至 or 为 after
// them the figure is the level reached, else the size of the change.
var zhChangeVerbs = []struct {
	words string
	dir   string
}{
	{"增长", "up"}, {"增加", "up"}, {"上升", "up"}, {"提高", "up"}, {"上涨", "up"}, {"提升", "up"}, {"扩大", "up"}, {"增幅", "up"},
	{"下降", "down"}, {"减少", "down"}, {"降低", "down"}, {"下跌", "down"}, {"回落", "down"}, {"下滑", "down"}, {"缩小", "down"}, {"收窄", "down"}, {"降幅", "down"},
	{"增", "up"}, {"升", "up"}, {"涨", "up"}, {"多", "up"}, {"高", "up"},
	{"减", "down"}, {"降", "down"}, {"跌", "down"}, {"少", "down"}, {"低", "down"},
}

// zhCurrencies are currency words after an amount, longest first.
var zhCurrencies = []struct{ words, code string }{
	{"元人民币", "CNY"}, {"人民币", "CNY"}, {"美元", "USD"}, {"港元", "HKD"}, {"港币", "HKD"}, {"欧元", "EUR"},
	{"日元", "JPY"}, {"英镑", "GBP"}, {"卢布", "RUB"}, {"元", "CNY"},
}

// zhMeasures are measure words and units after a count, longest first.
// Units of time that date rather than count (年, 月, 日) are not here.
var zhMeasures = []string{
	"平方公里", "平方千米", "平方米", "立方米", "千瓦时", "万千瓦", "标准箱", "人次", "架次", "车次", "户次",
	"公里", "千米", "千瓦", "兆瓦", "公顷", "公斤", "千克", "吨", "标箱", "小时", "分钟", "天", "剂次", "剂", "斤",
	"家", "个", "名", "张", "人", "位", "所", "项", "台", "辆", "户", "座", "件", "例", "份", "条", "种",
	"艘", "架", "套", "处", "篇", "部", "批", "只", "头", "亩", "米", "升", "间", "栋", "支", "起", "宗",
	"笔", "场", "类", "款", "颗", "枚", "床", "册", "本", "块", "片", "所", "口", "期", "次", "倍",
}

// zhTimeUnits after a number make it a date, a time, an age or an ordinal:
// 2021年, 11月, 20日, 9时, 3点, 15分, 60岁, 80年代, 19届.
const zhTimeUnits = "年月日号时点分秒岁届周代世"

// findZhFigures appends the figures of a sentence's runes to out.
func findZhFigures(rs []rune, periods []zhPeriod, out []zhFig) []zhFig {
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case r == '百' && hasRunes(rs, i+1, "分之"), r == '千' && hasRunes(rs, i+1, "分之"):
			if inZhPeriod(periods, i) {
				continue
			}
			if g, ok := zhPercentPrefix(rs, i); ok {
				out = append(out, g)
				i = g.after - 1
			}
			continue
		case !isZhNumStart(r):
			continue
		}
		if inZhPeriod(periods, i) {
			continue
		}
		g, next, ok := zhFigureAt(rs, i, periods)
		if ok {
			out = append(out, g)
			i = g.after - 1
			continue
		}
		if next > i+1 {
			i = next - 1
		}
	}
	return out
}

// zhPercentPrefix reads "百分之九十九点六" or "千分之三" at rs[i].
func zhPercentPrefix(rs []rune, i int) (zhFig, bool) {
	n, ok := readZhNumber(rs, i+3)
	if !ok || n.start != i+3 {
		return zhFig{}, false
	}
	g := zhFig{first: i, end: n.end, lead: i, value: n.value, kind: KindPercent, unit: "percent"}
	if rs[i] == '千' {
		g.unit = "per mille"
	}
	zhFinish(rs, &g)
	// "百分之十至百分之二十"
	if isRangeMark(at(rs, g.end)) || at(rs, g.end) == '到' {
		k := g.end + 1
		if hasRunes(rs, k, "百分之") {
			if n2, ok := readZhNumber(rs, k+3); ok && n2.start == k+3 && n2.value >= g.value {
				g.high, g.end = n2.value, n2.end
			}
		}
	}
	zhAfter(rs, &g)
	return g, true
}

// zhFinish sets the defaults of a figure: the qualifier and change before
// it, Low and High.
func zhFinish(rs []rune, g *zhFig) {
	g.low, g.high = g.value, g.value
	g.lead = g.first
	g.qualifier, g.lead = zhQualifierBefore(rs, g.first)
	g.direction, g.change = zhChangeBefore(rs, g.lead)
}

// zhAfter reads a qualifier after the figure and sets g.after.
func zhAfter(rs []rune, g *zhFig) {
	g.after = g.end
	for _, q := range zhQualAfter {
		if hasRunes(rs, g.end, q.words) {
			if q.words == "上下" && (at(rs, g.end+2) == '游' || at(rs, g.end+2) == '班') {
				continue
			}
			if g.qualifier == "" {
				g.qualifier = q.canon
			}
			g.after = g.end + len([]rune(q.words))
			break
		}
	}
}

// zhQualifierBefore reads a qualifier that ends right before rs[first].
func zhQualifierBefore(rs []rune, first int) (string, int) {
	for _, q := range zhQualBefore {
		n := len([]rune(q.words))
		if first-n >= 0 && hasRunes(rs, first-n, q.words) {
			if q.words == "近" && (at(rs, first-2) == '最' || at(rs, first-2) == '附' || at(rs, first-2) == '接') {
				continue
			}
			if q.words == "超" && at(rs, first-2) == '赶' {
				continue
			}
			return q.canon, first - n
		}
	}
	return "", first
}

// zhChangeBefore reads a verb of change that ends at rs[lead] (skipping 了,
// 达, 为 and the like): "同比增长3.2%" is a change up, "增长到5%" and "降至
// 3%" are levels reached.
func zhChangeBefore(rs []rune, lead int) (string, bool) {
	k := lead
	level := false
	switch at(rs, k-1) {
	case '了':
		k--
	case '到', '至', '为':
		k--
		level = true
	}
	if hasRunes(rs, k-1, "达") || hasRunes(rs, k-2, "达到") {
		return "", false
	}
	for _, v := range zhChangeVerbs {
		n := len([]rune(v.words))
		if k-n < 0 || !hasRunes(rs, k-n, v.words) {
			continue
		}
		if n == 1 {
			// A single character is a verb of change only after a comparison:
			// "比上年增", "同比降", "多/高" after 比…: "比上年多3家".
			c := at(rs, k-2)
			single := v.words == "增" || v.words == "升" || v.words == "降" || v.words == "减" || v.words == "涨" || v.words == "跌"
			if !(c == '比' || c == '年' || c == '期' || c == '均' || c == '分' || hasRunes(rs, k-3, "同比") || hasRunes(rs, k-3, "环比") || level && single) {
				continue
			}
			if (v.words == "多" || v.words == "高" || v.words == "少" || v.words == "低") && level {
				continue
			}
		}
		return v.dir, !level
	}
	return "", false
}

// zhFigureAt reads the figure whose number starts at rs[i]. It returns the
// index to go on from when there is none.
func zhFigureAt(rs []rune, i int, periods []zhPeriod) (zhFig, int, bool) {
	n, ok := readZhNumber(rs, i)
	if !ok {
		return zhFig{}, n.end, false
	}
	g := zhFig{first: i, end: n.end, value: n.value}
	prev := at(rs, i-1)
	// Glued to Latin letters or digits: "5G", "A320", "PM2.5", "COVID-19".
	if isLatin(prev) || (prev == '-' || prev == '.') && isLatin(at(rs, i-2)) || isLatin(at(rs, n.end)) && !n.chinese {
		return zhFig{}, skipLatin(rs, n.end), false
	}
	if n.chinese && !n.arabic && strings.ContainsRune(zhPrefixStops, prev) {
		return zhFig{}, n.end, false
	}
	if (prev == '-' || prev == '/' || prev == ':' || prev == '：' || prev == '.') && isZhNumRune(at(rs, i-2)) {
		return zhFig{}, n.end, false // "3-2", "12/20", "9:30"
	}
	if prev == '第' || prev == '“' || prev == '"' || prev == '「' || prev == '《' || prev == '‘' {
		return zhFig{}, n.end, false
	}
	for _, w := range zhDefinite {
		if k := i - len([]rune(w)); k >= 0 && hasRunes(rs, k, w) {
			return zhFig{}, n.end, false
		}
	}
	// A fraction: "三分之一", "2/3" is left alone.
	if hasRunes(rs, n.end, "分之") {
		d, ok := readZhNumber(rs, n.end+2)
		if !ok || d.start != n.end+2 || n.value == 0 {
			return zhFig{}, n.end + 2, false
		}
		g.end = d.end
		g.value = d.value / n.value
		g.kind, g.unit = KindRatio, ""
		zhFinish(rs, &g)
		zhAfter(rs, &g)
		return g, g.after, true
	}
	// A sign or a currency before the digits.
	if prev == '负' || (prev == '-' || prev == '－' || prev == '−') && !isZhNumRune(at(rs, i-2)) && !isLatin(at(rs, i-2)) {
		g.first--
		g.value = -g.value
	}
	currency := ""
	switch {
	case prev == '$' || prev == '＄':
		currency, g.first = "USD", i-1
		if at(rs, i-2) == 'S' && at(rs, i-3) == 'U' {
			g.first = i - 3
		} else if at(rs, i-2) == 'K' && at(rs, i-3) == 'H' {
			currency, g.first = "HKD", i-3
		}
	case prev == '¥' || prev == '￥':
		currency, g.first = "CNY", i-1
	}
	k := n.end
	more := n.more
	if c := at(rs, k); c == '余' || c == '多' {
		more = true
		k++
	}
	kind, unit, end := zhUnitAt(rs, k, n)
	if kind == "" && currency != "" {
		kind, unit, end = KindAmount, currency, k
	}
	if kind == "" && k > n.end {
		k, more = n.end, n.more // "500多" without a unit
	}
	if kind == "" {
		// No unit: only Arabic numbers that are not years, codes, dates or
		// times are figures.
		if at(rs, k) == '点' && n.arabic && n.value > 24 && !isZhNumRune(at(rs, k+1)) {
			kind, unit, end = KindNumber, "points", k+1 // an index: "收于3650点"
		} else if strings.ContainsRune(zhTimeUnits, at(rs, k)) {
			return zhFig{}, k + 1, false
		}
	}
	if kind == "" {
		if !n.arabic || n.chinese {
			return zhFig{}, k, false
		}
		if n.plain && !n.scaled && (n.leading || n.digits >= 6 || n.digits == 4 && n.value >= 1900 && n.value <= 2100) {
			return zhFig{}, k, false
		}
		if isZhCodeContext(rs, i, k) {
			return zhFig{}, k, false
		}
		kind, end = KindNumber, k
		// A noun right after the digits counts: "186万贫困人口".
		if unicode.Is(unicode.Han, at(rs, k)) && !zhIsStop(rs, k) && !strings.ContainsRune("和与及或等的之以至到", at(rs, k)) {
			kind = KindCount
		}
	}
	if kind == KindCount && !n.arabic && n.value == 1 && !n.scaled {
		return zhFig{}, end, false // 一家, 一个: "a", not a count
	}
	if kind == KindCount && unit == "个" && strings.ContainsRune("月季小工星", at(rs, end)) {
		return zhFig{}, end + 1, false // 3个月, 5个工作日: durations
	}
	g.kind, g.unit = kind, unit
	if kind == KindPercent && at(rs, k) == '成' {
		g.value *= 10 // 七成 = 70 %
	}
	if kind == KindCount || kind == KindNumber {
		g.end = n.end
		g.measured = kind == KindCount
		g.unitEnd = end
	} else {
		g.end = end
		g.unitEnd = end
	}
	zhFinish(rs, &g)
	if more {
		g.qualifier = "more than"
	}
	// A range: "10至20家", "10%-20%", "10%至20%", "5000万至1亿元", "10至20".
	from := -1
	switch {
	case kind != KindNumber && (isRangeMark(at(rs, end)) || at(rs, end) == '到'):
		from = end + 1
	case kind == KindNumber && (isRangeMark(at(rs, n.end)) || at(rs, n.end) == '到'):
		from = n.end + 1
	}
	if from >= 0 {
		if g2, ok := zhRangeEnd(rs, from, g, periods); ok {
			return g2, g2.after, true
		}
		if kind == KindNumber {
			// "3-2", "1024-768": a score or a code
			return zhFig{}, from, false
		}
	}
	zhAfterFrom(rs, &g, end)
	return g, g.after, true
}

// zhAfterFrom reads a qualifier after the figure's unit, which ends at end.
func zhAfterFrom(rs []rune, g *zhFig, end int) {
	save := g.end
	g.end = end
	zhAfter(rs, g)
	g.end = save
}

// zhRangeEnd reads the upper end of a range starting at rs[k].
func zhRangeEnd(rs []rune, k int, g zhFig, periods []zhPeriod) (zhFig, bool) {
	if inZhPeriod(periods, k) || !isZhNumStart(at(rs, k)) {
		return zhFig{}, false
	}
	// "从3.2%提高至5.1%", "由…到…": a change of level, not a range.
	for b := g.first - 1; b >= 0 && b >= g.first-3; b-- {
		if rs[b] == '从' || rs[b] == '由' {
			return zhFig{}, false
		}
	}
	n2, ok := readZhNumber(rs, k)
	if !ok || n2.value < g.value {
		return zhFig{}, false
	}
	k2 := n2.end
	if at(rs, k2) == '余' || at(rs, k2) == '多' {
		k2++
	}
	kind, unit, end := zhUnitAt(rs, k2, n2)
	switch {
	case kind == "" && g.kind != KindNumber:
		end = k2 // "10%-20": the unit of the first end
	case kind == "":
		// "10至20": a bare range needs 至 or 到, and plain numbers
		if c := rs[k-1]; c != '至' && c != '到' && c != '～' && c != '~' {
			return zhFig{}, false
		}
		if strings.ContainsRune(zhTimeUnits, at(rs, k2)) {
			return zhFig{}, false
		}
	case g.kind == KindNumber || g.kind == kind:
		g.kind, g.unit = kind, unit
	default:
		return zhFig{}, false
	}
	hv := n2.value
	if g.kind == KindPercent && hasRunes(rs, k2, "成") {
		hv *= 10
	}
	// The lower end is read as written: in "5至8万元" it is 5, not 50,000.
	g.high = hv
	if g.kind == KindCount || g.kind == KindNumber {
		g.end = n2.end
		g.measured = g.kind == KindCount
		g.unitEnd = end
	} else {
		g.end = end
	}
	zhAfterFrom(rs, &g, end)
	return g, true
}

// zhUnitAt reads the unit after a number at rs[k]: a percent sign, 个百分点,
// 成, a currency, a measure word. It returns "" when there is none.
func zhUnitAt(rs []rune, k int, n zhNum) (Kind, string, int) {
	switch r := at(rs, k); r {
	case '%', '％':
		return KindPercent, "percent", k + 1
	case '‰':
		return KindPercent, "per mille", k + 1
	case '成':
		// 七成 = 70 %: a whole number up to ten, not a word (成本, 成立, 成为, ...)
		if n.value >= 1 && n.value <= 10 && n.value == math.Trunc(n.value) && !n.scaled || n.value == 10 {
			if !strings.ContainsRune("本立为功果员交绩长熟效型品就都市年分", at(rs, k+1)) {
				return KindPercent, "percent", k + 1
			}
		}
		return "", "", k
	}
	if hasRunes(rs, k, "个百分点") {
		return KindPercent, "percentage points", k + 4
	}
	if hasRunes(rs, k, "百分点") {
		return KindPercent, "percentage points", k + 3
	}
	for _, c := range zhCurrencies {
		if hasRunes(rs, k, c.words) {
			if c.words == "元" && strings.ContainsRune("素旦宵首件老月年帅气器", at(rs, k+1)) {
				return "", "", k // 元素, 元旦, 元宵
			}
			return KindAmount, c.code, k + len([]rune(c.words))
		}
	}
	for _, m := range zhMeasures {
		if hasRunes(rs, k, m) {
			if m == "倍" {
				return KindRatio, "times", k + 1
			}
			if m == "点" || m == "分" {
				return "", "", k
			}
			return KindCount, m, k + len([]rune(m))
		}
	}
	return "", "", k
}

// isZhCodeContext reports whether a bare number is a phone number, a hotline,
// a code or a reference: "拨打12345热线", "电话010-…", "编号3".
func isZhCodeContext(rs []rune, i, k int) bool {
	for _, w := range []string{"电话", "热线", "拨打", "编号", "代码", "邮编", "传真", "号码", "文号", "国发", "版本"} {
		if hasRunes(rs, k, w) || i-2 >= 0 && hasRunes(rs, i-2, w) {
			return true
		}
	}
	switch at(rs, k) {
	case '号', '路', '楼', '层', '室', '版', '条', '款', '章', '节', '次', '期', ':', '：', '/':
		return true
	}
	if isRangeMark(at(rs, k)) || at(rs, k) == '-' {
		if _, ok := arabicDigit(at(rs, k+1)); ok && at(rs, i) == '0' {
			return true
		}
	}
	return false
}

// isLatin reports whether r is a Latin letter.
func isLatin(r rune) bool {
	return r < 0x250 && unicode.IsLetter(r) || r >= 'Ａ' && r <= 'ｚ'
}

// skipLatin returns the index past the letters and digits at rs[k].
func skipLatin(rs []rune, k int) int {
	for k < len(rs) {
		if _, ok := arabicDigit(rs[k]); ok || isLatin(rs[k]) || rs[k] == '.' || rs[k] == '-' {
			k++
			continue
		}
		break
	}
	return k
}

// zhDetect reports whether text reads as Chinese: Han characters make up a
// good share of its letters (a Han character is about a word, an English
// word about five letters).
func zhDetect(text string) bool {
	han, latin := 0, 0
	for i, r := range text {
		if i > 4096 {
			break
		}
		switch {
		case r < 0x80:
			if r|0x20 >= 'a' && r|0x20 <= 'z' {
				latin++
			}
		case unicode.Is(unicode.Han, r):
			han++
		}
	}
	return han > 0 && han*5 >= latin
}

// zhIsChinese reports whether a language tag is Chinese: "zh", "zh-CN",
// "zh_TW", "zh-Hans", "cmn".
func zhIsChinese(lang string) bool {
	l := strings.ToLower(lang)
	return l == "zh" || l == "cmn" || strings.HasPrefix(l, "zh-") || strings.HasPrefix(l, "zh_")
}

// publishedDay is the publication date as a day, for the fallback period.
func publishedDay(t time.Time) time.Time {
	y, m, d := t.Date()
	return ymd(y, int(m), d)
}

// zhNounStops are words that end the noun after a measure word ("1154家医疗
// 机构深化改革…", "228家医疗机构移交…"): verbs, adverbs and prepositions that
// follow a counted noun. Each is checked with the rune before it, so that
// 公共 does not stop at 共 nor 发达 at 达 (see zhIsStop).
var zhNounStops = []string{
	"被", "按", "将", "已经", "已", "均", "都", "全部", "共计", "共", "通过", "实施", "实现", "完成", "深化",
	"推进", "移交", "纳入", "保留", "有序", "得到", "获得", "进行", "开展", "参与", "参加", "提供",
	"接受", "位于", "在", "于", "是", "达到", "达", "占", "增长", "下降", "增加", "减少", "同比", "比",
	"较", "覆盖", "累计", "合计", "新增", "成为", "正在", "分别", "陆续", "先后", "相继", "顺利", "成功",
	"率先", "首次", "正式", "入选", "获批", "建成", "投入", "开业", "签约", "签署", "受益", "从事",
	"包括", "其中", "已于", "因", "由", "向", "对", "从", "把", "经", "可", "能", "会", "要", "应",
	"和其他", "以及", "等方式", "实行", "予以", "作为", "承接", "参保", "就业", "同期", "入驻", "出台",
	"驰援", "脱贫", "下达", "了", "表示", "实现了", "签订", "落户", "上市", "获评",
}

// zhIsStop reports whether a noun-ending word starts at rs[j] (j > from).
func zhIsStop(rs []rune, j int) bool {
	if j < 0 || j >= len(rs) {
		return false
	}
	prev := at(rs, j-1)
	for _, k := range zhNounStopList.first[rs[j]] {
		if !runesAt(rs, j, zhNounStopList.words[k]) {
			continue
		}
		switch w := zhNounStops[k]; w {
		case "共":
			if prev == '公' {
				continue
			}
		case "达", "达到":
			if prev == '发' || prev == '表' || prev == '传' || prev == '通' {
				continue
			}
		case "在":
			if prev == '所' || prev == '存' || prev == '现' || prev == '实' {
				continue
			}
		case "均":
			if prev == '人' || prev == '平' {
				continue
			}
		case "都":
			if prev == '首' || prev == '成' || prev == '京' {
				continue
			}
		case "比":
			if c := at(rs, j+1); c == '例' || c == '重' || c == '率' {
				continue
			}
		case "于":
			if prev == '关' || prev == '属' || prev == '对' || prev == '由' || prev == '等' || prev == '位' {
				continue
			}
		case "能":
			if c := at(rs, j+1); c == '源' || c == '力' || prev == '功' || prev == '智' || prev == '技' || prev == '性' || prev == '产' {
				continue
			}
		case "会":
			if prev == '社' || prev == '协' || prev == '学' || prev == '商' || prev == '委' || prev == '大' || prev == '机' {
				continue
			}
		case "要":
			if prev == '重' || prev == '主' || prev == '需' || prev == '必' {
				continue
			}
		case "经":
			if c := at(rs, j+1); c == '济' || c == '营' || c == '费' || c == '理' || c == '验' || c == '销' {
				continue
			}
		case "应":
			if c := at(rs, j+1); c == '急' || c == '用' || c == '对' || prev == '供' || prev == '效' || prev == '反' {
				continue
			}
		case "可", "对", "向", "由", "从", "因", "把":
			if prev == '许' || prev == '认' || prev == '方' || prev == '理' || prev == '原' || prev == '面' || prev == '自' || prev == '服' || prev == '针' || prev == '相' {
				continue
			}
		case "就业":
			continue // a noun too: 1.2万个就业岗位
		}
		return true
	}
	return false
}

// isZhClauseMark reports whether r ends a clause for subject reading.
func isZhClauseMark(r rune) bool {
	switch r {
	case '，', ',', '。', '；', ';', '：', ':', '！', '？', '（', '）', '(', ')', '“', '”', '"', '《', '》', '「', '」', '\n', '【', '】':
		return true
	}
	return unicode.IsSpace(r)
}

// zhNounAfter reads the counted noun after a measure word at rs[k]:
// "医疗机构" in "1154家医疗机构深化改革…", "企业办医疗机构" in "360家经营困
// 难、缺乏竞争优势的企业办医疗机构有序实施…" (the head after the last 的).
func zhNounAfter(rs []rune, k int) string {
	end := k
	for end < len(rs) && end-k < 40 {
		r := rs[end]
		if isZhClauseMark(r) || !(unicode.Is(unicode.Han, r) || isLatin(r) || r == '、' || r == '-' || isZhNumRune(r) && end > k && isLatin(at(rs, end-1))) {
			break
		}
		if _, ok := arabicDigit(r); ok && !isLatin(at(rs, end-1)) && !isLatin(at(rs, end+1)) {
			break
		}
		end++
	}
	stop := -1
	for j := k + 1; j < end; j++ {
		if zhIsStop(rs, j) {
			stop = j
			break
		}
	}
	if zhIsStop(rs, k) || strings.ContainsRune("、和与及或之", at(rs, k)) {
		return ""
	}
	if stop < 0 {
		stop = end
	}
	head := k
	for j := stop - 1; j >= k; j-- {
		if rs[j] == '的' {
			head = j + 1
			break
		}
	}
	if head > k {
		stop2 := -1
		for j := head + 1; j < end; j++ {
			if zhIsStop(rs, j) {
				stop2 = j
				break
			}
		}
		if stop2 < 0 {
			stop2 = end
		}
		stop = stop2
	}
	for stop > head && (rs[stop-1] == '、' || rs[stop-1] == '-' || rs[stop-1] == '等' || rs[stop-1] == '的') {
		stop--
	}
	if stop-head < 1 {
		return ""
	}
	return string(rs[head:stop])
}

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

// Indexed forms of the word lists.
var (
	zhNounStopList = newWordList(zhNounStops)
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

// zhLeading are words stripped from the start of a subject.
var zhLeading = []string{"其中", "此外", "另外", "同时", "全年", "目前", "当前", "截至目前", "期间"}

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
