package extract_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/newsetl/newsetl/config"
	"github.com/newsetl/newsetl/extract"
	_ "github.com/newsetl/newsetl/extract/csv"
	"github.com/newsetl/newsetl/extract/extracttest"
	_ "github.com/newsetl/newsetl/extract/feed"
	_ "github.com/newsetl/newsetl/extract/html"
	_ "github.com/newsetl/newsetl/extract/jsonapi"
	_ "github.com/newsetl/newsetl/extract/table"
)

// loadSource parses a one-source config the way newsetl reads its file.
func loadSource(t *testing.T, body string) config.Source {
	t.Helper()
	cfg, err := config.Parse([]byte("sources:\n  - name: s\n"+body), "test.yaml", func(string) (string, bool) { return "", false })
	if err != nil {
		t.Fatalf("config: %v\n%s", err, body)
	}
	return cfg.Sources[0]
}

// Every kind fetches its configured URL through the one egress policy: a
// redirect to another port of the same host, to another host, or to the
// same port by another name (localhost for 127.0.0.1) is refused before
// the target sees a request, and the error names the target and reason.
func TestRedirectsRefusedFromEachKind(t *testing.T) {
	var otherHits, homeTargetHits atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		otherHits.Add(1)
		w.Write([]byte("SELECT 1 answered by another service"))
	}))
	defer other.Close()
	var target atomic.Value
	home := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt":
			http.NotFound(w, r)
		case "/start":
			http.Redirect(w, r, target.Load().(string), http.StatusFound)
		default:
			homeTargetHits.Add(1)
			w.Write([]byte("must not be fetched"))
		}
	}))
	defer home.Close()
	otherPort := strings.TrimPrefix(other.URL, "http://")
	homePort := home.URL[strings.LastIndex(home.URL, ":")+1:]

	kinds := []struct{ kind, opts string }{
		{"html", "list_url: %s/start\n    selectors:\n      links: a\n"},
		{"feed", "feed_url: %s/start\n"},
		{"csv", "url: %s/start\n    dataset: d\n    columns:\n      period: p\n      value: v\n      indicator: i\n"},
		{"table", "url: %s/start\n    dataset: d\n    table: table\n"},
		{"json", "url: %s/start\n    dataset: d\n    format: worldbank\n"},
	}
	targets := []struct{ name, url, want string }{
		{"another port of the same host", other.URL + "/x", otherPort},
		{"another host", "http://intranet.example/x", "intranet.example:80"},
		{"localhost for 127.0.0.1", "http://localhost:" + homePort + "/x", "localhost:" + homePort},
	}
	f := extract.NewFetcher(config.Fetch{UserAgent: "t", Timeout: 2 * time.Second, RequestsPerSecond: 1000,
		RetryBackoff: time.Millisecond, MaxBodyBytes: 1 << 20}, nil)
	for _, k := range kinds {
		for _, tg := range targets {
			t.Run(k.kind+"/"+tg.name, func(t *testing.T) {
				target.Store(tg.url)
				src := loadSource(t, fmt.Sprintf("    kind: %s\n    allow_private: true\n    ", k.kind)+fmt.Sprintf(k.opts, home.URL))
				x, err := extract.Build(src, f)
				if err != nil {
					t.Fatal(err)
				}
				rec := &extracttest.Recorder{}
				err = x.Extract(context.Background(), extract.Window{}, rec)
				if err == nil {
					err = errors.Join(rec.Errors...)
				}
				if !errors.Is(err, extract.ErrEgress) || !strings.Contains(err.Error(), tg.want) ||
					!strings.Contains(err.Error(), "refusing redirect") {
					t.Fatalf("err = %v, want a refused redirect naming %s", err, tg.want)
				}
				if u := extract.ErrorURL(err); !strings.HasPrefix(u, home.URL+"/start") {
					t.Errorf("ErrorURL = %q, want the configured URL %s (the list page)", u, home.URL+"/start")
				}
			})
		}
	}
	if otherHits.Load() != 0 || homeTargetHits.Load() != 0 {
		t.Errorf("redirect targets were requested: other port %d, same port %d", otherHits.Load(), homeTargetHits.Load())
	}
}

