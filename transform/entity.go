package transform

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// This file finds a figure's entity: the organisation or place its
// sentence names as the holder of what is counted ("China Resources Group
// has 182 medical institutions" → "China Resources Group", "华润集团……拥有
// 医疗机构182家" → "华润集团", "Guangdong's GDP" → "Guangdong"). It never
// guesses: a sentence that names no holder by the rules below, or names
// two, gives "". The rules (docs/analysts.md, "Entities") use the shape
// of names, never a list of them:
//
// English, in order:
//  1. the owner of the subject: a capitalised word sequence with 's inside
//     the subject ("China's healthcare expenditure" → "China"), not a
//     pronoun ("Its"), not a plural ("SOEs'", "Indigenous Peoples'": a
//     class of holders) and not inside a name ("Women's Hospital");
//  2. else the names the sentence gives: a capitalised sequence ending in an
//     organisation or place word (Group, Corporation, Company, Holdings,
//     Bank, Province, City, ...) or followed by a lower-case place word
//     ("Gansu province"), before the figure (leaving out comma-separated
//     introductory phrases: "According to ...,", "Under ...,"); and a
//     capitalised sequence after "in" in the subject ("the unemployment
//     rate in Shanghai"), in its words after the figure up to a verb ("88
//     medical institutions run by enterprises in Fujian has been"), or close
//     before the figure in its own clause ("operating in Guangdong added
//     1,466", not "in Berlin returned the skulls of 109"). Quoted words, a
//     name right before the figure ("Python 2.7") and a possessive that
//     qualifies what follows ("in Wedding's African Quarter") are no names.
//     The entity when they all name the same one.
//
// Chinese: the names that begin a clause of the sentence up to the
// figure's clause (Chinese clauses share their topic: "华润集团构建……，拥有医疗
// 机构182家"), a name being two or more characters ending in an
// organisation or place suffix (集团, 公司, 银行, 省, 市, 自治区, …), with no
// function word or digit inside and not opening with a class word (中央,
// 国有, 各, 上市, …: "国有企业", "各省" name no one); the entity when they
// all name the same one.
//
// Place words are dropped from places ("Gansu province" and "Gansu's" are
// "Gansu", 广东省 is 广东), organisation words kept.

// Entity returns the entity of a figure whose text starts at byte fs of
// sentence and ends at byte fe (fs < 0 when its place is not known: only
// the subject is read).
func Entity(sentence string, fs, fe int, subject string) string {
	return entity(sentence, fs, fe, subject, hasHan(sentence))
}

// entity is Entity with hasHan(sentence) known.
func entity(sentence string, fs, fe int, subject string, han bool) string {
	if han || hasHan(subject) {
		if fs < 0 {
			return ""
		}
		return zhEntity(sentence, fs)
	}
	if e := enOwner(subject); e != "" {
		return e
	}
	if fs < 0 || fe > len(sentence) || fs > fe {
		return ""
	}
	var names []string
	segs, open := enSegments(sentence[:fs])
	for k, seg := range segs {
		mode := segEarlier
		if open && k == len(segs)-1 {
			mode = segOpen
		}
		names = append(names, enNames(seg, mode)...)
	}
	if tr := enTrailing(sentence[fe:]); startsWithSubjectWord(tr) {
		names = append(names, enNames(tr, segTrailing)...)
	}
	// the subject's own words: "the unemployment rate in Shanghai"
	names = append(names, enNames(subject, segTrailing)...)
	return onlyOne(names)
}

// onlyOne returns the name when every name is the same, else "".
func onlyOne(names []string) string {
	if len(names) == 0 {
		return ""
	}
	for _, n := range names[1:] {
		if n != names[0] {
			return ""
		}
	}
	return names[0]
}

// enWord is a word of an English sentence with its punctuation trimmed.
type enWord struct {
	w       string // trimmed
	cap     bool   // starts with an upper-case letter, outside quotes
	endMark bool   // followed by , ; : . ! ? or a closing bracket or quote
	poss    bool   // a possessive: "Wedding's", "Peoples’"
}

