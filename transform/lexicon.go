package transform

import "strings"

// This file holds the closed word lists the English parser leans on. They are
// general English grammar (prepositions, auxiliaries, determiners, ...) and
// vocabulary of statistics (scale words, units, currencies), never phrases of
// a particular text. Every list is keyed by the lower-case word and is only
// read after package initialisation.

// wordSet is a read-only set of lower-case words.
type wordSet map[string]bool

// setOf builds a wordSet from its arguments.
func setOf(words ...string) wordSet {
	s := make(wordSet, len(words))
	for _, w := range words {
		s[w] = true
	}
	return s
}

// determiners open a noun phrase and carry no content of their own.
var determiners = setOf("the", "a", "an", "this", "that", "these", "those", "its", "their",
	"his", "her", "our", "my", "your", "each", "every", "all", "both", "any", "no", "such",
	"another", "either", "neither", "whose")

// prepositions end a noun phrase ("institutions run by ...", "ways for ...").
var prepositions = setOf("of", "in", "on", "at", "by", "for", "with", "from", "to", "into",
	"onto", "than", "through", "throughout", "during", "against", "among", "amongst", "under",
	"over", "about", "between", "without", "within", "via", "per", "across", "after", "before",
	"since", "until", "till", "toward", "towards", "upon", "including", "like", "despite",
	"beyond", "behind", "above", "below", "near", "along", "around", "amid", "versus", "vs",
	"except", "plus", "off", "out", "up", "down", "as")

// conjunctions join or subordinate clauses.
var conjunctions = setOf("and", "or", "but", "nor", "yet", "so", "while", "whereas", "although",
	"though", "because", "if", "unless", "when", "whether", "then", "whilst", "&")

// relatives open a relative clause: "..., which was 9 percent".
var relatives = setOf("which", "that", "who", "whom", "whose", "where")

// auxiliaries are forms of be, have and do and the modal verbs.
var auxiliaries = setOf("is", "are", "was", "were", "be", "been", "being", "am", "has", "have",
	"had", "having", "will", "would", "shall", "should", "can", "could", "may", "might", "must",
	"do", "does", "did", "'s", "won't", "isn't", "wasn't", "aren't", "weren't", "hasn't",
	"haven't", "hadn't")

// pronouns stand for a noun phrase that is not in the text.
var pronouns = setOf("it", "they", "we", "he", "she", "them", "us", "him", "i", "you", "there",
	"here", "itself", "themselves", "one")

// adverbs that sit inside a verb group or end a noun phrase. Any word ending in
// "-ly" is treated the same way (see isAdverb).
var adverbs = setOf("also", "still", "already", "only", "just", "even", "respectively", "not",
	"now", "again", "further", "ever", "never", "together", "altogether", "currently", "recently",
	"so", "far", "then", "thus", "however", "meanwhile", "besides", "moreover", "furthermore",
	"overall", "too", "very", "well", "alone", "each", "apiece", "annually", "yearly", "daily",
	"monthly", "weekly", "quarterly", "year-on-year", "year-over-year", "month-on-month",
	"quarter-on-quarter", "nationwide", "worldwide")

