package transform

import (
	"math"
	"strconv"
	"strings"
	"unicode"
)

// This file is the Chinese recognizer (see Numbers): every numeral of a
// text, in Arabic digits (ASCII or full-width), in Chinese numerals
// (financial and traditional forms too), and mixed ("5亿1万4千6百",
// "3万4000"), with 万万 and 万亿, abbreviated tails ("一万三" = 13000,
// "两千四百五" = 2450), 余/多/几 before a unit ("十余万"), 打 (dozen),
// fractions ("五分之一", "3又一千分之23", "3/4"), and percentages: %,
// 百分之/千分之/万分之, 个百分点, 成 and 折.

// zhNumbers is the Chinese row's recognizer (see language.numbers).
func zhNumbers(text string) []Number {
	orig := []rune(text)
	rs, pos := zhCompact(orig)
	var out []Number
	for i := 0; i < len(rs); {
		if end := urlEnd(rs, i); end > i {
			i = end
			continue
		}
		items, end := zhRecognizeAt(rs, i)
		for _, it := range items {
			out = append(out, it.number(orig, pos))
		}
		if end <= i {
			end = i + 1
		}
		i = end
	}
	return out
}

// zhItem is a Number found in compacted runes, before its offsets are mapped
// back to the text.
type zhItem struct {
	start, end       int
	value            float64
	kind             NumberKind
	fraction         bool
	unit             string
	numStart, numEnd int
	numValue         float64
}

// number maps the item's compacted offsets back to the text's code points.
func (it zhItem) number(orig []rune, pos []int) Number {
	s, e := pos[it.start], pos[it.end-1]+1
	n := Number{Text: string(orig[s:e]), Value: it.value, Kind: it.kind, Fraction: it.fraction, Unit: it.unit,
		Start: s, End: e}
	if it.numEnd > it.numStart {
		n.NumStart, n.NumEnd, n.NumValue = pos[it.numStart], pos[it.numEnd-1]+1, it.numValue
	}
	return n
}

// urlEnd returns the end of a web address starting at rs[i] ("http://",
// "https://", "www."), or i: a number inside an address is none.
func urlEnd(rs []rune, i int) int {
	if !(hasRunes(rs, i, "http://") || hasRunes(rs, i, "https://") || hasRunes(rs, i, "www.")) {
		return i
	}
	if i > 0 && (isASCIILetterRune(rs[i-1]) || rs[i-1] == '/') {
		return i
	}
	j := i
	for j < len(rs) && !unicode.IsSpace(rs[j]) && !unicode.Is(unicode.Han, rs[j]) {
		j++
	}
	return j
}

func isASCIILetterRune(r rune) bool { return r < 0x80 && isASCIILetter(byte(r)) }

// zhNumeralish reports whether r may be part of a Chinese numeric
// expression written with spaces inside it ("一百 五 十 二", "百 分 之 2.4",
// "六 个 百 分 点", "七成 六").
func zhNumeralish(r rune) bool {
	if _, ok := zhDigit(r); ok {
		return true
	}
	if _, ok := zhRecUnit(r); ok {
		return true
	}
	return strings.ContainsRune("○点點余多几幾分之又个個成折负負", r)
}

// zhCompact drops the spaces inside numeric expressions: a space run between
// two numeral characters, or between digits and a numeral character that is
// no digit ("7 万", "1000  万", "１６ 分之"), or between digits and a
// magnitude suffix ("-2.5 M", "５２.５ k"). It returns the kept runes and,
// for each, its index in orig.
func zhCompact(orig []rune) ([]rune, []int) {
	rs := make([]rune, 0, len(orig))
	pos := make([]int, 0, len(orig))
	for i := 0; i < len(orig); i++ {
		r := orig[i]
		if r == ' ' || r == '\u3000' || r == '\t' {
			j := i
			for j < len(orig) && (orig[j] == ' ' || orig[j] == '\u3000' || orig[j] == '\t') {
				j++
			}
			if len(rs) > 0 && j < len(orig) && zhJoins(rs[len(rs)-1], orig[j], at(orig, j+1)) {
				i = j - 1
				continue
			}
		}
		rs = append(rs, r)
		pos = append(pos, i)
	}
	return rs, pos
}

