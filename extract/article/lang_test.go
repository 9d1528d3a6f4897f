package article

import (
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// TestUndeclaredLang: a page that declares no language gets the one
// transform.DetectLang reads from its text, the language transform.Parse
// would detect; a declared one is kept.
func TestUndeclaredLang(t *testing.T) {
	const (
		zh = "截至2021年11月底，中央企业所办1154家医疗机构深化改革，营业收入同比增长5%。"
		en = "As of the end of November 2021, 1,154 medical institutions run by central SOEs were reformed."
	)
	para := func(s string) string { return strings.Repeat("<p>"+s+"</p>", 4) }
	for _, c := range []struct {
		name, html, want string
	}{
		{"Chinese", `<html><body><article><h1>标题</h1>` + para(zh) + `</article></body></html>`, "zh"},
		{"English", `<html><body><article><h1>A title</h1>` + para(en) + `</article></body></html>`, ""},
		{"English with Chinese names", `<html><body><article><h1>A title</h1>` + para(en+" 国资委 (SASAC) said.") + `</article></body></html>`, ""},
		{"declared", `<html lang="en-US"><body><article><h1>标题</h1>` + para(zh) + `</article></body></html>`, "en"},
	} {
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(c.html))
		if err != nil {
			t.Fatal(err)
		}
		a, err := Extract(doc, "http://a.test/x")
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if a.Lang != c.want {
			t.Errorf("%s: lang %q, want %q (text %.80q)", c.name, a.Lang, c.want, a.Text)
		}
	}
}