// enWords splits s into words. Words inside quotation marks are never
// capitalised: a quoted title ("“Mental Health”") names no holder.
func enWords(s string) []enWord {
	var out []enWord
	quoted := false
	for tok := range strings.FieldsSeq(s) {
		if strings.HasPrefix(tok, "“") || strings.HasPrefix(tok, "\"") || strings.HasPrefix(tok, "‘") {
			quoted = true
		}
		inQuote := quoted
		if strings.HasSuffix(strings.TrimRight(tok, ",;:.!?)"), "”") || strings.HasSuffix(strings.TrimRight(tok, ",;:.!?)"), "\"") ||
			strings.HasSuffix(strings.TrimRight(tok, ",;:.!?)"), "’") && !strings.HasSuffix(tok, "’s") {
			quoted = false
		}
		w := trimHeadMarks(tok)
		if w == "" {
			if len(out) > 0 {
				out[len(out)-1].endMark = true
			}
			continue
		}
		r, _ := utf8.DecodeRuneInString(w)
		last, _ := utf8.DecodeLastRuneInString(tok)
		end := !(unicode.IsLetter(last) || unicode.IsDigit(last)) && last != '\'' && last != '’'
		bare := strings.TrimRight(tok, ",;:.!?)")
		poss := strings.HasSuffix(bare, "'s") || strings.HasSuffix(bare, "’s") || strings.HasSuffix(bare, "s'") || strings.HasSuffix(bare, "s’")
		out = append(out, enWord{w: w, cap: unicode.IsUpper(r) && !inQuote, endMark: end, poss: poss})
	}
	return out
}

// enOwnerSkip are capitalised words that own nothing by name.
var enOwnerSkip = setOf("its", "their", "his", "her", "our", "my", "your", "the", "this", "that", "these", "those",
	"it", "they", "we", "he", "she", "one", "each", "every", "last", "next", "this year", "today", "yesterday")

// enOwner returns the capitalised owner of a subject ("China's
// healthcare expenditure" → "China"), or "".
func enOwner(subject string) string {
	toks := strings.Fields(subject)
	for i := len(toks) - 1; i >= 0; i-- {
		t := strings.TrimRight(toks[i], ",;:")
		var base string
		switch {
		case strings.HasSuffix(t, "'s"):
			base = t[:len(t)-len("'s")]
		case strings.HasSuffix(t, "’s"):
			base = t[:len(t)-len("’s")]
		default:
			continue // a plural owner ("SOEs'", "Indigenous Peoples'") is a class, not a name
		}
		if i+1 < len(toks) && titlecase(trimHeadMarks(toks[i+1])) {
			return "" // "Women's Hospital": the possessive is inside a name
		}
		// the capitalised run ending in base
		run := []string{base}
		for j := i - 1; j >= 0; j-- {
			w := toks[j]
			if w == "" || trimHeadMarks(w) != w && !enNameJoiners[w] {
				break // punctuation ends the name: "report, China's"
			}
			r, _ := utf8.DecodeRuneInString(w)
			if !unicode.IsUpper(r) && !enNameJoiners[w] {
				break
			}
			run = append([]string{w}, run...)
		}
		for len(run) > 0 && (enNameJoiners[run[0]] || strings.EqualFold(run[0], "the")) {
			run = run[1:]
		}
		if len(run) == 0 {
			return ""
		}
		name := trimHeadMarks(strings.Join(run, " "))
		r, _ := utf8.DecodeRuneInString(name)
		if name == "" || !unicode.IsUpper(r) || enOwnerSkip[lowerWord(name)] || pluralAcronym(name) || enCalendar[lowerWord(name)] {
			return ""
		}
		return dropPlaceWord(name)
	}
	return ""
}

// titlecase reports whether w is a capitalised word that is no acronym:
// "Hospital", not "GDP".
func titlecase(w string) bool {
	r, n := utf8.DecodeRuneInString(w)
	if !unicode.IsUpper(r) {
		return false
	}
	for _, r := range w[n:] {
		if unicode.IsLower(r) {
			return true
		}
	}
	return false
}

// pluralAcronym reports whether w is an acronym in the plural ("SOEs"):
// a class of holders, not a name.
func pluralAcronym(w string) bool {
	if len(w) < 3 || w[len(w)-1] != 's' {
		return false
	}
	for i := 0; i < len(w)-1; i++ {
		if w[i] < 'A' || w[i] > 'Z' {
			return false
		}
	}
	return true
}