// Links found on a page pass the same policy: an article link to another
// port of the list page's host is refused and recorded as a page error.
func TestArticleLinkToAnotherPortRefused(t *testing.T) {
	var otherHits atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { otherHits.Add(1) }))
	defer other.Close()
	home := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/list.html" {
			fmt.Fprintf(w, `<html><body><a href="%s/query?q=SELECT+1">x</a></body></html>`, other.URL)
			return
		}
		http.NotFound(w, r)
	}))
	defer home.Close()
	src := loadSource(t, "    kind: html\n    allow_private: true\n    list_url: "+home.URL+"/list.html\n    selectors:\n      links: a\n")
	x, err := extract.Build(src, extract.NewFetcher(config.Fetch{UserAgent: "t", Timeout: 2 * time.Second,
		RequestsPerSecond: 1000, MaxBodyBytes: 1 << 20}, nil))
	if err != nil {
		t.Fatal(err)
	}
	rec := &extracttest.Recorder{}
	_ = x.Extract(context.Background(), extract.Window{}, rec)
	link := other.URL + "/query?q=SELECT+1"
	if err := rec.Errs[link]; !errors.Is(err, extract.ErrEgress) {
		t.Fatalf("page error of %s = %v (all: %v), want an egress refusal", link, err, rec.Errs)
	}
	if otherHits.Load() != 0 {
		t.Errorf("the other port was requested %d times", otherHits.Load())
	}
}

// dialRecorder keeps what a Fetcher's dialers were asked to connect to.
type dialRecorder struct {
	mu    sync.Mutex
	dials []string
	errs  []error
}

func (d *dialRecorder) hook(address string, err error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.dials = append(d.dials, address)
	d.errs = append(d.errs, err)
}

// A dial to the metadata address is refused by the dialer's Control, which
// runs before connect(2): no packet leaves, whether the address comes from
// the URL or a redirect, and even for a source allowed private addresses.
func TestDialToLinkLocalRefusedBeforeAnyPacket(t *testing.T) {
	home := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/start" {
			http.Redirect(w, r, "http://169.254.169.254/latest/meta-data/", http.StatusFound)
			return
		}
		http.NotFound(w, r)
	}))
	defer home.Close()
	for _, c := range []struct {
		name string
		opts []extract.FetcherOption
		src  string // "" : unscoped Fetcher, fetching the metadata URL directly
	}{
		{"direct, strict", nil, ""},
		{"direct, private allowed", []extract.FetcherOption{extract.AllowPrivate()}, ""},
		{"redirect from an allowed loopback page", nil,
			"    kind: html\n    allow_private: true\n    list_url: " + home.URL + "/start\n    allowed_domains: [169.254.169.254]\n    selectors:\n      links: a\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := extract.NewFetcher(config.Fetch{UserAgent: "t", Timeout: 2 * time.Second, RequestsPerSecond: 1000,
				MaxBodyBytes: 1 << 20}, nil, c.opts...)
			rec := &dialRecorder{}
			extract.SetDialHook(f, rec.hook)
			var err error
			if c.src == "" {
				_, err = f.Get(context.Background(), "http://169.254.169.254/latest/meta-data/")
			} else {
				x, berr := extract.Build(loadSource(t, c.src), f)
				if berr != nil {
					t.Fatal(berr)
				}
				err = x.Extract(context.Background(), extract.Window{}, &extracttest.Recorder{})
			}
			if !errors.Is(err, extract.ErrEgress) || !strings.Contains(err.Error(), "link-local") {
				t.Fatalf("err = %v, want the dialer's link-local refusal", err)
			}
			rec.mu.Lock()
			defer rec.mu.Unlock()
			saw := false
			for i, a := range rec.dials {
				if strings.HasPrefix(a, "169.254.169.254:") {
					saw = true
					if !errors.Is(rec.errs[i], extract.ErrEgress) {
						t.Errorf("dial to %s was let through", a)
					}
				}
			}
			if !saw {
				t.Errorf("the dial hook never saw 169.254.169.254 (dials %v)", rec.dials)
			}
		})
	}
}

