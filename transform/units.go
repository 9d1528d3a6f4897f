package transform

import "strings"

// This file gives each measure unit one name in both languages, so that a
// series does not split on how a unit was written: "5 million tonnes" and
// "500万吨" are both "t", "120 kilometres" and "120公里" both "km".
//
// A Chinese measure word that only counts things (家, 个, 张, 人, ...) is no
// unit: "1154家医疗机构" is a plain count like "1,154 medical institutions",
// whose noun is in Subject, so its Unit is "" in both languages.
// Currency codes, percent, percentage points and basis points are already
// one name and pass through; so does a unit not in these tables (as written).

// unitNames maps a unit as written (lower case for English) to its name.
var unitNames = map[string]string{}

func init() {
	for name, written := range map[string][]string{
		"t":            {"tonnes", "tonne", "metric tons", "metric ton", "吨"},
		"ton":          {"tons", "ton"}, // short or long ton: not a tonne
		"kg":           {"kilograms", "kilogram", "kg", "公斤", "千克"},
		"g":            {"grams", "gram", "克"},
		"jin":          {"斤"},
		"km":           {"kilometers", "kilometer", "kilometres", "kilometre", "km", "公里", "千米"},
		"m":            {"meters", "meter", "metres", "metre", "米"},
		"km2":          {"square kilometers", "square kilometer", "square kilometres", "square kilometre", "square km", "平方公里", "平方千米"},
		"m2":           {"square meters", "square meter", "square metres", "square metre", "平方米"},
		"m3":           {"cubic meters", "cubic meter", "cubic metres", "cubic metre", "立方米"},
		"ha":           {"hectares", "hectare", "公顷"},
		"mu":           {"mu", "亩"},
		"acre":         {"acres", "acre"},
		"mile":         {"miles", "mile"},
		"l":            {"liters", "liter", "litres", "litre", "升"},
		"barrel":       {"barrels", "barrel"},
		"W":            {"watts", "watt"},
		"kW":           {"kilowatts", "kilowatt", "kw", "千瓦"},
		"MW":           {"megawatts", "megawatt", "mw", "兆瓦"},
		"GW":           {"gigawatts", "gigawatt", "gw"},
		"kWh":          {"kilowatt-hours", "kilowatt-hour", "kwh", "千瓦时"},
		"TEU":          {"teu", "teus", "标准箱", "标箱"},
		"person-times": {"person-times", "人次"},
		"man-hours":    {"man-hours"},
		"second":       {"seconds", "second", "秒"},
		"minute":       {"minutes", "minute", "分钟"},
		"hour":         {"hours", "hour", "小时"},
		"day":          {"days", "day", "天"},
		"week":         {"weeks", "week"},
		"month":        {"months", "month"},
		"year":         {"years", "year"},
		"degree":       {"degrees", "degree", "度"},
		"point":        {"points", "point"},
	} {
		for _, w := range written {
			unitNames[w] = name
		}
	}
	// Measure words that count things: no unit.
	for _, w := range strings.Fields("家 个 名 张 人 位 所 项 台 辆 户 座 件 例 份 条 种 艘 架 套 处 篇 部 批 只 头 间 栋 支 起 宗 笔 场 类 款 颗 枚 床 册 本 块 片 口 期 次 剂") {
		unitNames[w] = ""
	}
}

// unitName returns the one name of a unit as written (see unitNames), or
// the unit itself when the tables do not know it.
func unitName(unit string) string {
	if unit == "" {
		return ""
	}
	if n, ok := unitNames[unit]; ok {
		return n
	}
	// The English names in lower case ("Tonnes", "TEUs"), without an
	// allocation per figure: m[string(bytes)] does not copy.
	var buf [32]byte
	if len(unit) > len(buf) {
		return unit
	}
	for i := 0; i < len(unit); i++ {
		c := unit[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	if n, ok := unitNames[string(buf[:len(unit)])]; ok {
		return n
	}
	return unit
}
