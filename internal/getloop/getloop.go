// Package getloop is the reference of the crawl benchmarks (extract/html's
// BenchmarkCrawl and scripts/bench): what the loopback server and Go's HTTP
// stack allow when nothing but fetching is done.
package getloop

import (
	"context"
	"fmt"
	"io"
	"net/http"
)

// Run GETs every URL and reads its body on parallel goroutines, nothing
// else. It returns the first error: a failed request or a status other
// than 200 OK (a goroutine stops fetching after its first error).
func Run(ctx context.Context, client *http.Client, urls []string, parallel int) error {
	next := make(chan string)
	errs := make(chan error, parallel)
	for range parallel {
		go func() {
			var err error
			for u := range next {
				if err != nil {
					continue
				}
				var req *http.Request
				if req, err = http.NewRequestWithContext(ctx, http.MethodGet, u, nil); err != nil {
					continue
				}
				var resp *http.Response
				if resp, err = client.Do(req); err != nil {
					continue
				}
				_, err = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if err == nil && resp.StatusCode != http.StatusOK {
					err = fmt.Errorf("GET %s: %s", u, resp.Status)
				}
			}
			errs <- err
		}()
	}
	for _, u := range urls {
		next <- u
	}
	close(next)
	var first error
	for range parallel {
		if err := <-errs; err != nil && first == nil {
			first = err
		}
	}
	return first
}
