package extract_test

import (
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/newsetl/newsetl/config"
	"github.com/newsetl/newsetl/extract"
)

type testOptions struct {
	URL   string `yaml:"url" required:"true"`
	Pages int    `yaml:"pages"`
}

func optionsSource(t *testing.T, opts string) config.Source {
	t.Helper()
	src := config.Source{Name: "s", Kind: "k", File: "sources.yaml", Line: 7}
	if opts != "" {
		var n yaml.Node
		if err := yaml.Unmarshal([]byte(opts), &n); err != nil {
			t.Fatal(err)
		}
		src.Options = n.Content[0]
	}
	return src
}

func TestDecodeOptions(t *testing.T) {
	opt, err := extract.DecodeOptions[testOptions](optionsSource(t, "url: http://x/\npages: 3\n"))
	if err != nil || opt != (testOptions{URL: "http://x/", Pages: 3}) {
		t.Errorf("DecodeOptions = %+v, %v", opt, err)
	}
	// No options at all: the zero value, as config.DecodeStrict leaves it.
	if opt, err := extract.DecodeOptions[testOptions](optionsSource(t, "")); err != nil || opt != (testOptions{}) {
		t.Errorf("no options: %+v, %v", opt, err)
	}
	for opts, want := range map[string]string{
		"url: http://x/\npage: 3\n": `config sources.yaml: line 7: source s: line 2: unknown key "page" (known: pages, url)`,
		"pages: 3\n":                `config sources.yaml: line 7: source s: line 1: missing required key "url"`,
	} {
		opt, err := extract.DecodeOptions[testOptions](optionsSource(t, opts))
		if err == nil || err.Error() != want {
			t.Errorf("%q: err = %v, want %q", opts, err, want)
		}
		if opt != (testOptions{}) {
			t.Errorf("%q: options %+v returned with the error, want the zero value", opts, opt)
		}
	}
}
