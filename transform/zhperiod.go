package transform

import "time"

// Chinese period phrases:
//
//	2021年                         year
//	2021年11月, 11月份              month (a month without a year is read against Options.Published)
//	2021年12月20日, 12月20日, 2021-12-20   day
//	2021年1-11月, 1至11月, 1—11月   months
//	2021年上半年, 前三季度, 第三季度, 三季度, 前11个月
//	2016年至2020年, 2016—2020年     years
//	今年, 去年, 上年, 本月, 上月     relative to Options.Published
//	截至/截止(到)… , …底, …末       as of: Start and End are both the last day
//
// A phrase right after 比, 较, 与 or 同 ("比上年增长", "较2020年末", "与
// 2019年相比") is the baseline of a comparison and dates no figure.

// zhPeriod is a period phrase found in a sentence's runes.
type zhPeriod struct {
	first, end int // rune range, end exclusive
	period     Period
	baseline   bool
}

// zhAsOfLeads open an as-of phrase, longest first.
var zhAsOfLeads = []string{"截止到", "截止至", "截至到", "截至", "截止", "到"}

// findZhPeriods returns the period phrases of a sentence, in order, not
// overlapping.
func findZhPeriods(rs []rune, pub time.Time, out []zhPeriod) []zhPeriod {
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		if !mayStartZhDate(r) {
			continue
		}
		p, ok := zhPeriodAt(rs, i, pub)
		if !ok {
			continue
		}
		out = append(out, p)
		i = p.end - 1
	}
	return out
}

// mayStartZhDate reports whether a period phrase can start with r.
func mayStartZhDate(r rune) bool {
	if _, ok := arabicDigit(r); ok {
		return true
	}
	if _, ok := zhDigit(r); ok {
		return true
	}
	switch r {
	case '截', '到', '今', '去', '上', '本', '前', '第', '下', '明', '全', '十':
		return true
	}
	return false
}

// zhPeriodAt reads a period phrase at rs[i].
func zhPeriodAt(rs []rune, i int, pub time.Time) (zhPeriod, bool) {
	j := i
	asOf := false
	for _, l := range zhAsOfLeads {
		if hasRunes(rs, j, l) {
			j += len([]rune(l))
			asOf = true
			break
		}
	}
	e, ok := zhDateAt(rs, j, pub)
	if !ok {
		return zhPeriod{}, false
	}
	if asOf && hasRunes(rs, i, "到") && !e.asOf && !e.day {
		// "到2025年" is a target; "到2021年底" an as-of date. A bare 到 before
		// a year or month is read as as-of its end only with 底 or 末.
		asOf = false
		if j != i+1 {
			return zhPeriod{}, false
		}
		// A target when a word of intent comes before it (力争到2025年) or
		// the deadline is still to come: End is the deadline.
		if zhIntentBefore(rs, i) || !pub.IsZero() && e.end.After(pub) {
			p := Period{Start: e.start, End: e.end, Granularity: e.gran, Target: true}
			ph := zhPeriod{first: i, end: e.last, period: p}
			ph.period.Text = string(rs[ph.first:ph.end])
			return ph, true
		}
		// Drop the lead and read the date alone.
		i = j
	}
	p := Period{Start: e.start, End: e.end, Granularity: e.gran}
	if asOf || e.asOf {
		p = Period{Start: e.end, End: e.end, Granularity: e.gran, AsOf: true}
	}
	ph := zhPeriod{first: i, end: e.last, period: p}
	// A baseline: "比上年", "较2020年末", "与2019年相比", "同上年".
	if c := at(rs, i-1); c == '比' || c == '较' || c == '与' || c == '同' || c == '于' && at(rs, i-2) == '高' || c == '于' && at(rs, i-2) == '低' {
		ph.baseline = true
		if hasRunes(rs, ph.end, "同期") {
			ph.end += 2
		}
	}
	ph.period.Text = string(rs[ph.first:ph.end])
	return ph, true
}

// zhDate is a date expression in Chinese.
type zhDate struct {
	start, end time.Time
	gran       Granularity
	last       int  // rune index just past it
	asOf       bool // ends in 底 or 末
	day        bool
}

