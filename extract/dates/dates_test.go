package dates

import (
	"testing"
	"time"
)

func TestFindDate(t *testing.T) {
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	cases := []struct {
		text    string
		layouts []string
		loc     *time.Location
		want    string // RFC3339 in UTC, "" for none
	}{
		{"2021-12-20", []string{"2006-01-02"}, time.UTC, "2021-12-20T00:00:00Z"},
		{"By Zhou Lei | chinadaily.com.cn | Updated: 2017-08-15 09:15", CommonLayouts, time.UTC, "2017-08-15T09:15:00Z"},
		{"Updated: 2017-08-15 09:15", []string{"2006-01-02"}, time.UTC, "2017-08-15T00:00:00Z"},
		{"Source: SASAC  Date: 2021-12-20", CommonLayouts, shanghai, "2021-12-19T16:00:00Z"},
		{"2021年12月20日 来源：国资委", CommonLayouts, time.UTC, "2021-12-20T00:00:00Z"},
		{"发布时间：2021年12月20日 09:15", CommonLayouts, time.UTC, "2021-12-20T09:15:00Z"},
		{"Aug 15, 2017", CommonLayouts, time.UTC, "2017-08-15T00:00:00Z"},
		{"Published 15 August 2017 by staff", CommonLayouts, time.UTC, "2017-08-15T00:00:00Z"},
		{"2021/12/20", CommonLayouts, time.UTC, "2021-12-20T00:00:00Z"},
		{"Room 12021-12-20", []string{"2006-01-02"}, time.UTC, ""}, // glued to a longer number
		{"no date here", CommonLayouts, time.UTC, ""},
		{"2021-13-45", CommonLayouts, time.UTC, ""},
		{"", CommonLayouts, time.UTC, ""},
	}
	for _, c := range cases {
		got, ok := FindDate(c.text, c.layouts, c.loc)
		if c.want == "" {
			if ok {
				t.Errorf("FindDate(%q) = %v, want none", c.text, got)
			}
			continue
		}
		if !ok || got.UTC().Format(time.RFC3339) != c.want {
			t.Errorf("FindDate(%q) = %v, %v; want %s", c.text, got.UTC(), ok, c.want)
		}
	}
}