// zhJoins reports whether a space between a and b (c after b) is inside one
// numeric expression.
func zhJoins(a, b, c rune) bool {
	_, aArabic := arabicDigit(a)
	_, bArabic := arabicDigit(b)
	_, bDigit := zhDigit(b)
	switch {
	case aArabic && (b == 'k' || b == 'K' || b == 'Ｋ' || b == 'M') && !isASCIILetterRune(c):
		return true
	case aArabic && bDigit:
		return false // "６６7.123 五点八": two numbers
	case aArabic && zhNumeralish(b):
		return true
	case zhNumeralish(a) && (zhNumeralish(b) || bArabic && a != '成' && a != '折'):
		return true
	}
	return false
}

// zhRecUnit returns the power of ten of a unit character, 兆 included.
func zhRecUnit(r rune) (int, bool) {
	if r == '兆' {
		return 12, true
	}
	return zhUnit(r)
}

// zhLoneWords are words that start with a numeral character but are no
// number ("一切", "一看", "十足", "四川", "万一"): a numeral of one character
// followed by the rest of such a word is skipped.
var zhLoneWords = map[rune]string{
	'一': "切看样定直些般致旦共同再边面向度时下起律并举带路心身生味贯概流线手体道番阵会则",
	'十': "足分全",
	'两': "两",
	'兩': "兩",
	'四': "川",
	'万': "一分",
	'萬': "一分",
}

// zhSlangCurrencies are currency words of speech, besides zhCurrencies.
var zhSlangCurrencies = []string{"美刀", "块钱", "韩元"}

// zhFinancial are numerals that are also common characters in words (队伍,
// 收拾, 放肆, 陆地): written alone they are numbers only as a predicate
// ("写法是叁") or outside Han text.
const zhFinancial = "壹贰貳叁參肆伍陆陸柒捌玖拾佰仟"

