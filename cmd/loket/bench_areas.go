package main

import (
	"context"
	"flag"
	"fmt"
	"time"

	"loket/analytics/areas"
)

// runBenchAreas times the area analyses (clusters, counts, hot spots) on
// the database as it is: `loket bench areas [flags]`.
func runBenchAreas(ctx context.Context, args []string) error {
	cfg := defaultConfig()
	fs := flag.NewFlagSet("bench areas", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: loket bench areas [flags]")
		fs.PrintDefaults()
	}
	cfg.register(fs)
	to := fs.String("to", "", "end of every period, YYYY-MM-DD, that day included (default: the newest ticket's day)")
	category := fs.String("category", "", "category code of the one-category runs (default: the most frequent)")
	rounds := fs.Int("rounds", 3, "runs of each analysis; the median and the fastest are reported")
	if err := parse(fs, &cfg, args); err != nil {
		return err
	}
	opt := areas.BenchOptions{Category: *category, Rounds: *rounds}
	if *to != "" {
		day, err := time.Parse(time.DateOnly, *to)
		if err != nil {
			return fmt.Errorf("-to must be a date like 2026-06-30")
		}
		opt.To = day.AddDate(0, 0, 1)
	}
	logger := cfg.logger()
	pool, municipality, closeAll, err := openServed(ctx, cfg, logger)
	if err != nil {
		return err
	}
	defer closeAll()
	reps, err := areas.Bench(ctx, pool, municipality, opt)
	if err != nil {
		return err
	}
	fmt.Printf("%-45s %10s %10s %9s %9s %9s\n", "analysis", "median", "fastest", "tickets", "features", "KB")
	for _, r := range reps {
		if r.Err != nil {
			fmt.Printf("%-45s no answer: %v\n", r.Name, r.Err)
			continue
		}
		fmt.Printf("%-45s %10s %10s %9d %9d %9.0f\n", r.Name, r.Median.Round(time.Millisecond), r.Fastest.Round(time.Millisecond),
			r.Tickets, r.Features, float64(r.Bytes)/1024)
	}
	return nil
}
