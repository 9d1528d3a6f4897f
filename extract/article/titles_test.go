package article

import (
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/newsetl/newsetl/extract"
	"github.com/newsetl/newsetl/extract/dates"
)

const body3 = `<div class="content"><p>The commission said central SOEs earned profits of 2.16 trillion yuan in the first eleven months of 2021, up 35.8 percent.</p>
<p>Revenue reached 31.7 trillion yuan, up 20.5 percent year-on-year, and research spending rose 21.7 percent.</p>
<p>Full-year results will be released in mid-January 2022, the commission said.</p></div>`

func TestTitleWithoutSiteName(t *testing.T) {
	cases := []struct{ name, head, body, want string }{
		{"og:site_name suffix", `<meta property="og:site_name" content="State-owned Assets Supervision and Administration Commission"><title>Central SOEs post record profits - State-owned Assets Supervision and Administration Commission</title>`,
			body3, "Central SOEs post record profits"},
		{"og:title with site suffix over an h1", `<meta property="og:title" content="Central SOEs post record profits | SASAC">`,
			`<h1>Central SOEs post record profits</h1>` + body3, "Central SOEs post record profits"},
		{"chinese bare dash", `<title>中央企业办医疗机构深化改革基本完成-国务院国有资产监督管理委员会</title>`,
			`<div><p>近日，国务院国资委宣布，中央企业办医疗机构深化改革工作已基本完成，截至2021年11月底完成率达到99.6%。</p><p>国资委有关负责人表示，下一步将加快推动国有企业办医疗机构高质量发展。</p></div>`,
			"中央企业办医疗机构深化改革基本完成"},
		{"site name prefix", `<meta property="og:site_name" content="SASAC"><meta property="og:title" content="SASAC | Central SOEs post record profits">`,
			body3, "Central SOEs post record profits"},
		{"english hyphen kept", `<title>Year-on-year growth slows</title>`, body3, "Year-on-year growth slows"},
		{"title that is only the site name", `<meta property="og:site_name" content="SASAC"><title>SASAC</title>`, body3, "SASAC"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc, _ := goquery.NewDocumentFromReader(strings.NewReader("<html><head>" + c.head + "</head><body>" + c.body + "</body></html>"))
			a, err := Extract(doc, "https://www.sasac.test/n/a1.html")
			if err != nil {
				t.Fatal(err)
			}
			if a.Title != c.want {
				t.Errorf("title %q, want %q", a.Title, c.want)
			}
		})
	}
}

func TestTitleSelectorExcludeAndAttr(t *testing.T) {
	page := `<html><head><meta property="og:site_name" content="Daily News"><meta name="headline" content="Port traffic rises 6.1 percent"></head><body>
<h1 class="t"><span class="label">Exclusive:</span> Port traffic rises <em>6.1 percent</em> - Daily News</h1>` + body3 + `</body></html>`
	doc, _ := goquery.NewDocumentFromReader(strings.NewReader(page))
	sel := Selectors{Title: "h1.t", TitleExclude: ".label", Body: "div.content", Date: "h1"}
	a, _ := sel.Read(doc, "https://news.test/a.html", nil, nil)
	if a.Title != "Port traffic rises 6.1 percent" {
		t.Errorf("title with exclude = %q", a.Title)
	}
	sel = Selectors{Title: `meta[name="headline"]`, TitleAttr: "content", Body: "div.content", Date: "h1"}
	a, _ = sel.Read(doc, "https://news.test/a.html", nil, nil)
	if a.Title != "Port traffic rises 6.1 percent" {
		t.Errorf("title from attribute = %q", a.Title)
	}
	sel = Selectors{Title: "h2.none", Body: "div.content"}
	if _, err := sel.Read(doc, "https://news.test/a.html", nil, nil); err == nil || !strings.Contains(err.Error(), `"h2.none"`) {
		t.Errorf("missing title: err %v, want one naming the selector", err)
	}
}