// enIntro are the words that open an introductory phrase set off by a
// comma, whose names are not the holder ("According to a report by the
// National Bureau of Statistics, ...").
var enIntro = setOf("according", "under", "with", "after", "as", "by", "in", "on", "at", "during", "since", "for",
	"from", "through", "over", "despite", "following", "amid", "besides", "especially", "meanwhile", "however",
	"also", "before", "until", "when", "while", "although", "though", "if", "because", "to", "of", "among", "compared",
	"including", "said", "says", "like", "unlike", "beyond", "via", "per", "upon", "within", "without", "thanks")

// enSegments splits the text before a figure at commas, semicolons and
// dashes and drops the introductory phrases: segments opening with a
// preposition or a conjunction that are followed by a comma. open reports
// that the last segment is the figure's own (it runs up to the figure).
func enSegments(s string) (out []string, open bool) {
	for len(s) > 0 {
		i, n := segmentBreak(s)
		seg := s
		closed := i >= 0
		if closed {
			seg, s = s[:i], s[i+n:]
		} else {
			s = ""
			open = true
		}
		first := ""
		for f := range strings.FieldsSeq(seg) {
			first = lowerWord(trimHeadMarks(f))
			break
		}
		if closed && enIntro[first] {
			continue
		}
		out = append(out, seg)
	}
	return out, open && len(out) > 0
}

// segmentBreak returns the byte offset and length of the first comma,
// semicolon or dash (—, –, " - ") in s, or -1.
func segmentBreak(s string) (int, int) {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == ',' || c == ';':
			return i, 1
		case c == ' ' && strings.HasPrefix(s[i:], " - "):
			return i, 3
		case c == 0xe2 && (strings.HasPrefix(s[i:], "—") || strings.HasPrefix(s[i:], "–")):
			return i, 3
		}
	}
	return -1, 0
}

// Where a segment stands relative to the figure: the names after "in" count
// only in the figure's own segment, close before it, or among the
// subject's trailing words.
const (
	segEarlier  = iota // a segment before the figure's own
	segOpen            // the figure's own segment, up to the figure
	segTrailing        // the subject's words after the figure
)

// enVerbs end the trailing words of a subject ("... in Fujian has been
// completed").
var enVerbs = setOf("has", "have", "had", "is", "are", "was", "were", "be", "been", "will", "would", "shall",
	"should", "can", "could", "may", "might", "must", "do", "does", "did", "reached", "rose", "fell", "grew",
	"increased", "decreased", "dropped", "declined", "totaled", "totalled", "stood", "amounted", "accounted",
	"received", "reported", "added", "saw", "got", "made", "hit", "climbed", "jumped", "surged", "slid", "edged")

// startsWithSubjectWord reports whether the words after a figure open
// with a lower-case word that is no preposition: the subject the figure
// counts ("88 medical institutions run by ... in Fujian"), not a phrase of
// its own ("Pass 4 in Rocket League", "30% off ... in Centrepoint").
func startsWithSubjectWord(s string) bool {
	w := ""
	for f := range strings.FieldsSeq(s) {
		w = trimHeadMarks(f)
		break
	}
	r, _ := utf8.DecodeRuneInString(w)
	return w != "" && unicode.IsLower(r) && !prepositions[w] && !enHeadStops[w]
}

// enTrailing returns the words after a figure up to a comma, a sentence
// mark or a verb: the subject and its modifiers ("medical institutions run
// by enterprises in Fujian").
func enTrailing(s string) string {
	if i := strings.IndexAny(s, ",;:.!?()“”\""); i >= 0 {
		s = s[:i]
	}
	end := len(s)
	off := 0
	for tok := range strings.FieldsSeq(s) {
		at := strings.Index(s[off:], tok) + off
		off = at + len(tok)
		if enVerbs[lowerWord(trimHeadMarks(tok))] {
			end = at
			break
		}
	}
	return s[:end]
}

// enNameJoiners may stand inside a name between capitalised words
// ("Bank of China", "Sichuan Development and Investment Group").
var enNameJoiners = setOf("of", "and", "&", "for", "de")

