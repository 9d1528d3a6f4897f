package config

import (
	"strings"
	"testing"
)

func TestStoriesAndPublisherKeys(t *testing.T) {
	none := func(string) (string, bool) { return "", false }
	f, err := Parse([]byte(`stories:
  window_days: 5
  min_shared: 4
  min_overlap: 0.75
sources:
  - name: sasac-en
    kind: html
    publisher: sasac.gov.cn
    list_url: http://127.0.0.1:18180/sasac/en/index.html
`), "s.yaml", none)
	if err != nil {
		t.Fatal(err)
	}
	if f.Stories != (Stories{WindowDays: 5, MinShared: 4, MinOverlap: 0.75}) || f.Sources[0].Publisher != "sasac.gov.cn" {
		t.Errorf("stories %+v, publisher %q", f.Stories, f.Sources[0].Publisher)
	}
	// publisher is a common key: the kind never sees it in its options.
	for _, kv := range f.Sources[0].Options.Content {
		if kv.Value == "publisher" {
			t.Error("publisher left in the kind's options")
		}
	}
	for _, tc := range []struct{ yaml, want string }{
		{"stories:\n  window: 3\n", `line 2: unknown key "window"`},
		{"sources:\n  - name: a\n    kind: html\n    publisher: [a, b]\n", "publisher must be a string"},
	} {
		if _, err := Parse([]byte(tc.yaml), "bad.yaml", none); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want one saying %q", tc.yaml, err, tc.want)
		}
	}
}
