package transform

import (
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// This file gives each figure a metric key: what is measured, the same key
// across phrasings and languages ("medical institutions", "medical
// institutions run by central enterprises", "医疗机构" and "央企所办医疗机构"
// are all medical_institution). The rules are in docs/analysts.md
// ("Metric keys"); the phrases are a synonym table, metric_synonyms.yaml by
// default, which a configuration may extend.

//go:embed metric_synonyms.yaml
var defaultSynonyms []byte

// Metrics is a synonym table: phrases (English and Chinese) → metric keys.
// The zero value is not usable; build one with DefaultMetrics or
// NewMetrics. A Metrics is read-only once built and safe for concurrent use.
type Metrics struct {
	en      map[string]string // normalised English phrase ("medical institution") → key
	zh      map[string]string // Chinese phrase as written → key
	enWords int               // the most words of an English phrase
	hash    string
}

// DefaultMetrics is the table shipped with newsetl (metric_synonyms.yaml).
var DefaultMetrics = mustMetrics(defaultSynonyms)

func mustMetrics(raw []byte) *Metrics {
	m, err := NewMetrics(raw)
	if err != nil {
		panic("transform: metric_synonyms.yaml: " + err.Error())
	}
	return m
}

// NewMetrics builds a table from the default table with the entries of the
// given YAML documents laid over it, in order: each document maps metric
// keys to lists of phrases, and a phrase listed under a key names that key
// from then on (a later document may move a phrase to another key). A key
// that is not [a-z0-9_]+ or a phrase that is empty is an error.
func NewMetrics(docs ...[]byte) (*Metrics, error) {
	m := &Metrics{en: map[string]string{}, zh: map[string]string{}}
	h := sha256.New()
	for i, raw := range docs {
		var entries map[string][]string
		if err := yaml.Unmarshal(raw, &entries); err != nil {
			return nil, fmt.Errorf("metric synonyms #%d: %w", i+1, err)
		}
		keys := make([]string, 0, len(entries))
		for k := range entries {
			keys = append(keys, k)
		}
		sort.Strings(keys) // a phrase listed under two keys of one document: the last key in order wins, always the same
		for _, k := range keys {
			if !validMetricKey(k) {
				return nil, fmt.Errorf("metric synonyms #%d: key %q: want lower-case letters, digits and _", i+1, k)
			}
			for _, p := range entries[k] {
				if err := m.add(k, p); err != nil {
					return nil, fmt.Errorf("metric synonyms #%d: key %s: %w", i+1, k, err)
				}
			}
		}
	}
	// The hash covers what the table maps, not how the YAML was written.
	var lines []string
	for p, k := range m.en {
		lines = append(lines, "en\t"+p+"\t"+k)
	}
	for p, k := range m.zh {
		lines = append(lines, "zh\t"+p+"\t"+k)
	}
	sort.Strings(lines)
	h.Write([]byte(metricRulesVersion))
	for _, l := range lines {
		h.Write([]byte(l + "\n"))
	}
	m.hash = hex.EncodeToString(h.Sum(nil))[:12]
	return m, nil
}

// metricRulesVersion names the rules of this file and entity.go; raise it
// when they change, so the table hash (and the parser version) changes.
const metricRulesVersion = "metric-rules-3"

// WithDefaults returns DefaultMetrics with the YAML documents laid over it.
func WithDefaults(docs ...[]byte) (*Metrics, error) {
	return NewMetrics(append([][]byte{defaultSynonyms}, docs...)...)
}

// Hash identifies what the table maps and the rules that use it (12 hex
// digits); it is part of the parser version facts record.
func (m *Metrics) Hash() string { return m.hash }

func (m *Metrics) add(key, phrase string) error {
	phrase = strings.TrimSpace(phrase)
	if phrase == "" {
		return fmt.Errorf("an empty phrase")
	}
	if hasHan(phrase) {
		m.zh[phrase] = key
		return nil
	}
	words := enPhraseWords(phrase)
	if len(words) == 0 {
		return fmt.Errorf("phrase %q has no word", phrase)
	}
	m.en[strings.Join(words, " ")] = key
	m.enWords = max(m.enWords, len(words))
	return nil
}

// validMetricKey reports whether k is [a-z0-9_]+.
func validMetricKey(k string) bool {
	if k == "" {
		return false
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// Metric returns the metric key of a figure:
//
//   - the subject's key: the key of the longest table phrase that ends the
//     subject's noun phrase (English: the words up to the head, before "of",
//     "run by", ..., without determiners, owners and numbers, each word in
//     the singular; Chinese: the subject after its last 的); a subject no
//     phrase ends keeps its normalised noun phrase (English: lower case,
//     singular, words joined by _, at most four; Chinese: its head as is);
//   - then what the figure says of it: the size of a change ("up 20.5
//     percent") is key_growth when it is in percent and key_change
//     otherwise; a percent level of a subject that is no rate, ratio or
//     share is a share: key_share_of_base with the base's key ("6.2 percent
//     of the nation's GDP" of health expenditure is
//     health_expenditure_share_of_gdp), key_share when there is no base
//     or it is the subject itself; a ratio ("9 in 10") is key_ratio; a
//     count, amount or number is the key itself (the unit is a column of its
//     own).
//
// A figure without a subject has no metric ("").
func (m *Metrics) Metric(f Figure) string {
	key, rate := m.subjectKey(f.Subject)
	if key == "" {
		return ""
	}
	switch {
	case f.Change && f.Unit == "percent":
		return key + "_growth"
	case f.Change:
		return key + "_change"
	case f.Kind == KindPercent && !rate:
		base := m.baseKey(f.Base)
		if base == "" || base == key {
			return key + "_share"
		}
		return key + "_share_of_" + base
	case f.Kind == KindRatio && !rate:
		return key + "_ratio"
	}
	return key
}

// baseKey is the key of a percentage's base: as a subject's in English
// ("the nation's GDP" → gdp); in Chinese the longest table phrase the base
// holds ("GDP比重", "GDP的百分比" → gdp), "" when it holds none.
func (m *Metrics) baseKey(base string) string {
	if !hasHan(base) {
		k, _ := m.subjectKey(base)
		return k
	}
	best, key := 0, ""
	for p, k := range m.zh {
		if len(p) > best && strings.Contains(base, p) || len(p) == best && best > 0 && k < key && strings.Contains(base, p) {
			best, key = len(p), k
		}
	}
	for p, k := range m.en { // Latin words inside Chinese text: "GDP"
		if len(p) > best && !strings.Contains(p, " ") && containsWord(strings.ToLower(base), p) {
			best, key = len(p), k
		}
	}
	return key
}

// containsWord reports whether w stands in s with no letter of the
// Latin alphabet on either side.
func containsWord(s, w string) bool {
	for i := 0; ; {
		j := strings.Index(s[i:], w)
		if j < 0 {
			return false
		}
		j += i
		before, after := j == 0 || !isASCIILetter(s[j-1]), j+len(w) == len(s) || !isASCIILetter(s[j+len(w)])
		if before && after {
			return true
		}
		i = j + 1
	}
}

// SubjectKey is the metric key of a subject alone (no kind suffix), "" for
// a subject with no noun.
func (m *Metrics) SubjectKey(subject string) string {
	k, _ := m.subjectKey(subject)
	return k
}

// subjectKey returns the key of a subject and whether it names a rate,
// ratio or share (whose percent figures are levels, not shares).
func (m *Metrics) subjectKey(subject string) (string, bool) {
	if hasHan(subject) {
		return m.zhKey(subject)
	}
	words, beforeAnd := enCore(subject)
	if len(words) == 0 {
		return "", false
	}
	// The whole phrase first ("medical and health institution"), then the
	// part before "and" ("doctors and nurses" → doctor).
	for _, ws := range [][]string{words, beforeAnd} {
		if key, ok := m.enLongestSuffix(ws); ok {
			return key, rateKey(key)
		}
	}
	ws := beforeAnd
	if len(ws) > 4 {
		ws = ws[len(ws)-4:]
	}
	key := keyOf(strings.Join(ws, "_"))
	return key, rateWord(ws[len(ws)-1])
}

// enLongestSuffix finds the longest table phrase that ends words.
func (m *Metrics) enLongestSuffix(words []string) (string, bool) {
	if len(words) == 0 {
		return "", false
	}
	for i := max(0, len(words)-m.enWords); i < len(words); i++ {
		if key, ok := m.en[strings.Join(words[i:], " ")]; ok {
			return key, true
		}
	}
	return "", false
}

// zhKey is subjectKey for a Chinese subject: the longest table phrase
// ending the subject (after its last 的), else its head.
func (m *Metrics) zhKey(subject string) (string, bool) {
	s := strings.TrimSpace(subject)
	if i := strings.LastIndex(s, "的"); i >= 0 && i+len("的") < len(s) {
		s = s[i+len("的"):]
	}
	s = trimHeadMarks(s)
	if key, ok := m.zhLongestSuffix(s); ok {
		return key, rateKey(key)
	}
	// "医疗卫生机构总数", "出口总额": the thing counted or summed
	for _, w := range zhMeasureWords {
		if t := strings.TrimSuffix(s, w); t != s && t != "" {
			if key, ok := m.zhLongestSuffix(t); ok {
				return key, rateKey(key)
			}
		}
	}
	s = strings.TrimRight(s, zhTrailingFunction)
	head := zhSubjectHead(s)
	if head == "" || strings.Trim(head, zhNumerals) == "" {
		return "", false // "十又", "万": a number, not a thing
	}
	if !hasHan(head) {
		return keyOf(head), rateWord(head)
	}
	return zhKeyOf(head), zhRateHead(head)
}

// zhKeyOf is a Chinese head as a key: Latin letters in lower case, no
// spaces or marks.
func zhKeyOf(head string) string {
	var b strings.Builder
	for _, r := range head {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// zhTrailingFunction are function characters that end no noun: a subject
// cut after them ("啤酒和") keeps the noun before.
const zhTrailingFunction = "和与及或也又之的等"

// zhNumerals are the characters of written Chinese numbers.
const zhNumerals = "零〇一二三四五六七八九十百千万亿两壹贰叁肆伍陆柒捌玖拾佰仟萬億负負又点點"

// zhMeasureWords end a Chinese subject that is the number or sum of
// something: 机构总数 is a number of 机构.
var zhMeasureWords = []string{"总数", "数量", "总量", "总额", "金额", "数", "额", "量"}

// zhLongestSuffix finds the longest table phrase that ends s.
func (m *Metrics) zhLongestSuffix(s string) (string, bool) {
	for i := range s {
		if !utf8.RuneStart(s[i]) {
			continue
		}
		if key, ok := m.zh[s[i:]]; ok {
			return key, true
		}
	}
	return "", false
}

// rateKey reports whether a metric key names a rate, ratio or share.
func rateKey(key string) bool {
	i := strings.LastIndexByte(key, '_')
	return rateWord(key[i+1:])
}

// rateWord reports whether an English head word names a rate, ratio or share.
func rateWord(w string) bool {
	switch w {
	case "rate", "ratio", "share", "proportion", "percentage", "coverage", "expectancy", "productivity":
		return true
	}
	return false
}

// zhRateHead reports whether a Chinese head names a rate, ratio or share.
func zhRateHead(h string) bool {
	return strings.HasSuffix(h, "率") || strings.HasSuffix(h, "比重") || strings.HasSuffix(h, "比例") || strings.HasSuffix(h, "占比")
}

// enCore returns the normalised words of an English subject's noun phrase:
// up to the first word that ends it (a preposition, a relative pronoun,
// a comma), without determiners, owners ("China's"), numbers and
// qualifiers, in lower case and the singular; and the same words up to
// the first "and"/"or" (for "doctors and nurses").
func enCore(subject string) (all, beforeAnd []string) {
	andAt := -1
	for tok := range strings.FieldsSeq(subject) {
		stop := strings.HasSuffix(tok, ",") || strings.HasSuffix(tok, ";")
		w := trimHeadMarks(tok)
		if w == "" {
			if stop && len(all) > 0 {
				break
			}
			continue
		}
		if !plainWord(w) {
			all, andAt = all[:0], -1 // "RQT=305&SQ=issn%": code, not words
			continue
		}
		lw := lowerWord(w)
		if lw == "and" || lw == "or" || lw == "&" {
			if len(all) > 0 && andAt < 0 {
				andAt = len(all)
			}
			all = append(all, "and")
			continue
		}
		if enHeadStops[lw] {
			if lw == "of" && len(all) > 0 && enQuantityOf[all[len(all)-1]] {
				all, andAt = all[:0], -1 // "the number of hospitals": hospitals are counted
				continue
			}
			if len(all) > 0 {
				break
			}
			continue
		}
		switch {
		case strings.HasSuffix(lw, "'s") || strings.HasSuffix(lw, "’s") || strings.HasSuffix(tok, "'") || strings.HasSuffix(tok, "’"):
			all, andAt = all[:0], -1 // an owner: what it owns follows
			continue
		case determiners[lw] || enCoreSkip[lw] || !hasLetter(lw):
			if len(all) > 0 && !hasLetter(lw) {
				all, andAt = all[:0], -1 // "1,087 of their 1,154 institutions": the noun follows the number
			}
			continue
		}
		all = append(all, singular(lw))
		if stop {
			break
		}
	}
	for len(all) > 0 && all[len(all)-1] == "and" {
		all = all[:len(all)-1]
	}
	for len(all) > 0 && all[0] == "and" {
		all = all[1:]
		andAt--
	}
	beforeAnd = all
	if andAt > 0 && andAt < len(all) {
		beforeAnd = all[:andAt]
	}
	return all, beforeAnd
}

// enQuantityOf are heads that hand the measure to the noun after "of".
var enQuantityOf = setOf("number", "amount", "total", "count", "volume", "quantity", "sum", "figure", "tally")

// plainWord reports whether w is a word of running text: letters and
// digits, with hyphens, apostrophes, dots and & inside ("asset-liability",
// "R&D", "Co."), and no more than four digits (a year at most).
func plainWord(w string) bool {
	digits := 0
	for _, r := range w {
		switch {
		case unicode.IsLetter(r):
		case unicode.IsDigit(r):
			digits++
		case r == '-', r == '\'', r == '’', r == '.', r == '&', r == ',':
		default:
			return false
		}
	}
	return digits <= 4
}

// enCoreSkip are words of a subject that say nothing of what is measured.
var enCoreSkip = setOf("about", "nearly", "almost", "around", "approximately", "some", "over", "more", "less",
	"than", "least", "most", "up", "only", "just", "roughly", "combined", "new", "additional", "further", "another",
	"other", "respectively", "annual", "annually", "yearly", "monthly", "current", "latest", "overall")

// enPhraseWords normalises a table phrase as enCore does a subject.
func enPhraseWords(p string) []string {
	var out []string
	for _, tok := range strings.Fields(p) {
		w := lowerWord(trimHeadMarks(tok))
		if w == "" {
			continue
		}
		if w == "&" {
			w = "and"
		}
		if w != "and" && w != "or" {
			w = singular(w)
		} else {
			w = "and"
		}
		out = append(out, w)
	}
	return out
}

// keyOf turns a normalised phrase into a key: letters and digits kept
// (other scripts as they are), everything else one _.
func keyOf(s string) string {
	var b strings.Builder
	under := false
	for _, r := range strings.ToLower(strings.ReplaceAll(s, "&", " and ")) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if under && b.Len() > 0 {
				b.WriteByte('_')
			}
			under = false
			b.WriteRune(r)
			continue
		}
		under = true
	}
	return b.String()
}

// hasHan reports whether s holds a Chinese character.
func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}
