package extract_test

// A source kind written against the Sink in a test file, with no change
// outside this file: docs/design.md ("Adding a source kind") walks through
// the same code. It reads a plain-text file of "YYYY value" lines into
// observations, and each line it cannot read is a page error naming the
// line.

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/newsetl/newsetl/config"
	"github.com/newsetl/newsetl/extract"
	"github.com/newsetl/newsetl/extract/extracttest"
	"github.com/newsetl/newsetl/transform/stats"
)

type linesOptions struct {
	URL       string `yaml:"url" required:"true"`
	Indicator string `yaml:"indicator" required:"true"`
	Unit      string `yaml:"unit"`
}

type linesSource struct {
	name  string
	opt   linesOptions
	fetch *extract.Fetcher
}

func init() {
	extract.Register("test-lines", func(src config.Source, f *extract.Fetcher) (extract.Extractor, error) {
		opt, err := extract.DecodeOptions[linesOptions](src)
		if err != nil {
			return nil, err
		}
		if _, err := extract.SourceURL("url", opt.URL); err != nil {
			return nil, src.Errorf("%v", err)
		}
		return &linesSource{name: src.Name, opt: opt, fetch: f}, nil
	})
}

func (s *linesSource) Extract(ctx context.Context, w extract.Window, sink extract.Sink) error {
	p, err := s.fetch.Fetch(ctx, extract.Request{URL: s.opt.URL})
	if err != nil {
		return fmt.Errorf("source %s: fetching %s: %w", s.name, s.opt.URL, err)
	}
	sink.PageFetched(p.URL)
	var obs []stats.Observation
	for i, line := range strings.Split(strings.TrimSpace(string(p.Body)), "\n") {
		year, value, ok := strings.Cut(strings.TrimSpace(line), " ")
		start, yerr := time.Parse("2006", year)
		v, verr := strconv.ParseFloat(value, 64)
		if !ok || yerr != nil || verr != nil {
			sink.PageError(fmt.Sprintf("%s#line-%d", p.URL, i+1), fmt.Errorf("source %s: %s: line %d: %q is not \"YYYY value\"", s.name, p.URL, i+1, line))
			continue
		}
		obs = append(obs, stats.Observation{Source: s.name, Dataset: s.name, IndicatorCode: s.opt.Indicator, IndicatorName: s.opt.Indicator,
			PeriodStart: start, PeriodEnd: start.AddDate(1, 0, -1), Granularity: stats.Year, PeriodText: year,
			Value: stats.Float(v), Unit: s.opt.Unit, Scale: 1, Raw: value, URL: p.URL, FetchedAt: p.FetchedAt})
	}
	if obs = w.Observations(obs); len(obs) == 0 {
		return nil
	}
	return sink.Observations(ctx, obs)
}

func TestANewKindNeedsOnlyItsOwnFolder(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "2019 6.6\n2020 n/a\n2021 6.2\n")
	}))
	defer srv.Close()
	src := optionsSource(t, "url: "+srv.URL+"/gdp.txt\nindicator: health_gdp_share\nunit: percent\n")
	src.Name, src.Kind = "lines", "test-lines"
	x, err := extract.Build(src, testFetcher(nil))
	if err != nil {
		t.Fatal(err)
	}
	rec := &extracttest.Recorder{}
	w := extract.Window{From: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)}
	if err := x.Extract(context.Background(), w, rec); err != nil {
		t.Fatal(err)
	}
	if len(rec.Obs) != 1 || rec.Obs[0].PeriodText != "2021" || *rec.Obs[0].Value != 6.2 || rec.Obs[0].Unit != "percent" {
		t.Errorf("observations = %+v, want only 2021 = 6.2 percent (2019 is outside the window)", rec.Obs)
	}
	if err := rec.Errs[srv.URL+"/gdp.txt#line-2"]; err == nil || !strings.Contains(err.Error(), `line 2: "2020 n/a"`) {
		t.Errorf("line 2's error = %v, want it named with its text", err)
	}
	if len(rec.Pages) != 1 || len(rec.Docs) != 0 {
		t.Errorf("pages %v, documents %d; want 1 page and no documents", rec.Pages, len(rec.Docs))
	}
	// A bad config fails at build, naming the source and the key.
	bad := optionsSource(t, "url: "+srv.URL+"/gdp.txt\n")
	bad.Name, bad.Kind = "lines", "test-lines"
	if _, err := extract.Build(bad, testFetcher(nil)); err == nil || !strings.Contains(err.Error(), `source lines: line 1: missing required key "indicator"`) {
		t.Errorf("build without indicator: %v", err)
	}
}