// verbs are common finite verbs and participles of reporting, measuring and
// change, plus frequent irregular participles. Together with the regular
// "-ed" form (see isVerbLike) they mark where a noun phrase ends.
var verbs = setOf(
	// measuring and linking
	"reach", "reached", "reaches", "reaching", "hit", "hits", "hitting", "stand", "stands", "stood",
	"standing", "account", "accounted", "accounts", "accounting", "take", "takes", "took", "taken",
	"taking", "make", "makes", "made", "making", "total", "totaled", "totalled", "totals",
	"totaling", "totalling", "amount", "amounted", "amounts", "amounting", "come", "came", "comes",
	"coming", "exceed", "exceeded", "exceeds", "exceeding", "top", "topped", "tops", "remain",
	"remained", "remains", "remaining", "stay", "stayed", "stays", "represent", "represented",
	"represents", "representing", "equal", "equaled", "equalled", "equals", "register",
	"registered", "registers", "record", "recorded", "records", "recording", "post", "posted",
	"posts", "see", "saw", "sees", "seen", "become", "became", "becomes", "hover", "hovered",
	"hovers", "occupy", "occupied", "occupies", "constitute", "constituted", "constitutes",
	"comprise", "comprised", "comprises", "contribute", "contributed", "contributes", "maintain",
	"maintained", "maintains", "achieve", "achieved", "achieves", "hold", "holds", "held",
	"have", "has", "had", "get", "got", "gets", "exceeding", "sit", "sat", "sits", "reaching",
	"covered", "covers", "cover", "involve", "involved", "involves", "include", "includes",
	"included", "employ", "employs", "employed", "own", "owns", "owned", "operate", "operates",
	"operated", "serve", "serves", "served", "number", "numbered", "numbers",
	// change
	"rise", "rose", "rises", "risen", "rising", "fall", "fell", "falls", "fallen", "falling",
	"grow", "grew", "grows", "grown", "growing", "increase", "increased", "increases",
	"increasing", "decrease", "decreased", "decreases", "decreasing", "decline", "declined",
	"declines", "declining", "drop", "dropped", "drops", "dropping", "climb", "climbed",
	"climbs", "jump", "jumped", "jumps", "surge", "surged", "surges", "soar", "soared", "soars",
	"gain", "gained", "gains", "lose", "lost", "loses", "edge", "edged", "expand", "expanded",
	"expands", "contract", "contracted", "contracts", "shrink", "shrank", "shrunk", "shrinks",
	"slide", "slid", "slides", "slip", "slipped", "slips", "plunge", "plunged", "plunges",
	"tumble", "tumbled", "go", "went", "goes", "gone", "going", "move", "moved", "moves",
	"reduce", "reduced", "reduces", "cut", "cuts", "raise", "raised", "raises", "double",
	"doubled", "triple", "tripled", "advance", "advanced", "advances", "ease", "eased", "eases",
	"dip", "dipped", "dips", "rebound", "rebounded", "rebounds", "recover", "recovered",
	// irregular participles and frequent verbs that follow a counted noun
	"run", "runs", "built", "build", "builds", "set", "sets", "paid", "pay", "pays", "sold",
	"sell", "sells", "given", "give", "gave", "gives", "done", "found", "find", "finds", "led",
	"lead", "leads", "put", "puts", "known", "shown", "show", "shows", "showed", "spent",
	"spend", "spends", "won", "win", "wins", "left", "leave", "leaves", "kept", "keep", "keeps",
	"brought", "bring", "brings", "bought", "buy", "buys", "sent", "send", "sends", "met",
	"meet", "meets", "cost", "costs", "began", "begin", "begins", "begun", "told", "tell",
	"tells", "said", "say", "says", "undertake", "undertakes", "undertook", "undertaken",
	"provide", "provides", "provided", "offer", "offers", "offered", "receive", "receives",
	"received", "pass", "passes", "passed", "participate", "participated", "participates",
	"join", "joined", "joins", "obtain", "obtained", "obtains", "need", "needs", "needed",
	"want", "wants", "wanted", "use", "uses", "used", "work", "worked", "works", "live",
	"lived", "lives", "die", "died", "dies", "attend", "attended", "attends", "apply",
	"applied", "applies", "sign", "signed", "signs", "visit", "visited", "visits", "face",
	"faced", "faces", "enjoy", "enjoyed", "enjoys", "benefit", "benefited", "benefits",
	"stretch", "stretches", "stretched", "span", "spans", "spanned", "measure", "measures",
	"measured", "weigh", "weighs", "weighed", "last", "lasts", "lasted", "close", "closes",
	"closed", "open", "opens", "opened", "end", "ends", "ended", "finish", "finished",
	"hire", "hires", "hired", "create", "creates", "created", "add", "added", "adds", "invest",
	"invests", "invested", "allocate", "allocated", "earmark", "earmarked", "handle",
	"handles", "handled", "treat", "treats", "treated", "produce", "produces", "produced",
	"export", "exported", "import", "imported", "ship", "shipped", "ships", "deliver",
	"delivers", "delivered", "attract", "attracts", "attracted", "plan", "plans", "planned",
	"aim", "aims", "aimed", "target", "targets", "targeted", "expect", "expects", "expected",
	"estimate", "estimates", "estimated", "project", "projects", "projected", "forecast",
	"predict", "predicted")

