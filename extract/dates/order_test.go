package dates

import (
	"testing"
	"time"
)

func TestOrderOf(t *testing.T) {
	cases := map[string]Order{
		"en-GB": DayFirst, "en_AU": DayFirst, "en-IN": DayFirst, "en-US": MonthFirst, "en-us": MonthFirst,
		"en": OrderUnknown, "de": DayFirst, "fr-CA": DayFirst, "zh": OrderUnknown, "zh-CN": OrderUnknown, "": OrderUnknown,
		"es-US": MonthFirst,
	}
	for tag, want := range cases {
		if got := OrderOf(tag); got != want {
			t.Errorf("OrderOf(%q) = %q, want %q", tag, got, want)
		}
	}
	if _, ok := ParseOrder("dmy"); ok {
		t.Error(`ParseOrder("dmy") accepted`)
	}
}

// Numeric dates are read only in a known order; the same text gives a
// different day in each order and none without one.
func TestNumericDatesByOrder(t *testing.T) {
	cases := []struct {
		text  string
		order Order
		want  string // "" for none
	}{
		{"Release date: 12/03/2021", DayFirst, "2021-03-12T00:00:00Z"},
		{"Release date: 12/03/2021", MonthFirst, "2021-12-03T00:00:00Z"},
		{"Release date: 12/03/2021", OrderUnknown, ""},
		{"Veröffentlicht am 2.1.2006", DayFirst, "2006-01-02T00:00:00Z"},
		{"Stand: 24.09.2021 17:05", DayFirst, "2021-09-24T17:05:00Z"},
		{"Published 31/12/2021", MonthFirst, ""}, // month 31
		{"Published 2021-12-20", DayFirst, "2021-12-20T00:00:00Z"},
		{"2021年12月20日", DayFirst, "2021-12-20T00:00:00Z"},
	}
	for _, c := range cases {
		got, ok := FindDate(c.text, Layouts(c.order), time.UTC)
		if c.want == "" {
			if ok {
				t.Errorf("%q (%s) = %v, want none", c.text, c.order, got)
			}
			continue
		}
		if !ok || got.Format(time.RFC3339) != c.want {
			t.Errorf("%q (%s) = %v, %v; want %s", c.text, c.order, got, ok, c.want)
		}
	}
}

func TestFromURL(t *testing.T) {
	cases := map[string]string{
		"https://news.test/2021/12/20/beds-grow.html":                     "2021-12-20",
		"http://www.sasac.gov.cn/n2588025/c22618069/content.html":         "",
		"http://www.gov.cn/zhengce/content/2021-12/20/content_5662.htm":   "2021-12-20",
		"http://www.gov.cn/xinwen/2021-12/20/content_5662.htm":            "2021-12-20",
		"https://www.chinadaily.com.cn/a/202112/20/WS61c.html":            "2021-12-20",
		"http://www.stats.gov.cn/tjsj/zxfb/202112/t20211215_1825.html":    "2021-12-15",
		"https://news.test/2021-02-31/x.html":                             "",
		"https://news.test/article?date=2021-12-20":                       "",
		"https://20211220.news.test/a.html":                               "",
		"https://news.test/archive/2021/12/":                              "",
		"https://www.gov.uk/government/news/2021-03-12-funding-announced": "2021-03-12",
	}
	for u, want := range cases {
		got, ok := FromURL(u, time.UTC)
		if want == "" {
			if ok {
				t.Errorf("FromURL(%q) = %v, want none", u, got)
			}
			continue
		}
		if !ok || got.Format("2006-01-02") != want {
			t.Errorf("FromURL(%q) = %v, %v; want %s", u, got, ok, want)
		}
	}
}

func FuzzFromURL(f *testing.F) {
	f.Add("https://news.test/2021/12/20/a.html")
	f.Add("http://x/t20211215_1.html")
	f.Fuzz(func(t *testing.T, u string) {
		if got, ok := FromURL(u, time.UTC); ok && (got.Year() < 1900 || got.Year() > 2099) {
			t.Errorf("FromURL(%q) = %v", u, got)
		}
	})
}
