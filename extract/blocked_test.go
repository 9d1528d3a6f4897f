package extract_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/newsetl/newsetl/config"
	"github.com/newsetl/newsetl/extract"
	"github.com/newsetl/newsetl/extract/extracttest"
)

var challengePages = map[string]struct{ page, marker string }{
	"cloudflare": {`<!DOCTYPE html><html><head><title>Just a moment...</title><script src="/cdn-cgi/challenge-platform/h/b/orchestrate/jsch/v1"></script></head>
<body><h1>Checking your browser before accessing gov.test</h1><p>This process is automatic. Your browser will redirect to your requested content shortly.</p>
<p>Please allow up to 5 seconds… 3 attempts left. 99.9% of visitors pass.</p><form id="challenge-form" action="/?__cf_chl_jschl_tk__=x"></form></body></html>`, "cf_chl_"},
	"captcha": {`<html><head><title>Security check</title></head><body><div class="g-recaptcha" data-sitekey="x"></div>
<p>Please verify you are human to continue.</p></body></html>`, "g-recaptcha"},
	"enable javascript": {`<html><head><title>gov.test</title></head><body><noscript>Please enable JavaScript to view the page content.</noscript><div id="app"></div></body></html>`, "enable javascript"},
	"chinese check":     {`<html><head><meta charset="utf-8"><title>安全验证</title></head><body><p>请完成安全验证后继续访问。</p></body></html>`, "安全验证"},
	"tiny redirect":     {`<html><head><script>window.location.href="/a/1.html?t=1638000000";</script></head><body></body></html>`, "tiny page with a redirect script"},
}

var notChallenges = map[string]string{
	"article about captchas": `<html><body><article><h1>Why CAPTCHA puzzles are getting harder</h1>` +
		strings.Repeat(`<p>Researchers found that a captcha now takes 32 seconds on average to solve, up 40 percent from 2019, and that 8 percent of users give up.</p>`, 15) + `</article></body></html>`,
	"article with a bot script": `<html><head><script src="/cdn-cgi/challenge-platform/scripts/jsd/main.js"></script></head><body><article>` +
		strings.Repeat(`<p>The commission said central SOEs earned profits of 2.16 trillion yuan in the first eleven months of 2021.</p>`, 20) + `</article></body></html>`,
	"short post with a captcha comment form": `<html><body><article><h1>Library opening hours extended</h1>` +
		strings.Repeat(`<p>The central library will open until 9 pm on weekdays from 1 March, adding 15 hours a week.</p>`, 6) +
		`</article><form id="comment"><textarea></textarea><div class="g-recaptcha" data-sitekey="x"></div></form></body></html>`,
	"short article": `<html><body><h1>Port traffic rises</h1><p>Container throughput rose 6.1 percent in November.</p></body></html>`,
}

func TestChallenge(t *testing.T) {
	for name, c := range challengePages {
		if m, ok := extract.Challenge([]byte(c.page)); !ok || m != c.marker {
			t.Errorf("%s: Challenge = %q, %v; want %q", name, m, ok, c.marker)
		}
	}
	for name, page := range notChallenges {
		if m, ok := extract.Challenge([]byte(page)); ok {
			t.Errorf("%s: taken for a challenge (%q)", name, m)
		}
	}
}

// ArticlePage turns a 200 challenge page and a 412/403/429 into a
// *BlockedError naming the URL and the marker; the page is never returned.
func TestArticlePageBlocked(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		switch r.URL.Path {
		case "/challenge.html":
			w.Write([]byte(challengePages["cloudflare"].page))
		case "/412.html":
			w.WriteHeader(http.StatusPreconditionFailed)
		case "/403.html":
			w.WriteHeader(http.StatusForbidden)
		case "/ok.html":
			w.Write([]byte(notChallenges["short article"]))
		}
	}))
	defer srv.Close()
	f := testFetcher(func(c *config.Fetch) { c.Retries = 0 })
	cases := map[string]string{"/challenge.html": "cf_chl_", "/412.html": "HTTP 412", "/403.html": "HTTP 403", "/ok.html": ""}
	for path, marker := range cases {
		var rec extracttest.Recorder
		p, _, err := extract.ArticlePage(context.Background(), f, extract.Request{URL: srv.URL + path}, &rec)
		var b *extract.BlockedError
		if marker == "" {
			if err != nil || p == nil {
				t.Errorf("%s: %v, want the page", path, err)
			}
			continue
		}
		if !errors.As(err, &b) || b.Marker != marker || b.URL != srv.URL+path || p != nil {
			t.Errorf("%s: page %v, err %v; want a BlockedError with marker %q and the URL", path, p, err, marker)
			continue
		}
		if !strings.Contains(err.Error(), srv.URL+path) || !strings.Contains(err.Error(), marker) {
			t.Errorf("%s: error %q should name the URL and the marker", path, err)
		}
	}
}

func FuzzChallenge(f *testing.F) {
	for _, c := range challengePages {
		f.Add([]byte(c.page))
	}
	for _, p := range notChallenges {
		f.Add([]byte(p))
	}
	f.Fuzz(func(t *testing.T, page []byte) {
		if m, ok := extract.Challenge(page); ok && m == "" {
			t.Errorf("blocked without a marker: %q", page)
		}
	})
}
