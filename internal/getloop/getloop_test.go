package getloop

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

func TestRunFetchesEveryURLAndReportsABadStatus(t *testing.T) {
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if strings.HasSuffix(r.URL.Path, "/missing") {
			http.NotFound(w, r)
			return
		}
		w.Write([]byte("ok"))
	}))
	defer srv.Close()
	var urls []string
	for range 40 {
		urls = append(urls, srv.URL+"/page")
	}
	if err := Run(context.Background(), srv.Client(), urls, 4); err != nil {
		t.Fatal(err)
	}
	if got := hits.Load(); got != 40 {
		t.Fatalf("%d requests, want 40", got)
	}
	err := Run(context.Background(), srv.Client(), []string{srv.URL + "/page", srv.URL + "/missing"}, 1)
	if err == nil || !strings.Contains(err.Error(), "404") {
		t.Fatalf("err = %v, want the 404 of /missing", err)
	}
}
