package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"loket/geo"
	"loket/seed"
)

// seedFlags are the options of the generated demo city.
type seedFlags struct {
	seed    int64
	tickets int
	years   int
	until   string
}

func (f *seedFlags) register(fs *flag.FlagSet) {
	fs.Int64Var(&f.seed, "seed", 1777, "random seed: the same seed and -until give the same city")
	fs.IntVar(&f.tickets, "tickets", 0, "tickets in the history (0: about 15,000 a year)")
	fs.IntVar(&f.years, "years", 3, "years of ticket history")
	fs.StringVar(&f.until, "until", "", "last day of the history, YYYY-MM-DD (default today)")
}

func (f *seedFlags) options(progress io.Writer) (seed.Options, error) {
	until := time.Now()
	if f.until != "" {
		t, err := time.ParseInLocation(time.DateOnly, f.until, time.Local)
		if err != nil {
			return seed.Options{}, fmt.Errorf("-until %q: write the date as YYYY-MM-DD", f.until)
		}
		until = t
	}
	if f.tickets < 0 || f.years < 1 || f.years > 30 {
		return seed.Options{}, fmt.Errorf("-tickets must be 0 or more and -years between 1 and 30")
	}
	return seed.Options{Seed: f.seed, Until: until, Years: f.years, Tickets: f.tickets, Progress: progress}, nil
}

func runSeed(ctx context.Context, args []string) error {
	cfg := defaultConfig()
	var sf seedFlags
	fs := flag.NewFlagSet("seed", flag.ContinueOnError)
	cfg.register(fs)
	sf.register(fs)
	if err := parse(fs, &cfg, args); err != nil {
		return err
	}
	opt, err := sf.options(os.Stderr)
	if err != nil {
		return err
	}
	logger := cfg.logger()
	pool, closeAll, err := openDatabase(ctx, cfg, logger, true)
	if err != nil {
		return err
	}
	defer closeAll()
	_, err = seedCity(ctx, pool, opt)
	return err
}

// seedCity generates the demo city and prints what it wrote and how fast.
func seedCity(ctx context.Context, pool *pgxpool.Pool, opt seed.Options) (seed.Report, error) {
	r, err := seed.Run(ctx, pool, opt)
	if err != nil {
		return r, fmt.Errorf("seed: %w", err)
	}
	if err := geo.RefreshStreets(ctx, pool); err != nil {
		return r, fmt.Errorf("seed: streets for the geocoder: %w", err)
	}
	fmt.Printf("seeded Kortrijk in %s: %d addresses, %d residents, %d staff, %d categories, %d tickets with %d events\n",
		r.Duration.Round(100*time.Millisecond), r.Addresses, r.Residents, r.Staff, r.Categories, r.Tickets, r.Events)
	fmt.Printf("tickets went in at %.0f tickets/s (%s for tickets and their events)\n",
		r.TicketsPerSecond, r.TicketDuration.Round(10*time.Millisecond))
	return r, nil
}

// seedForBench replaces the data with a demo city of n tickets, unless
// the database holds one of that size already.
func seedForBench(ctx context.Context, cfg Config, logger *slog.Logger, n int) error {
	pool, closeAll, err := openDatabase(ctx, cfg, logger, true)
	if err != nil {
		return err
	}
	defer closeAll()
	var have int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM ticket`).Scan(&have); err != nil {
		return err
	}
	if have == n {
		return nil
	}
	opt, err := (&seedFlags{seed: 1777, years: 3, tickets: n}).options(os.Stderr)
	if err != nil {
		return err
	}
	_, err = seedCity(ctx, pool, opt)
	return err
}
