package main

import (
	"context"
	"flag"
	"fmt"
	"net"

	"loket/internal/server"
)

func runServe(ctx context.Context, args []string) error {
	cfg := defaultConfig()
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	cfg.register(fs)
	cfg.registerAddr(fs)
	mc := defaultMailConfig()
	mc.register(fs)
	if err := parse(fs, &cfg, args); err != nil {
		return err
	}
	logger := cfg.logger()
	pool, closeAll, err := openDatabase(ctx, cfg, logger, false)
	if err != nil {
		return err
	}
	defer closeAll()
	l, err := listen(cfg.Addr)
	if err != nil {
		return err
	}
	url := "http://" + l.Addr().String()
	wake, err := startMailer(ctx, pool, logger, mc, url)
	if err != nil {
		return err
	}
	logger.Info("serving", "url", url, "config", cfg.String())
	return server.New(pool, logger, wake).Serve(ctx, l)
}

// listen opens addr early, so a busy port is reported before any slow work.
func listen(addr string) (net.Listener, error) {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen on %s (is another loket running? choose another with -addr): %w", addr, err)
	}
	return l, nil
}
