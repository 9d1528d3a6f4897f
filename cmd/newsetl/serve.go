package main

import (
	"context"
	"fmt"
	"net"

	"github.com/newsetl/newsetl/analyst"
	"github.com/newsetl/newsetl/config"
	"github.com/newsetl/newsetl/serve"
)

// cmdServe serves the read-only web page (package serve) on a loopback
// address until interrupted. It reads the configured database over a
// read-only connection and migrates nothing: a database without the views
// shows error pages (the log names the missing view).
func cmdServe(ctx context.Context, e *env, args []string) error {
	f := newFlags(e, "serve")
	addr := f.String("addr", "", "address to listen on (default: serve.addr from the config, else 127.0.0.1:8080)")
	allowRemote := f.Bool("allow-remote", false, "allow an address that is not loopback (the pages have no login: put them behind your own access control)")
	if err := f.parse(e, args); err != nil {
		return err
	}
	cfg, err := config.Load(f.config, e.lookup)
	if err != nil {
		return err
	}
	listen := cfg.Serve.Addr
	if *addr != "" {
		listen = *addr
	}
	if err := serve.CheckAddr(listen, *allowRemote); err != nil {
		return usageError{err}
	}
	// A read-only connection: the server itself refuses any write.
	conn, err := analyst.Open(ctx, cfg.ClickHouse)
	if err != nil {
		return err
	}
	defer conn.Close()
	db := cfg.ClickHouse.Database
	srv, err := serve.New(conn, serve.Options{DB: db, Log: e.log, AnyHost: *allowRemote})
	if err != nil {
		return err
	}
	return serve.ListenAndServe(ctx, listen, *allowRemote, srv, e.log, func(a net.Addr) {
		e.log.Info("serving", "url", "http://"+a.String()+"/", "database", db)
		fmt.Fprintf(e.stdout, "newsetl serve: http://%s/ (database %s; Ctrl-C stops)\n", a, db)
	})
}