// reportingVerbs introduce reported speech; the noun phrase a figure belongs to
// never reaches back over them ("the bureau said the rate reached 5%").
var reportingVerbs = setOf("said", "says", "say", "showed", "shows", "show", "shown",
	"indicated", "indicates", "noted", "notes", "announced", "announces", "revealed", "reveals",
	"stated", "states", "added", "adds", "reported", "reports", "estimated", "estimates",
	"predicted", "predicts", "forecast", "forecasts", "expect", "expects", "expected", "found", "finds",
	"told", "tells", "believes", "believed", "explained", "explains", "stressed", "stresses",
	"pointed", "according")

// particles follow a measuring verb before its figure: "stood at", "rose to",
// "accounted for", "had taken up", "rose by", "came in at", "is worth".
var particles = setOf("at", "to", "for", "up", "by", "down", "out", "as", "from", "in", "worth")

// pluralIrregular lists plural nouns that do not end in "-s", so a counted
// noun phrase can end at them ("5,000 people").
var pluralIrregular = setOf("people", "children", "staff", "personnel", "men", "women",
	"police", "cattle", "sheep", "fish", "deer", "aircraft", "feet", "teeth", "mice", "geese",
	"data", "media", "criteria", "livestock", "poultry", "swine", "pigs", "youth", "offspring",
	"spacecraft", "workforce")

// notPlural lists words ending in "-s" that are not plurals of a count noun.
var notPlural = setOf("news", "series", "species", "means", "status", "bus", "gas", "virus",
	"census", "campus", "bonus", "focus", "process", "access", "business", "progress", "success",
	"class", "glass", "mass", "press", "stress", "address", "analysis", "basis", "crisis",
	"emphasis", "diagnosis", "logistics", "economics", "statistics", "physics", "politics",
	"electronics", "mathematics", "this", "its", "his", "hers", "ours", "yours", "theirs",
	"plus", "minus", "across", "thus", "always", "towards", "afterwards", "sometimes",
	"whereas", "perhaps", "various", "numerous", "previous", "serious", "famous", "obvious",
	"continuous", "tremendous", "enormous", "overseas", "grassroots", "alias", "atlas", "canvas",
	"chaos", "ethos", "lens", "gas", "bias", "thesis", "always", "nevertheless", "nonetheless")

// scaleWords multiply the number before them by a power of ten, given as
// its exponent: "13.33 million" is 13.33e6.
var scaleWords = map[string]int{
	"hundred": 2, "thousand": 3, "million": 6, "billion": 9, "trillion": 12,
	"lakh": 5, "lakhs": 5, "crore": 7, "crores": 7, // South Asian scales: ₹24 lakh = 2,400,000
	"mln": 6, "mn": 6, "bln": 9, "bn": 9, "tn": 12, "trn": 12, "trln": 12,
}

// gluedScales may be written straight after the digits: "13bn", "5mln".
var gluedScales = map[string]int{"mln": 6, "mn": 6, "bln": 9, "bn": 9, "tn": 12, "trn": 12, "trln": 12}

// gluedCurrencyScales may be written after the digits only when a currency
// marks the figure as money: "$5m", "US$20k".
var gluedCurrencyScales = map[string]int{"k": 3, "m": 6, "b": 9}

// currencySymbols map a currency sign before the digits to an ISO code. The
// yen sign is read as the Chinese yuan: this parser is for Chinese press.
var currencySymbols = map[string]string{"$": "USD", "¥": "CNY", "￥": "CNY", "€": "EUR", "£": "GBP", "₹": "INR", "₩": "KRW",
	"₽": "RUB"}

