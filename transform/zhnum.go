package transform

import (
	"math"
	"strconv"
	"strings"
)

// This file reads numbers in Chinese text: Arabic digits (ASCII or
// full-width, "１１５４"), Chinese numerals ("一千一百五十四", "九十九点六",
// "二〇二一"), financial and traditional forms (壹, 萬, 億) and mixed forms
// ("2.7万", "4.78万亿", "5亿1万4千6百", "500余万").

// zhNum is a number read from a run of runes.
type zhNum struct {
	start, end int // rune range in the sentence, end exclusive
	value      float64
	arabic     bool // holds Arabic digits
	chinese    bool // holds Chinese digits
	scaled     bool // holds a unit character: 十 百 千 万 亿
	plain      bool // Arabic digits only: no separator, no decimal point, no unit
	digits     int  // Arabic digits before the decimal point (plain numbers)
	leading    bool // a leading zero: "010"
	more       bool // 余 or 多 inside: "500余万", "一千多万"
	digitsText string
}

// zhDigit returns the value of a Chinese digit.
func zhDigit(r rune) (int, bool) {
	switch r {
	case '零', '〇':
		return 0, true
	case '一', '壹', '幺':
		return 1, true
	case '二', '两', '贰', '貳', '兩', '倆':
		return 2, true
	case '三', '叁', '參':
		return 3, true
	case '四', '肆':
		return 4, true
	case '五', '伍':
		return 5, true
	case '六', '陆', '陸':
		return 6, true
	case '七', '柒':
		return 7, true
	case '八', '捌':
		return 8, true
	case '九', '玖':
		return 9, true
	}
	return 0, false
}

// zhUnit returns the power of ten of a Chinese unit character.
func zhUnit(r rune) (int, bool) {
	switch r {
	case '十', '拾':
		return 1, true
	case '百', '佰':
		return 2, true
	case '千', '仟':
		return 3, true
	case '万', '萬':
		return 4, true
	case '亿', '億':
		return 8, true
	}
	return 0, false
}

// arabicDigit returns the value of an ASCII or full-width digit.
func arabicDigit(r rune) (int, bool) {
	switch {
	case r >= '0' && r <= '9':
		return int(r - '0'), true
	case r >= '０' && r <= '９':
		return int(r - '０'), true
	}
	return 0, false
}

// isZhNumStart reports whether a number may start at r.
func isZhNumStart(r rune) bool {
	if _, ok := arabicDigit(r); ok {
		return true
	}
	if _, ok := zhDigit(r); ok {
		return true
	}
	return r == '十' || r == '拾'
}

// at returns rs[i], or 0 outside rs.
func at(rs []rune, i int) rune {
	if i < 0 || i >= len(rs) {
		return 0
	}
	return rs[i]
}

// hasRunes reports whether rs[i:] starts with s.
func hasRunes(rs []rune, i int, s string) bool {
	if i < 0 {
		return false
	}
	for _, r := range s {
		if i >= len(rs) || rs[i] != r {
			return false
		}
		i++
	}
	return true
}

// unitStops are characters after a unit that make it part of a word, not of
// the number: 千瓦 (kilowatt), 千米, 千克, 百米, 十分 (very), 百分之.
func unitStops(u, next rune) bool {
	switch next {
	case '瓦', '米', '克', '分', '兆':
		return true
	}
	return false
}

