package article

import (
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
)

// TestLargeInputsStayFast guards against quadratic walks: deep nesting,
// thousands of candidate containers and headings.
func TestLargeInputsStayFast(t *testing.T) {
	para := "<p>" + strings.Repeat("Some words of text in a paragraph. ", 4) + "</p>"
	inputs := map[string]string{
		"deep":     strings.Repeat("<div>", 500) + para + strings.Repeat("</div>", 500),
		"siblings": strings.Repeat("<div><h1>A title here</h1>"+para+"<span>2021-12-20</span></div>", 3000),
		"links":    "<div>" + strings.Repeat(`<div><a href="/x">A story headline</a><p>A summary of the story.</p></div>`, 3000) + "</div>",
		"lines":    "<div>" + strings.Repeat("Date: 2021-12-20<br>", 5000) + "</div>",
	}
	for name, h := range inputs {
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(h))
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		Extract(doc, "http://a.test/")
		if d := time.Since(start); d > 3*time.Second {
			t.Errorf("%s: Extract took %v", name, d)
		} else {
			t.Logf("%s: %v", name, d)
		}
	}
}
