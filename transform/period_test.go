package transform

import (
	"strings"
	"testing"
)

func TestPeriodLeadWords(t *testing.T) {
	// periodAt looks leads up only for the first words it lists; every lead
	// must be found.
	for _, l := range periodLeads {
		in := strings.Join(l.words, " ") + " 2021"
		switch {
		case l.day:
			in = strings.Join(l.words, " ") + " December 20, 2021"
		case l.words[0] == "from":
			in = "from 2019 to 2021"
		case l.words[0] == "between":
			in = "between 2019 and 2021"
		}
		toks := tokenize(in, 0, len(in), 0, nil)
		ph, ok := periodAt(toks, 0, mustDay(t, "2021-12-20"))
		if !ok || ph.first != 0 || ph.last != len(toks)-1 {
			t.Errorf("lead %q: periodAt did not read %q", strings.Join(l.words, " "), in)
		}
	}
}

func TestFindPeriods(t *testing.T) {
	cases := []struct {
		in, pub string
		want    []string // "Text = start/end granularity [asof]"
	}{
		{"by the end of 2016", "", []string{"by the end of 2016 = 2016-12-31/2016-12-31 year asof"}},
		{"As of the end of November 2021", "", []string{"As of the end of November 2021 = 2021-11-30/2021-11-30 month asof"}},
		{"as of December 20, 2021", "", []string{"as of December 20, 2021 = 2021-12-20/2021-12-20 day asof"}},
		{"as of Dec. 20", "2021-12-25", []string{"as of Dec. 20 = 2021-12-20/2021-12-20 day asof"}},
		{"in 2021", "", []string{"in 2021 = 2021-01-01/2021-12-31 year"}},
		{"in November 2021", "", []string{"in November 2021 = 2021-11-01/2021-11-30 month"}},
		{"in November", "2022-02-01", []string{"in November = 2021-11-01/2021-11-30 month"}},
		{"in the first half of 2021", "", []string{"in the first half of 2021 = 2021-01-01/2021-06-30 quarter"}},
		{"in the second half of 2020", "", []string{"in the second half of 2020 = 2020-07-01/2020-12-31 quarter"}},
		{"in the first three quarters of 2021", "", []string{"in the first three quarters of 2021 = 2021-01-01/2021-09-30 quarter"}},
		{"in the first three quarters", "2021-10-20", []string{"in the first three quarters = 2021-01-01/2021-09-30 quarter"}},
		{"in the fourth quarter", "2022-01-20", []string{"in the fourth quarter = 2021-10-01/2021-12-31 quarter"}},
		{"in the third quarter of 2021", "", []string{"in the third quarter of 2021 = 2021-07-01/2021-09-30 quarter"}},
		{"in Q3 2021", "", []string{"in Q3 2021 = 2021-07-01/2021-09-30 quarter"}},
		{"H2 2020", "", []string{"H2 2020 = 2020-07-01/2020-12-31 quarter"}},
		{"the first 11 months of 2021", "", []string{"the first 11 months of 2021 = 2021-01-01/2021-11-30 month"}},
		{"January-November 2021", "", []string{"January-November 2021 = 2021-01-01/2021-11-30 month"}},
		{"from January to October 2021", "", []string{"from January to October 2021 = 2021-01-01/2021-10-31 month"}},
		{"between 2016 and 2020", "", []string{"between 2016 and 2020 = 2016-01-01/2020-12-31 year"}},
		{"from 2015 to 2020", "", []string{"from 2015 to 2020 = 2015-01-01/2020-12-31 year"}},
		{"on 2021-12-20", "", []string{"on 2021-12-20 = 2021-12-20/2021-12-20 day"}},
		{"as at 30 June 2021", "", []string{"as at 30 June 2021 = 2021-06-30/2021-06-30 day asof"}},
		{"As of 24:00 on December 19, 2021", "", []string{"As of 24:00 on December 19, 2021 = 2021-12-19/2021-12-19 day asof"}},
		{"over the first half of 2021", "", []string{"the first half of 2021 = 2021-01-01/2021-06-30 quarter"}},
		{"last year", "2021-12-20", []string{"last year = 2020-01-01/2020-12-31 year"}},
		{"this year", "2021-12-20", []string{"this year = 2021-01-01/2021-12-31 year"}},
		{"the previous year", "2021-12-20", []string{"the previous year = 2020-01-01/2020-12-31 year"}},
		{"last month", "2021-01-15", []string{"last month = 2020-12-01/2020-12-31 month"}},
		{"this quarter", "2021-05-15", []string{"this quarter = 2021-04-01/2021-06-30 quarter"}},
		{"in the first half of this year", "2021-08-01", []string{"in the first half of this year = 2021-01-01/2021-06-30 quarter"}},
		{"by the end of last year", "2021-03-01", []string{"by the end of last year = 2020-12-31/2020-12-31 year asof"}},
		// Not periods.
		{"last year", "", nil},
		{"Healthy China 2030", "", nil},
		{"by 2025", "", nil},
		{"the 2021 report", "", nil},
		{"in November", "", nil},
		{"on Monday", "", nil},
		{"the last year", "2021-12-20", nil},
		{"in 300 cities", "", nil},
		{"February 30, 2021", "", nil},
		{"in Q5 2021", "", nil},
		{"from the previous year", "2021-12-20", []string{"the previous year = 2020-01-01/2020-12-31 year"}}, // found, but a baseline (see TestParseEnglish)
	}
	for _, c := range cases {
		toks := tokenize(c.in, 0, len(c.in), 0, nil)
		opt := Options{}
		if c.pub != "" {
			opt.Published = mustDay(t, c.pub)
		}
		var got []string
		for _, p := range findPeriods(c.in, toks, opt.Published, nil) {
			got = append(got, p.period.Text+" = "+periodString(&p.period))
		}
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("findPeriods(%q, published %q)\n got  %q\n want %q", c.in, c.pub, got, c.want)
		}
	}
}
