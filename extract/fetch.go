package extract

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"mime"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/newsetl/newsetl/config"
)

// Page is a fetched page with its body decoded to UTF-8.
type Page struct {
	URL         string // final URL after redirects
	Status      int
	ContentType string
	Charset     string // the charset the body was decoded from
	Body        []byte // UTF-8
	FetchedAt   time.Time

	ETag, LastModified string // the response's validators
	Hash               string // of the raw body, before decoding
	NotModified        bool   // the server answered 304 to a conditional request; Body is empty
}

// HTTPError is a response with a status other than 2xx.
type HTTPError struct {
	URL        string
	Status     int
	RetryAfter time.Duration // from the Retry-After header; 0 if absent
}

func (e *HTTPError) Error() string {
	return fmt.Sprintf("GET %s: HTTP %d %s", e.URL, e.Status, http.StatusText(e.Status))
}

// Temporary reports whether a retry may succeed.
func (e *HTTPError) Temporary() bool {
	return e.Status == http.StatusTooManyRequests || e.Status >= 500
}

// Fetcher is the one HTTP client every source uses. It limits requests per
// host, retries timeouts and 5xx with exponential backoff and jitter, refuses
// bodies over the size limit, and decodes the body's charset to UTF-8.
//
// Every request and every redirect passes one egress policy: http(s)
// only; host and port among the source's configured URLs or its allowed
// hosts (Request.AllowedHosts); and, when connecting, no loopback,
// private, link-local, multicast or unspecified address unless the source
// sets allow_private. A Fetcher built by NewFetcher serves no source:
// Build hands each kind f.ForSource(src), which shares the limits and the
// connections but applies src's policy and credentials.
// It is safe for concurrent use.
type Fetcher struct {
	*fetchCore
	scope *scope // nil: not built for a source
}

// fetchCore is what the Fetchers of all sources share.
type fetchCore struct {
	strict       *http.Client // dials public addresses only
	private      *http.Client // may also dial loopback and private addresses
	allowPrivate bool         // every source may dial private addresses (AllowPrivate)
	dialHook     func(address string, err error)
	cfg          config.Fetch
	log          *slog.Logger
	mu           sync.Mutex
	perHost      map[string]*rate.Limiter
	slots        map[string]chan struct{} // per host, cfg.MaxPerHost requests in flight
	robots       *robotsCache             // shared with the Fetchers built WithRobotsCache
	robotsTiming RobotsTiming
	pages        PageStates // nil: no conditional requests
}

// FetcherOption configures a Fetcher when it is built.
type FetcherOption func(*fetchCore)

// WithPageStates gives the Fetcher what earlier runs saw of each page, for
// FetchArticle's conditional requests.
func WithPageStates(ps PageStates) FetcherOption {
	return func(f *fetchCore) { f.pages = ps }
}

// AllowPrivate lets every source of the Fetcher connect to loopback and
// private addresses, as if each set allow_private: for tests and the demo,
// which serve their pages from 127.0.0.1.
func AllowPrivate() FetcherOption {
	return func(f *fetchCore) { f.allowPrivate = true }
}

// NewFetcher builds a Fetcher from cfg (defaults already applied by config).
// No proxy is used: the egress policy must see the address it connects to.
func NewFetcher(cfg config.Fetch, log *slog.Logger, opts ...FetcherOption) *Fetcher {
	if log == nil {
		log = slog.Default()
	}
	if cfg.RetryAfterMax <= 0 {
		cfg.RetryAfterMax = cfg.Timeout
	}
	c := &fetchCore{
		cfg:     cfg,
		log:     log,
		perHost: map[string]*rate.Limiter{},
		robots:  &robotsCache{hosts: map[string]*robotsEntry{}},
		slots:   map[string]chan struct{}{},
	}
	for _, o := range opts {
		o(c)
	}
	c.strict = c.newClient(false)
	c.private = c.newClient(true)
	return &Fetcher{fetchCore: c}
}