// enOrgWords end an organisation's name; enPlaceWords a place's.
var (
	enOrgWords   = setOf("group", "corporation", "corp", "co", "company", "ltd", "limited", "holdings", "holding", "inc", "bank", "airlines", "plc", "llc")
	enPlaceWords = setOf("province", "city", "municipality", "county", "prefecture", "region", "district")
)

// enCalendar are capitalised words that are no name after "in".
var enCalendar = setOf("january", "february", "march", "april", "may", "june", "july", "august", "september",
	"october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
	"dec", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "q1", "q2", "q3", "q4")

// enNames returns the names a segment holds by the rules of Entity.
func enNames(seg string, mode int) []string {
	if !hasUpper(seg) {
		return nil // no capital letter, no name
	}
	ws := enWords(seg)
	var out []string
	for i := 0; i < len(ws); {
		if !ws[i].cap {
			i++
			continue
		}
		// a capitalised run, joiners allowed between capitalised words
		j := i + 1
		for j < len(ws) && !ws[j-1].endMark {
			if ws[j].cap {
				j++
				continue
			}
			if enNameJoiners[lowerWord(ws[j].w)] && j+1 < len(ws) && ws[j+1].cap && !ws[j].endMark {
				j += 2
				continue
			}
			break
		}
		start := i
		for start < j && strings.EqualFold(ws[start].w, "the") {
			start++
		}
		switch {
		case start >= j:
		case mode == segOpen && j == len(ws):
			// right before the figure: "Python 2.7", "Top 75", a title with its number
		default:
			afterIn := i > 0 && lowerWord(ws[i-1].w) == "in" &&
				(mode == segTrailing || mode == segOpen && closeToEnd(ws[j:]))
			out = append(out, enNameOf(ws, start, j, afterIn)...)
		}
		i = j
	}
	return out
}

// closeToEnd reports whether the words between a name and the figure are
// few and hold no preposition or determiner: "operating in Guangdong added
// 1,466", not "in Berlin returned the skulls of 109".
func closeToEnd(ws []enWord) bool {
	if len(ws) > 3 {
		return false
	}
	for _, w := range ws {
		lw := lowerWord(w.w)
		if prepositions[lw] || determiners[lw] || enHeadStops[lw] {
			return false
		}
	}
	return true
}

// hasUpper reports whether s holds an upper-case letter.
func hasUpper(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			return true
		} else if c >= utf8.RuneSelf {
			for _, r := range s[i:] {
				if unicode.IsUpper(r) {
					return true
				}
			}
			return false
		}
	}
	return false
}

// enNameOf returns the name the capitalised run ws[i:j] makes, if any.
func enNameOf(ws []enWord, i, j int, afterIn bool) []string {
	words := make([]string, 0, j-i)
	for _, w := range ws[i:j] {
		words = append(words, w.w)
	}
	// "China Merchants Group and China Resources Group": two names
	for k := i + 1; k < j-1; k++ {
		lk := lowerWord(ws[k].w)
		if (lk == "and" || lk == "&") && (enOrgWords[lowerWord(ws[k-1].w)] || enPlaceWords[lowerWord(ws[k-1].w)]) {
			return append(enNameOf(ws, i, k, afterIn), enNameOf(ws, k+1, j, false)...)
		}
	}
	if ws[j-1].poss {
		return nil // "in Wedding's African Quarter", "Indigenous Peoples’ lands": the name qualifies what follows
	}
	if j < len(ws) && !ws[j-1].endMark && isYearLike(ws[j].w) {
		return nil // "Python 2.7", "Top 75": a title with its number
	}
	name := strings.Join(words, " ")
	if lw := lowerWord(ws[j-1].w); enOrgWords[strings.TrimSuffix(lw, ".")] || enPlaceWords[lw] {
		if j-i < 2 {
			return nil // "Group" alone names no one
		}
		return []string{dropPlaceWord(name)}
	}
	if j < len(ws) && !ws[j-1].endMark && enPlaceWords[ws[j].w] { // "Gansu province"
		return []string{name}
	}
	if afterIn && !enCalendar[lowerWord(name)] && !pluralAcronym(name) && !isYearLike(name) {
		return []string{dropPlaceWord(name)}
	}
	return nil
}

// isYearLike reports whether a capitalised run starts with a digit.
func isYearLike(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsDigit(r)
}