// dollarPrefixes qualify a dollar sign written right before it: "US$", "HK$".
var dollarPrefixes = map[string]string{"us": "USD", "u.s.": "USD", "hk": "HKD", "s": "SGD",
	"a": "AUD", "c": "CAD", "nt": "TWD", "nz": "NZD"}

// currencyCodes are ISO codes or local abbreviations written as words before
// or after an amount: "RMB 500 million", "5 billion USD".
var currencyCodes = map[string]string{"rmb": "CNY", "cny": "CNY", "usd": "USD", "hkd": "HKD",
	"eur": "EUR", "gbp": "GBP", "jpy": "JPY", "sgd": "SGD", "aud": "AUD", "cad": "CAD",
	"chf": "CHF", "krw": "KRW", "inr": "INR", "twd": "TWD", "npr": "NPR", "pkr": "PKR", "lkr": "LKR",
	"bdt": "BDT", "rs": "INR", "myr": "MYR", "thb": "THB", "idr": "IDR", "php": "PHP", "vnd": "VND", "nzd": "NZD"}

// currencyWords name a currency after the amount: "5 billion yuan".
var currencyWords = map[string]string{"yuan": "CNY", "renminbi": "CNY", "rmb": "CNY",
	"euro": "EUR", "euros": "EUR", "yen": "JPY", "rupees": "INR", "rubles": "RUB",
	"roubles": "RUB", "usd": "USD", "cny": "CNY", "hkd": "HKD", "eur": "EUR", "gbp": "GBP",
	"jpy": "JPY", "sgd": "SGD", "cent": "cent", "cents": "cent", "pence": "penny", "paise": "paisa"}

// dollarWords name a dollar after the amount; the word before them picks the
// dollar ("US dollars", "Hong Kong dollars"), US dollars otherwise.
var dollarWords = setOf("dollar", "dollars")

// measureUnits are units of measurement; a count whose noun is one of them
// gets it as Unit, and the "of" phrase after it as Subject ("5 million tonnes
// of coal"). Two-word units start with "square" or "cubic".
var measureUnits = setOf("tonnes", "tonne", "tons", "ton", "kilograms", "kilogram", "kg",
	"grams", "gram", "kilometers", "kilometer", "kilometres", "kilometre", "km", "meters",
	"meter", "metres", "metre", "hectares", "hectare", "acres", "acre", "mu", "liters", "liter",
	"litres", "litre", "barrels", "barrel", "kilowatts", "kilowatt", "kw", "kwh",
	"kilowatt-hours", "megawatts", "megawatt", "mw", "gigawatts", "gigawatt", "gw", "watts",
	"teu", "teus", "person-times", "man-hours", "years", "year", "months", "month", "weeks",
	"week", "days", "day", "hours", "hour", "minutes", "minute", "seconds", "second",
	"miles", "mile", "square", "cubic", "degrees", "degree", "points", "point")

// timeWords after a number make it a clock time: "9 am", "10 o'clock".
var timeWords = setOf("am", "pm", "a.m.", "p.m.", "a.m", "p.m", "o'clock", "hrs", "gmt", "utc",
	"bst", "cst", "edt", "est", "pst", "cet")

// ordinalSuffixes end an ordinal written in digits: "1st", "14th".
var ordinalSuffixes = setOf("st", "nd", "rd", "th")