// zhRecognizeAt reads the numeric expression starting at rs[i]. It returns
// its items (none when there is no number there) and the index to go on
// from.
func zhRecognizeAt(rs []rune, i int) ([]zhItem, int) {
	r := rs[i]
	// 打对折: half price.
	if (hasRunes(rs, i, "打对折") || hasRunes(rs, i, "打對折")) && !(i > 0 && isZhNumStart(rs[i-1])) {
		return []zhItem{{start: i + 1, end: i + 3, value: 50, kind: NumPercent, unit: "折"}}, i + 3
	}
	// 半百, 半成, 半折
	if r == '半' {
		switch at(rs, i+1) {
		case '百':
			if at(rs, i+2) != '分' {
				return []zhItem{{start: i, end: i + 2, value: 50, kind: NumCardinal}}, i + 2
			}
		case '成':
			return []zhItem{{start: i, end: i + 2, value: 5, kind: NumPercent, unit: "成"}}, i + 2
		case '折':
			return []zhItem{{start: i, end: i + 2, value: 50, kind: NumPercent, unit: "折"}}, i + 2
		}
		return nil, i + 1
	}
	// A sign: 负, 負, -, －, not itself after a sign ("－－9" is 9); 零下
	// (below zero) before a number.
	neg := false
	j := i
	if r == '零' && at(rs, i+1) == '下' && isZhNumStart(at(rs, i+2)) {
		neg, j = true, i+2
	}
	if !neg && strings.ContainsRune("负負-－−", r) {
		if i > 0 && strings.ContainsRune("负負-－−", rs[i-1]) {
			return nil, i + 1
		}
		if i > 0 && r != '负' && r != '負' && (isASCIILetterRune(rs[i-1]) || isArabic(rs[i-1])) {
			return nil, i + 1 // "SCP-173", "5-20%": a hyphen
		}
		neg, j = true, i+1
		if j >= len(rs) {
			return nil, j
		}
	}
	// 百分之X, 千分之X, 万分之X, 百万分之X: a percentage with no numeral before.
	if d, k, ok := zhDenominator(rs, j); ok {
		sign := 1.0
		if neg {
			sign = -1
		}
		x, ok := zhReadNumber(rs, k)
		if !ok.ok {
			return nil, k
		}
		it := zhItem{start: i, end: x.end, value: sign * x.value * 100 / d, kind: NumPercent, unit: zhPerUnit(d),
			numStart: k, numEnd: x.end, numValue: x.value}
		if v, ok := cleanFloat(it.value); ok {
			it.value = v
			return []zhItem{it}, x.end
		}
		return nil, x.end
	}
	leadUnit := (rs[j] == '百' || rs[j] == '千' || rs[j] == '佰' || rs[j] == '仟') && isZhDigitRune(at(rs, j+1)) &&
		!(j > 0 && (isZhNumStart(rs[j-1]) || zhUnitRune(rs[j-1]))) // "百三", "千三"
	leadDot := rs[j] == '.' && isArabic(at(rs, j+1)) && !(j > 0 && (isArabic(rs[j-1]) || rs[j-1] == '.'))
	if !isZhNumStart(rs[j]) && !leadUnit && !leadDot {
		return nil, i + 1
	}
	if i > 0 && j == i && (isASCIILetterRune(rs[i-1]) || isArabic(rs[i-1])) {
		// glued to letters ("G20", "COVID19") or the tail of a number split
		// by a second dot
		if isArabic(rs[i]) && isASCIILetterRune(rs[i-1]) {
			return nil, skipArabic(rs, i)
		}
	}
	a, st := zhReadNumber(rs, j)
	if !st.ok {
		return nil, max(a.end, j+1)
	}
	if st.ordinal = i > 0 && (rs[i-1] == '第'); st.ordinal {
		return []zhItem{{start: i, end: a.end, value: a.value, kind: NumOrdinal}}, a.end
	}
	sign := 1.0
	if neg {
		sign = -1
	}
	value := sign * a.value
	end := a.end
	num := func(v float64, e int) zhItem { return zhItem{start: i, end: e, value: v, kind: NumCardinal} }
	pct := func(v float64, e int, unit string, part bool) []zhItem {
		it := zhItem{start: i, end: e, value: v, kind: NumPercent, unit: unit}
		if part {
			it.numStart, it.numEnd, it.numValue = i, a.end, value
		}
		return []zhItem{it}
	}
	// A fraction: A分之B, A又B分之C, and Arabic a/b.
	if at(rs, end) == '分' && at(rs, end+1) == '之' {
		k := end + 2
		bneg := false
		if at(rs, k) == '负' || at(rs, k) == '負' {
			bneg, k = true, k+1
		}
		b, bst := zhReadNumber(rs, k)
		if !bst.ok || b.end <= k {
			return []zhItem{num(value, end)}, end + 2 // "二分之" with no numerator
		}
		bv := b.value
		if bneg {
			bv = -bv
		}
		if a.value == 0 {
			return nil, b.end
		}
		v, ok := cleanFloat(bv / (sign * a.value))
		if !ok {
			return nil, b.end
		}
		return []zhItem{{start: i, end: b.end, value: v, kind: NumCardinal, fraction: true}}, b.end
	}
	if at(rs, end) == '又' {
		if c, cst := zhReadNumber(rs, end+1); cst.ok && at(rs, c.end) == '分' && at(rs, c.end+1) == '之' && c.value != 0 {
			if d, dst := zhReadNumber(rs, c.end+2); dst.ok {
				v, ok := cleanFloat(sign * (a.value + d.value/c.value))
				if ok {
					return []zhItem{{start: i, end: d.end, value: v, kind: NumCardinal, fraction: true}}, d.end
				}
			}
		}
	}
	if st.arabic && st.integer {
		if f, e, ok := arabicFraction(rs, end); ok {
			// "3/4", "1 4/3" (a whole number and a fraction)
			if e2 := end; at(rs, e2) == ' ' {
				v, ok := cleanFloat(sign * (a.value + f))
				if ok {
					return []zhItem{{start: i, end: e, value: v, kind: NumCardinal, fraction: true}}, e
				}
			}
			v, ok := cleanFloat(value * f)
			if ok {
				return []zhItem{{start: i, end: e, value: v, kind: NumCardinal, fraction: true}}, e
			}
		}
	}
	switch c := at(rs, end); {
	case c == '%' || c == '％':
		return pct(value, end+1, "percent", false), end + 1
	case (c == '个' || c == '個') && (hasRunes(rs, end+1, "百分点") || hasRunes(rs, end+1, "百分點")):
		return pct(value, end+4, "percentage points", true), end + 4
	case c == '成' && !strings.ContainsRune("为為立功本果员員熟长長都交绩績效就分", at(rs, end+1)) && a.value <= 10 && !st.big:
		v, e := value*10, end+1
		if d, ok := zhDigit(at(rs, e)); ok && !isZhNumStart(at(rs, e+1)) && !zhUnitRune(at(rs, e+1)) {
			v, e = v+float64(d), e+1
		} else if d, ok := arabicDigit(at(rs, e)); ok && !isArabic(at(rs, e+1)) {
			v, e = v+float64(d), e+1
		} else if at(rs, e) == '半' {
			v, e = v+5, e+1
		}
		if v, ok := cleanFloat(v); ok {
			return pct(v, e, "成", false), e
		}
	case c == '折' && !strings.ContainsRune("合旧舊算射叠疊腾騰中扣价價返", at(rs, end+1)):
		v := a.value
		switch {
		case st.integer && v >= 1 && v <= 9 && (st.digits == 1 || !st.arabic && st.digits == 0):
			v *= 10
		case st.integer && v > 10 && v < 100 && st.digits == 2:
		case !st.integer && v > 0 && v < 10:
			v *= 10
		default:
			return nil, end + 1
		}
		if v, ok := cleanFloat(v); ok {
			return pct(v, end+1, "折", false), end + 1
		}
	case c == '打' && !hasRunes(rs, end+1, "对折") && !hasRunes(rs, end+1, "對折"):
		if v, ok := cleanFloat(value * 12); ok {
			return []zhItem{num(v, end+1)}, end + 1
		}
	}
	if st.digitString && !st.withZero && at(rs, end) != '年' {
		return nil, end // "九九", "两两": no number unless a year or a discount
	}
	if st.lone {
		if strings.ContainsRune(zhLoneWords[rs[j]], at(rs, end)) || i > 0 && strings.ContainsRune(zhLoneWords[rs[j]], rs[i-1]) && rs[j] == rs[i-1] {
			return nil, end
		}
		if (rs[j] == '零' || rs[j] == '〇') && unicode.Is(unicode.Han, at(rs, end)) {
			return nil, end // 零售, 零件
		}
		if strings.ContainsRune(zhFinancial, rs[j]) {
			prev, next := at(rs, i-1), at(rs, end)
			prevOK := i == 0 || !unicode.Is(unicode.Han, prev) || strings.ContainsRune("是为為有和或", prev)
			nextOK := !unicode.Is(unicode.Han, next)
			if !prevOK || !nextOK {
				return nil, end
			}
		}
	}
	for _, cur := range zhCurrencies {
		if st.lone && hasRunes(rs, end, cur.words) {
			return []zhItem{{start: i, end: end, value: value, kind: NumAmount}}, end
		}
	}
	for _, cur := range zhSlangCurrencies {
		if st.lone && hasRunes(rs, end, cur) {
			return []zhItem{{start: i, end: end, value: value, kind: NumAmount}}, end
		}
	}
	return []zhItem{num(value, end)}, end
}

