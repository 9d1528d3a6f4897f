package article

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/newsetl/newsetl/extract"
	"github.com/newsetl/newsetl/extract/dates"
	"github.com/newsetl/newsetl/internal/golden"
)

const site = "../../testdata/site"

// samplePage is an article of the sample site with what its source's
// selectors (examples/demo.yaml) read from it: the independent truth the
// generic extractor is measured against.
type samplePage struct {
	path string // relative to the site root
	want Article
}

// selectorSets mirror the selectors of examples/demo.yaml, by folder.
var selectorSets = []struct {
	glob                       string
	title, date, body, exclude string
}{
	{"sasac/en/20*/*/*.html", "h1.article-title", "div.article-info span.pub-date", "div.article-content", "style, script"},
	{"chinadaily/a/*/*/*.html", "#lft-art > h1", "#lft-art span.info_l", "div#Content", "div.ad, p.picture, p.caption, script, style"},
	{"archive/2021/*/*.html", "h1.title", "div.meta", "div.content", ""},
}

func parseFile(t testing.TB, path string) *goquery.Document {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	body, _, err := extract.DecodeCharset(raw, "")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// samplePages returns every article of the sample site with the title, the
// day and the body its source's selectors give.
func samplePages(t testing.TB) []samplePage {
	var out []samplePage
	for _, set := range selectorSets {
		files, err := filepath.Glob(filepath.Join(site, set.glob))
		if err != nil || len(files) == 0 {
			t.Fatalf("no sample pages for %s: %v", set.glob, err)
		}
		for _, f := range files {
			doc := parseFile(t, f)
			if set.exclude != "" {
				doc.Find(set.body).Find(set.exclude).Remove()
			}
			day, ok := dates.FindDate(extract.Text(doc.Find(set.date).First()), []string{"2006-01-02"}, time.UTC)
			if !ok {
				t.Fatalf("%s: no date under %q", f, set.date)
			}
			rel, _ := filepath.Rel(site, f)
			out = append(out, samplePage{path: filepath.ToSlash(rel), want: Article{
				Title:       strings.TrimSpace(extract.Text(doc.Find(set.title).First())),
				PublishedAt: day,
				Text:        extract.Text(doc.Find(set.body)),
			}})
		}
	}
	return out
}

func extractFile(t testing.TB, path, pageURL string) Article {
	t.Helper()
	a, err := Extract(parseFile(t, path), pageURL)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return a
}

func sameDay(a, b time.Time) bool { return a.Format("2006-01-02") == b.Format("2006-01-02") }

// TestSamplePagesMatchSelectors: with no selectors at all, every article
// of the sample site gives the title, day and body text that its
// hand-written selectors give.
func TestSamplePagesMatchSelectors(t *testing.T) {
	for _, p := range samplePages(t) {
		t.Run(p.path, func(t *testing.T) {
			got := extractFile(t, filepath.Join(site, p.path), "http://sample.test/"+p.path)
			if got.Title != p.want.Title {
				t.Errorf("title %q, want %q", got.Title, p.want.Title)
			}
			if !sameDay(got.PublishedAt, p.want.PublishedAt) {
				t.Errorf("published %v, want the day %v", got.PublishedAt, p.want.PublishedAt.Format("2006-01-02"))
			}
			if got.Text != p.want.Text {
				t.Errorf("text differs from the selectors' body:\n got: %.300q\nwant: %.300q", got.Text, p.want.Text)
			}
			if got.Lang != "en" {
				t.Errorf("lang %q, want en", got.Lang)
			}
		})
	}
}

// articleJSON is the JSON form of an Article in golden and expected files:
// the same keys as `newsetl article` prints.
type articleJSON struct {
	URL         string `json:"url,omitempty"`
	Title       string `json:"title"`
	PublishedAt string `json:"published_at"`
	Author      string `json:"author"`
	Lang        string `json:"lang"`
	Text        string `json:"text"`
}

func toGolden(a Article) articleJSON {
	g := articleJSON{URL: a.URL, Title: a.Title, Author: a.Author, Lang: a.Lang, Text: a.Text}
	if !a.PublishedAt.IsZero() {
		g.PublishedAt = a.PublishedAt.UTC().Format(time.RFC3339)
	}
	return g
}

// TestGolden pins the whole output (exact time, author, URL) for every
// sample page; `go test ./extract/article -update` rewrites the files.
func TestGolden(t *testing.T) {
	for _, p := range samplePages(t) {
		name := strings.NewReplacer("/", "_", ".html", ".json").Replace(p.path)
		t.Run(p.path, func(t *testing.T) {
			got := toGolden(extractFile(t, filepath.Join(site, p.path), "http://sample.test/"+p.path))
			golden.JSON(t, filepath.Join("testdata", "golden", name), got)
		})
	}
}

// TestTrickyPages checks the pages of testdata/site/tricky/ against their
// hand-written expected extraction (NAME.expected.json).
func TestTrickyPages(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(site, "tricky", "*.html"))
	if len(files) < 3 {
		t.Fatalf("found %d tricky pages, want at least 3", len(files))
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			raw, err := os.ReadFile(strings.TrimSuffix(f, ".html") + ".expected.json")
			if err != nil {
				t.Fatal(err)
			}
			var want articleJSON
			if err := json.Unmarshal(raw, &want); err != nil {
				t.Fatal(err)
			}
			got := toGolden(extractFile(t, f, "http://sample.test/tricky/"+filepath.Base(f)))
			got.URL = ""
			if got != want {
				g, _ := json.MarshalIndent(got, "", "  ")
				t.Errorf("got\n%s\nwant\n%s", g, raw)
			}
		})
	}
}