// Without allow_private a loopback server is refused at dial time; with it
// (the source's key or the Fetcher's option) it is fetched.
func TestPrivateAddressesNeedTheOptIn(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("local")) }))
	defer srv.Close()
	cfg := config.Fetch{UserAgent: "t", Timeout: 2 * time.Second, RequestsPerSecond: 1000, MaxBodyBytes: 1 << 20}
	strict := extract.NewFetcher(cfg, nil)
	_, err := strict.Get(context.Background(), srv.URL+"/a")
	if !errors.Is(err, extract.ErrEgress) || !strings.Contains(err.Error(), "loopback") || !strings.Contains(err.Error(), "allow_private") {
		t.Fatalf("strict fetcher: err = %v, want a loopback refusal that names allow_private", err)
	}
	scoped := strict.ForSource(loadSource(t, "    kind: table\n    allow_private: true\n    url: "+srv.URL+"/a\n    dataset: d\n"))
	if p, err := scoped.Get(context.Background(), srv.URL+"/a"); err != nil || string(p.Body) != "local" {
		t.Fatalf("source with allow_private: %v", err)
	}
	// The strict source after the private one: its robots.txt verdict must not leak.
	if _, err := strict.Get(context.Background(), srv.URL+"/a"); !errors.Is(err, extract.ErrEgress) {
		t.Fatalf("strict fetcher after a private source: err = %v, want a refusal", err)
	}
}

func TestCheckDialAddr(t *testing.T) {
	for _, c := range []struct {
		addr                  string
		strictOK, privateOK   bool
		reasonWhenRefusedHint string
	}{
		{"93.184.216.34:80", true, true, ""},
		{"[2606:2800:220:1:248:1893:25c8:1946]:443", true, true, ""},
		{"127.0.0.1:8123", false, true, "loopback"},
		{"[::1]:80", false, true, "loopback"},
		{"[::ffff:127.0.0.1]:80", false, true, "loopback"},
		{"10.1.2.3:80", false, true, "private"},
		{"172.16.0.1:80", false, true, "private"},
		{"192.168.1.1:80", false, true, "private"},
		{"100.64.0.1:80", false, true, "private"},
		{"[fd00::1]:80", false, true, "private"},
		{"169.254.169.254:80", false, false, "link-local"},
		{"[fe80::1]:80", false, false, "link-local"},
		{"[64:ff9b::a9fe:a9fe]:80", false, false, "link-local"},
		{"0.0.0.0:80", false, false, "unspecified"},
		{"[::]:80", false, false, "unspecified"},
		{"224.0.0.1:80", false, false, "multicast"},
		{"[ff02::1]:80", false, false, "multicast"},
		{"255.255.255.255:80", false, false, "broadcast"},
		{"240.0.0.1:80", false, false, "reserved"},
		{"not-an-ip:80", false, false, "cannot read"},
	} {
		for _, private := range []bool{false, true} {
			err := extract.CheckDialAddr(c.addr, private)
			want := c.strictOK
			if private {
				want = c.privateOK
			}
			if (err == nil) != want {
				t.Errorf("CheckDialAddr(%s, private=%v) = %v, want ok %v", c.addr, private, err, want)
			}
			if err != nil && (!errors.Is(err, extract.ErrEgress) || !strings.Contains(err.Error(), c.reasonWhenRefusedHint)) {
				t.Errorf("CheckDialAddr(%s) = %v, want ErrEgress naming %q", c.addr, err, c.reasonWhenRefusedHint)
			}
		}
	}
}

