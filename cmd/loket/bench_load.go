package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"loket/internal/loadgen"
	"loket/internal/server"
)

// runBenchLoad sends the mixed traffic of a working day at rising numbers
// of requests in flight: `loket bench load [flags]`.
func runBenchLoad(ctx context.Context, args []string) error {
	cfg := defaultConfig()
	fs := flag.NewFlagSet("bench load", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: loket bench load [flags]")
		fmt.Fprintln(fs.Output(), "Sends a working day's mix (portal, staff lists and searches, intake, tiles at zooms 10–17, Open311")
		fmt.Fprintln(fs.Output(), "reads and posts) at each number of requests in flight in turn, and prints throughput and p50/p99/p99.9")
		fmt.Fprintln(fs.Output(), "per route, errors, and the clean refusals (503/429 with Retry-After); the knee is the last step that")
		fmt.Fprintln(fs.Output(), "still raised throughput by a tenth without errors. Needs the demo city's logins (loket seed).")
		fs.PrintDefaults()
	}
	cfg.register(fs)
	target := fs.String("url", "", "a running server to load (default: serve one on a loopback port over the database)")
	steps := fs.String("in-flight", "1,2,4,8,16,32,64", "requests in flight at each step, comma-separated")
	step := fs.Duration("step", 10*time.Second, "how long each step lasts")
	most := fs.Int("max", 0, "at most this many requests per step (0: as many as fit in -step)")
	tickets := fs.Int("tickets", 0, "first seed the demo city with this many tickets (0: use the data as it is)")
	seed := fs.Uint64("seed", 1, "random seed of the requests")
	if err := parse(fs, &cfg, args); err != nil {
		return err
	}
	opt := loadgen.Options{Step: *step, MaxRequests: *most, Seed: *seed}
	for _, s := range strings.Split(*steps, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 || n > 4096 {
			return fmt.Errorf("-in-flight takes whole numbers from 1 to 4096, comma-separated, not %q", s)
		}
		opt.InFlight = append(opt.InFlight, n)
	}
	if *step < 100*time.Millisecond || *most < 0 {
		return fmt.Errorf("-step must be at least 100ms and -max at least 0")
	}
	logger := cfg.logger()
	if *tickets > 0 {
		if err := seedForBench(ctx, cfg, logger, *tickets); err != nil {
			return err
		}
	}
	pool, municipality, closeAll, err := openServed(ctx, cfg, logger)
	if err != nil {
		return err
	}
	defer closeAll()
	opt.BaseURL = *target
	if opt.BaseURL == "" {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return err
		}
		sctx, stop := context.WithCancel(ctx)
		defer stop()
		quiet := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError}))
		go func() { _ = server.New(pool, quiet, nil).Serve(sctx, l) }()
		opt.BaseURL = "http://" + l.Addr().String()
	}
	w, err := loadgen.Prepare(ctx, pool, municipality)
	if err != nil {
		return err
	}
	defer w.Close(context.WithoutCancel(ctx))
	var tickets64 int64
	_ = pool.QueryRow(ctx, `SELECT reltuples::bigint FROM pg_class WHERE oid = 'ticket'::regclass`).Scan(&tickets64)
	fmt.Printf("load on %s (about %d tickets), %s a step\n\n", opt.BaseURL, tickets64, opt.Step)
	res, err := w.Run(ctx, opt)
	printLoad(os.Stdout, res)
	return err
}

func printLoad(out io.Writer, steps []loadgen.Step) {
	ms := func(d time.Duration) string { return strconv.FormatFloat(float64(d.Microseconds())/1000, 'f', 1, 64) }
	w := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, "in flight\troute\trequests\tper s\tp50 ms\tp99 ms\tp99.9 ms\terrors\t503/429\twithout Retry-After\t")
	for _, st := range steps {
		for _, s := range append(st.Routes, st.Total) {
			fmt.Fprintf(w, "%d\t%s\t%d\t%.0f\t%s\t%s\t%s\t%d\t%d\t%d\t\n", st.InFlight, s.Route, s.Requests, s.PerSecond,
				ms(s.P50), ms(s.P99), ms(s.P999), s.Errors, s.Shed, s.NoRetryAfter)
		}
		fmt.Fprintln(w, "\t\t\t\t\t\t\t\t\t\t")
	}
	w.Flush()
	if k := loadgen.Knee(steps); k >= 0 {
		t := steps[k].Total
		fmt.Fprintf(out, "knee: %d in flight, %.0f requests/s, p99 %s ms, %d errors\n", steps[k].InFlight, t.PerSecond, ms(t.P99), t.Errors)
	}
}
