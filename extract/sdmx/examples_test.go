package sdmx_test

import (
	"testing"

	"github.com/newsetl/newsetl/config"
	"github.com/newsetl/newsetl/extract"
	_ "github.com/newsetl/newsetl/extract/csv"
	_ "github.com/newsetl/newsetl/extract/jsonapi"
	_ "github.com/newsetl/newsetl/extract/xlsx"
)

// Every source of examples/statistics.yaml builds: its options are valid
// (nothing is fetched).
func TestStatisticsExamplesBuild(t *testing.T) {
	cfg, err := config.Load("../../examples/statistics.yaml", func(string) (string, bool) { return "", false })
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for _, src := range cfg.Sources {
		if _, err := extract.Build(src, fetcher()); err != nil {
			t.Errorf("%s: %v", src.Name, err)
		}
		kinds[src.Kind]++
	}
	if kinds["sdmx"] != 4 || kinds["csv"] < 1 || kinds["xlsx"] < 1 || kinds["json"] < 1 {
		t.Errorf("kinds = %v, want four sdmx sources (Eurostat, ECB, OECD, IMF) and one of each other kind", kinds)
	}
}
