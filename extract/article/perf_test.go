package article

import (
	"runtime"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// largeInputs are pages that a quadratic walk would choke on: deep
// nesting, thousands of candidate containers, headings and date lines. n
// scales each.
var largeInputs = map[string]func(n int) string{
	"deep": func(n int) string {
		return strings.Repeat("<div>", n/6) + para + strings.Repeat("</div>", n/6)
	},
	"siblings": func(n int) string {
		return strings.Repeat("<div><h1>A title here</h1>"+para+"<span>2021-12-20</span></div>", n)
	},
	"links": func(n int) string {
		return "<div>" + strings.Repeat(`<div><a href="/x">A story headline</a><p>A summary of the story.</p></div>`, n) + "</div>"
	},
	"lines": func(n int) string { return "<div>" + strings.Repeat("Date: 2021-12-20<br>", n) + "</div>" },
}

var para = "<p>" + strings.Repeat("Some words of text in a paragraph. ", 4) + "</p>"

// allocated returns the bytes Extract allocates on page h: a measure of its
// work that, unlike wall-clock time, does not depend on how loaded the
// machine is.
func allocated(t testing.TB, h string) uint64 {
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(h))
	if err != nil {
		t.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	Extract(doc, "http://a.test/")
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestLargeInputsScaleLinearly guards against quadratic walks: doubling
// the size of each large input must about double the work Extract does
// (bytes allocated; a quadratic walk quadruples it), never more than 3×.
func TestLargeInputsScaleLinearly(t *testing.T) {
	for name, page := range largeInputs {
		small, large := allocated(t, page(1500)), allocated(t, page(3000))
		ratio := float64(large) / float64(small)
		t.Logf("%s: %d → %d bytes allocated (×%.2f)", name, small, large, ratio)
		if ratio > 3 {
			t.Errorf("%s: doubling the input multiplied Extract's allocations by %.2f (%d → %d bytes); want about 2 (linear)", name, ratio, small, large)
		}
	}
}

// BenchmarkExtractLarge reports the speed of Extract on each large input.
func BenchmarkExtractLarge(b *testing.B) {
	for name, page := range largeInputs {
		h := page(3000)
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(h)))
			for range b.N {
				doc, err := goquery.NewDocumentFromReader(strings.NewReader(h))
				if err != nil {
					b.Fatal(err)
				}
				Extract(doc, "http://a.test/")
			}
		})
	}
}