// zhYearAt reads a year at rs[j]: four digits and 年 (Arabic or Chinese),
// or 今年, 本年, 去年, 上年, 明年 when pub is known. It returns the year and the
// index past 年.
func zhYearAt(rs []rune, j int, pub time.Time) (int, int, bool) {
	if !pub.IsZero() {
		switch {
		case hasRunes(rs, j, "今年"), hasRunes(rs, j, "本年"):
			return pub.Year(), j + 2, true
		case hasRunes(rs, j, "去年"), hasRunes(rs, j, "上年"):
			return pub.Year() - 1, j + 2, true
		case hasRunes(rs, j, "明年"):
			return pub.Year() + 1, j + 2, true
		}
	}
	y, k, ok := zhDigitsAt(rs, j, 4)
	if !ok || k-j != 4 || y < 1900 || y > 2100 || at(rs, k) != '年' {
		return 0, 0, false
	}
	if _, isDigit := arabicDigit(at(rs, j-1)); isDigit {
		return 0, 0, false
	}
	return y, k + 1, true
}

// zhDigitsAt reads up to max digits (Arabic, or Chinese digits read one by
// one as in "二〇二一") at rs[j].
func zhDigitsAt(rs []rune, j, max int) (int, int, bool) {
	v, k := 0, j
	arabic := false
	for k < len(rs) && k-j < max {
		if d, ok := arabicDigit(rs[k]); ok {
			v = v*10 + d
			arabic = true
			k++
			continue
		}
		if d, ok := zhDigit(rs[k]); (ok || rs[k] == '○' && k > j) && !arabic && rs[k] != '两' {
			v = v*10 + d
			k++
			continue
		}
		break
	}
	if k == j {
		return 0, j, false
	}
	if _, ok := arabicDigit(at(rs, k)); ok {
		return 0, j, false // more digits than max
	}
	return v, k, true
}

// zhSmallAt reads a number from 1 to 31 at rs[j]: "11", "十一", "三".
func zhSmallAt(rs []rune, j int) (int, int, bool) {
	if v, k, ok := zhDigitsAt(rs, j, 2); ok && k > j {
		if _, isArabic := arabicDigit(rs[j]); isArabic {
			return v, k, v >= 1 && v <= 31
		}
	}
	// Chinese: 一 .. 九, 十, 十一 .. 十九, 二十 .. 三十一
	k := j
	v := 0
	if d, ok := zhDigit(at(rs, k)); ok && d > 0 {
		v = d
		k++
	}
	if at(rs, k) == '十' {
		if v == 0 {
			v = 1
		}
		v *= 10
		k++
		if d, ok := zhDigit(at(rs, k)); ok && d > 0 {
			v += d
			k++
		}
	}
	if k == j || v < 1 || v > 31 {
		return 0, j, false
	}
	return v, k, true
}