// Each date says where it was read; a date in running text is the last
// resort, after the URL.
func TestDateSource(t *testing.T) {
	cases := []struct{ name, page, url, date, source string }{
		{"meta", `<meta property="article:published_time" content="2021-12-20T09:15:00Z"><h1>Beds grow</h1>` + body3,
			"https://n.test/a.html", "2021-12-20", extract.DateMeta},
		{"byline", `<h1>Beds grow</h1><div class="info">Release date: 2021-12-20</div>` + body3,
			"https://n.test/a.html", "2021-12-20", extract.DateByline},
		{"url before text", `<h1>Beds grow</h1>` + body3 + `<div>` + strings.Repeat(`<p>More words in the page to push the footer far from the title line here.</p>`, 14) + `<p>Page updated: 2021-11-02</p></div>`,
			"https://n.test/2021/12/20/beds.html", "2021-12-20", extract.DateURL},
		{"text as last resort", `<h1>Beds grow</h1>` + body3 + `<div>` + strings.Repeat(`<p>More words in the page to push the footer far from the title line here.</p>`, 14) + `<p>Page updated: 2021-11-02</p></div>`,
			"https://n.test/beds.html", "2021-11-02", extract.DateText},
		{"markup", `<div class="entry-meta"><span class="entry-date">20 December 2021</span></div><h1>Beds grow</h1>` + body3,
			"https://n.test/beds.html", "2021-12-20", extract.DateMarkup},
		{"markup, ambiguous and no order", `<div class="entry-meta"><span class="entry-date">12/03/2021</span></div><h1>Beds grow</h1>` + body3,
			"https://n.test/beds.html", "", ""},
		{"none", `<h1>Beds grow</h1>` + body3, "https://n.test/beds.html", "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc, _ := goquery.NewDocumentFromReader(strings.NewReader("<html><body>" + c.page + "</body></html>"))
			a, err := Extract(doc, c.url)
			if err != nil {
				t.Fatal(err)
			}
			got := ""
			if !a.PublishedAt.IsZero() {
				got = a.PublishedAt.Format("2006-01-02")
			}
			if got != c.date || a.DateSource != c.source {
				t.Errorf("date %q from %q, want %q from %q", got, a.DateSource, c.date, c.source)
			}
		})
	}
}

// Day-first layouts read "Release date: 12/03/2021" as 12 March; without
// them the ambiguous date is not read at all.
func TestDayFirstByline(t *testing.T) {
	page := `<html><body><h1>Funding for rural schools</h1><p class="meta">Release date: 12/03/2021</p>` + body3 + `</body></html>`
	doc, _ := goquery.NewDocumentFromReader(strings.NewReader(page))
	a, err := ExtractWith(doc, "https://gov.test/news/funding", dayFirst(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if a.PublishedAt.Format("2006-01-02") != "2021-03-12" || a.DateSource != extract.DateByline {
		t.Errorf("day first: %v from %q, want 2021-03-12 from a byline", a.PublishedAt, a.DateSource)
	}
	if a, _ = Extract(doc, "https://gov.test/news/funding"); !a.PublishedAt.IsZero() {
		t.Errorf("order unknown: %v read from an ambiguous date", a.PublishedAt)
	}
}

func TestPickText(t *testing.T) {
	own := "First paragraph of the article.\nSecond paragraph."
	chrome := func() []string {
		return []string{squash("Copyright 2021 News Network. All rights reserved."), squash("Beds grow")}
	}
	cases := []struct{ name, own, lib, want string }{
		{"library adds only chrome", own, "Beds grow\nFirst paragraph of the article. Second paragraph.\nCopyright 2021 News Network. All rights reserved.", own},
		{"library adds a paragraph", own, own + "\nA third paragraph the container missed.", own + "\nA third paragraph the container missed."},
		{"library has other text", own, "Something else entirely, a longer text.", "Something else entirely, a longer text."},
		{"no library text", own, "", own},
		{"no own text, short library text", "", "One headline", ""},
	}
	for _, c := range cases {
		if got := pickText(c.own, c.lib, chrome); got != c.want {
			t.Errorf("%s: pickText = %q, want %q", c.name, got, c.want)
		}
	}
}

func dayFirst() []string { return dates.Layouts(dates.DayFirst) }