func TestEgressHostAndPort(t *testing.T) {
	src := loadSource(t, "    kind: html\n    list_url: http://news.example.org:8080/list.html\n    allowed_domains: [example.org, cdn.example.net:8443]\n    selectors: {links: a}\n")
	allowed := []string{"example.org", "cdn.example.net:8443"}
	for _, c := range []struct {
		url string
		ok  bool
	}{
		{"http://news.example.org:8080/a", true},  // configured
		{"http://news.example.org/a", true},       // allowed domain, default port
		{"https://www.example.org/a", true},       // subdomain, 443
		{"http://example.org:8080/a", false},      // 8080 is configured for news.example.org only
		{"http://news.example.org:8123/a", false}, // another port of a configured host
		{"https://cdn.example.net:8443/x", true},  // explicit port
		{"https://cdn.example.net/x", false},      // the entry names 8443 only
		{"http://badexample.org/a", false},        // not a subdomain
		{"ftp://news.example.org:8080/a", false},  // scheme
		{"http://NEWS.Example.ORG.:8080/a", true}, // case and trailing dot
		{"http://[::1]:8080/a", false},            // another host
		{"http://user:pw@news.example.org:8080/a", true},
	} {
		err := extract.EgressCheck(src, c.url, allowed)
		if (err == nil) != c.ok {
			t.Errorf("%s: err = %v, want ok %v", c.url, err, c.ok)
		}
		if err != nil && !errors.Is(err, extract.ErrEgress) {
			t.Errorf("%s: %v does not wrap ErrEgress", c.url, err)
		}
	}
	// No allowed_domains and no redirect list (the table and csv kinds):
	// the configured host:port only.
	tbl := loadSource(t, "    kind: table\n    url: https://data.example.org/t.html\n    dataset: d\n")
	for u, ok := range map[string]bool{"https://data.example.org/other.html": true, "http://data.example.org/t.html": false,
		"https://www.data.example.org/t.html": false, "https://data.example.org:8443/t.html": false} {
		if err := extract.EgressCheck(tbl, u, nil); (err == nil) != ok {
			t.Errorf("table source, %s: err = %v, want ok %v", u, err, ok)
		}
	}
}

// FuzzEgressURL: the policy reads any URL and host list without
// panicking, and never allows a URL whose host:port is neither configured
// nor under an allowed host.
func FuzzEgressURL(f *testing.F) {
	for _, s := range []string{"http://127.0.0.1:8080/a", "https://user:pw@news.example.org/a", "http://[::1]:80/",
		"http://[fe80::1%25eth0]:80/", "HTTP://EXAMPLE.ORG./", "http://example.org:99999999/", "//x", "http://a@b@c/",
		"http://%zz/", "http://xn--fsqu00a.xn--0zwm56d/", "http://example.org:/", "http://[::ffff:169.254.169.254]/"} {
		f.Add(s, "example.org")
	}
	var n yaml.Node
	if err := yaml.Unmarshal([]byte("url: http://configured.example:8080/x\n"), &n); err != nil {
		f.Fatal(err)
	}
	src := config.Source{Name: "fuzz", Kind: "table", Options: n.Content[0]}
	f.Fuzz(func(t *testing.T, raw, allowed string) {
		hosts := strings.Split(allowed, ",")
		err := extract.EgressCheck(src, raw, hosts)
		_ = extract.HostAllowed(raw, hosts)
		_ = extract.CheckDialAddr(raw, false)
		if err != nil {
			return
		}
		u, perr := url.Parse(raw)
		if perr != nil {
			t.Fatalf("%q allowed but does not parse: %v", raw, perr)
		}
		if u.Scheme != "http" && u.Scheme != "https" {
			t.Fatalf("%q allowed with scheme %q", raw, u.Scheme)
		}
		h := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
		if h == "configured.example" {
			return
		}
		for _, a := range hosts {
			a = strings.ToLower(strings.TrimSpace(a))
			if ah, _, err := net.SplitHostPort(a); err == nil {
				a = ah
			}
			a = strings.TrimSuffix(strings.Trim(a, "[]"), ".")
			if a != "" && (h == a || strings.HasSuffix(h, "."+a)) {
				return
			}
		}
		t.Fatalf("%q allowed, but its host %q is neither configured nor under %q", raw, h, allowed)
	})
}
