package transform

import (
	"math"
	"strings"
)

// This file reads the unit after a Chinese number: a percent sign, 个百分点,
// 成, a currency or a measure word.

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
	"笔", "场", "类", "款", "颗", "枚", "床", "册", "本", "块", "片", "所", "口", "期", "次", "倍", "度",
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
