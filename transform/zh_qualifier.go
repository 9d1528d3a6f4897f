package transform

// This file reads what qualifies a Chinese figure: a qualifier before it
// (超过, 近, 约, ...) or after its unit (以上, 左右, ...), and a verb of change
// before it (增长, 下降, ...) that gives the direction of a change.

// zhQualBefore are qualifiers written before the number, longest first.
var zhQualBefore = []struct{ words, canon string }{
	{"不少于", "at least"}, {"不低于", "at least"}, {"不下于", "at least"}, {"至少", "at least"}, {"起码", "at least"},
	{"不超过", "up to"}, {"不多于", "up to"}, {"不高于", "up to"}, {"多达", "up to"}, {"高达", "up to"}, {"最多", "up to"}, {"最高", "up to"}, {"至多", "up to"},
	{"超过", "more than"}, {"多于", "more than"}, {"高于", "more than"}, {"大于", "more than"}, {"逾", "more than"}, {"超", "more than"},
	{"不到", "less than"}, {"不足", "less than"}, {"少于", "less than"}, {"低于", "less than"}, {"小于", "less than"},
	{"将近", "nearly"}, {"接近", "nearly"}, {"近", "nearly"}, {"差不多", "nearly"},
	{"大约", "about"}, {"大概", "about"}, {"约合", "about"}, {"约", "about"}, {"估计", "about"}, {"突破", "more than"},
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

// zhAfterFrom reads a qualifier after the figure's unit, which ends at end.
func zhAfterFrom(rs []rune, g *zhFig, end int) {
	save := g.end
	g.end = end
	zhAfter(rs, g)
	g.end = save
}

// zhQualifierBefore reads a qualifier that ends right before rs[first], or
// before a linking 有 or 达 there ("至少有300人", "约有1.2万人").
func zhQualifierBefore(rs []rune, first int) (string, int) {
	if q, lead := zhQualifierRight(rs, first); q != "" {
		return q, lead
	}
	if c := at(rs, first-1); c == '有' || c == '达' {
		if q, lead := zhQualifierRight(rs, first-1); q != "" {
			return q, lead
		}
	}
	return "", first
}

// zhQualifierRight reads a qualifier that ends right before rs[first].
func zhQualifierRight(rs []rune, first int) (string, int) {
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
