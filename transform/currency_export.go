package transform

import "strings"

// CurrencyCode returns the ISO 4217 code of a currency as the figure parser
// reads it: a sign ("€", "£", "$", "¥"), a code or abbreviation ("EUR",
// "RMB") or a word ("euros", "yuan"), case-insensitive. It lets table
// readers (transform/stats) give a unit written in a header the same code
// the figure parser gives the same amount in a sentence.
func CurrencyCode(text string) (string, bool) {
	t := strings.TrimSpace(text)
	if code, ok := currencySymbols[t]; ok {
		return code, true
	}
	l := strings.ToLower(t)
	if code := currencyCodes[l]; code != "" {
		return code, true
	}
	if code, ok := currencyWords[l]; ok {
		return code, true
	}
	if dollarWords[l] {
		return "USD", true
	}
	if p, ok := strings.CutSuffix(l, "$"); ok {
		if code, ok := dollarPrefixes[p]; ok {
			return code, true
		}
	}
	return "", false
}
