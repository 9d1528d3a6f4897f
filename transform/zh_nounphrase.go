package transform

import (
	"strings"
	"unicode"
)

// This file reads nouns for zh_subject.go: the counted noun after a measure
// word (zhNounAfter), ended by a verb, an adverb or a preposition that
// follows a counted noun (zhNounStops) or by the end of a clause.

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

// zhNounStopList is zhNounStops indexed.
var zhNounStopList = newWordList(zhNounStops)

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
