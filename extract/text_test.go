package extract_test

import (
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/newsetl/newsetl/extract"
)

func TestText(t *testing.T) {
	cases := []struct{ name, html, want string }{
		{"paragraphs", "<div><p>  One  two\n three. </p><p>Four</p></div>", "One two three.\nFour"},
		{"inline joins", "<p>Hello<b>World</b> and <i>more</i>!</p>", "HelloWorld and more!"},
		{"br", "<p>a<br>b<br/>c</p>", "a\nb\nc"},
		{"scripts dropped", "<div><script>var x=1;</script><style>p{}</style><p>kept</p><noscript>no</noscript></div>", "kept"},
		{"table", "<table><tr><th>Item</th><th>Value</th></tr><tr><td>Beds</td><td>27,000</td></tr></table>", "Item\tValue\nBeds\t27,000"},
		{"list", "<ul><li>a</li><li>b <em>c</em></li></ul>", "a\nb c"},
		{"nbsp and ideographic space", "<p>1,154\u00a0medical\u3000institutions</p>", "1,154 medical institutions"},
		{"chinese", "<p>截至2021年11月底，<span>1154</span>家医疗机构</p>", "截至2021年11月底，1154家医疗机构"},
		{"empty", "<div> <p> </p> </div>", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc, err := goquery.NewDocumentFromReader(strings.NewReader("<html><body><main>" + c.html + "</main></body></html>"))
			if err != nil {
				t.Fatal(err)
			}
			if got := extract.Text(doc.Find("main")); got != c.want {
				t.Errorf("Text = %q, want %q", got, c.want)
			}
		})
	}
}
