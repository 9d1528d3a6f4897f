// Package extract fetches documents from configured sources.
//
// A source kind (extract/html, ...) registers a Factory under its kind name;
// Build turns a config.Source into an Extractor without any network I/O, so a
// bad config fails at start-up. Every kind fetches through the one Fetcher,
// which owns politeness, retries, size limits and charset decoding.
package extract

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"net/url"
	"strings"
	"time"

	"github.com/newsetl/newsetl/transform/stats"
)

// Document is one article as a source yields it: text already decoded to
// UTF-8, paragraphs separated by "\n".
type Document struct {
	Source      string
	URL         string // canonical URL
	Title       string
	PublishedAt time.Time
	DateSource  string // where PublishedAt was read: one of the Date* constants, "" when not known
	Lang        string
	Text        string
	FetchedAt   time.Time
	// CharsetMismatch is the charset the page declared (its header or
	// <meta>: "windows-1252", "gbk") when its bytes were valid UTF-8 and
	// were read as UTF-8 instead; "" when the page's bytes were what it
	// declared. The run counts such pages (ingest_runs.charset_mismatches).
	CharsetMismatch string
	// Page is the state of the page the document was read from, stored
	// with the document so that the next run can ask for it conditionally;
	// nil when the document has no page of its own (a feed item read from
	// the feed).
	Page *PageState
}

// DeclaredCharset returns the charset a page declared when its body was
// read as UTF-8 in spite of it (a Page.Charset of "utf-8 (declared gbk)"
// gives "gbk"), or "" when the body was decoded as declared.
func DeclaredCharset(pageCharset string) string {
	i := strings.Index(pageCharset, MismatchSuffix)
	if i < 0 {
		return ""
	}
	return strings.TrimSuffix(pageCharset[i+len(MismatchSuffix):], ")")
}

// ID is the document's stable identity: a hash of its canonical URL.
func (d Document) ID() uint64 { return URLID(d.URL) }

// ContentHash changes whenever what a reader sees changes: title, date or text.
func (d Document) ContentHash() string {
	h := sha256.New()
	h.Write([]byte(d.Title))
	h.Write([]byte{0})
	h.Write([]byte(d.PublishedAt.UTC().Format(time.RFC3339)))
	h.Write([]byte{0})
	h.Write([]byte(d.Text))
	var sum [sha256.Size]byte
	return hexString(h.Sum(sum[:0])[:16])
}

// URLID hashes a canonical URL into a 64-bit id.
func URLID(canonical string) uint64 {
	sum := sha256.Sum256([]byte(canonical))
	return binary.BigEndian.Uint64(sum[:8])
}

// Canonical normalises a URL for identity: lower-case scheme and host, no
// fragment, no default port, "/" for an empty path, and no tracking
// parameters (utm_*, fbclid, gclid, ...; see isTrackingParam), so the same
// article shared through two campaigns is one article.
func Canonical(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return strings.TrimSpace(raw)
	}
	dropTracking(u)
	u.Scheme = strings.ToLower(u.Scheme)
	u.Host = strings.ToLower(u.Host)
	if (u.Scheme == "http" && strings.HasSuffix(u.Host, ":80")) || (u.Scheme == "https" && strings.HasSuffix(u.Host, ":443")) {
		u.Host = u.Host[:strings.LastIndexByte(u.Host, ':')]
	}
	u.Fragment = ""
	u.RawFragment = ""
	if u.Path == "" {
		u.Path = "/"
	}
	return u.String()
}

func hexString(b []byte) string {
	const digits = "0123456789abcdef"
	out := make([]byte, len(b)*2)
	for i, c := range b {
		out[2*i] = digits[c>>4]
		out[2*i+1] = digits[c&15]
	}
	return string(out)
}

// Window bounds an extraction by publication date: From inclusive, To
// exclusive. A zero From or To leaves that side open; the zero Window is a
// nightly run that takes whatever the source lists now.
type Window struct {
	From, To time.Time
}

// Contains reports whether t falls inside the window.
func (w Window) Contains(t time.Time) bool {
	return (w.From.IsZero() || !t.Before(w.From)) && (w.To.IsZero() || t.Before(w.To))
}

// Observations keeps the observations whose period overlaps the window:
// it drops those that end before From or start at or after To.
func (w Window) Observations(obs []stats.Observation) []stats.Observation {
	if w.Open() {
		return obs
	}
	kept := obs[:0:0]
	for _, o := range obs {
		if (!w.From.IsZero() && o.PeriodEnd.Before(w.From)) || (!w.To.IsZero() && !o.PeriodStart.Before(w.To)) {
			continue
		}
		kept = append(kept, o)
	}
	return kept
}

// Open reports whether the window is unbounded on both sides.
func (w Window) Open() bool { return w.From.IsZero() && w.To.IsZero() }

func (w Window) String() string {
	f := func(t time.Time) string {
		if t.IsZero() {
			return "…"
		}
		return t.Format("2006-01-02")
	}
	return "[" + f(w.From) + ", " + f(w.To) + ")"
}

// Extractor is a built source.
type Extractor interface {
	// Extract fetches the source's documents (or observations) published
	// inside w and hands each to sink. It returns an error only when the
	// source as a whole failed (its list page could not be fetched, the sink
	// refused a document, ctx ended); failures of single pages go to
	// sink.PageError.
	Extract(ctx context.Context, w Window, sink Sink) error
}

// Granularity is how finely a source can be asked for a date range:
// what a backfill splits its window by.
type Granularity string

const (
	ByDay   Granularity = "day"
	ByMonth Granularity = "month"
)

// Partitioner is implemented by extractors that know how finely their
// listing can be bounded by date (a {date} URL template allows days; a
// paginated list is walked once per month).
type Partitioner interface {
	Partition() Granularity
}
