package article

import (
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// restorePage has every kind of element Extract takes out while it reads:
// scripts (JSON-LD among them), styles, hidden and display:none elements,
// one hidden element inside another, form controls, an svg.
const restorePage = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Beds grow again | Health Daily</title><style>p{color:red}</style>
<script type="application/ld+json">{"@type":"NewsArticle","headline":"Beds grow again","datePublished":"2021-12-20T09:15:00Z"}</script>
<link rel="stylesheet" href="/a.css"></head>
<body><nav><a href="/">Home</a></nav><script>var x = 1;</script>
<article><h1>Beds grow again</h1>
<p>The number of hospital beds rose to 27,000 in 2021, up 4.2 percent from a year earlier, the health commission said on Monday.</p>
<div hidden><p>Hidden teaser text that no reader sees.<span hidden>nested</span></p></div>
<p style="display: none">A paragraph hidden by its style.</p>
<p>Clinics in rural counties added 1,154 beds, the largest share of the increase, and staff numbers rose by 3 percent.</p>
<svg><path d="M0 0"/></svg><form><input name="q"><button>Go</button></form>
</article><footer>© 2021 Health Daily. All rights reserved.</footer></body></html>`

// Extract leaves the caller's document as it was given, although it takes
// the invisible elements out while it reads. (Text in [hidden] elements
// can still reach Article.Text through go-trafilatura, which keeps it, as
// it did before Extract stopped copying the page.)
func TestExtractLeavesTheDocumentAsGiven(t *testing.T) {
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(restorePage))
	if err != nil {
		t.Fatal(err)
	}
	before, _ := doc.Html()
	a, err := Extract(doc, "https://health.test/2021/12/20/beds.html")
	if err != nil {
		t.Fatal(err)
	}
	if after, _ := doc.Html(); after != before {
		t.Errorf("Extract changed the document:\nbefore %s\nafter  %s", before, after)
	}
	if !strings.Contains(a.Text, "rose to 27,000 in 2021") || !strings.Contains(a.Text, "added 1,154 beds") {
		t.Errorf("text %q misses the article's paragraphs", a.Text)
	}
	for _, hidden := range []string{"var x", "color:red", "hidden by its style", "M0 0"} {
		if strings.Contains(a.Text, hidden) {
			t.Errorf("text %q holds invisible text %q", a.Text, hidden)
		}
	}
	if a.Title != "Beds grow again" || a.DateSource != "meta" || a.PublishedAt.Format("2006-01-02") != "2021-12-20" {
		t.Errorf("title %q, date %v from %q", a.Title, a.PublishedAt, a.DateSource)
	}
}

// Every dev-set page is left as it was given.
func TestExtractLeavesDevsetPagesAsGiven(t *testing.T) {
	for _, p := range loadDevset(t) {
		before, _ := p.doc.Html()
		Extract(p.doc, p.url)
		if after, _ := p.doc.Html(); after != before {
			t.Errorf("%s: Extract changed the document", p.File)
		}
	}
}
