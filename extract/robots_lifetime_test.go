package extract

import (
	"net/http"
	"testing"
	"time"
)

func TestRobotsLifetime(t *testing.T) {
	now := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	timing := RobotsTiming{MinAge: time.Minute, Now: func() time.Time { return now }}.withDefaults()
	for _, c := range []struct {
		name    string
		headers map[string]string
		want    time.Duration
	}{
		{"no caching headers", nil, 24 * time.Hour},
		{"max-age", map[string]string{"Cache-Control": "public, max-age=3600"}, time.Hour},
		{"s-maxage wins", map[string]string{"Cache-Control": "max-age=3600, s-maxage=600"}, 10 * time.Minute},
		{"longer than 24 h is capped", map[string]string{"Cache-Control": "max-age=31536000"}, 24 * time.Hour},
		{"no-cache: the floor", map[string]string{"Cache-Control": "no-cache"}, time.Minute},
		{"invalid max-age: the floor", map[string]string{"Cache-Control": "max-age=soon"}, time.Minute},
		{"Expires minus Date", map[string]string{"Date": "Sun, 01 Mar 2026 08:00:00 GMT", "Expires": "Sun, 01 Mar 2026 10:00:00 GMT"}, 2 * time.Hour},
		{"Expires in the past", map[string]string{"Date": "Sun, 01 Mar 2026 08:00:00 GMT", "Expires": "Sun, 01 Mar 2026 07:00:00 GMT"}, time.Minute},
		{"invalid Expires", map[string]string{"Expires": "0"}, time.Minute},
		{"Cache-Control over Expires", map[string]string{"Cache-Control": "max-age=120", "Expires": "Sun, 01 Mar 2026 10:00:00 GMT"}, 2 * time.Minute},
	} {
		h := http.Header{}
		for k, v := range c.headers {
			h.Set(k, v)
		}
		if got := robotsLifetime(h, timing); got != c.want {
			t.Errorf("%s: lifetime %v, want %v", c.name, got, c.want)
		}
	}
}

// FuzzRobotsLifetime: any caching headers give a lifetime within
// [MinAge, MaxAge], and never a panic.
func FuzzRobotsLifetime(f *testing.F) {
	f.Add("max-age=60", "", "")
	f.Add("no-store, s-maxage=\"30\"", "Sun, 01 Mar 2026 10:00:00 GMT", "Sun, 01 Mar 2026 08:00:00 GMT")
	f.Add("max-age=-1", "garbage", "")
	f.Add("max-age=99999999999999999999", "", "")
	timing := RobotsTiming{MinAge: time.Minute, Now: func() time.Time { return time.Unix(0, 0) }}.withDefaults()
	f.Fuzz(func(t *testing.T, cc, expires, date string) {
		h := http.Header{"Cache-Control": {cc}, "Expires": {expires}, "Date": {date}}
		if got := robotsLifetime(h, timing); got < timing.MinAge || got > timing.MaxAge {
			t.Errorf("Cache-Control %q Expires %q Date %q: lifetime %v outside [%v, %v]", cc, expires, date, got, timing.MinAge, timing.MaxAge)
		}
	})
}
