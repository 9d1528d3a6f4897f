package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestParseCommand feeds `newsetl parse` JSON lines and compares its output
// lines, one per input line and in order; bad lines get an error line and
// the stream goes on. No ClickHouse is needed.
func TestParseCommand(t *testing.T) {
	in := strings.Join([]string{
		`{"id": 1, "text": "As of the end of November 2021, the completion rate reached 99.6%.", "lang": "en"}`,
		`{"id": "zh-1", "text": "截至2021年11月底，中央企业所办1154家医疗机构深化改革完成率达99.6%。", "lang": "zh"}`,
		`{"id": 3, "text": "全国居民人均可支配收入35128元，比上年增长9.1%。", "lang": ""}`,
		`{"id": 4, "text": "The meeting was held on November 20 in Beijing."}`,
		`{"id": 5, "text": "oops"`,
		`not json at all`,
		``,
		`{"id": 8, "text": 42}`,
		`{"id": 9}`,
		`{"id": 10, "text": "Revenue rose 5 percent.", "lang": "fr"}`,
		`{"id": {"doc": 11}, "text": "The city added 23,000 new jobs last year.", "published": "2021-12-20"}`,
		`{"id": 12, "text": "x", "published": "20 Dec"}`,
		`{"id": 13, "text": "Sales rose 5 percent."} {"id": 14}`,
	}, "\n")
	want := []string{
		`{"id":1,"figures":[{"text":"99.6%","value":99.6,"low":99.6,"high":99.6,"kind":"percent","unit":"percent","subject":"the completion rate","subject_head":"rate","base":"","qualifier":"","direction":"","change":false,"period_start":"2021-11-30","period_end":"2021-11-30","period_granularity":"month","as_of":true,"period_fallback":false,"period_text":"As of the end of November 2021","start":60,"end":65,"metric":"completion_rate"}]}`,
		`{"id":"zh-1","figures":[{"text":"1154","value":1154,"low":1154,"high":1154,"kind":"count","unit":"","subject":"医疗机构","subject_head":"医疗机构","base":"","qualifier":"","direction":"","change":false,"period_start":"2021-11-30","period_end":"2021-11-30","period_granularity":"month","as_of":true,"period_fallback":false,"period_text":"截至2021年11月底","start":18,"end":22,"metric":"medical_institution"},{"text":"99.6%","value":99.6,"low":99.6,"high":99.6,"kind":"percent","unit":"percent","subject":"中央企业所办1154家医疗机构深化改革完成率","subject_head":"完成率","base":"","qualifier":"","direction":"","change":false,"period_start":"2021-11-30","period_end":"2021-11-30","period_granularity":"month","as_of":true,"period_fallback":false,"period_text":"截至2021年11月底","start":35,"end":40,"metric":"completion_rate"}]}`,
		`{"id":3,"figures":[{"text":"35128元","value":35128,"low":35128,"high":35128,"kind":"amount","unit":"CNY","subject":"全国居民人均可支配收入","subject_head":"收入","base":"","qualifier":"","direction":"","change":false,"period_start":null,"period_end":null,"period_granularity":"","as_of":false,"period_fallback":false,"period_text":"","start":11,"end":17,"metric":"per_capita_disposable_income"},{"text":"9.1%","value":9.1,"low":9.1,"high":9.1,"kind":"percent","unit":"percent","subject":"全国居民人均可支配收入","subject_head":"收入","base":"","qualifier":"","direction":"up","change":true,"period_start":null,"period_end":null,"period_granularity":"","as_of":false,"period_fallback":false,"period_text":"","start":23,"end":27,"metric":"per_capita_disposable_income_growth"}]}`,
		`{"id":4,"figures":[]}`,
		`{"id":null,"error":"line 5: not a JSON object: unexpected EOF"}`,
		`{"id":null,"error":"line 6: not a JSON object: invalid character 'o' in literal null (expecting 'u')"}`,
		`{"id":8,"error":"line 8: json: cannot unmarshal number into Go struct field parseInput.text of type string"}`,
		`{"id":9,"error":"line 9: missing \"text\""}`,
		`{"id":10,"error":"line 10: lang \"fr\": want \"en\", \"zh\" or \"\" (detect)"}`,
		`{"id":{"doc":11},"figures":[{"text":"23,000","value":23000,"low":23000,"high":23000,"kind":"count","unit":"","subject":"new jobs","subject_head":"job","base":"","qualifier":"","direction":"","change":false,"period_start":"2020-01-01","period_end":"2020-12-31","period_granularity":"year","as_of":false,"period_fallback":false,"period_text":"last year","start":15,"end":21,"metric":"job"}]}`,
		`{"id":12,"error":"line 12: published \"20 Dec\": want YYYY-MM-DD"}`,
		`{"id":13,"error":"line 13: more than one JSON value on the line"}`,
	}
	var out bytes.Buffer
	if err := parseStream(context.Background(), strings.NewReader(in), &out); err != nil {
		t.Fatal(err)
	}
	got := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(got) != len(want) {
		t.Fatalf("%d output lines, want %d:\n%s", len(got), len(want), out.String())
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("line %d:\n got  %s\n want %s", i+1, got[i], want[i])
		}
	}
	// Offsets are code points into the text.
	var o parseOutput
	if err := json.Unmarshal([]byte(got[1]), &o); err != nil {
		t.Fatal(err)
	}
	text := []rune("截至2021年11月底，中央企业所办1154家医疗机构深化改革完成率达99.6%。")
	for _, f := range o.Figures {
		if string(text[f.Start:f.End]) != f.Text {
			t.Errorf("figure %q: text[%d:%d] = %q", f.Text, f.Start, f.End, string(text[f.Start:f.End]))
		}
	}
}