// zhDateAt reads a date expression at rs[j].
func zhDateAt(rs []rune, j int, pub time.Time) (zhDate, bool) {
	if e, ok := zhISODateAt(rs, j); ok {
		return e, true
	}
	y, k, hasYear := zhYearAt(rs, j, pub)
	if !hasYear {
		k = j
	}
	// A range of years: "2016年至2020年", "2016—2020年", "2016-2020年".
	if !hasYear {
		if y1, k1, ok := zhDigitsAt(rs, j, 4); ok && k1-j == 4 && y1 >= 1900 && y1 <= 2100 && isRangeMark(at(rs, k1)) {
			if y2, k2, ok := zhYearAt(rs, k1+1, time.Time{}); ok && y2 >= y1 {
				return zhDate{start: ymd(y1, 1, 1), end: ymd(y2, 12, 31), gran: GranYear, last: k2}, true
			}
		}
	} else if isRangeMark(at(rs, k)) {
		if y2, k2, ok := zhYearAt(rs, k+1, time.Time{}); ok && y2 >= y {
			return zhDate{start: ymd(y, 1, 1), end: ymd(y2, 12, 31), gran: GranYear, last: k2}, true
		}
	}
	// Without a year, the year comes from the publication date.
	year := y
	if !hasYear {
		if pub.IsZero() {
			year = 0
		} else {
			year = pub.Year()
		}
	}
	// Year end: "2021年底", "2021年末", "今年年底", "年底".
	if hasYear && (at(rs, k) == '底' || at(rs, k) == '末') {
		return zhDate{start: ymd(y, 12, 31), end: ymd(y, 12, 31), gran: GranYear, last: k + 1, asOf: true}, true
	}
	if !hasYear && (hasRunes(rs, k, "年底") || hasRunes(rs, k, "年末")) && year != 0 && (k == 0 || !isZhNumRune(at(rs, k-1))) {
		return zhDate{start: ymd(year, 12, 31), end: ymd(year, 12, 31), gran: GranYear, last: k + 2, asOf: true}, true
	}
	// Parts of a year.
	if e, ok := zhPartOfYearAt(rs, k, year, hasYear, pub); ok {
		return e, true
	}
	// Months: "11月", "1-11月", "1至11月", "11月底", "12月20日".
	if m1, k1, ok := zhSmallAt(rs, k); ok && m1 <= 12 {
		m2, k2 := m1, k1
		if isRangeMark(at(rs, k1)) || at(rs, k1) == '至' || at(rs, k1) == '到' {
			if mm, kk, ok := zhSmallAt(rs, k1+1); ok && mm <= 12 && mm >= m1 && at(rs, kk) == '月' {
				m2, k2 = mm, kk
			}
		}
		if at(rs, k2) == '月' && !(k2 > k1 && at(rs, k1) == '月') {
			last := k2 + 1
			if at(rs, last) == '份' {
				last++
			}
			if year == 0 {
				return zhDate{}, false
			}
			if !hasYear && !pub.IsZero() && m1 > int(pub.Month()) {
				year-- // "11月" read in a January article is last November
			}
			// A day: "12月20日", "12月20号".
			if m1 == m2 {
				if d, kd, ok := zhSmallAt(rs, last); ok && (at(rs, kd) == '日' || at(rs, kd) == '号') {
					t, ok := validDate(year, m1, d)
					if !ok {
						return zhDate{}, false
					}
					return zhDate{start: t, end: t, gran: GranDay, last: kd + 1, day: true}, true
				}
			}
			e := zhDate{start: ymd(year, m1, 1), end: monthEnd(year, m2), gran: GranMonth, last: last}
			if m1 == m2 && (at(rs, last) == '底' || at(rs, last) == '末') {
				e.last++
				e.asOf = true
			}
			return e, true
		}
	}
	if hasYear {
		if hasRunes(rs, k, "全年") {
			k += 2
		}
		return zhDate{start: ymd(y, 1, 1), end: ymd(y, 12, 31), gran: GranYear, last: k}, true
	}
	// 本月, 上月
	if !pub.IsZero() {
		switch {
		case hasRunes(rs, k, "本月"), hasRunes(rs, k, "当月"):
			py, pm := pub.Year(), int(pub.Month())
			return zhDate{start: ymd(py, pm, 1), end: monthEnd(py, pm), gran: GranMonth, last: k + 2}, true
		case hasRunes(rs, k, "上月"), hasRunes(rs, k, "上个月"):
			t := ymd(pub.Year(), int(pub.Month())-1, 1)
			last := k + 2
			if rs[k+1] == '个' {
				last = k + 3
			}
			return zhDate{start: t, end: monthEnd(t.Year(), int(t.Month())), gran: GranMonth, last: last}, true
		}
	}
	return zhDate{}, false
}

// isZhNumRune reports whether r is a digit or a Chinese numeral character.
func isZhNumRune(r rune) bool {
	if _, ok := arabicDigit(r); ok {
		return true
	}
	if _, ok := zhDigit(r); ok {
		return true
	}
	_, ok := zhUnit(r)
	return ok
}

// isRangeMark reports whether r joins the two ends of a range.
func isRangeMark(r rune) bool {
	switch r {
	case '-', '–', '—', '～', '~', '〜', '－', '至':
		return true
	}
	return false
}

