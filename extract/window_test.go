package extract_test

import (
	"testing"
	"time"

	"github.com/newsetl/newsetl/extract"
	"github.com/newsetl/newsetl/transform/stats"
)

func TestWindowObservations(t *testing.T) {
	y := func(n int) stats.Observation {
		return stats.Observation{PeriodStart: time.Date(n, 1, 1, 0, 0, 0, 0, time.UTC), PeriodEnd: time.Date(n, 12, 31, 0, 0, 0, 0, time.UTC)}
	}
	obs := []stats.Observation{y(2019), y(2020), y(2021)}
	if got := (extract.Window{}).Observations(obs); len(got) != 3 {
		t.Errorf("open window kept %d", len(got))
	}
	if got := (extract.Window{From: time.Date(2020, 12, 31, 0, 0, 0, 0, time.UTC)}).Observations(obs); len(got) != 2 {
		t.Errorf("From 2020-12-31 kept %d, want 2020 and 2021", len(got))
	}
	if got := (extract.Window{To: time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)}).Observations(obs); len(got) != 2 {
		t.Errorf("To 2021-01-01 kept %d, want 2019 and 2020", len(got))
	}
}