// readZhNumber reads the number starting at rs[i]. It returns ok false when
// there is no number there; end is then still past the runes looked at, so
// the caller can skip them.
func readZhNumber(rs []rune, i int) (zhNum, bool) {
	n := zhNum{start: i, end: i}
	var big, mid, sec, num float64
	numSet := false    // num holds a digit not yet multiplied
	mantissa := ""     // the Arabic digits of a single "digits + units" form
	exp := 0           // the units after it
	simple := true     // the number is one Arabic mantissa followed by units only
	lastDigit := false // the previous element was a Chinese digit (for "二〇二一")
	j := i
loop:
	for j < len(rs) {
		r := rs[j]
		if _, ok := arabicDigit(r); ok {
			if numSet || n.chinese || n.scaled && mantissa != "" {
				simple = false
			}
			if numSet && n.chinese {
				break
			}
			k := j
			var b strings.Builder
			for k < len(rs) {
				d, ok := arabicDigit(rs[k])
				if ok {
					b.WriteByte(byte('0' + d))
					k++
					continue
				}
				c := rs[k]
				if (c == ',' || c == '.' || c == '．') && k+1 < len(rs) {
					if _, ok := arabicDigit(rs[k+1]); ok {
						if c == '．' {
							c = '.'
						}
						b.WriteByte(byte(c))
						k++
						continue
					}
				}
				break
			}
			s := b.String()
			nm, ok := readNumeral(s)
			if !ok {
				n.end = k
				return n, false
			}
			if !n.arabic {
				n.plain, n.digits, n.leading = nm.plain, nm.digits, nm.leading
				n.digitsText = s
			} else {
				n.plain = false
			}
			n.arabic = true
			num, numSet = nm.value, true
			if mantissa == "" && !n.scaled {
				mantissa = nm.mantissa
			} else {
				simple = false
			}
			lastDigit = false
			j = k
			continue
		}
		if d, ok := zhDigit(r); ok {
			if n.arabic && numSet {
				break
			}
			simple = false
			n.chinese = true
			if lastDigit {
				num = num*10 + float64(d) // "二〇二一", "三百零五"
			} else {
				num = float64(d)
			}
			numSet, lastDigit = true, true
			j++
			continue
		}
		if r == '点' && numSet && !n.arabic && j+1 < len(rs) {
			if _, ok := zhDigit(rs[j+1]); ok {
				// "九十九点六": decimal digits follow
				frac, scale := 0.0, 0.1
				k := j + 1
				for k < len(rs) {
					d, ok := zhDigit(rs[k])
					if !ok {
						break
					}
					frac += float64(d) * scale
					scale /= 10
					k++
				}
				num += frac
				lastDigit = false
				j = k
				continue
			}
		}
		if (r == '余' || r == '多') && (numSet || n.scaled) && j+1 < len(rs) {
			if _, ok := zhUnit(rs[j+1]); ok {
				n.more = true
				simple = false
				j++
				continue
			}
		}
		u, ok := zhUnit(r)
		if !ok || unitStops(r, at(rs, j+1)) {
			break
		}
		if u <= 3 && j+1 < len(rs) && rs[j+1] == '分' {
			break // 百分之, 十分
		}
		lastDigit = false
		switch {
		case u <= 3:
			v := num
			if !numSet {
				if u != 1 {
					break loop
				}
				v = 1 // "十五", "十万"
				n.chinese = true
			}
			sec += v * math.Pow10(u)
			num, numSet = 0, false
			if mantissa != "" && simple {
				exp += u
			}
		case u == 4:
			if sec+num == 0 {
				break loop
			}
			mid += (sec + num) * 1e4
			sec, num, numSet = 0, 0, false
			if mantissa != "" && simple {
				exp += 4
			}
		default:
			if big+mid+sec+num == 0 {
				break loop
			}
			big = (big + mid + sec + num) * 1e8
			mid, sec, num, numSet = 0, 0, 0, false
			if mantissa != "" && simple {
				exp += 8
			}
		}
		n.scaled = true
		j++
	}
	n.end = j
	if j == i || (!n.arabic && !n.chinese) {
		if j == i {
			n.end = i + 1
		}
		return n, false
	}
	if n.scaled {
		n.plain = false
	}
	if simple && mantissa != "" {
		v, err := strconv.ParseFloat(mantissa+"e"+strconv.Itoa(exp), 64)
		if err != nil || math.IsInf(v, 0) {
			return n, false
		}
		n.value = v
		return n, true
	}
	v := big + mid + sec + num
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return n, false
	}
	// Round away the binary noise of the multiplications: 4.78×1e4×1e8.
	v, _ = strconv.ParseFloat(strconv.FormatFloat(v, 'g', 15, 64), 64)
	n.value = v
	return n, true
}
