package schedules

import (
	"io"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/newsetl/newsetl/record"
)

// Observation counts of a statistics run reach /metrics by state.
func TestMetricsObservations(t *testing.T) {
	m := NewMetrics()
	m.Observe(record.Run{Source: "abs", Status: record.StatusOK, ObservationsWritten: 1036, ObservationsRevised: 7, ObservationsUnchanged: 12})
	m.Observe(record.Run{Source: "abs", Status: record.StatusPartial, ObservationsWritten: 4})
	rr := httptest.NewRecorder()
	m.Handler().ServeHTTP(rr, httptest.NewRequest("GET", "/metrics", nil))
	body, _ := io.ReadAll(rr.Body)
	for _, want := range []string{
		`newsetl_observations_total{source="abs",state="written"} 1040`,
		`newsetl_observations_total{source="abs",state="revised"} 7`,
		`newsetl_observations_total{source="abs",state="unchanged"} 12`,
	} {
		if !strings.Contains(string(body), want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}
