package serve

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"
)

// Server timeouts: a slow client cannot hold a connection, and a page gets
// its queries' time (DefaultQueryTimeout) and some to spare to be written.
const (
	ReadHeaderTimeout = 5 * time.Second
	ReadTimeout       = 10 * time.Second
	WriteTimeout      = DefaultQueryTimeout + 10*time.Second
	IdleTimeout       = 60 * time.Second
	ShutdownGrace     = 10 * time.Second
)

// ErrNotLoopback is returned (wrapped) by CheckAddr for an address that
// is not loopback when remote addresses are not allowed.
var ErrNotLoopback = errors.New("not a loopback address")

// CheckAddr checks a listen address (host:port). Unless allowRemote is
// true, the host must be a loopback IP address or "localhost": the pages
// have no login. An empty host ("":8080, all interfaces) is not loopback.
func CheckAddr(addr string, allowRemote bool) error {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("listen address %q: %w", addr, err)
	}
	if port == "" {
		return fmt.Errorf("listen address %q: no port", addr)
	}
	if allowRemote {
		return nil
	}
	if strings.EqualFold(host, "localhost") {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("listen address %q: %w; the pages have no login, so serving them beyond this machine needs --allow-remote", addr, ErrNotLoopback)
}

// ListenAndServe listens on addr (checked with CheckAddr), calls ready with
// the address it listens on (nil: none), and serves h (log: the server's
// own errors, default slog.Default()) until ctx is done,
// then shuts down, waiting up to ShutdownGrace for requests in flight. It
// returns nil after a shutdown asked for by ctx.
func ListenAndServe(ctx context.Context, addr string, allowRemote bool, h http.Handler, log *slog.Logger, ready func(net.Addr)) error {
	if err := CheckAddr(addr, allowRemote); err != nil {
		return err
	}
	if log == nil {
		log = slog.Default()
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listening on %s: %w", addr, err)
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: ReadHeaderTimeout,
		ReadTimeout:       ReadTimeout,
		WriteTimeout:      WriteTimeout,
		IdleTimeout:       IdleTimeout,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	if ready != nil {
		ready(ln.Addr())
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serving on %s: %w", addr, err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), ShutdownGrace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		srv.Close()
		return fmt.Errorf("shutting down %s: %w", addr, err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serving on %s: %w", addr, err)
	}
	return nil
}