// zhUnitRune reports whether r is a unit character.
func zhUnitRune(r rune) bool {
	_, ok := zhRecUnit(r)
	return ok
}

func isArabic(r rune) bool {
	_, ok := arabicDigit(r)
	return ok
}

// skipArabic returns the end of the run of digits, separators and letters
// starting at i.
func skipArabic(rs []rune, i int) int {
	j := i
	for j < len(rs) && (isArabic(rs[j]) || isASCIILetterRune(rs[j]) || rs[j] == '.' || rs[j] == ',') {
		j++
	}
	return j
}

// zhPerUnit names the unit of a percentage written as a share of d.
func zhPerUnit(d float64) string {
	switch d {
	case 100:
		return "percent"
	case 1000:
		return "per mille"
	case 1e4:
		return "per ten thousand"
	}
	return "parts per " + strconv.FormatFloat(d, 'f', -1, 64)
}

// zhDenominator reads a chain of units with no digit before it, then 分之, at
// rs[j]: "百分之" (100), "千分之", "万分之", "百万分之", "万万分之". It
// returns the denominator and the index past 之.
func zhDenominator(rs []rune, j int) (float64, int, bool) {
	if j > 0 && (isZhNumStart(rs[j-1]) || zhUnitRune(rs[j-1])) {
		return 0, j, false
	}
	d := 1.0
	k := j
	for k < len(rs) {
		u, ok := zhRecUnit(rs[k])
		if !ok || u == 1 {
			break
		}
		d *= math.Pow10(u)
		k++
	}
	if k == j || at(rs, k) != '分' || at(rs, k+1) != '之' {
		return 0, j, false
	}
	return d, k + 2, true
}