// zhPartOfYearAt reads 上半年, 下半年, 前三季度, 第三季度, 三季度, 一季度, 前11个月
// and 1-3季度 at rs[k]. Without a year it is the latest such part that ended
// by pub.
func zhPartOfYearAt(rs []rune, k, year int, hasYear bool, pub time.Time) (zhDate, bool) {
	var q1, q2, months, last int
	switch {
	case hasRunes(rs, k, "上半年"):
		q1, q2, last = 1, 2, k+3
	case hasRunes(rs, k, "下半年"):
		q1, q2, last = 3, 4, k+3
	case at(rs, k) == '前':
		n, kk, ok := zhSmallAt(rs, k+1)
		switch {
		case ok && hasRunes(rs, kk, "季度") && n >= 1 && n <= 4:
			q1, q2, last = 1, n, kk+2
		case ok && hasRunes(rs, kk, "个月") && n >= 1 && n <= 12:
			months, last = n, kk+2
		case ok && at(rs, kk) == '月' && n >= 1 && n <= 12:
			months, last = n, kk+1
		default:
			return zhDate{}, false
		}
	default:
		kk := k
		if at(rs, kk) == '第' {
			kk++
		}
		n, kq, ok := zhSmallAt(rs, kk)
		if !ok || n < 1 || n > 4 {
			return zhDate{}, false
		}
		switch {
		case hasRunes(rs, kq, "季度"):
			q1, q2, last = n, n, kq+2
		case isRangeMark(at(rs, kq)):
			n2, k2, ok := zhSmallAt(rs, kq+1)
			if !ok || n2 < n || n2 > 4 || !hasRunes(rs, k2, "季度") {
				return zhDate{}, false
			}
			q1, q2, last = n, n2, k2+2
		default:
			return zhDate{}, false
		}
	}
	if year == 0 {
		return zhDate{}, false
	}
	endMonth := q2 * 3
	if months > 0 {
		endMonth = months
	}
	if !hasYear && !pub.IsZero() && monthEnd(year, endMonth).After(pub) {
		year--
	}
	if months > 0 {
		return zhDate{start: ymd(year, 1, 1), end: monthEnd(year, months), gran: GranMonth, last: last}, true
	}
	return zhDate{start: ymd(year, (q1-1)*3+1, 1), end: monthEnd(year, q2*3), gran: GranQuarter, last: last}, true
}

// zhISODateAt reads "2021-12-20", "2021/12/20" or "2021.12.20".
func zhISODateAt(rs []rune, j int) (zhDate, bool) {
	y, k, ok := zhDigitsAt(rs, j, 4)
	if !ok || k-j != 4 {
		return zhDate{}, false
	}
	sep := at(rs, k)
	if sep != '-' && sep != '/' && sep != '.' {
		return zhDate{}, false
	}
	m, k2, ok := zhDigitsAt(rs, k+1, 2)
	if !ok || at(rs, k2) != sep {
		return zhDate{}, false
	}
	d, k3, ok := zhDigitsAt(rs, k2+1, 2)
	if !ok {
		return zhDate{}, false
	}
	if _, isArabic := arabicDigit(rs[j]); !isArabic {
		return zhDate{}, false
	}
	t, ok := validDate(y, m, d)
	if !ok {
		return zhDate{}, false
	}
	return zhDate{start: t, end: t, gran: GranDay, last: k3, day: true}, true
}

// zhIntentWords say that what follows is a goal.
var zhIntentWords = []string{"力争", "争取", "计划", "目标", "确保", "预计", "将", "要", "有望", "规划"}

// zhIntentBefore reports whether a word of intent ends right before rs[i]
// (at most two characters of 在 or 于 between).
func zhIntentBefore(rs []rune, i int) bool {
	for _, w := range zhIntentWords {
		n := len([]rune(w))
		for gap := 0; gap <= 1; gap++ {
			if i-gap-n >= 0 && hasRunes(rs, i-gap-n, w) && (gap == 0 || rs[i-1] == '在' || rs[i-1] == '于') {
				return true
			}
		}
	}
	return false
}
