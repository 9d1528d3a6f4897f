package main

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/newsetl/newsetl/load/loadtest"
	"github.com/newsetl/newsetl/serve"
)

func TestZZReadsideBrowserRace(t *testing.T) {
	ch := loadtest.Config(t)
	loadServeFixtures(t, ch)
	s := open(t, ch)
	srv, err := serve.New(s.Conn(), serve.Options{DB: ch.Database, Log: slog.Default()})
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var paths []string
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		paths = append(paths, r.URL.Path)
		mu.Unlock()
		srv.ServeHTTP(w, r)
	}))
	defer ts.Close()
	for i := range 8 {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			testMetricPageInBrowser(t, ts.URL+"/metric/medical_institution", len(metricSeriesRows(t, s, "medical_institution")))
		})
	}
	mu.Lock()
	t.Logf("requests: %v", paths)
	mu.Unlock()
}