// TestParseCommandThroughRun runs `newsetl parse` as the binary would, with
// a long line and a line over the limit.
func TestParseCommandThroughRun(t *testing.T) {
	long := strings.Repeat("The hospital has 850 beds. ", 20000) // ~540 KB
	huge := strings.Repeat("x", maxParseLine+10)
	old := stdin
	defer func() { stdin = old }()
	stdin = strings.NewReader(`{"id":1,"text":"` + long + `"}` + "\n" + `{"id":2,"text":"` + huge + `"}` + "\n" + `{"id":3,"text":"5,000 people"}`)
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"parse"}, &stdout, &stderr, func(string) (string, bool) { return "", false })
	if code != exitOK {
		t.Fatalf("exit %d, stderr %s", code, stderr.String())
	}
	lines := strings.Split(strings.TrimSuffix(stdout.String(), "\n"), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d lines, want 3", len(lines))
	}
	var first parseOutput
	if err := json.Unmarshal([]byte(lines[0]), &first); err != nil || len(first.Figures) != 20000 {
		t.Errorf("line 1: %d figures (%v), want 20000", len(first.Figures), err)
	}
	if !strings.Contains(lines[1], `"error":"line 2: longer than`) {
		t.Errorf("line 2: %.200s", lines[1])
	}
	if !strings.HasPrefix(lines[2], `{"id":3,"figures":[{"text":"5,000"`) {
		t.Errorf("line 3: %s", lines[2])
	}
	if !utf8.ValidString(stdout.String()) {
		t.Error("output is not UTF-8")
	}
}

// TestParseNumbers feeds `newsetl parse --numbers` the lines score.py of the
// figures dev set writes ("input" for "text") and checks the protocol it
// answers in: one {"id", "found"} line per input line, a percentage
// followed by its numeral as a number.
func TestParseNumbers(t *testing.T) {
	in := strings.Join([]string{
		`{"id": "a", "lang": "zh", "kind": "percent", "input": "上升了百分之2.2"}`,
		`{"id": "b", "lang": "en", "kind": "number", "input": "a dozen eggs, 4th place, 3/4 cup"}`,
		`{"id": "c", "lang": "en", "input": "nothing here"}`,
		`{"id": "d"}`,
	}, "\n")
	want := []string{
		`{"id":"a","found":[{"text":"百分之2.2","value":2.2,"kind":"percent","unit":"percent","start":3,"end":9},{"text":"2.2","value":2.2,"kind":"number","in_percent":true,"start":6,"end":9}]}`,
		`{"id":"b","found":[{"text":"a dozen","value":12,"kind":"number","start":0,"end":7},{"text":"4th","value":4,"kind":"ordinal","start":14,"end":17},{"text":"3/4","value":0.75,"kind":"number","fraction":true,"start":25,"end":28}]}`,
		`{"id":"c","found":[]}`,
		`{"id":"d","error":"line 4: missing \"text\""}`,
	}
	var out bytes.Buffer
	if err := parseStreamMode(context.Background(), strings.NewReader(in), &out, true); err != nil {
		t.Fatal(err)
	}
	got := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(got) != len(want) {
		t.Fatalf("%d output lines, want %d:\n%s", len(got), len(want), out.String())
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("line %d:\n got  %s\n want %s", i+1, got[i], want[i])
		}
	}
}