// arabicFraction reads "/b" or "／b" at rs[k], or " a/b" (the fraction of a
// mixed number), and returns its value and end.
func arabicFraction(rs []rune, k int) (float64, int, bool) {
	if at(rs, k) == ' ' {
		a, ast := zhReadNumber(rs, k+1)
		if !ast.ok || !ast.arabic || !ast.integer {
			return 0, k, false
		}
		f, e, ok := arabicFraction(rs, a.end)
		if !ok || at(rs, a.end) == ' ' {
			return 0, k, false
		}
		return a.value * f, e, true
	}
	if c := at(rs, k); c != '/' && c != '／' {
		return 0, k, false
	}
	b, bst := zhReadNumber(rs, k+1)
	if !bst.ok || !bst.arabic || b.value == 0 || b.end != k+1+bst.runes {
		return 0, k, false
	}
	if c := at(rs, b.end); c == '/' || c == '／' {
		return 0, k, false // "5/17/2018": a date
	}
	return 1 / b.value, b.end, true
}

// zhRead is a numeral as zhReadNumber reads it.
type zhRead struct {
	value float64
	end   int
}

// zhReadState says how a numeral was written.
type zhReadState struct {
	ok          bool
	arabic      bool // holds Arabic digits
	integer     bool // no decimal part
	big         bool // holds 万, 亿 or 兆
	digits      int  // digits of a unit-less integer: "75" 2, "九九" 2; 0 for "十"
	digitString bool // two or more Chinese digits with no unit: "二〇二一", "九九"
	withZero    bool // a digit string holding 〇 or 零
	lone        bool // a single character: "一", "十", "叁"
	ordinal     bool
	runes       int // runes of the first Arabic run
}

