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
	"loket/tiles"
)

func runBench(ctx context.Context, args []string) error {
	if len(args) > 0 && args[0] == "forecast" {
		return runBenchForecast(ctx, args[1:])
	}
	if len(args) > 0 && args[0] == "export" {
		return runBenchExport(ctx, args[1:])
	}
	if len(args) > 0 && args[0] == "areas" {
		return runBenchAreas(ctx, args[1:])
	}
	if len(args) > 0 && args[0] == "duplicates" {
		return runBenchDuplicates(ctx, args[1:])
	}
	if len(args) > 0 && args[0] == "load" {
		return runBenchLoad(ctx, args[1:])
	}
	if len(args) > 0 && args[0] == "faults" {
		return runBenchFaults(ctx, args[1:])
	}
	cfg := defaultConfig()
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: loket bench geocode|intake|tiles|load|faults|duplicates|areas|export|forecast [flags]")
		fs.PrintDefaults()
	}
	cfg.register(fs)
	n := fs.Int("n", 1000, "geocode: queries of each kind (clean and noisy); intake: tickets")
	seed := fs.Int64("seed", 1, "random seed of the query set")
	concurrency := fs.Int("c", 6, "requests in flight (intake, tiles); 6 keeps both cores of a small machine busy without queueing")
	typed := fs.Float64("typed", 0.5, "intake: share of tickets placed by a typed address rather than a point")
	tickets := fs.Int("tickets", 0, "tiles: first seed the demo city with this many tickets (0: use the data as it is)")
	perZoom := fs.Int("tiles-per-zoom", 300, "tiles: random tiles at each zoom from 10 to 17")
	action, err := parseAction(fs, args)
	if err != nil {
		return err
	}
	if action != "geocode" && action != "intake" && action != "tiles" {
		fs.Usage()
		return fmt.Errorf("say which benchmark: geocode, intake or tiles")
	}
	if err := cfg.Validate(); err != nil {
		return err
	}
	logger := cfg.logger()
	if action == "tiles" && *tickets > 0 {
		if err := seedForBench(ctx, cfg, logger, *tickets); err != nil {
			return err
		}
	}
	pool, municipality, closeAll, err := openServed(ctx, cfg, logger)
	if err != nil {
		return err
	}
	defer closeAll()
	if action == "tiles" {
		return benchTiles(ctx, pool, logger, municipality, tiles.BenchOptions{MinZoom: 10, MaxZoom: 17,
			TilesPerZoom: *perZoom, WarmRounds: 5, Concurrency: *concurrency, Seed: uint64(*seed)})
	}
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
	baseURL, stop, err := serveForBench(pool)
	if err != nil {
		return err
	}
	defer stop()
	logger.Info("posting tickets", "tickets", opt.Tickets, "in_flight", opt.Concurrency)
	rep, err := ticketing.BenchIntake(ctx, pool, municipality, baseURL, opt)
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

// benchTiles serves the API on a loopback port of its own, with an empty
// tile cache, and fetches tiles from it as a map client would.
func benchTiles(ctx context.Context, pool *pgxpool.Pool, logger *slog.Logger, municipality int, opt tiles.BenchOptions) error {
	baseURL, stop, err := serveForBench(pool)
	if err != nil {
		return err
	}
	defer stop()
	var n int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM ticket WHERE municipality_id = $1`, municipality).Scan(&n); err != nil {
		return err
	}
	logger.Info("fetching tiles", "tickets", n, "per_zoom", opt.TilesPerZoom, "in_flight", opt.Concurrency)
	reps, err := tiles.BenchTiles(ctx, pool, municipality, baseURL, opt)
	if err != nil {
		return err
	}
	fmt.Printf("tiles over %d tickets, %d in flight (cold: first fetch, tile cache empty; warm: %d more rounds)\n", n, opt.Concurrency, opt.WarmRounds)
	fmt.Println("zoom  tiles  cold p50   cold p99   cold/s   warm p50   warm p99   warm/s    mean KB  max KB")
	for _, r := range reps {
		fmt.Printf("%4d  %5d  %8s  %8s  %7.0f  %8s  %8s  %7.0f  %8.1f  %6.1f\n", r.Zoom, r.Tiles,
			r.ColdP50.Round(10*time.Microsecond), r.ColdP99.Round(10*time.Microsecond), r.ColdPerSecond,
			r.WarmP50.Round(10*time.Microsecond), r.WarmP99.Round(10*time.Microsecond), r.WarmPerSecond,
			float64(r.MeanBytes)/1024, float64(r.MaxBytes)/1024)
	}
	return nil
}

// serveForBench serves the whole API on a loopback port of its own, with
// empty caches, logging only warnings. The map's deltas are folded in as
// a server does, so a benchmark leaves no backlog; the hotspot maps a
// server draws at start are left out, as they would compete with it.
func serveForBench(pool *pgxpool.Pool) (baseURL string, stop func(), err error) {
	// Deltas left waiting (a previous run's tickets, removed) are folded
	// before the clock starts: they are not this run's load.
	fold := tiles.New(pool)
	if err := fold.Drain(context.Background()); err != nil {
		return "", nil, err
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	quiet := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	ctx, cancel := context.WithCancel(context.Background())
	go fold.Run(ctx, quiet)
	srv := &http.Server{Handler: server.New(pool, quiet, nil), ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(l) }()
	return "http://" + l.Addr().String(), func() { cancel(); _ = srv.Close() }, nil
}