func (c *fetchCore) newClient(allowPrivate bool) *http.Client {
	dialer := &net.Dialer{Timeout: c.cfg.ConnectTimeout, KeepAlive: 30 * time.Second, Control: c.dialControl(allowPrivate)}
	return &http.Client{
		Transport: &http.Transport{
			DialContext:           dialer.DialContext,
			TLSHandshakeTimeout:   c.cfg.ConnectTimeout,
			ResponseHeaderTimeout: c.cfg.Timeout,
			MaxIdleConnsPerHost:   4,
			IdleConnTimeout:       90 * time.Second,
		},
		Timeout:       c.cfg.Timeout,
		CheckRedirect: checkRedirect,
	}
}

// ForSource returns a Fetcher for src: the same limits, robots.txt cache
// and connections, with src's egress policy (its configured URLs' hosts
// and ports, allow_private) and credentials (user-info of its URLs,
// password_env or password_file), sent as basic auth and never in a URL.
func (f *Fetcher) ForSource(src config.Source) *Fetcher {
	return &Fetcher{fetchCore: f.fetchCore, scope: newScope(src)}
}

// client is the HTTP client f's policy dials with.
func (f *Fetcher) client() *http.Client {
	if f.allowPrivate || (f.scope != nil && f.scope.allowPrivate) {
		return f.private
	}
	return f.strict
}

func (f *fetchCore) limiter(host string) *rate.Limiter {
	f.mu.Lock()
	defer f.mu.Unlock()
	l, ok := f.perHost[host]
	if !ok {
		l = rate.NewLimiter(rate.Limit(f.cfg.RequestsPerSecond), 1)
		f.perHost[host] = l
	}
	return l
}

// Get fetches rawURL. Errors name the URL; an *HTTPError carries the status.
func (f *Fetcher) Get(ctx context.Context, rawURL string) (*Page, error) {
	return f.Fetch(ctx, Request{URL: rawURL})
}

// Fetch performs r, retrying what may succeed on a retry. Errors name the
// URL (its user-info redacted): an *HTTPError carries the status,
// ErrDisallowed a robots.txt refusal, ErrRobotsUnavailable a robots.txt
// that answered 5xx, ErrEgress a refusal of the egress policy.
func (f *Fetcher) Fetch(ctx context.Context, r Request) (*Page, error) {
	u, err := url.Parse(r.URL)
	if err != nil {
		return nil, &FetchError{URL: RedactURL(r.URL), Err: fmt.Errorf("parsing URL: %w", err)}
	}
	user := u.User
	u.User = nil
	eg := f.egressFor(u, r.AllowedHosts)
	if err := eg.check(u); err != nil {
		return nil, &FetchError{URL: u.String(), Err: err}
	}
	ctx = withEgress(ctx, eg)
	if err := f.checkRobots(ctx, u); err != nil {
		return nil, err
	}
	var lastErr error
	for attempt := 0; attempt <= f.cfg.Retries; attempt++ {
		if attempt > 0 {
			wait, err := f.backoff(attempt, lastErr)
			if err != nil {
				return nil, &FetchError{URL: u.String(), Err: err}
			}
			f.log.Debug("retrying", "url", u.String(), "attempt", attempt, "wait", wait, "err", lastErr)
			select {
			case <-ctx.Done():
				return nil, &FetchError{URL: u.String(), Err: fmt.Errorf("%w (last error: %v)", ctx.Err(), lastErr)}
			case <-time.After(wait):
			}
		}
		page, err := f.once(ctx, u, user, r)
		if err == nil {
			return page, nil
		}
		lastErr = err
		if !retryable(ctx, err) {
			break
		}
	}
	return nil, lastErr
}

// FetchError is a failure to fetch URL (user-info redacted) other than an
// HTTP status (*HTTPError).
type FetchError struct {
	URL string
	Err error
}

