package html

import (
	"errors"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/newsetl/newsetl/extract"
)

// dateTemplate matches {date} or {date:LAYOUT} in a list URL.
var dateTemplate = regexp.MustCompile(`\{date(?::([^}]+))?\}`)

// parseTemplates reads the {page} and {date[:layout]} placeholders of a
// list URL. {date} alone means {date:2006-01-02}.
func (s *Source) parseTemplates(listURL string) error {
	s.templated = strings.Contains(listURL, "{page}")
	m := dateTemplate.FindAllStringSubmatch(listURL, -1)
	switch len(m) {
	case 0:
		return nil
	case 1:
	default:
		return errors.New("more than one {date} placeholder")
	}
	s.dated = true
	s.dateTmpl = m[0][0]
	s.dateFmt = m[0][1]
	if s.dateFmt == "" {
		s.dateFmt = "2006-01-02"
	}
	if !strings.Contains(s.dateFmt, "2006") && !strings.Contains(s.dateFmt, "06") {
		return errors.New("{date:" + s.dateFmt + "} has no year (write a Go layout such as 2006-01-02 or 200601)")
	}
	return nil
}

// expand fills the placeholders of a list URL.
func (s *Source) expand(listURL string, day time.Time, page int) string {
	if s.dated {
		listURL = strings.ReplaceAll(listURL, s.dateTmpl, day.Format(s.dateFmt))
	}
	return strings.ReplaceAll(listURL, "{page}", strconv.Itoa(page))
}

// Partition is how finely the listing can be bounded: a {date} template with
// a day in it lists one day per URL; everything else is walked per month.
func (s *Source) Partition() extract.Granularity {
	if s.dated && strings.Contains(s.dateFmt, "2") {
		return extract.ByDay
	}
	return extract.ByMonth
}

// listDays returns the date of each list to walk for w: one per day (or
// month) of w for a {date} template; a single zero date otherwise. An open
// window on a {date} template means today in the source's time zone.
func (s *Source) listDays(w extract.Window) []time.Time {
	if !s.dated {
		return []time.Time{{}}
	}
	from, to := w.From, w.To
	now := time.Now().In(s.loc)
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, s.loc)
	if to.IsZero() || to.After(today.AddDate(0, 0, 1)) {
		to = today.AddDate(0, 0, 1)
	}
	if from.IsZero() {
		from = today
	}
	step := func(t time.Time) time.Time { return t.AddDate(0, 0, 1) }
	if s.Partition() == extract.ByMonth {
		from = time.Date(from.Year(), from.Month(), 1, 0, 0, 0, 0, from.Location())
		step = func(t time.Time) time.Time { return t.AddDate(0, 1, 0) }
	}
	var out []time.Time
	for d := from; d.Before(to); d = step(d) {
		out = append(out, d)
	}
	return out
}
