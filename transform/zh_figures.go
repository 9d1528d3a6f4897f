package transform

import (
	"math"
	"strings"
	"unicode"
)

// This file finds the figures of a Chinese sentence: it reads the numbers
// (zhnum.go) that lie outside period phrases, drops those that are part of a
// word, an ordinal, a date, a time, a code or a reference, and classifies the
// rest by what follows them (zh_units.go), with their qualifiers and the
// direction of a change (zh_qualifier.go) and ranges.

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

// zhPrefixStops are characters right before a Chinese numeral that make it
// part of a word, an ordinal or an approximate amount: 第一, 其一, 之一, 统一,
// 唯一, 万一, 初一, 周一, 数十, 几十, 上千, 成千, 同一, 单一, 逐一.
const zhPrefixStops = "第其之统唯万初周数几上成同单逐星礼七八九一二三四五六零两十百千亿"

// zhDefinite are words right before a number that point back to things
// already named: 上述三家, 其他六部门, 等六部门, 这两家. Such a number counts
// nothing new, as "the two companies" does not.
var zhDefinite = []string{"上述", "以上", "其他", "其余", "另外", "这些", "那些", "该", "这", "那", "此", "等", "各", "每", "前"}

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

// inZhPeriod reports whether rune i lies inside a period phrase.
func inZhPeriod(periods []zhPeriod, i int) bool {
	for _, p := range periods {
		if i >= p.first && i < p.end {
			return true
		}
	}
	return false
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

// zhFigureAt reads the figure whose number starts at rs[i]. It returns the
// index to go on from when there is none.
func zhFigureAt(rs []rune, i int, periods []zhPeriod) (zhFig, int, bool) {
	n, ok := readZhNumber(rs, i)
	if !ok {
		return zhFig{}, n.end, false
	}
	est := zhEstimate{}
	// The value is the recognizer's (zh_recognize.go): it reads 万万, 兆,
	// abbreviated tails ("一万三" = 13000) and 零十, and refuses the digit
	// pairs of an estimate ("两三个", "二三十家"), which are ranges here.
	if e, ok := zhEstimateAt(rs, i); ok {
		est = e
		n.value, n.end, n.scaled = e.low, e.end, e.low >= 10
	} else if rv, st := zhReadNumber(rs, i); st.ok && rv.end >= n.end && !isLatin(rs[rv.end-1]) {
		n.value, n.end = rv.value, rv.end
		n.scaled = n.scaled || st.big
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
	// A sign or a currency before the digits; 零下 (below zero).
	if prev == '下' && at(rs, i-2) == '零' {
		g.first -= 2
		g.value = -g.value
	} else if prev == '负' || (prev == '-' || prev == '－' || prev == '−') && !isZhNumRune(at(rs, i-2)) && !isLatin(at(rs, i-2)) {
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
		// A noun right after the digits counts: "186万贫困人口"; but a plain
		// number glued to a name before it is a model: "波音737客机".
		if unicode.Is(unicode.Han, at(rs, k)) && !zhIsStop(rs, k) && !strings.ContainsRune("和与及或等的之以至到", at(rs, k)) {
			if n.plain && !n.scaled && unicode.Is(unicode.Han, prev) && !strings.ContainsRune(zhBeforeCount, prev) {
				return zhFig{}, k, false
			}
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
	if kind == KindPercent && at(rs, k) == '成' && end == k+1 {
		// "二成五" = 25 %: a digit after 成 is the next tenth
		if d, ok := zhDigit(at(rs, end)); ok && !isZhNumStart(at(rs, end+1)) && !zhUnitRune(at(rs, end+1)) {
			g.value += float64(d)
			end++
			g.end, g.unitEnd = end, end
		}
	}
	zhFinish(rs, &g)
	if more {
		g.qualifier = "more than"
	}
	if est.end > 0 {
		g.low, g.high = est.low, est.high
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

// zhEstimate is a range written as two neighbouring digits: "两三个" (2–3),
// "二三十家" (20–30), "七八百" (700–800).
type zhEstimate struct {
	low, high float64
	end       int
}

// zhEstimateAt reads an estimate at rs[i]: two Chinese digits, the second
// one more than the first, and an optional unit (十, 百, 千, 万, 亿).
func zhEstimateAt(rs []rune, i int) (zhEstimate, bool) {
	d1, ok1 := zhDigit(at(rs, i))
	d2, ok2 := zhDigit(at(rs, i+1))
	if !ok1 || !ok2 || d1 == 0 || d2 != d1+1 {
		return zhEstimate{}, false
	}
	e := zhEstimate{low: float64(d1), high: float64(d2), end: i + 2}
	if u, ok := zhRecUnit(at(rs, i+2)); ok && u < 12 {
		m := math.Pow10(u)
		e.low, e.high, e.end = e.low*m, e.high*m, i+3
	}
	return e, true
}

// zhBeforeCount are characters after which a bare number followed by a noun
// is a count ("有5000企业", "新增300病例"), not part of a name.
const zhBeforeCount = "有为是达约共近超逾了的和及与在将至到计余增减新即仅各每合"
