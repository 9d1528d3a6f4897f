package analyst

import (
	"strings"
	"testing"
)

func TestClosest(t *testing.T) {
	keys := []string{"medical_institutions", "hospitals", "hospital_beds", "beds", "health_expenditure", "revenue", "profit", "医疗机构"}
	for _, tc := range []struct {
		key  string
		want []string
	}{
		{"hospital", []string{"hospitals", "hospital_beds"}},
		{"Medical Institutions", []string{"medical_institutions"}},
		{"helth_expenditure", []string{"health_expenditure"}},
		{"医疗机", []string{"医疗机构"}},
		{"bed", []string{"beds", "hospital_beds"}},
		{"zzzzzz", nil},
	} {
		got := Closest(keys, tc.key, 3)
		if strings.Join(got, ",") != strings.Join(tc.want, ",") {
			t.Errorf("Closest(%q) = %q, want %q", tc.key, got, tc.want)
		}
	}
	if got := Closest(keys, "e", 2); len(got) != 2 {
		t.Errorf("n not honoured: %q", got)
	}
}
