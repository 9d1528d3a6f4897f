package schedules_test

import (
	"strings"
	"testing"
	"time"

	"github.com/newsetl/newsetl/extract"
	"github.com/newsetl/newsetl/schedules"
)

func TestParseSchedule(t *testing.T) {
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	from := time.Date(2021, 12, 20, 12, 30, 0, 0, time.UTC) // a Monday
	cases := []struct {
		spec string
		loc  *time.Location
		next string // RFC3339 in UTC
		err  string
	}{
		{"0 2 * * *", time.UTC, "2021-12-21T02:00:00Z", ""},
		{"0 2 * * *", shanghai, "2021-12-20T18:00:00Z", ""},                       // 02:00 in Shanghai is 18:00 UTC
		{"CRON_TZ=Asia/Shanghai 0 2 * * *", time.UTC, "2021-12-20T18:00:00Z", ""}, // the spec's zone wins
		{"TZ=America/New_York 30 6 * * 1-5", time.UTC, "2021-12-21T11:30:00Z", ""},
		{"@daily", time.UTC, "2021-12-21T00:00:00Z", ""},
		{"@hourly", shanghai, "2021-12-20T13:00:00Z", ""},
		{"@every 90m", time.UTC, "2021-12-20T14:00:00Z", ""},
		{"*/15 8-18 * * *", time.UTC, "2021-12-20T12:45:00Z", ""},
		{"0 2 * *", time.UTC, "", "expected exactly 5 fields"},
		{"61 2 * * *", time.UTC, "", "end of range (61) above maximum (59)"},
		{"@fortnightly", time.UTC, "", "unrecognized descriptor"},
		{"CRON_TZ=Mars/Olympus 0 2 * * *", time.UTC, "", "provided bad location"},
		{"0 2 * * * *", time.UTC, "", "expected exactly 5 fields"}, // seconds are not accepted
	}
	for _, c := range cases {
		s, err := schedules.ParseSchedule(c.spec, c.loc)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("ParseSchedule(%q) err = %v, want %q", c.spec, err, c.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseSchedule(%q): %v", c.spec, err)
			continue
		}
		if got := s.Next(from).UTC().Format(time.RFC3339); got != c.next {
			t.Errorf("ParseSchedule(%q, %s).Next = %s, want %s", c.spec, c.loc, got, c.next)
		}
	}
}

func TestPlan(t *testing.T) {
	d := func(s string) time.Time { t, _ := time.Parse("2006-01-02", s); return t }
	cases := []struct {
		from, to string
		g        extract.Granularity
		want     []string
	}{
		{"2021-09-15", "2021-12-10", extract.ByMonth, []string{"2021-09-15..2021-09-30", "2021-10-01..2021-10-31", "2021-11-01..2021-11-30", "2021-12-01..2021-12-10"}},
		{"2021-10-01", "2021-10-31", extract.ByMonth, []string{"2021-10-01..2021-10-31"}},
		{"2021-12-30", "2022-01-02", extract.ByDay, []string{"2021-12-30..2021-12-30", "2021-12-31..2021-12-31", "2022-01-01..2022-01-01", "2022-01-02..2022-01-02"}},
		{"2020-02-28", "2020-03-01", extract.ByMonth, []string{"2020-02-28..2020-02-29", "2020-03-01..2020-03-01"}},
		{"2021-05-05", "2021-05-05", extract.ByDay, []string{"2021-05-05..2021-05-05"}},
	}
	for _, c := range cases {
		var got []string
		for _, s := range schedules.Plan(d(c.from), d(c.to), c.g) {
			got = append(got, s.String())
		}
		if strings.Join(got, " ") != strings.Join(c.want, " ") {
			t.Errorf("Plan(%s, %s, %s) = %v, want %v", c.from, c.to, c.g, got, c.want)
		}
	}
}
