package transform

import "strings"

// language is one language Parse reads: the tags that name it, how to tell
// it from its script, and the reader of its sentences.
type language struct {
	// tag is the language's canonical tag, what LangOf and DetectLang
	// return.
	tag string
	// codes are the primary subtags that name the language, in any case and
	// with or without a region or script after "-" or "_" ("en" matches
	// "en", "EN", "en-US", "en_GB").
	codes []string
	// detect reports whether text is written in the language, judged from
	// its script. It is nil when the script does not tell: Latin letters
	// are shared by too many languages to name one.
	detect func(text string) bool
	// newReader returns a reader of the language's sentences, for one call
	// of Parse.
	newReader func() sentenceReader
	// numbers is the language's recognizer (see Numbers): every numeric
	// expression of text, with code-point offsets into it.
	numbers func(text string) []Number
	// head returns the head noun of a subject, lemmatised (see
	// Figure.SubjectHead).
	head func(subject string) string
	// continues reports whether a sentence opens by narrowing the one
	// before ("其中，…", "Of these, …"), so that it takes that sentence's
	// period; nil when the language has no such words.
	continues func(sentence string) bool
	// sentenceBytes is the typical length of a sentence in bytes, to size
	// the buffer of sentences.
	sentenceBytes int
}

// languages are the languages Parse reads, in the order DetectLang tries
// their scripts (a language whose script another's includes comes first).
//
// Adding a language is one new file set (its sentence reader, which turns
// each sentence into figures: see sentenceReader, enReader in en.go and
// zhReader in zh.go) plus one row here; Parse, its sentence driver
// (readFigures), DetectLang and LangOf need no change.
var languages = []language{
	{tag: "zh", codes: []string{"zh", "cmn"}, detect: zhDetect, newReader: newZhReader, numbers: zhNumbers, head: zhSubjectHead, continues: zhContinues, sentenceBytes: 96},
	{tag: "en", codes: []string{"en"}, newReader: newEnReader, numbers: enNumbers, head: enSubjectHead, continues: enContinues, sentenceBytes: 64},
}

// defaultLang is the language of text whose script names none (see
// DetectLang) when Options.Lang is "".
const defaultLang = "en"

// DetectLang returns the language text is written in as far as its script
// tells: "zh" when Han characters make up a good share of its letters (a
// Han character counts about as much as a five-letter word; only the first
// 4 KB are read), else "". It never returns "en": Latin letters do not name
// a language, and Parse reads such text as English.
//
// Parse uses it when Options.Lang is "", and so should a source that has no
// language declared, so that both agree.
func DetectLang(text string) string {
	for i := range languages {
		if l := &languages[i]; l.detect != nil && l.detect(text) {
			return l.tag
		}
	}
	return ""
}

// LangOf returns the language Parse reads for a language tag, as DetectLang
// names it: "en" for "en", "EN", "en-US" or "en_GB"; "zh" for "zh", "zh-CN",
// "ZH_tw", "zh-Hans" or "cmn"; "" for "" and for a language Parse does not
// read ("fr", "eng", "de-DE").
func LangOf(tag string) string {
	if l := langOf(tag); l != nil {
		return l.tag
	}
	return ""
}

// langOf returns the row of languages that tag names, or nil.
func langOf(tag string) *language {
	primary := tag
	if i := strings.IndexAny(tag, "-_"); i >= 0 {
		primary = tag[:i]
	}
	if primary == "" {
		return nil
	}
	for i := range languages {
		for _, c := range languages[i].codes {
			if strings.EqualFold(primary, c) {
				return &languages[i]
			}
		}
	}
	return nil
}

// parseLang returns the language Parse reads text in: the one tag names,
// or, when tag is "", the one DetectLang finds, else defaultLang. It returns
// nil for a tag of a language Parse does not read.
func parseLang(tag, text string) *language {
	if tag == "" {
		if tag = DetectLang(text); tag == "" {
			tag = defaultLang
		}
	}
	return langOf(tag)
}

// zhContinues reports whether a Chinese sentence opens with 其中 (of which).
func zhContinues(sentence string) bool {
	return strings.HasPrefix(strings.TrimLeft(sentence, " \u3000"), "其中")
}

// enContinues reports whether an English sentence opens with "Of these",
// "Of them", "Of which" or "Among them".
func enContinues(sentence string) bool {
	s := strings.TrimLeft(sentence, " \t\n")
	for _, p := range []string{"of these", "of them", "of which", "of this", "among them", "among these"} {
		if len(s) >= len(p) && strings.EqualFold(s[:len(p)], p) {
			return true
		}
	}
	return false
}