// dropPlaceWord drops a trailing place word: "Guangdong Province" →
// "Guangdong".
func dropPlaceWord(name string) string {
	i := strings.LastIndexByte(name, ' ')
	if i < 0 || !enPlaceWords[lowerWord(name[i+1:])] {
		return name
	}
	return name[:i]
}

// zhOrgSuffixes end an organisation's name (kept in the entity);
// zhPlaceSuffixes a place's (省 and 市 dropped: 广东省 → 广东).
var (
	zhOrgSuffixes   = []string{"集团有限公司", "股份有限公司", "有限责任公司", "集团公司", "有限公司", "集团", "公司", "银行"}
	zhPlaceSuffixes = []string{"特别行政区", "自治区", "自治州", "省", "市", "县"}
)

// zhClassStarts open class nouns, not names: 国有企业集团, 各省, 上市公司.
var zhClassStarts = []string{"中央", "国有", "国家", "地方", "上市", "民营", "私营", "外资", "大型", "中小", "重点",
	"省属", "市属", "县属", "区属", "所属", "下属", "相关", "部分", "一些", "城市", "全国", "全省", "全市", "各", "全", "该",
	"本", "其", "此", "这", "那", "子", "分", "多", "每", "某", "我", "两", "几", "新", "原", "有关", "其他", "其它"}

// zhNameStops may not stand inside a name: function words and measure
// words mark a phrase, not a name.
const zhNameStops = "的在和与及等了是有对将为从向经由被把所办这那个之也都就并而或以于到年月日家亿万元张次项占比达增降"

// zhEntity returns the one name that begins a clause of the sentence up
// to the figure at byte fs, or "".
func zhEntity(sentence string, fs int) string {
	pre := sentence[:fs]
	var names []string
	start := 0
	for i, r := range pre {
		if strings.ContainsRune("，,；;：:。！？", r) {
			names = append(names, zhNamesAt(sentence[start:])...)
			start = i + utf8.RuneLen(r)
		}
	}
	names = append(names, zhNamesAt(sentence[start:])...)
	return onlyOne(names)
}

// zhNamesAt returns the name a clause opens with; a name joined to more by
// 和, 与, 及 or 、 ("华润集团和国药集团") stands for several holders and gives
// two names that differ.
func zhNamesAt(clause string) []string {
	n := zhNameAt(clause)
	if n == "" {
		return nil
	}
	rest := strings.TrimPrefix(strings.TrimLeft(clause, zhLeadMarks), n) // n opens the clause
	for _, suf := range []string{"省", "市"} {
		rest = strings.TrimPrefix(rest, suf) // dropped from a place's name
	}
	if r, _ := utf8.DecodeRuneInString(rest); strings.ContainsRune("和与及、同跟", r) {
		return []string{n, "\x00" + rest}
	}
	return []string{n}
}

// zhLeadMarks may open a clause before its first word.
const zhLeadMarks = " \t\u3000“\"《"

// zhNameAt returns the name a clause opens with, or "".
func zhNameAt(clause string) string {
	clause = strings.TrimLeft(clause, zhLeadMarks)
	for _, c := range zhClassStarts {
		if strings.HasPrefix(clause, c) {
			return ""
		}
	}
	n := 0 // runes before a suffix
	for i, r := range clause {
		if n >= 20 || !(unicode.Is(unicode.Han, r) || r < 0x80 && unicode.IsLetter(r)) {
			return ""
		}
		if n >= 2 {
			rest := clause[i:]
			for _, suf := range zhOrgSuffixes {
				if strings.HasPrefix(rest, suf) {
					end := i + len(suf)
					// 集团 + 有限公司: one name
					for _, more := range zhOrgSuffixes {
						if strings.HasPrefix(clause[end:], more) {
							end += len(more)
							break
						}
					}
					return clause[:end]
				}
			}
			for _, suf := range zhPlaceSuffixes {
				if strings.HasPrefix(rest, suf) {
					if suf == "省" || suf == "市" {
						return clause[:i]
					}
					return clause[:i+len(suf)]
				}
			}
		}
		if strings.ContainsRune(zhNameStops, r) {
			return ""
		}
		n++
	}
	return ""
}
