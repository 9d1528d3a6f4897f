package extract

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// BlockedError is a page the site refused to serve to newsetl: an HTTP 403,
// 412 or 429 that retries did not clear, or a 200 answer that is an
// anti-bot challenge, a CAPTCHA, an "enable JavaScript" interstitial or a
// tiny page that only redirects by script. Such a page is never an article.
// Kinds pass it (wrapped) to Sink.PageError; the run recognises it with
// errors.As and counts it as blocked.
type BlockedError struct {
	URL    string
	Status int    // the HTTP status of the answer
	Marker string // what gave it away: "HTTP 403", "captcha", "enable javascript", ...
	Err    error  // the fetch error, for a refused status; nil for a challenge page
}

func (e *BlockedError) Error() string {
	return fmt.Sprintf("blocked: %s (HTTP %d): %s", e.URL, e.Status, e.Marker)
}

func (e *BlockedError) Unwrap() error { return e.Err }

// IsBlocked reports whether err is or wraps a *BlockedError.
func IsBlocked(err error) bool {
	var b *BlockedError
	return errors.As(err, &b)
}

// blockedStatus turns a refused status (403, 412, 429 after the Fetcher's
// retries) into a *BlockedError; other errors are returned as they are.
func blockedStatus(err error) error {
	var he *HTTPError
	if errors.As(err, &he) {
		switch he.Status {
		case http.StatusForbidden, http.StatusPreconditionFailed, http.StatusTooManyRequests:
			return &BlockedError{URL: he.URL, Status: he.Status, Marker: fmt.Sprintf("HTTP %d", he.Status), Err: err}
		}
	}
	return err
}

// challengeMarkers are found (lower-cased) in the HTML of challenge pages:
// the scripts, forms and titles of bot-protection services and the
// Chinese security checks. strongTextMax applies to them.
var challengeMarkers = []string{
	"cf-browser-verification", "cf_chl_", "cf-challenge", "/cdn-cgi/challenge-platform/h/", "challenge-form",
	"just a moment...", "checking your browser", "checking if the site connection is secure",
	"attention required! | cloudflare", "ddos protection by", "_incapsula_resource", "incapsula incident id",
	"captcha-delivery.com", "px-captcha", "awswaf", "安全验证", "人机验证", "滑动验证", "访问验证",
	"您的访问被拦截", "访问过于频繁",
}

// weakMarkers also appear on ordinary pages (a CAPTCHA on a comment form,
// an "enable JavaScript" notice in a <noscript>), so weakTextMax, a
// smaller limit, applies to them.
var weakMarkers = []string{
	"g-recaptcha", "h-captcha", "hcaptcha.com", "captcha", "verify you are human", "are you a robot",
	"not a robot", "unusual traffic", "access denied", "enable javascript", "javascript is disabled",
	"javascript is required", "please turn javascript on", "enable cookies", "browser check", "验证码",
	"请开启javascript", "请启用javascript", "访问被拒绝",
}

// redirectScript finds a script that sends the browser elsewhere.
var redirectScript = regexp.MustCompile(`(?i)(?:window\.|document\.|top\.|self\.)?location(?:\.href)?\s*=|location\.(?:replace|assign)\s*\(|http-equiv\s*=\s*["']?refresh`)

// Visible text (bytes, white space folded) under which a page with a
// marker is taken as a challenge. Challenge pages say a sentence or two;
// an article that mentions "captcha", or carries a bot-detection script
// or a comment form with a CAPTCHA, says much more.
const (
	strongTextMax = 1500
	weakTextMax   = 500
	redirectMax   = 200 // a page whose script only redirects
)

// Challenge reports whether body (an HTML page served with 200) is a
// challenge or interstitial rather than content, and the marker found.
// A marker counts only on a page with little visible text, so an article
// about CAPTCHAs, or a page carrying a bot-detection script beside its
// text, is not blocked.
func Challenge(body []byte) (marker string, ok bool) {
	lower := bytes.ToLower(body)
	limit := 0
	for _, m := range challengeMarkers {
		if bytes.Contains(lower, []byte(m)) {
			marker, limit = m, strongTextMax
			break
		}
	}
	if marker == "" {
		for _, m := range weakMarkers {
			if bytes.Contains(lower, []byte(m)) {
				marker, limit = m, weakTextMax
				break
			}
		}
	}
	// The regexp only where its literal parts are (the case-insensitive
	// regexp over a whole page costs a millisecond; these scans microseconds).
	redirect := (bytes.Contains(lower, []byte("location")) || bytes.Contains(lower, []byte("refresh"))) && redirectScript.Match(body)
	if marker == "" && !redirect {
		return "", false
	}
	n := visibleText(body, max(limit, redirectMax))
	switch {
	case marker != "" && n < limit:
		return marker, true
	case redirect && n < redirectMax:
		return "tiny page with a redirect script", true
	}
	return "", false
}

// visibleText counts the bytes of text a reader would see: text outside
// scripts, styles, templates and the title, white space folded. It stops
// counting past limit.
func visibleText(body []byte, limit int) int {
	z := html.NewTokenizer(bytes.NewReader(body))
	skip, n := 0, 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			return n
		case html.StartTagToken:
			name, _ := z.TagName()
			switch atom.Lookup(name) {
			case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Title:
				skip++
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			switch atom.Lookup(name) {
			case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Title:
				if skip > 0 {
					skip--
				}
			}
		case html.TextToken:
			if skip == 0 {
				t := strings.Join(strings.Fields(string(z.Text())), " ")
				n += len(t)
				if n > limit {
					return n
				}
			}
		}
	}
}

// Blocked checks the result of a Fetch of a page that is not an article
// (a list page, a feed): a refused status (403, 412, 429) in err, or a
// challenge page p, becomes a *BlockedError; other errors are returned as
// they are, and nil for a page that is content.
func Blocked(p *Page, err error) error {
	if err != nil {
		return blockedStatus(err)
	}
	return checkBlocked(p)
}

// checkBlocked returns a *BlockedError for a challenge page p, else nil.
func checkBlocked(p *Page) error {
	if p == nil || p.NotModified || !utf8.Valid(p.Body) {
		return nil
	}
	if m, ok := Challenge(p.Body); ok {
		return &BlockedError{URL: p.URL, Status: p.Status, Marker: m}
	}
	return nil
}
