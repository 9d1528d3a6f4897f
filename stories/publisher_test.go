package stories

import (
	"testing"

	"github.com/newsetl/newsetl/config"
)

func TestRegistrable(t *testing.T) {
	for _, tc := range []struct{ url, want string }{
		{"http://en.sasac.gov.cn/2021/12/art_4512.html", "sasac.gov.cn"},
		{"http://www.sasac.gov.cn/n2588025/c22519547/content.html", "sasac.gov.cn"},
		{"https://www.chinadaily.com.cn/a/201708/15/WS5992e5b1a31005b9c2c0d4b1.html", "chinadaily.com.cn"},
		{"https://english.www.gov.cn/news/", "www.gov.cn"}, // gov.cn is a public suffix
		{"https://WWW.NHC.GOV.CN./list.html", "nhc.gov.cn"},
		{"https://www.bbc.co.uk/news", "bbc.co.uk"},
		{"http://127.0.0.1:18180/sasac/en/index.html", "127.0.0.1"},
		{"http://[::1]:8080/x", "::1"},
		{"http://localhost:8080/x", "localhost"},
		{"https://example.org/list/{page}.html", "example.org"},
	} {
		got, err := Registrable(tc.url)
		if err != nil || got != tc.want {
			t.Errorf("Registrable(%q) = %q, %v; want %q", tc.url, got, err, tc.want)
		}
	}
	for _, bad := range []string{"", "not a url", "http://%zz/"} {
		if got, err := Registrable(bad); err == nil {
			t.Errorf("Registrable(%q) = %q, want an error", bad, got)
		}
	}
}

func TestPublishers(t *testing.T) {
	cfg, err := config.Parse([]byte(`sources:
  - {name: sasac-en, kind: html, list_url: "http://en.sasac.gov.cn/n/index.html"}
  - {name: sasac-zh, kind: html, list_url: "http://www.sasac.gov.cn/n/index.html"}
  - {name: demo, kind: html, list_url: "http://127.0.0.1:18180/sasac/en/index.html", publisher: " SASAC.gov.cn "}
  - {name: stats, kind: json, dataset: x, url: "https://data.stats.gov.cn/easyquery.htm?m=QueryData"}
`), "p.yaml", func(string) (string, bool) { return "", false })
	if err != nil {
		t.Fatal(err)
	}
	p, err := NewPublishers(cfg.Sources)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ source, url, want string }{
		{"sasac-en", "http://en.sasac.gov.cn/a.html", "sasac.gov.cn"},
		{"sasac-zh", "http://www.sasac.gov.cn/b.html", "sasac.gov.cn"},
		{"demo", "http://127.0.0.1:18180/sasac/en/a.html", "sasac.gov.cn"},
		{"stats", "https://data.stats.gov.cn/x", "stats.gov.cn"},
		{"removed", "https://news.cctv.com/2021/x.shtml", "cctv.com"}, // not in the config: the article's URL
		{"removed", "relative/path", "source:removed"},
	} {
		if got := p.Of(tc.source, tc.url); got != tc.want {
			t.Errorf("Of(%q, %q) = %q, want %q", tc.source, tc.url, got, tc.want)
		}
	}
}

// FuzzRegistrable: any text gives a publisher or an error, never a panic,
// and a publisher is never empty.
func FuzzRegistrable(f *testing.F) {
	for _, s := range []string{"http://en.sasac.gov.cn/x", "http://127.0.0.1:1/", "https://a.b.c.d.co.uk.", "http://[::1]/", "http://%41.com/", "mailto:x@y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := Registrable(s)
		if err == nil && got == "" {
			t.Fatalf("Registrable(%q) = \"\" without an error", s)
		}
	})
}

// TestExampleConfigsPublishers loads the shipped configs: the demo's two
// SASAC sources have one publisher and China Daily another; the annotated
// example's stories: section gives the default rule.
func TestExampleConfigsPublishers(t *testing.T) {
	lookup := func(k string) (string, bool) {
		if k == "SAMPLE_SITE" {
			return "http://127.0.0.1:18180", true
		}
		return "", false
	}
	demo, err := config.Load("../examples/demo.yaml", lookup)
	if err != nil {
		t.Fatal(err)
	}
	p, err := NewPublishers(demo.Sources)
	if err != nil {
		t.Fatal(err)
	}
	en, zh, cd, archive := p.Of("sasac-en", ""), p.Of("sasac-zh", ""), p.Of("chinadaily-en", ""), p.Of("province-archive", "")
	if en != "sasac.gov.cn" || zh != en || cd != "chinadaily.com.cn" || archive != "127.0.0.1" {
		t.Errorf("demo publishers: sasac-en %q, sasac-zh %q, chinadaily-en %q, province-archive %q", en, zh, cd, archive)
	}
	ex, err := config.Load("../examples/newsetl.yaml", lookup)
	if err != nil {
		t.Fatal(err)
	}
	r, err := RuleFrom(ex.Stories)
	if err != nil || r != DefaultRule() {
		t.Errorf("examples/newsetl.yaml stories: %v, %v; want the default rule", r, err)
	}
}
