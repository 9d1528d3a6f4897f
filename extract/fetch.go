package extract

import (
	"bytes"
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
	"unicode/utf8"

	"golang.org/x/net/html/charset"
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
// It is safe for concurrent use.
type Fetcher struct {
	client  *http.Client
	cfg     config.Fetch
	log     *slog.Logger
	mu      sync.Mutex
	perHost map[string]*rate.Limiter
	slots   map[string]chan struct{} // per host, cfg.MaxPerHost requests in flight
	robots  map[string]*robotsEntry
	pages   PageStates // nil: no conditional requests
}

// FetcherOption configures a Fetcher when it is built.
type FetcherOption func(*Fetcher)

// WithPageStates gives the Fetcher what earlier runs saw of each page, for
// FetchArticle's conditional requests.
func WithPageStates(ps PageStates) FetcherOption {
	return func(f *Fetcher) { f.pages = ps }
}

// NewFetcher builds a Fetcher from cfg (defaults already applied by config).
func NewFetcher(cfg config.Fetch, log *slog.Logger, opts ...FetcherOption) *Fetcher {
	if log == nil {
		log = slog.Default()
	}
	transport := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: cfg.ConnectTimeout, KeepAlive: 30 * time.Second}).DialContext,
		TLSHandshakeTimeout:   cfg.ConnectTimeout,
		ResponseHeaderTimeout: cfg.Timeout,
		MaxIdleConnsPerHost:   4,
		IdleConnTimeout:       90 * time.Second,
	}
	f := &Fetcher{
		client: &http.Client{
			Transport: transport,
			Timeout:   cfg.Timeout,
			CheckRedirect: func(req *http.Request, via []*http.Request) error {
				if len(via) >= 10 {
					return errors.New("stopped after 10 redirects")
				}
				if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
					return fmt.Errorf("redirect to unsupported scheme %q", req.URL.Scheme)
				}
				if allowed := allowedFrom(req.Context()); !HostAllowed(req.URL.Host, allowed) {
					return fmt.Errorf("refusing redirect: %w", errForeignHost(req.URL, allowed))
				}
				return nil
			},
		},
		cfg:     cfg,
		log:     log,
		perHost: map[string]*rate.Limiter{},
		robots:  map[string]*robotsEntry{},
		slots:   map[string]chan struct{}{},
	}
	for _, o := range opts {
		o(f)
	}
	return f
}

func (f *Fetcher) limiter(host string) *rate.Limiter {
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
// URL: an *HTTPError carries the status, ErrDisallowed a robots.txt refusal.
func (f *Fetcher) Fetch(ctx context.Context, r Request) (*Page, error) {
	rawURL := r.URL
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("parsing URL %q: %w", rawURL, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("fetching %s: unsupported scheme %q (only http and https)", rawURL, u.Scheme)
	}
	if !HostAllowed(u.Host, r.AllowedHosts) {
		return nil, fmt.Errorf("fetching %s: %w", rawURL, errForeignHost(u, r.AllowedHosts))
	}
	if err := f.checkRobots(ctx, u); err != nil {
		return nil, err
	}
	ctx = withAllowed(ctx, r.AllowedHosts)
	var lastErr error
	for attempt := 0; attempt <= f.cfg.Retries; attempt++ {
		if attempt > 0 {
			wait := backoff(f.cfg.RetryBackoff, attempt, lastErr)
			f.log.Debug("retrying", "url", rawURL, "attempt", attempt, "wait", wait, "err", lastErr)
			select {
			case <-ctx.Done():
				return nil, fmt.Errorf("fetching %s: %w (last error: %v)", rawURL, ctx.Err(), lastErr)
			case <-time.After(wait):
			}
		}
		page, err := f.once(ctx, u, r)
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

// slot returns the host's semaphore of MaxPerHost places.
func (f *Fetcher) slot(host string) chan struct{} {
	f.mu.Lock()
	defer f.mu.Unlock()
	s, ok := f.slots[host]
	if !ok {
		s = make(chan struct{}, max(1, f.cfg.MaxPerHost))
		f.slots[host] = s
	}
	return s
}

func (f *Fetcher) once(ctx context.Context, u *url.URL, r Request) (*Page, error) {
	slot := f.slot(u.Host)
	select {
	case slot <- struct{}{}:
		defer func() { <-slot }()
	case <-ctx.Done():
		return nil, fmt.Errorf("fetching %s: %w", u, ctx.Err())
	}
	if err := f.limiter(u.Host).Wait(ctx); err != nil {
		return nil, fmt.Errorf("fetching %s: %w", u, err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("fetching %s: %w", u, err)
	}
	req.Header.Set("User-Agent", f.cfg.UserAgent)
	req.Header.Set("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
	if r.ETag != "" {
		req.Header.Set("If-None-Match", r.ETag)
	}
	if r.LastModified != "" {
		req.Header.Set("If-Modified-Since", r.LastModified)
	}
	resp, err := f.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("fetching %s: %w", u, err)
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
		return nil, fmt.Errorf("reading %s: %w", u, err)
	}
	if int64(len(raw)) > f.cfg.MaxBodyBytes {
		return nil, fmt.Errorf("reading %s: body larger than the %d-byte limit (fetch.max_body_bytes)", u, f.cfg.MaxBodyBytes)
	}
	ct := resp.Header.Get("Content-Type")
	body, cs := raw, ""
	if !r.Raw {
		if body, cs, err = DecodeCharset(raw, ct); err != nil {
			return nil, fmt.Errorf("decoding %s: %w", u, err)
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

// DecodeCharset converts raw to UTF-8 using the Content-Type header, a BOM or
// a <meta charset> in the first 1024 bytes, in that order of precedence, and
// returns the name of the charset used.
//
// A header that says UTF-8 over bytes that are not UTF-8 is wrong (a GBK site
// behind a server that labels every page utf-8): then a <meta> charset in
// the page decides, and without one the page is refused rather than stored
// as mojibake.
func DecodeCharset(raw []byte, contentType string) ([]byte, string, error) {
	if isJSON(contentType) {
		// JSON is UTF-8 (RFC 8259): no guessing from the first kilobyte.
		if !utf8.Valid(raw) {
			return nil, "utf-8", errors.New("charset: JSON body is not valid UTF-8")
		}
		return raw, "utf-8", nil
	}
	enc, name, _ := charset.DetermineEncoding(raw, contentType)
	if name == "utf-8" || name == "" {
		if utf8.Valid(raw) {
			return raw, "utf-8", nil
		}
		label := metaCharset(raw)
		e, n := charset.Lookup(label)
		if e == nil || n == "utf-8" {
			return nil, "utf-8", errors.New("charset: body is not valid UTF-8 and no other charset is declared")
		}
		enc, name = e, n
	}
	out, err := io.ReadAll(enc.NewDecoder().Reader(bytes.NewReader(raw)))
	if err != nil {
		return nil, name, fmt.Errorf("charset %s: %w", name, err)
	}
	return out, name, nil
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
	if errors.Is(err, ErrDisallowed) {
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

// backoff waits first, 2×first, 4×first, ... with ±25 % jitter, or what the
// server's Retry-After asked for (capped at 5 minutes).
func backoff(first time.Duration, attempt int, lastErr error) time.Duration {
	var he *HTTPError
	if errors.As(lastErr, &he) && he.RetryAfter > 0 {
		return min(he.RetryAfter, 5*time.Minute)
	}
	base := first << (attempt - 1)
	jitter := time.Duration(rand.Int64N(int64(base)/2)) - base/4
	return base + jitter
}
