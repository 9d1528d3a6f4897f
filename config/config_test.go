package config_test

import (
	"strings"
	"testing"
	"time"

	"github.com/newsetl/newsetl/config"
)

func env(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

const good = `
clickhouse:
  addr: ${CH_ADDR:-127.0.0.1:19000}
  database: news
  password_env: CH_PASSWORD
fetch:
  timeout: 5s
sources:
  - name: a
    kind: html
    lang: en
    schedule: "0 2 * * *"
    list_url: ${SITE}/list.html
    selectors:
      links: a
  - name: b
    kind: html
    list_url: http://example.org/
`

func TestParseGood(t *testing.T) {
	f, err := config.Parse([]byte(good), "good.yaml", env(map[string]string{"SITE": "http://127.0.0.1:8080", "CH_PASSWORD": "s3cret"}))
	if err != nil {
		t.Fatal(err)
	}
	if f.ClickHouse.Addr != "127.0.0.1:19000" || f.ClickHouse.Database != "news" || f.ClickHouse.Password != "s3cret" {
		t.Errorf("clickhouse = %+v", f.ClickHouse)
	}
	if f.ClickHouse.Username != "default" || f.ClickHouse.BatchSize != config.DefaultBatchSize {
		t.Errorf("defaults not applied: %+v", f.ClickHouse)
	}
	if f.Fetch.Timeout != 5*time.Second || f.Fetch.RequestsPerSecond != 1 || f.Fetch.MaxBodyBytes != 10<<20 {
		t.Errorf("fetch = %+v", f.Fetch)
	}
	if len(f.Sources) != 2 {
		t.Fatalf("got %d sources, want 2", len(f.Sources))
	}
	a := f.Sources[0]
	if a.Name != "a" || a.Kind != "html" || a.Lang != "en" || a.Schedule != "0 2 * * *" || a.Line != 9 {
		t.Errorf("source a = %+v", a)
	}
	var opt struct {
		ListURL   string `yaml:"list_url"`
		Selectors struct {
			Links string `yaml:"links"`
		} `yaml:"selectors"`
	}
	if err := config.DecodeStrict(a.Options, &opt); err != nil {
		t.Fatal(err)
	}
	if opt.ListURL != "http://127.0.0.1:8080/list.html" || opt.Selectors.Links != "a" {
		t.Errorf("options = %+v", opt)
	}
	if f.Sources[1].Schedule != config.DefaultSchedule {
		t.Errorf("default schedule = %q", f.Sources[1].Schedule)
	}
}

func TestParseErrors(t *testing.T) {
	cases := []struct {
		name, yaml string
		want       []string // substrings of the error
	}{
		{"unknown top key", "clickhose: {}\n", []string{"line 1", `unknown key "clickhose"`}},
		{"unknown clickhouse key", "clickhouse:\n  adr: x\n", []string{"line 2", `unknown key "adr"`, "known: addr"}},
		{"missing name", "sources:\n  - kind: html\n", []string{"line 2", `missing required key "name"`}},
		{"missing kind", "sources:\n  - name: x\n", []string{"source x", `missing required key "kind"`}},
		{"duplicate name", "sources:\n  - {name: x, kind: html}\n  - {name: x, kind: html}\n", []string{"line 3", "name already used at line 2"}},
		{"unset variable", "clickhouse:\n  addr: ${NOPE}\n", []string{"line 2", "NOPE is not set"}},
		{"bad duration", "fetch:\n  timeout: soon\n", []string{"soon"}},
		{"sources not a list", "sources: {}\n", []string{"sources must be a list"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := config.Parse([]byte(c.yaml), "bad.yaml", env(nil))
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
			if !strings.Contains(err.Error(), "bad.yaml") {
				t.Errorf("error %q does not name the file", err)
			}
		})
	}
}

func TestDecodeStrictNestedAndRequired(t *testing.T) {
	type sel struct {
		Links string `yaml:"links" required:"true"`
	}
	type opts struct {
		URL       string `yaml:"url" required:"true"`
		Selectors sel    `yaml:"selectors"`
	}
	f, err := config.Parse([]byte("sources:\n  - name: s\n    kind: k\n    url: u\n    selectors:\n      link: x\n"), "c.yaml", env(nil))
	if err != nil {
		t.Fatal(err)
	}
	var o opts
	err = config.DecodeStrict(f.Sources[0].Options, &o)
	if err == nil || !strings.Contains(err.Error(), `unknown key "selectors.link"`) || !strings.Contains(err.Error(), "line 6") {
		t.Fatalf("err = %v, want unknown selectors.link at line 6", err)
	}
	f, _ = config.Parse([]byte("sources:\n  - name: s\n    kind: k\n    url: u\n"), "c.yaml", env(nil))
	err = config.DecodeStrict(f.Sources[0].Options, &o)
	if err == nil || !strings.Contains(err.Error(), `missing required key "selectors.links"`) {
		t.Fatalf("err = %v, want missing selectors.links", err)
	}
	srcErr := f.Sources[0].Errorf("bad %s", "thing")
	if srcErr.Error() != "config c.yaml: line 2: source s: bad thing" {
		t.Errorf("Errorf = %q", srcErr)
	}
}

func TestExpand(t *testing.T) {
	cases := []struct{ in, want, err string }{
		{"a: ${X}", "a: 1", ""},
		{"a: ${Y:-def}", "a: def", ""},
		{"a: ${E:-def}", "a: def", ""}, // set but empty takes the default
		{"a: $$X and $5", "a: $X and $5", ""},
		{"a: ${X", "", "unterminated"},
		{"a: ${1X}", "", "bad variable reference"},
		{"a:\n b: ${MISSING}", "", "line 2: environment variable MISSING is not set"},
	}
	for _, c := range cases {
		got, err := config.Expand([]byte(c.in), env(map[string]string{"X": "1", "E": ""}))
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("Expand(%q) err = %v, want %q", c.in, err, c.err)
			}
			continue
		}
		if err != nil || string(got) != c.want {
			t.Errorf("Expand(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
}

func TestExpandSkipsCommentsAndKeepsTypes(t *testing.T) {
	raw := "# use ${ANYTHING} in values\nfetch:\n  timeout: ${T:-7s}  # ${NOT_A_REFERENCE}\n  retries: ${R}\n"
	f, err := config.Parse([]byte(raw), "c.yaml", env(map[string]string{"R": "4"}))
	if err != nil {
		t.Fatal(err)
	}
	if f.Fetch.Timeout != 7*time.Second || f.Fetch.Retries != 4 {
		t.Errorf("fetch = %+v, want timeout 7s and 4 retries", f.Fetch)
	}
	_, err = config.Parse([]byte("fetch:\n  user_agent: x\n  timeout: ${MISSING}\n"), "c.yaml", env(nil))
	if err == nil || !strings.Contains(err.Error(), "line 3: environment variable MISSING is not set") {
		t.Errorf("err = %v, want line 3", err)
	}
}

// Keys of an `,inline` struct are keys of the outer one, checked strictly.
func TestDecodeStrictInline(t *testing.T) {
	type inner struct {
		Body string `yaml:"body" required:"true"`
	}
	type Outer struct {
		Links string `yaml:"links"`
		Inner inner  `yaml:",inline"`
	}
	f, _ := config.Parse([]byte("sources:\n  - {name: s, kind: k, links: a, body: b}\n  - {name: t, kind: k, links: a, bodi: b}\n"), "c.yaml", env(nil))
	var o Outer
	if err := config.DecodeStrict(f.Sources[0].Options, &o); err != nil || o.Inner.Body != "b" || o.Links != "a" {
		t.Fatalf("inline decode: %+v, %v", o, err)
	}
	err := config.DecodeStrict(f.Sources[1].Options, &Outer{})
	if err == nil || !strings.Contains(err.Error(), `unknown key "bodi"`) || !strings.Contains(err.Error(), "body") {
		t.Errorf("err = %v, want unknown bodi with body among the known keys", err)
	}
}