// labelWords before a number make it a name or a reference, not a quantity:
// "Article 12", "No. 5", "version 2.0", "Tel 6521".
var labelWords = setOf("article", "articles", "chapter", "section", "clause", "item",
	"paragraph", "para", "part", "page", "pages", "p", "pp", "room", "no", "nos", "number",
	"num", "version", "ver", "v", "model", "type", "grade", "level", "phase", "stage", "line",
	"route", "flight", "gate", "platform", "exit", "building", "block", "lot", "step", "round",
	"season", "episode", "volume", "vol", "issue", "figure", "fig", "table", "annex", "appendix",
	"batch", "class", "tier", "zone", "code", "id", "hotline", "tel", "telephone", "phone", "fax",
	"mobile", "call", "dial", "ext", "extension", "box", "suite", "unit", "floor", "bay", "gen",
	"generation", "category", "rule", "rules", "act", "law", "resolution", "decree", "order",
	"circular", "document", "file", "patent", "serial", "account", "ticket", "bus", "train",
	"highway", "expressway", "road", "street", "avenue", "lane", "district", "covid", "sars",
	"fortune", "forbes", "ftse", "s&p", "nasdaq", "dow", "index", "and/or", "#")

// addressWords end a street name: "26 Xuanwumen West Street".
var addressWords = setOf("street", "st", "road", "rd", "avenue", "ave", "lane", "boulevard", "blvd",
	"drive", "hutong", "alley", "square", "plaza")

// monthNames map month names and their abbreviations to a month number. They
// count as months only when capitalised ("May", not "may").
var monthNames = map[string]int{
	"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
	"august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
	"oct": 10, "nov": 11, "dec": 12,
}

// smallNumbers are written numbers used inside period phrases: "the first
// three quarters", "the first 11 months".
var smallNumbers = map[string]int{"one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
	"six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}

// ordinalWords are ordinals used inside period phrases: "the third quarter".
var ordinalWords = map[string]int{"first": 1, "second": 2, "third": 3, "fourth": 4,
	"1st": 1, "2nd": 2, "3rd": 3, "4th": 4}

// isAdverb reports whether a lower-case word is an adverb that ends a noun
// phrase: a listed adverb or a word in "-ly" that is not a listed noun or
// adjective ("family", "supply", "elderly").
func isAdverb(w string) bool {
	if adverbs[w] {
		return true
	}
	return len(w) > 4 && strings.HasSuffix(w, "ly") && !strings.HasSuffix(w, "ply") && !lyWords[w]
}

// lyWords are nouns and adjectives in "-ly"; they may stand in a noun phrase.
var lyWords = setOf("family", "elderly", "early", "friendly", "assembly", "anomaly", "monopoly",
	"italy", "butterfly", "jelly", "belly", "rally", "holy", "july", "lonely", "costly",
	"orderly", "likely", "lively", "ugly", "silly", "curly", "hilly", "woolly", "homely",
	"timely", "manly", "bodily", "underbelly", "oligopoly")

// isVerbLike reports whether a lower-case word is a verb or a participle:
// a listed verb or a regular "-ed" form.
func isVerbLike(w string) bool {
	if verbs[w] || auxiliaries[w] {
		return true
	}
	return len(w) > 4 && strings.HasSuffix(w, "ed") && !notEd[w]
}

// notEd lists words in "-ed" that are not verb forms.
var notEd = setOf("hundred", "bed", "red", "shed", "speed", "seed", "feed", "need", "breed",
	"weed", "greed", "steed", "deed", "reed", "creed", "embed", "naked", "sacred", "wicked",
	"kindred", "rugged", "beloved", "aged", "learned", "wretched")

// isClosedClass reports whether a lower-case word is a function word that
// cannot be part of a noun phrase's content.
func isClosedClass(w string) bool {
	return prepositions[w] || conjunctions[w] || relatives[w] || auxiliaries[w] ||
		pronouns[w] || determiners[w]
}

// isPlural reports whether a lower-case noun looks plural: "institutions",
// "beds", "people". Used to end a counted noun phrase at its head.
func isPlural(w string) bool {
	if pluralIrregular[w] {
		return true
	}
	if len(w) < 3 || notPlural[w] || w[len(w)-1] != 's' {
		return false
	}
	switch {
	case strings.HasSuffix(w, "ss"), strings.HasSuffix(w, "us"), strings.HasSuffix(w, "is"),
		strings.HasSuffix(w, "'s"), strings.HasSuffix(w, "’s"), strings.HasSuffix(w, "ous"):
		return false
	}
	return true
}
