package html

import "testing"

// A suffix carried by two pages of a source (a list page counts) is the
// site's name; a suffix seen once, or a title made mostly of it, stays.
func TestRepeatedTitleSuffixes(t *testing.T) {
	var s suffixes
	s.observe("News and press releases - Department for Rural Affairs")
	steps := []struct{ in, want string }{
		{"Funding boost for rural schools - Department for Rural Affairs", "Funding boost for rural schools"},
		{"Broadband reaches 12,000 more homes | Department for Rural Affairs", "Broadband reaches 12,000 more homes"},
		{"Port traffic rises - City Gazette", "Port traffic rises - City Gazette"}, // seen once
		{"Bus routes restored | Department for Rural Affairs", "Bus routes restored"},
		{"Covid-19 - what we know", "Covid-19 - what we know"},
		{"Year-on-year growth slows", "Year-on-year growth slows"},
		{"国资委召开推进会-国务院国有资产监督管理委员会", "国资委召开推进会-国务院国有资产监督管理委员会"},
		{"中央企业办医疗机构深化改革基本完成-国务院国有资产监督管理委员会", "中央企业办医疗机构深化改革基本完成"},
		{"Short - Department for Rural Affairs", "Short - Department for Rural Affairs"}, // the rest is shorter than half the suffix
	}
	for _, st := range steps {
		if got := s.strip(st.in); got != st.want {
			t.Errorf("strip(%q) = %q, want %q", st.in, got, st.want)
		}
	}
}
