package feed_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/newsetl/newsetl/extract"
)

func init() {
	inline["/feeds/challenge.xml"] = `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><title>Huakang Health completes merger with Zhongyuan Hospital Management</title><link>http://SAMPLE_SITE/feeds/challenge.html</link><pubDate>Fri, 29 Oct 2021 16:20:00 +0800</pubDate></item>
<item><title>Item with a broken date</title><link>http://SAMPLE_SITE/sasac/en/2021/10/art_4391.html?utm_source=rss&amp;utm_medium=feed</link><pubDate>29/10/2021 lunchtime</pubDate></item>
</channel></rss>`
	inline["/feeds/challenge.html"] = `<html><head><title>Attention Required! | Cloudflare</title></head><body>
<h1>Please verify you are human</h1><div class="g-recaptcha" data-sitekey="x"></div><p>3 attempts left. 99.9% of visitors pass.</p></body></html>`
}

// A feed item whose page is a challenge is blocked, never an article; an
// item whose date does not parse is a warning and is read by its page's
// date; tracking parameters leave the stored URL.
func TestFeedChallengePageBlocked(t *testing.T) {
	srv := serve(t)
	rec, err := run(t, "sasac-feed", "feed_url: "+srv.URL+"/feeds/challenge.xml", extract.Window{})
	if err != nil {
		t.Fatal(err)
	}
	var b *extract.BlockedError
	if err := rec.Errs[srv.URL+"/feeds/challenge.html"]; !errors.As(err, &b) || b.Marker == "" || b.Status != 200 {
		t.Errorf("challenge page: %v, want a BlockedError with its marker", err)
	}
	link := srv.URL + "/sasac/en/2021/10/art_4391.html?utm_source=rss&utm_medium=feed"
	if err := rec.Errs[link]; err == nil || !strings.Contains(err.Error(), `date "29/10/2021 lunchtime" does not parse`) {
		t.Errorf("broken item date: %v, want a warning", err)
	}
	if len(rec.Docs) != 1 {
		t.Fatalf("got %d documents, want 1", len(rec.Docs))
	}
	d := rec.Docs[0]
	if d.URL != srv.URL+"/sasac/en/2021/10/art_4391.html" || d.PublishedAt.IsZero() || d.DateSource == "" || d.DateSource == extract.DateList {
		t.Errorf("document %s published %v from %q; want the URL without tracking and the page's date", d.URL, d.PublishedAt, d.DateSource)
	}
}

// A feed URL answered with a challenge page fails the source with a
// BlockedError instead of a parse error.
func TestFeedItselfBlocked(t *testing.T) {
	srv := serve(t)
	_, err := run(t, "f", "feed_url: "+srv.URL+"/feeds/challenge.html", extract.Window{})
	var b *extract.BlockedError
	if !errors.As(err, &b) || !strings.Contains(err.Error(), "source f: feed") {
		t.Errorf("challenge instead of a feed: %v, want a BlockedError", err)
	}
}