func TestExtractIn(t *testing.T) {
	shanghai, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Skip(err)
	}
	a, err := ExtractIn(parseFile(t, filepath.Join(site, "tricky", "zh-fabu.html")), "", shanghai)
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2021, 12, 20, 2, 28, 0, 0, time.UTC); !a.PublishedAt.Equal(want) {
		t.Errorf("published %v, want %v (10:28 in Shanghai)", a.PublishedAt.UTC(), want)
	}
}

func TestMetadataRules(t *testing.T) {
	para := `<p>` + strings.Repeat("The commission said the reform was basically complete. ", 4) + `</p>`
	cases := []struct {
		name, html          string
		title, date, author string
		url                 string
	}{
		{"title suffix", `<title>Beds grow - Health Daily</title><div>` + para + `</div>`, "Beds grow", "", "", "http://a.test/x"},
		{"title prefix site name is shorter", `<title>NHC | Beds grow again in rural counties</title><div>` + para + `</div>`, "Beds grow again in rural counties", "", "", "http://a.test/x"},
		{"og beats h1", `<meta property="og:title" content="Og title"><h1>H1 title</h1><div>` + para + `</div>`, "Og title", "", "", "http://a.test/x"},
		{"h1 after a logo h1", `<h1>Site</h1><div class="story"><h1>The story title</h1>` + para + `</div>`, "The story title", "", "", "http://a.test/x"},
		{"json-ld array author object", `<script type="application/ld+json">[{"@type":["NewsArticle"],"headline":"LD","datePublished":"2021-12-20","author":{"name":"Zhou Lei"}}]</script><div>` + para + `</div>`, "LD", "2021-12-20T00:00:00Z", "Zhou Lei", "http://a.test/x"},
		{"bad json-ld ignored", `<script type="application/ld+json">{"@type": "NewsArticle", </script><title>T</title><div>` + para + `</div>`, "T", "", "", "http://a.test/x"},
		{"time element", `<h1>T</h1><time datetime="2021-12-20T09:15:00Z">Monday</time><div>` + para + `</div>`, "T", "2021-12-20T09:15:00Z", "", "http://a.test/x"},
		{"byline date and author", `<h1>T</h1><p>By Zhou Lei | Updated: 2021-12-20 09:15</p><div>` + para + `</div>`, "T", "2021-12-20T09:15:00Z", "Zhou Lei", "http://a.test/x"},
		{"chinese byline", `<h1>标题</h1><div>2021年12月20日 来源：国资委</div><div>` + para + `</div>`, "标题", "2021-12-20T00:00:00Z", "", "http://a.test/x"},
		{"canonical", `<link rel="canonical" href="/c.html"><title>T</title><div>` + para + `</div>`, "T", "", "", "http://a.test/c.html"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc, _ := goquery.NewDocumentFromReader(strings.NewReader(c.html))
			a, err := Extract(doc, "http://a.test/x")
			if err != nil {
				t.Fatal(err)
			}
			g := toGolden(a)
			if g.Title != c.title || g.PublishedAt != c.date || g.Author != c.author || g.URL != c.url {
				t.Errorf("got title %q date %q author %q url %q; want %q %q %q %q", g.Title, g.PublishedAt, g.Author, g.URL, c.title, c.date, c.author, c.url)
			}
			if !strings.HasPrefix(a.Text, "The commission said") {
				t.Errorf("text %q", a.Text)
			}
		})
	}
}

func TestNoText(t *testing.T) {
	for _, h := range []string{"", `<ul><li><a href="/a">One story headline here</a></li><li><a href="/b">Another story headline</a></li></ul>`, `<title>Only a title</title>`} {
		doc, _ := goquery.NewDocumentFromReader(strings.NewReader(h))
		if _, err := Extract(doc, ""); err != ErrNoText {
			t.Errorf("Extract(%q) error %v, want ErrNoText", h, err)
		}
	}
}

func TestExtractLeavesDocumentAlone(t *testing.T) {
	doc := parseFile(t, filepath.Join(site, "tricky", "share-inside.html"))
	before, _ := doc.Html()
	if _, err := Extract(doc, ""); err != nil {
		t.Fatal(err)
	}
	if after, _ := doc.Html(); after != before {
		t.Error("Extract modified its document")
	}
}

// FuzzExtract: Extract never panics, whatever the HTML.
func FuzzExtract(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join(site, "tricky", "*.html"))
	files = append(files, filepath.Join(site, "sasac/en/2021/12/art_4497.html"), filepath.Join(site, "chinadaily/a/202107/14/WS60ee5c1ba310efa1bd66186e.html"))
	for _, file := range files {
		raw, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(raw))
	}
	f.Add(`<script type="application/ld+json">{"@graph":[{"@graph":[{"@type":"NewsArticle","author":[[{"name":1}]]}]}]}</script>`)
	f.Add(`<h1>日期</h1><div class="share related"><p>发布时间：2021年12月20日</p></div>`)
	f.Fuzz(func(t *testing.T, s string) {
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(s))
		if err != nil {
			return
		}
		a, err := Extract(doc, "http://fuzz.test/a.html")
		if err == nil && a.Text == "" {
			t.Error("no error but empty text")
		}
	})
}
