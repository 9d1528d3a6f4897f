package dates

import (
	"net/url"
	"regexp"
	"strconv"
	"time"
)

// urlDate finds a date in a URL path: /2021/12/20/, /2021-12-20/,
// /20211220/ or t20211220_ (a Chinese government page name), and
// /202112/20/ (year and month, then day).
var urlDate = regexp.MustCompile(`(?:^|[/_\-t])((?:19|20)\d\d)(?:[/\-_]?)(0[1-9]|1[0-2])(?:[/\-_]?)(0[1-9]|[12]\d|3[01])(?:$|[/_.\-])`)

// FromURL returns the date a page's URL carries in its path, in loc, or
// false. Only the path is searched (not the host, not the query), and only
// full dates (year, month and day): a year and month alone is not a
// publication date.
func FromURL(rawURL string, loc *time.Location) (time.Time, bool) {
	u, err := url.Parse(rawURL)
	if err != nil || u.Path == "" {
		return time.Time{}, false
	}
	if loc == nil {
		loc = time.UTC
	}
	m := urlDate.FindStringSubmatch(u.Path)
	if m == nil {
		return time.Time{}, false
	}
	y, _ := strconv.Atoi(m[1])
	mo, _ := strconv.Atoi(m[2])
	d, _ := strconv.Atoi(m[3])
	t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, loc)
	if t.Day() != d { // 31 February
		return time.Time{}, false
	}
	return t, true
}
