package dates

import "strings"

// Order is how a source writes numeric dates such as 12/03/2021.
type Order string

const (
	// OrderUnknown reads no slash- or dot-separated day/month dates: they
	// are ambiguous, and a wrong guess is a silently wrong date.
	OrderUnknown Order = ""
	// DayFirst reads 12/03/2021 as 12 March 2021 (British, European,
	// Australian, Indian usage).
	DayFirst Order = "day_first"
	// MonthFirst reads 12/03/2021 as 3 December 2021 (United States usage).
	MonthFirst Order = "month_first"
)

// DayFirstLayouts are the numeric layouts of DayFirst sources.
var DayFirstLayouts = []string{
	"02/01/2006 15:04", "02/01/2006", "2/1/2006",
	"02.01.2006 15:04", "02.01.2006", "2.1.2006",
	"02-01-2006",
}

// MonthFirstLayouts are the numeric layouts of MonthFirst sources.
var MonthFirstLayouts = []string{
	"01/02/2006 15:04", "01/02/2006", "1/2/2006",
	"01-02-2006",
}

// ParseOrder checks a configured date order: "day_first", "month_first"
// or "" (decided by the source's language, see OrderOf).
func ParseOrder(s string) (Order, bool) {
	switch o := Order(strings.TrimSpace(s)); o {
	case OrderUnknown, DayFirst, MonthFirst:
		return o, true
	}
	return OrderUnknown, false
}

// monthFirstRegions write numeric dates month first.
var monthFirstRegions = map[string]bool{"us": true, "ph": true, "fm": true, "mh": true, "pw": true}

// dayFirstLangs write numeric dates day first whatever the region.
var dayFirstLangs = map[string]bool{
	"de": true, "fr": true, "es": true, "it": true, "pt": true, "nl": true, "ru": true, "pl": true,
	"cs": true, "sk": true, "da": true, "nb": true, "no": true, "sv": true, "fi": true, "el": true,
	"tr": true, "uk": true, "ro": true, "hu": false, "vi": true, "id": true, "ms": true, "ar": true,
}

// OrderOf returns the numeric date order of a language tag ("en-GB",
// "de", "en_US"): English by its region (GB, AU, IN, ... day first; US
// month first; no region unknown), the languages of dayFirstLangs day
// first, everything else (Chinese, Japanese, Korean write the year first)
// unknown.
func OrderOf(tag string) Order {
	parts := strings.FieldsFunc(strings.ToLower(tag), func(r rune) bool { return r == '-' || r == '_' })
	if len(parts) == 0 {
		return OrderUnknown
	}
	region := ""
	for _, p := range parts[1:] {
		if len(p) == 2 {
			region = p
		}
	}
	switch {
	case parts[0] == "en" && region == "":
		return OrderUnknown
	case monthFirstRegions[region]:
		return MonthFirst
	case parts[0] == "en":
		return DayFirst
	case dayFirstLangs[parts[0]]:
		return DayFirst
	}
	return OrderUnknown
}

// Layouts returns the layouts to find dates with for a source writing
// numeric dates in order o: CommonLayouts, then the numeric layouts of o.
func Layouts(o Order) []string {
	out := append([]string(nil), CommonLayouts...)
	switch o {
	case DayFirst:
		out = append(out, DayFirstLayouts...)
	case MonthFirst:
		out = append(out, MonthFirstLayouts...)
	}
	return out
}
