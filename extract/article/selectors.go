package article

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/newsetl/newsetl/extract"
	"github.com/newsetl/newsetl/extract/dates"
)

// ErrNoDate is wrapped by errors for a page whose date selector found no date.
var ErrNoDate = errors.New("no date")

// Selectors read an article page with a site's CSS selectors. An empty
// selector leaves its field to generic extraction (Extract).
type Selectors struct {
	Title        string `yaml:"title"`         // empty: generic extraction
	TitleAttr    string `yaml:"title_attr"`    // read the title from this attribute (content of a <meta>), not the text
	TitleExclude string `yaml:"title_exclude"` // elements inside the title to drop (a site-name <span>, a label)
	Date         string `yaml:"date"`          // empty: generic extraction; the date is searched for inside the text
	DateAttr     string `yaml:"date_attr"`     // read the date from this attribute, not the text
	Body         string `yaml:"body"`          // empty: generic extraction
	Exclude      string `yaml:"exclude"`       // elements inside the body to drop
}

// Read reads a page: each field with its selector when one is given, the
// others by generic extraction. Dates are found with layouts in loc. A
// selector that matches nothing is an error naming it. A date selector
// that finds no date gives an error wrapping ErrNoDate together with the
// rest of the article, so a caller with another date (a feed item's) can
// go on; a page without a date found by generic extraction returns a zero
// PublishedAt and no error.
func (sel Selectors) Read(doc *goquery.Document, pageURL string, layouts []string, loc *time.Location) (Article, error) {
	var a Article
	if sel.Title == "" || sel.Date == "" || sel.Body == "" {
		var err error
		if a, err = ExtractWith(doc, pageURL, layouts, loc); err != nil {
			return a, fmt.Errorf("generic extraction: %w", err)
		}
	}
	if sel.Title != "" {
		var err error
		if a.Title, err = sel.title(doc); err != nil {
			return a, err
		}
	}
	var dateErr error
	if sel.Date != "" {
		a.PublishedAt, dateErr = sel.date(doc, layouts, loc)
		a.DateSource = extract.DateSelector
		if dateErr != nil {
			a.DateSource = ""
		}
	}
	if sel.Body != "" {
		body := doc.Find(sel.Body)
		if body.Length() == 0 {
			return a, fmt.Errorf("body selector %q matched nothing", sel.Body)
		}
		if sel.Exclude != "" {
			body.Find(sel.Exclude).Remove()
		}
		if a.Text = extract.Text(body); a.Text == "" {
			return a, fmt.Errorf("body selector %q matched only empty elements", sel.Body)
		}
	}
	if a.Lang == "" {
		a.Lang = extract.NormaliseLang(doc.Find("html").AttrOr("lang", ""))
	}
	return a, dateErr
}

// title reads the title selector's first match: its title_attr attribute,
// or its text without the title_exclude elements, white space folded, and
// without the site's name (og:site_name) at either end.
func (sel Selectors) title(doc *goquery.Document) (string, error) {
	el := doc.Find(sel.Title).First()
	if el.Length() == 0 {
		return "", fmt.Errorf("title selector %q matched nothing", sel.Title)
	}
	var t string
	if sel.TitleAttr != "" {
		t = el.AttrOr(sel.TitleAttr, "")
	} else {
		if sel.TitleExclude != "" {
			el = el.Clone()
			el.Find(sel.TitleExclude).Remove()
		}
		t = extract.Text(el)
	}
	t = stripNamedSite(foldSpace(t), siteName(doc))
	if t == "" {
		return "", fmt.Errorf("title selector %q matched only an empty title", sel.Title)
	}
	return t, nil
}

// date finds the first date in the elements the date selector matches.
func (sel Selectors) date(doc *goquery.Document, layouts []string, loc *time.Location) (time.Time, error) {
	el := doc.Find(sel.Date)
	if el.Length() == 0 {
		return time.Time{}, fmt.Errorf("date selector %q matched nothing: %w", sel.Date, ErrNoDate)
	}
	var texts []string
	el.Each(func(_ int, e *goquery.Selection) {
		if sel.DateAttr != "" {
			texts = append(texts, e.AttrOr(sel.DateAttr, ""))
		} else {
			texts = append(texts, extract.Text(e))
		}
	})
	for _, t := range texts {
		if d, ok := dates.FindDate(t, layouts, loc); ok {
			return d, nil
		}
	}
	what := strings.Join(texts, " | ")
	if len(what) > 120 {
		what = what[:120] + "..."
	}
	return time.Time{}, fmt.Errorf("date selector %q: no date in %q (layouts %s): %w", sel.Date, what, strings.Join(layouts, ", "), ErrNoDate)
}
