package extract_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/newsetl/newsetl/extract"
)

func TestCanonicalDropsTrackingParameters(t *testing.T) {
	cases := []struct{ in, want string }{
		{"https://news.test/a/1.html?utm_source=twitter&utm_medium=social&id=7", "https://news.test/a/1.html?id=7"},
		{"https://news.test/a/1.html?fbclid=IwAR0x&gclid=abc", "https://news.test/a/1.html"},
		{"https://news.test/a/1.html?UTM_Campaign=x&page=2&msclkid=1#top", "https://news.test/a/1.html?page=2"},
		{"https://news.test/a/1.html?id=7&mc_cid=1&mc_eid=2&spm=a.b", "https://news.test/a/1.html?id=7"},
		{"https://news.test/list?page=2&sort=new", "https://news.test/list?page=2&sort=new"}, // order and other keys kept
		{"https://news.test/a?utm_x", "https://news.test/a"},
		{"https://news.test/a?utmost=1", "https://news.test/a?utmost=1"}, // not a utm_ parameter
	}
	for _, c := range cases {
		if got := extract.Canonical(c.in); got != c.want {
			t.Errorf("Canonical(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	if extract.URLID(extract.Canonical("https://news.test/a?utm_source=x")) != extract.URLID(extract.Canonical("https://news.test/a?fbclid=y")) {
		t.Error("one article shared through two campaigns has two ids")
	}
}

func TestCanonicalLink(t *testing.T) {
	page := "https://www.gov.test/news/2021/a1.html?from=list"
	base, _ := url.Parse(page)
	allowed := []string{"gov.test"}
	cases := []struct {
		name, href, want string
		refused          bool
	}{
		{"relative", "/news/2021/a1.html", "https://www.gov.test/news/2021/a1.html", false},
		{"subdomain of an allowed host", "https://english.gov.test/n/a1.html", "https://english.gov.test/n/a1.html", false},
		{"another host", "https://hostile.test/news/2021/a1.html", page, true},
		{"a host that only ends like an allowed one", "https://evilgov.test/a1.html", page, true},
		{"empty", "  ", page, false},
		{"not http", "javascript:alert(1)", page, false},
	}
	for _, c := range cases {
		got, refused := extract.CanonicalLink(page, base, c.href, allowed)
		if got != c.want || (refused != nil) != c.refused {
			t.Errorf("%s: CanonicalLink(%q) = %q, %v; want %q, refused %v", c.name, c.href, got, refused, c.want, c.refused)
		}
		if refused != nil && (!strings.Contains(refused.Error(), page) || !strings.Contains(refused.Error(), "hostile.test") && c.name == "another host") {
			t.Errorf("%s: reason %q should name both URLs", c.name, refused)
		}
	}
}

func FuzzCanonical(f *testing.F) {
	f.Add("https://news.test/a/1.html?utm_source=x&id=7#top")
	f.Add("http://a.test/?&&=&utm_=1")
	f.Add("%zz?utm_source=%zz")
	f.Fuzz(func(t *testing.T, raw string) {
		once := extract.Canonical(raw)
		if twice := extract.Canonical(once); twice != once && strings.Contains(raw, "://") {
			// Canonical is idempotent on URLs it could parse.
			if _, err := url.Parse(once); err == nil {
				t.Errorf("Canonical not idempotent: %q → %q → %q", raw, once, twice)
			}
		}
	})
}
