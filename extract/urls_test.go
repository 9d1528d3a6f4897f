package extract_test

import (
	"net/url"
	"testing"

	"github.com/newsetl/newsetl/extract"
)

func TestURLHelpers(t *testing.T) {
	for _, c := range []struct {
		raw string
		ok  bool
	}{{"https://www.sasac.gov.cn/n2588025/index.html", true}, {"http://127.0.0.1:8080/x", true}, {"/list.html", false}, {"ftp://x/y", false}, {"http://", false}} {
		_, err := extract.SourceURL("list_url", c.raw)
		if (err == nil) != c.ok {
			t.Errorf("SourceURL(%q) err = %v, want ok %v", c.raw, err, c.ok)
		}
	}
	base, _ := url.Parse("http://example.org/news/2021/index.html")
	for _, c := range []struct{ href, want string }{
		{"art_1.html#top", "http://example.org/news/2021/art_1.html"},
		{"../2020/a.html", "http://example.org/news/2020/a.html"},
		{" /abs.html ", "http://example.org/abs.html"},
		{"#comments", ""},
		{"javascript:void(0)", ""},
		{"mailto:press@example.org", ""},
		{"http:x//example.org/a.html", ""}, // opaque, no host (found by FuzzFeedReader)
		{"http:///a.html", ""},
	} {
		got, err := extract.Resolve(base, c.href)
		if (c.want == "") != (err != nil) || got != c.want {
			t.Errorf("Resolve(%q) = %q, %v; want %q", c.href, got, err, c.want)
		}
	}
	for in, want := range map[string]string{"en-US": "en", " ZH_cn ": "zh", "en": "en", "": ""} {
		if got := extract.NormaliseLang(in); got != want {
			t.Errorf("NormaliseLang(%q) = %q, want %q", in, got, want)
		}
	}
}
