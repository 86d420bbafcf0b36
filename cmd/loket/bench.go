package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"loket/geo"
)

func runBench(ctx context.Context, args []string) error {
	cfg := defaultConfig()
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: loket bench geocode [flags]")
		fs.PrintDefaults()
	}
	cfg.register(fs)
	n := fs.Int("n", 1000, "queries of each kind (clean and noisy)")
	seed := fs.Int64("seed", 1, "random seed of the query set")
	action, err := parseAction(fs, args)
	if err != nil {
		return err
	}
	if action != "geocode" {
		fs.Usage()
		return fmt.Errorf("say which benchmark: geocode")
	}
	if err := cfg.Validate(); err != nil {
		return err
	}
	logger := cfg.logger()
	pool, closeAll, err := openDatabase(ctx, cfg, logger, false)
	if err != nil {
		return err
	}
	defer closeAll()
	municipality, err := geo.ServedMunicipality(ctx, pool)
	if err != nil {
		return fmt.Errorf("%w: run `loket seed` first", err)
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
