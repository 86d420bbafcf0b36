package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"loket/geo"
	"loket/internal/server"
	"loket/ticketing"
)

func runBench(ctx context.Context, args []string) error {
	cfg := defaultConfig()
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: loket bench geocode|intake [flags]")
		fs.PrintDefaults()
	}
	cfg.register(fs)
	n := fs.Int("n", 1000, "geocode: queries of each kind (clean and noisy); intake: tickets")
	seed := fs.Int64("seed", 1, "random seed of the query set")
	concurrency := fs.Int("c", 8, "intake: requests in flight")
	typed := fs.Float64("typed", 0.5, "intake: share of tickets placed by a typed address rather than a point")
	action, err := parseAction(fs, args)
	if err != nil {
		return err
	}
	if action != "geocode" && action != "intake" {
		fs.Usage()
		return fmt.Errorf("say which benchmark: geocode or intake")
	}
	if err := cfg.Validate(); err != nil {
		return err
	}
	logger := cfg.logger()
	pool, municipality, closeAll, err := openServed(ctx, cfg, logger)
	if err != nil {
		return err
	}
	defer closeAll()
	if action == "intake" {
		return benchIntake(ctx, pool, logger, municipality, ticketing.BenchOptions{Tickets: *n, Concurrency: *concurrency, Typed: *typed, Seed: uint64(*seed)})
	}
	rep, err := geo.Bench(ctx, pool, municipality, *n, *seed, os.Stderr)
	if err != nil {
		return err
	}
	fmt.Printf("geocode: clean %.1f %% (%d/%d), noisy %.1f %% (%d/%d) top-1 within %d m\n",
		100*rep.Clean.Accuracy(), rep.Clean.Hits, rep.Clean.Queries,
		100*rep.Noisy.Accuracy(), rep.Noisy.Hits, rep.Noisy.Queries, geo.HitMetres)
	fmt.Printf("latency per query: p50 %s, p95 %s, p99 %s (%d queries in %s)\n",
		rep.P50.Round(time.Microsecond), rep.P95.Round(time.Microsecond), rep.P99.Round(time.Microsecond),
		rep.Clean.Queries+rep.Noisy.Queries, rep.Duration.Round(time.Millisecond))
	return nil
}

// benchIntake serves the API on a loopback port of its own and posts
// tickets to it as a machine client would.
func benchIntake(ctx context.Context, pool *pgxpool.Pool, logger *slog.Logger, municipality int, opt ticketing.BenchOptions) error {
	if opt.Tickets < 1 || opt.Concurrency < 1 || opt.Typed < 0 || opt.Typed > 1 {
		return fmt.Errorf("-n and -c must be at least 1, -typed between 0 and 1")
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	quiet := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	srv := &http.Server{Handler: server.New(pool, quiet, nil), ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(l) }()
	defer srv.Close()
	logger.Info("posting tickets", "tickets", opt.Tickets, "in_flight", opt.Concurrency)
	rep, err := ticketing.BenchIntake(ctx, pool, municipality, "http://"+l.Addr().String(), opt)
	if err != nil {
		return err
	}
	fmt.Printf("intake: %d created (%d failed) in %s: %.0f tickets/s with %d in flight\n",
		rep.Created, rep.Failed, rep.Duration.Round(time.Millisecond), rep.PerSecond(), opt.Concurrency)
	fmt.Printf("latency per ticket: p50 %s, p95 %s, p99 %s\n",
		rep.P50.Round(10*time.Microsecond), rep.P95.Round(10*time.Microsecond), rep.P99.Round(10*time.Microsecond))
	fmt.Printf("placed by point %d, by typed address %d; %d distinct references; %d confirmations queued; teams %d\n",
		opt.Tickets-rep.ByAddressText, rep.ByAddressText, rep.DistinctRefs, rep.Notifications, len(rep.ByTeam))
	return nil
}
