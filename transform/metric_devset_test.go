package transform

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/newsetl/newsetl/internal/devset"
)

// TestMetricKeysOnTheFiguresDevSet runs the parser and Annotate over the
// 767 inputs of the figures dev set (Recognizers-Text specs: made-up
// strings, URLs, written numbers) and checks what any key must be: no
// spaces or marks, at most four words, no bare number, and no entity from
// text that names none.
func TestMetricKeysOnTheFiguresDevSet(t *testing.T) {
	f, err := os.Open(filepath.Join(devset.Dir(t, "figures"), "cases.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	cases, keys := 0, 0
	for sc.Scan() {
		var c struct{ ID, Input, Lang string }
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			t.Fatal(err)
		}
		cases++
		figs := Parse(c.Input, Options{Lang: c.Lang})
		for i, a := range DefaultMetrics.Annotate(c.Input, figs) {
			if a.Metric == "" {
				continue
			}
			keys++
			base := a.Metric
			for _, suf := range []string{"_growth", "_change", "_share", "_ratio"} {
				base = strings.TrimSuffix(base, suf)
			}
			if strings.ContainsAny(a.Metric, " \t%=&/()") || strings.Count(base, "_") > 3 && !strings.Contains(base, "_share_of_") ||
				strings.Trim(base, zhNumerals+"0123456789_") == "" || !utf8.ValidString(a.Metric) {
				t.Errorf("%s: %q (subject %q): metric %q is no key", c.ID, figs[i].Text, figs[i].Subject, a.Metric)
			}
			if a.Entity != "" && !strings.Contains(c.Input, a.Entity) {
				t.Errorf("%s: entity %q is not in the text %q", c.ID, a.Entity, c.Input)
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if cases < 700 {
		t.Errorf("read %d cases, want the 767 of the dev set", cases)
	}
	t.Logf("%d cases, %d figures with a metric", cases, keys)
}
