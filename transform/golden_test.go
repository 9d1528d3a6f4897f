package transform

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/newsetl/newsetl/internal/golden"
)

// goldenArticles are the press releases under testdata/golden, each with its
// publication date.
var goldenArticles = []struct {
	name      string
	published string
}{
	{"casc-chengtong-healthcare", "2017-08-15"},
	{"sasac-medical-institutions-reform", "2021-12-20"},
}

// TestGolden parses each testdata/golden/<name>.txt and compares the figures,
// as indented JSON, with <name>.golden.json. Run with -update to rewrite the
// golden files after checking the change by hand.
func TestGolden(t *testing.T) {
	for _, a := range goldenArticles {
		t.Run(a.name, func(t *testing.T) {
			in, err := os.ReadFile(filepath.Join("testdata", "golden", a.name+".txt"))
			if err != nil {
				t.Fatal(err)
			}
			figs := Parse(string(in), Options{Lang: "en", Published: mustDay(t, a.published)})
			for _, f := range figs {
				checkInvariants(t, string(in), f)
			}
			golden.JSON(t, filepath.Join("testdata", "golden", a.name+".golden.json"), figs)
		})
	}
}

// seedFigure is what a seed article must yield, independent of the golden
// files, so that a wrong -update is caught.
type seedFigure struct {
	value   float64
	kind    Kind
	subject string
	base    string
	period  string // as periodString writes it
}

func TestSeedFigures(t *testing.T) {
	const asOfNov2021 = "2021-11-30/2021-11-30 month asof"
	const asOfEnd2016 = "2016-12-31/2016-12-31 year asof"
	const fallback = "fallback 2021-12-20" // no period phrase: the publication day
	want := map[string][]seedFigure{
		"sasac-medical-institutions-reform": {
			{4, KindCount, "ways", "", "2017-01-01/2017-12-31 year"},
			{1154, KindCount, "medical institutions", "", asOfNov2021},
			{99.6, KindPercent, "the completion rate of the deepening reform of 1,154 medical institutions run by central enterprises", "", asOfNov2021},
			{228, KindCount, "medical institutions", "", asOfNov2021},
			{359, KindCount, "medical institutions", "", asOfNov2021},
			{202, KindCount, "medical institutions", "", asOfNov2021},
			{360, KindCount, "medical institutions", "", asOfNov2021},
			{157, KindCount, "medical institutions", "", fallback},
			{182, KindCount, "medical institutions", "", fallback},
			{27000, KindCount, "beds", "", fallback},
			{13330000, KindCount, "doctors and treatments", "", fallback},
			{21, KindCount, "medical institutions", "", fallback},
		},
		"casc-chengtong-healthcare": {
			{6.2, KindPercent, "China's healthcare expenditure", "the nation's GDP", asOfEnd2016},
			{9, KindPercent, "the average level of the world's developed countries", "the nation's GDP", asOfEnd2016},
		},
	}
	for _, a := range goldenArticles {
		in, err := os.ReadFile(filepath.Join("testdata", "golden", a.name+".txt"))
		if err != nil {
			t.Fatal(err)
		}
		figs := Parse(string(in), Options{Published: mustDay(t, a.published)})
		w := want[a.name]
		if len(figs) != len(w) {
			var got []fig
			for _, f := range figs {
				got = append(got, gotFig(f))
			}
			t.Fatalf("%s: %d figures, want %d:%s", a.name, len(figs), len(w), dump(got))
		}
		for i, f := range figs {
			g := seedFigure{f.Value, f.Kind, f.Subject, f.Base, periodString(f.Period)}
			if g != w[i] {
				t.Errorf("%s figure %d (%q):\n got  %+v\n want %+v", a.name, i, f.Text, g, w[i])
			}
			if f.Qualifier != "" {
				t.Errorf("%s figure %d (%q): qualifier %q, want none", a.name, i, f.Text, f.Qualifier)
			}
		}
	}
}