// zhReadNumber reads the numeral at rs[i] (no sign): see the file comment.
func zhReadNumber(rs []rune, i int) (zhRead, zhReadState) {
	type seg struct {
		v float64
		p int
	}
	var segBuf [8]seg
	var (
		segs     = segBuf[:0]
		small    float64
		pend     float64
		pendSet  bool
		pendZh   bool // pend is one Chinese digit right after a unit
		lastUnit = -1
		zero     bool
		run      int // Chinese digits in a row with no unit
		st       = zhReadState{integer: true}
		lastBig  bool // the last element was 万, 亿 or 兆
		j        = i
	)
	total := func() float64 {
		t := small
		for _, s := range segs {
			t += s.v
		}
		if pendSet {
			p := pend
			if pendZh && run == 1 && !zero && lastUnit >= 1 {
				p *= math.Pow10(lastUnit - 1) // "一万三", "两千四百五", "百三"
			}
			t += p
		}
		return t
	}
loop:
	for j < len(rs) {
		r := rs[j]
		if _, ok := arabicDigit(r); ok || r == '.' && j == i && isArabic(at(rs, j+1)) {
			if pendSet || run > 0 {
				break
			}
			v, e, n, ok := readArabicRun(rs, j)
			if !ok {
				return zhRead{end: e}, st
			}
			if j == i {
				st.runes = n.runes
				st.digits = n.digits
			}
			if n.decimal {
				st.integer = false
			}
			pend, pendSet, pendZh = v, true, false
			st.arabic = true
			j = e
			lastBig = false
			continue
		}
		if d, ok := zhDigit(r); ok || r == '○' {
			isZero := r == '零' || r == '〇' || r == '○'
			switch {
			case isZero && run > 0:
				pend = pend * 10
				run++
				st.withZero = true
			case isZero && j == i && !zhUnitRune(at(rs, j+1)) && !isZhDigitRune(at(rs, j+1)):
				pend, pendSet, run = 0, true, 1 // "零", "零点五"
			case isZero:
				if j == i && !zhUnitRune(at(rs, j+1)) {
					pend, pendSet, run = 0, true, 1
					st.withZero = true
					break
				}
				zero = true
			case pendSet && run > 0:
				if r == '两' || r == '兩' || r == '倆' {
					break loop
				}
				pend = pend*10 + float64(d)
				run++
			case pendSet:
				break loop
			default:
				pend, pendSet, run = float64(d), true, 1
				pendZh = lastUnit >= 1 && !zero
			}
			j++
			lastBig = false
			continue
		}
		if (r == '余' || r == '多' || r == '几' || r == '幾') && (pendSet || lastUnit >= 0) && zhUnitRune(at(rs, j+1)) {
			j++
			continue
		}
		if r == '点' || r == '點' {
			if !(pendSet || lastUnit >= 0) || st.arabic {
				break
			}
			k := j + 1
			frac, scale := 0.0, 0.1
			for k < len(rs) {
				d, ok := zhDigit(rs[k])
				if !ok && rs[k] != '○' || rs[k] == '两' || rs[k] == '兩' {
					break
				}
				frac += float64(d) * scale
				scale /= 10
				k++
			}
			if k == j+1 {
				break
			}
			v := total() + frac
			segs, small, pend, pendSet, run = nil, 0, 0, false, 0
			st.integer = false
			j = k
			if u, ok := zhRecUnit(at(rs, j)); ok && u >= 4 {
				v *= math.Pow10(u)
				st.big = true
				j++
			}
			pend, pendSet = v, true
			break
		}
		u, ok := zhRecUnit(r)
		if !ok {
			break
		}
		next := at(rs, j+1)
		if next == '分' && at(rs, j+2) != '之' && u <= 3 {
			break // 十分 (very), 三十分 (minutes)
		}
		if (u == 3 || u == 2) && (next == '瓦' || next == '米' || next == '克') || u == 12 && strings.ContainsRune("瓦赫帕字", next) {
			break // 千瓦, 千米, 百米, 兆瓦
		}
		if run >= 2 && !st.withZero {
			return zhRead{end: j + 1}, st // "二三十", "两三百": an estimate
		}
		if u < 4 {
			v := pend
			if !pendSet {
				switch {
				case j == i && (u <= 3):
					v = 1 // "十五", "百三", "千三"
				case zero && u == 1:
					v = 1 // "一百零十万"
				default:
					break loop
				}
			} else if lastUnit >= 0 && lastUnit < 4 && u >= lastUnit && !zero {
				break loop // "五十千"
			}
			small += v * math.Pow10(u)
			pend, pendSet, pendZh, run = 0, false, false, 0
			lastUnit, zero = u, false
			lastBig = false
		} else {
			cur := small
			if pendSet {
				cur += pend
			}
			if cur == 0 && !pendSet {
				if len(segs) == 0 || !lastBig {
					break
				}
				segs[len(segs)-1].v *= math.Pow10(u) // 万万, 万亿
				segs[len(segs)-1].p += u
			} else {
				for len(segs) > 0 && segs[len(segs)-1].p < u {
					cur += segs[len(segs)-1].v
					segs = segs[:len(segs)-1]
				}
				segs = append(segs, seg{cur * math.Pow10(u), u})
			}
			small, pend, pendSet, pendZh, run = 0, 0, false, false, 0
			lastUnit, zero = u, false
			lastBig = true
			st.big = true
		}
		j++
	}
	if j == i || (!pendSet && lastUnit < 0) {
		return zhRead{end: max(j, i+1)}, st
	}
	st.digitString = run >= 2 && lastUnit < 0 && !st.arabic
	if !st.arabic && lastUnit < 0 && run >= 1 {
		st.digits = run
	}
	st.lone = j == i+1 && !st.arabic
	v, ok := cleanFloat(total())
	if !ok {
		return zhRead{end: j}, st
	}
	st.ok = true
	return zhRead{value: v, end: j}, st
}

