package schedules_test

import (
	"strings"
	"testing"
	"time"

	"github.com/newsetl/newsetl/extract"
	"github.com/newsetl/newsetl/schedules"
	"github.com/newsetl/newsetl/transform"
)

// TestFactsCarryMetricAndEntity: the Figure → Fact mapping fills Metric
// and Entity from the parser's table, and the version names the table.
func TestFactsCarryMetricAndEntity(t *testing.T) {
	d := extract.Document{Source: "sasac-zh", URL: "https://www.sasac.example/a.html", Lang: "zh",
		PublishedAt: time.Date(2021, 12, 20, 0, 0, 0, 0, time.UTC),
		Text:        "华润集团构建专业化运营管理体系，实现价值增值赋能，拥有医疗机构182家、床位2.7万张。"}
	got := map[string][2]string{}
	for _, f := range schedules.Facts(d, 1, "h", 1) {
		got[f.Figure] = [2]string{f.Metric, f.Entity}
		if f.ParserVersion != schedules.CurrentParser.Version {
			t.Errorf("%s: parser version %q, want %q", f.Figure, f.ParserVersion, schedules.CurrentParser.Version)
		}
	}
	want := map[string][2]string{"182": {"medical_institution", "华润集团"}, "2.7万": {"bed", "华润集团"}}
	for fig, w := range want {
		if got[fig] != w {
			t.Errorf("%s: metric, entity = %q, want %q", fig, got[fig], w)
		}
	}
	if !strings.HasPrefix(schedules.CurrentParser.Version, transform.ParserVersion+"+m.") ||
		!strings.HasSuffix(schedules.CurrentParser.Version, transform.DefaultMetrics.Hash()) {
		t.Errorf("current parser version %q does not name the parser %s and the table %s",
			schedules.CurrentParser.Version, transform.ParserVersion, transform.DefaultMetrics.Hash())
	}
	moved, err := transform.WithDefaults([]byte("institution_count: [医疗机构]\n"))
	if err != nil {
		t.Fatal(err)
	}
	p := schedules.NewParser(moved)
	for _, f := range p.Facts(d, 1, "h", 1) {
		if f.Figure == "182" && f.Metric != "institution_count" {
			t.Errorf("with a user table 182 has metric %q, want institution_count", f.Metric)
		}
	}
}
