package main

import (
	"crypto/sha256"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// site is one host of the generated news site: sources s0…, each a feed
// of articles whose text carries its revision number. revise changes a
// share of the articles; a 503 window answers every request, robots.txt
// included, with 503.
type site struct {
	mu        sync.Mutex
	sources   []string
	articles  int                  // per source
	revision  map[string]int       // by path
	revisedAt map[string]time.Time // by path
	down      bool                 // a 503 window
	requests  map[string]int       // by kind: robots, feed, article, 503, 304
	rng       *rand.Rand
	host      string // host:port, set once it listens
}

func newSite(sources []string, articles int, seed uint64) *site {
	s := &site{sources: sources, articles: articles, revision: map[string]int{}, revisedAt: map[string]time.Time{},
		requests: map[string]int{}, rng: rand.New(rand.NewPCG(seed, 17))}
	for _, src := range sources {
		for i := 0; i < articles; i++ {
			s.revision[articlePath(src, i)] = 1
		}
	}
	return s
}

func articlePath(source string, i int) string { return fmt.Sprintf("/%s/news/%03d.html", source, i) }

// revise gives share of the articles a new revision and returns how many.
func (s *site) revise(share float64) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for path := range s.revision {
		if s.rng.Float64() < share {
			s.revision[path]++
			s.revisedAt[path] = time.Now()
			n++
		}
	}
	return n
}

func (s *site) setDown(down bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.down = down
}

// snapshot returns every article's revision and when it was last revised.
func (s *site) snapshot() (map[string]int, map[string]time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rev, at := map[string]int{}, map[string]time.Time{}
	for k, v := range s.revision {
		rev[k] = v
	}
	for k, v := range s.revisedAt {
		at[k] = v
	}
	return rev, at
}

func (s *site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.down {
		s.requests["503"]++
		http.Error(w, "maintenance", http.StatusServiceUnavailable)
		return
	}
	switch {
	case r.URL.Path == "/robots.txt":
		s.requests["robots"]++
		w.Header().Set("Cache-Control", "max-age=300")
		fmt.Fprint(w, "User-agent: *\nDisallow: /private/\n")
	case strings.HasSuffix(r.URL.Path, "/feed.xml"):
		s.requests["feed"]++
		s.feed(w, strings.Trim(strings.TrimSuffix(r.URL.Path, "/feed.xml"), "/"))
	default:
		rev, ok := s.revision[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		etag := fmt.Sprintf(`"%x"`, sha256.Sum256([]byte(r.URL.Path+strconv.Itoa(rev))))
		if r.Header.Get("If-None-Match") == etag {
			s.requests["304"]++
			w.WriteHeader(http.StatusNotModified)
			return
		}
		s.requests["article"]++
		w.Header().Set("ETag", etag)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, page(r.URL.Path, rev))
	}
}

func (s *site) feed(w http.ResponseWriter, source string) {
	w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>` + source + `</title><link>http://` + source + `/</link><description>soak</description>`)
	base := time.Date(2026, 1, 1, 8, 0, 0, 0, time.UTC)
	for i := 0; i < s.articles; i++ {
		fmt.Fprintf(&b, `<item><title>Report %d</title><link>%s</link><pubDate>%s</pubDate></item>`,
			i, "{{base}}"+articlePath(source, i), base.AddDate(0, 0, i).Format(time.RFC1123Z))
	}
	b.WriteString(`</channel></rss>`)
	fmt.Fprint(w, strings.ReplaceAll(b.String(), "{{base}}", "http://"+s.host))
}

// page is an article: its figures and the revision it is at.
func page(path string, rev int) string {
	h := sha256.Sum256([]byte(path))
	base := int(h[0])*100 + int(h[1])
	return fmt.Sprintf(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Report %s</title>
<meta property="article:published_time" content="2026-01-15T08:00:00Z"></head><body>
<header><nav><a href="/">Home</a></nav></header>
<article><h1>Monthly report %s</h1>
<p>This is revision %d of the report. In 2025 the bureau counted %d hospitals, up %d.%d percent from a year earlier, and %d,%03d beds.</p>
<p>Revenue of the sector reached %d.%d billion yuan in 2025, the bureau said, while the number of doctors rose to %d,%03d.</p>
<p>The figures are preliminary and may be revised when the annual survey is complete; the bureau publishes its final count in March.</p>
</article><footer>© soak</footer></body></html>`,
		path, path, rev, base+rev, rev%9+1, rev%10, 27+rev, base%1000, 100+rev, rev%10, 40+rev%50, (base+rev)%1000)
}