// isZhDigitRune reports whether r is a Chinese digit.
func isZhDigitRune(r rune) bool {
	_, ok := zhDigit(r)
	return ok || r == '○'
}

// arabicRun is how a run of Arabic digits was written.
type arabicRun struct {
	decimal bool
	digits  int // integer digits
	runes   int
}

// readArabicRun reads Arabic digits (ASCII or full-width) at rs[j] with
// thousands separators (",", "，" before three digits), one decimal point
// ("." or "．"; a second one ends the number: "192.168.1.2" is four), an
// exponent ("2e5", "1.1^23", "２.７８９０e－１") and a magnitude suffix ("40k",
// "15Ｋ", "2.5M").
func readArabicRun(rs []rune, j int) (float64, int, arabicRun, bool) {
	var b strings.Builder
	k := j
	var ar arabicRun
	dots := 0
	// count the dots of the run first: two or more split it
	if j > 1 && rs[j-1] == '.' && isArabic(rs[j-2]) {
		dots = 2 // the tail of "2222.2222.22222.222"
	}
	for m := j; m < len(rs); m++ {
		c := rs[m]
		if isArabic(c) || c == ',' || c == '，' {
			continue
		}
		if (c == '.' || c == '．') && isArabic(at(rs, m+1)) {
			dots++
			continue
		}
		break
	}
	if rs[k] == '.' && dots <= 1 {
		b.WriteString("0.") // ".5"
		ar.decimal = true
		k++
	}
	for k < len(rs) {
		c := rs[k]
		if d, ok := arabicDigit(c); ok {
			b.WriteByte(byte('0' + d))
			if !ar.decimal {
				ar.digits++
			}
			k++
			continue
		}
		if (c == ',' || c == '，') && !ar.decimal && groupOfThree(rs, k+1) {
			k++
			continue
		}
		if (c == '.' || c == '．') && dots == 1 && !ar.decimal && isArabic(at(rs, k+1)) {
			b.WriteByte('.')
			ar.decimal = true
			k++
			continue
		}
		break
	}
	ar.runes = k - j
	s := b.String()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, k, ar, false
	}
	// exponent
	if c := at(rs, k); (c == 'e' || c == 'E') && !isASCIILetterRune(at(rs, k+1)) {
		m := k + 1
		sgn := 1.0
		if s := at(rs, m); s == '+' || s == '-' || s == '－' {
			if s != '+' {
				sgn = -1
			}
			m++
		}
		if e, em, ok := intRun(rs, m); ok {
			v *= math.Pow(10, sgn*e)
			k = em
			ar.decimal = true
		}
	} else if c == '^' {
		m := k + 1
		sgn := 1.0
		for at(rs, m) == '+' || at(rs, m) == '-' || at(rs, m) == '－' {
			if at(rs, m) != '+' {
				sgn = -sgn
			}
			m++
		}
		if e, em, ok := intRun(rs, m); ok {
			v = math.Pow(v, sgn*e)
			k = em
			ar.decimal = true
		}
	}
	switch c := at(rs, k); {
	case (c == 'k' || c == 'K' || c == 'Ｋ') && !isASCIILetterRune(at(rs, k+1)):
		v *= 1e3
		k++
	case c == 'M' && !isASCIILetterRune(at(rs, k+1)):
		v *= 1e6
		k++
	}
	v, ok := cleanFloat(v)
	return v, k, ar, ok
}

// groupOfThree reports whether exactly three digits start at rs[k].
func groupOfThree(rs []rune, k int) bool {
	return isArabic(at(rs, k)) && isArabic(at(rs, k+1)) && isArabic(at(rs, k+2)) && !isArabic(at(rs, k+3))
}

// intRun reads a run of Arabic digits as an integer.
func intRun(rs []rune, m int) (float64, int, bool) {
	v, k := 0.0, m
	for k < len(rs) {
		d, ok := arabicDigit(rs[k])
		if !ok {
			break
		}
		v = v*10 + float64(d)
		k++
	}
	return v, k, k > m
}