func (e *FetchError) Error() string { return fmt.Sprintf("fetching %s: %v", e.URL, e.Err) }
func (e *FetchError) Unwrap() error { return e.Err }

// ErrorURL returns the URL named by the *FetchError or *HTTPError inside
// err, or "".
func ErrorURL(err error) string {
	var fe *FetchError
	if errors.As(err, &fe) {
		return fe.URL
	}
	var he *HTTPError
	if errors.As(err, &he) {
		return he.URL
	}
	return ""
}

// slot returns the host's semaphore of MaxPerHost places.
func (f *fetchCore) slot(host string) chan struct{} {
	f.mu.Lock()
	defer f.mu.Unlock()
	s, ok := f.slots[host]
	if !ok {
		s = make(chan struct{}, max(1, f.cfg.MaxPerHost))
		f.slots[host] = s
	}
	return s
}

// once sends one GET for u (which carries no user-info): with user as
// basic auth when the URL had user-info, else with the source's
// credentials for u's host and port.
func (f *Fetcher) once(ctx context.Context, u *url.URL, user *url.Userinfo, r Request) (*Page, error) {
	slot := f.slot(u.Host)
	select {
	case slot <- struct{}{}:
		defer func() { <-slot }()
	case <-ctx.Done():
		return nil, &FetchError{URL: u.String(), Err: ctx.Err()}
	}
	if err := f.limiter(u.Host).Wait(ctx); err != nil {
		return nil, &FetchError{URL: u.String(), Err: err}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, &FetchError{URL: u.String(), Err: err}
	}
	f.setAuth(req, u, user)
	req.Header.Set("User-Agent", f.cfg.UserAgent)
	req.Header.Set("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
	if r.Accept != "" {
		req.Header.Set("Accept", r.Accept)
	}
	if r.ETag != "" {
		req.Header.Set("If-None-Match", r.ETag)
	}
	if r.LastModified != "" {
		req.Header.Set("If-Modified-Since", r.LastModified)
	}
	resp, err := f.client().Do(req)
	if err != nil {
		return nil, &FetchError{URL: u.String(), Err: unwrapURLError(err)}
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusNotModified && (r.ETag != "" || r.LastModified != "") {
		return &Page{URL: resp.Request.URL.String(), Status: resp.StatusCode, NotModified: true, FetchedAt: time.Now().UTC(),
			ETag: r.ETag, LastModified: r.LastModified}, nil
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		return nil, &HTTPError{URL: u.String(), Status: resp.StatusCode, RetryAfter: retryAfter(resp.Header.Get("Retry-After"))}
	}
	raw, err := io.ReadAll(io.LimitReader(resp.Body, f.cfg.MaxBodyBytes+1))
	if err != nil {
		return nil, &FetchError{URL: u.String(), Err: fmt.Errorf("reading the body: %w", err)}
	}
	if int64(len(raw)) > f.cfg.MaxBodyBytes {
		return nil, &FetchError{URL: u.String(), Err: fmt.Errorf("body larger than the %d-byte limit (fetch.max_body_bytes)", f.cfg.MaxBodyBytes)}
	}
	ct := resp.Header.Get("Content-Type")
	body, cs := raw, ""
	if !r.Raw {
		if body, cs, err = DecodeCharset(raw, ct); err != nil {
			return nil, &FetchError{URL: u.String(), Err: fmt.Errorf("decoding: %w", err)}
		}
	}
	return &Page{
		URL:          resp.Request.URL.String(),
		Status:       resp.StatusCode,
		ContentType:  ct,
		Charset:      cs,
		Body:         body,
		FetchedAt:    time.Now().UTC(),
		ETag:         resp.Header.Get("ETag"),
		LastModified: resp.Header.Get("Last-Modified"),
		Hash:         bodyHash(raw),
	}, nil
}

// DecodeCharset converts raw to UTF-8 and returns the name of the charset
// used: a BOM, then the Content-Type header, then a <meta charset> in the
// first 1024 bytes, then detection (the WHATWG order). A body that is
// valid UTF-8 while a legacy charset is declared is read as UTF-8, and the
// name says so ("utf-8 (declared windows-1252)", see MismatchSuffix). A
// header that says UTF-8 over bytes that are not UTF-8 gives way to a
// <meta> charset; without one the page is refused rather than stored as
// mojibake. See decodeCharset (charset.go).
func DecodeCharset(raw []byte, contentType string) ([]byte, string, error) {
	return decodeCharset(raw, contentType)
}

// isJSON reports whether contentType is JSON (application/json, +json) without
// a charset other than UTF-8.
func isJSON(contentType string) bool {
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil || (mt != "application/json" && mt != "text/json" && !strings.HasSuffix(mt, "+json")) {
		return false
	}
	cs := strings.ToLower(params["charset"])
	return cs == "" || cs == "utf-8" || cs == "utf8"
}

// metaCharsetRE finds a charset declared in a <meta> tag: <meta
// charset="gbk">, <meta http-equiv="Content-Type" content="text/html;
// charset=gb2312">.
var metaCharsetRE = regexp.MustCompile(`(?i)<meta[^>]*charset\s*=\s*["']?\s*([a-z0-9_:.\-]+)`)

// metaCharset returns the charset label a <meta> tag in the first 1024 bytes
// declares, or "".
func metaCharset(raw []byte) string {
	if len(raw) > 1024 {
		raw = raw[:1024]
	}
	m := metaCharsetRE.FindSubmatch(raw)
	if m == nil {
		return ""
	}
	return string(m[1])
}

func retryAfter(v string) time.Duration {
	if v == "" {
		return 0
	}
	if secs, err := strconv.Atoi(v); err == nil && secs >= 0 {
		return time.Duration(secs) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		return time.Until(t)
	}
	return 0
}

func retryable(ctx context.Context, err error) bool {
	if ctx.Err() != nil {
		return false
	}
	if errors.Is(err, ErrDisallowed) || errors.Is(err, ErrEgress) || errors.Is(err, ErrRobotsUnavailable) {
		return false
	}
	var he *HTTPError
	if errors.As(err, &he) {
		return he.Temporary()
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return true
	}
	return errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, net.ErrClosed)
}

// backoff returns the wait before retry number attempt: first, 2×first,
// 4×first, ... with ±25 % jitter, or what the server's Retry-After asked
// for. A Retry-After beyond fetch.retry_after_max ends the attempts with an
// error rather than holding the run.
func (f *fetchCore) backoff(attempt int, lastErr error) (time.Duration, error) {
	var he *HTTPError
	if errors.As(lastErr, &he) && he.RetryAfter > 0 {
		if he.RetryAfter > f.cfg.RetryAfterMax {
			return 0, fmt.Errorf("HTTP %d: asked to retry after %d s, more than fetch.retry_after_max (%s)",
				he.Status, int64(he.RetryAfter.Round(time.Second)/time.Second), f.cfg.RetryAfterMax)
		}
		return he.RetryAfter, nil
	}
	first := f.cfg.RetryBackoff
	if first <= 0 {
		first = time.Millisecond
	}
	base := first << (attempt - 1)
	jitter := time.Duration(rand.Int64N(max(1, int64(base)/2))) - base/4
	return base + jitter, nil
}

// setAuth sets basic auth on req: user (from the request URL's user-info)
// or the source's credentials for u's host and port.
func (f *Fetcher) setAuth(req *http.Request, u *url.URL, user *url.Userinfo) {
	if user == nil && f.scope != nil {
		user = f.scope.creds[hostPort(u)]
	}
	if user == nil {
		return
	}
	pw, _ := user.Password()
	req.SetBasicAuth(user.Username(), pw)
}

// unwrapURLError drops the *url.Error the client wraps its errors in: it
// repeats the method and URL, which FetchError already names.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}
