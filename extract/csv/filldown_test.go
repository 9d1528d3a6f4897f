package csv

import (
	"strings"
	"testing"
)

// TestFillDownParallelHierarchies: codes and names filled down level by
// level; a row whose name sits a level below its code is an error, and so
// are the rows that would take a label from it, until a row sets the top
// level again in both.
func TestFillDownParallelHierarchies(t *testing.T) {
	rows := [][]string{
		// g_id, f_id, g, f, value
		{"1", "", "Health", "", "10"},
		{"", "1", "", "Hospitals", "4"},
		{"", "2", "", "Clinics", "6"},
		{"2", "", "", "Energy", "20"}, // the group's name in the function column
		{"", "1", "", "Power", "12"},  // would be named "Health"
		{"3", "", "Transport", "", "30"},
		{"", "1", "", "Rail", "30"},
	}
	body := make([]Record, len(rows))
	for i, r := range rows {
		body[i] = Record{Line: i + 2, Fields: r}
	}
	idx := map[string]int{"g_id": 0, "f_id": 1, "g": 2, "f": 3}
	bad := fillDown(body, [][]string{{"g_id", "f_id"}, {"g", "f"}}, func(n string) int { return idx[n] })

	if len(bad) != 2 || bad[5] == nil || bad[6] == nil {
		t.Fatalf("errors by line: %v, want lines 5 and 6", bad)
	}
	if !strings.Contains(bad[5].Error(), "starts hierarchy [g_id f_id] at g_id but [g f] at f") ||
		!strings.Contains(bad[6].Error(), "from line 5") {
		t.Errorf("errors: %v", bad)
	}
	want := map[int][2]string{2: {"Health", ""}, 3: {"Health", "Hospitals"}, 4: {"Health", "Clinics"}, 7: {"Transport", ""}, 8: {"Transport", "Rail"}}
	for _, r := range body {
		if w, ok := want[r.Line]; ok && (r.Fields[2] != w[0] || r.Fields[3] != w[1]) {
			t.Errorf("line %d: names %q %q, want %q %q", r.Line, r.Fields[2], r.Fields[3], w[0], w[1])
		}
	}
	if body[6].Fields[0] != "3" || body[6].Fields[1] != "1" {
		t.Errorf("codes of line 8: %v", body[6].Fields[:2])
	}
}
