package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"loket/analytics/export"
	"loket/internal/auth"
)

// runBenchExport times the ticket exports through HTTP on loopback: Arrow
// and Parquet, public and staff, of every ticket and of the newest N for
// each N of -newest, so the peak heap of several sizes can be compared.
func runBenchExport(ctx context.Context, args []string) error {
	cfg := defaultConfig()
	fs := flag.NewFlagSet("bench export", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: loket bench export [flags]")
		fs.PrintDefaults()
	}
	cfg.register(fs)
	tickets := fs.Int("tickets", 1_000_000, "first seed the demo city with this many tickets, unless it holds exactly that many (0: use the data as it is)")
	newest := fs.String("newest", "100000,300000", "also export only the newest N tickets, for each N of this list, to compare the peak heap of several sizes")
	rounds := fs.Int("rounds", 2, "times each export runs; the fastest counts")
	formatList := fs.String("formats", "arrow,parquet", "the formats to time")
	viewList := fs.String("views", "public,staff", "the views to time: public (anonymous) and staff")
	if err := parse(fs, &cfg, args); err != nil {
		return err
	}
	var sizes []int
	for _, n := range strings.Split(*newest, ",") {
		if n = strings.TrimSpace(n); n == "" {
			continue
		}
		size, err := strconv.Atoi(n)
		if err != nil || size < 1 {
			return fmt.Errorf("-newest must list whole numbers of tickets, not %q", n)
		}
		sizes = append(sizes, size)
	}
	if *rounds < 1 {
		return fmt.Errorf("-rounds must be at least 1")
	}
	formats, err := benchFormats(*formatList)
	if err != nil {
		return err
	}
	wanted, err := benchViews(*viewList)
	if err != nil {
		return err
	}
	logger := cfg.logger()
	if *tickets > 0 {
		if err := seedForBench(ctx, cfg, logger, *tickets); err != nil {
			return err
		}
	}
	pool, _, closeAll, err := openServed(ctx, cfg, logger)
	if err != nil {
		return err
	}
	defer closeAll()
	baseURL, stop, err := serveExportsForBench(pool)
	if err != nil {
		return err
	}
	defer stop()
	queries := []string{""}
	for _, n := range sizes {
		q, err := newestQuery(ctx, pool, n)
		if err != nil {
			return err
		}
		if q != "" {
			queries = append(queries, q)
		}
	}
	var views []struct{ name, token string }
	if wanted["public"] {
		views = append(views, struct{ name, token string }{"public", ""})
	}
	if wanted["staff"] {
		if se, err := auth.NewStore(pool).LoginStaff(ctx, "manager@kortrijk.demo", "demo"); err == nil {
			defer auth.NewStore(pool).Logout(context.Background(), se.Token)
			views = append(views, struct{ name, token string }{"staff", se.Token})
		} else {
			logger.Warn("no demo manager to sign in as: the staff exports are skipped", "err", err)
		}
	}
	client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	fmt.Println("format   view    rows       seconds  rows/s     MB out  peak live MB  peak heap MB")
	for _, f := range formats {
		for _, v := range views {
			for _, q := range queries {
				var best export.BenchReport
				for range *rounds {
					rep, err := export.BenchExport(ctx, client, baseURL+"/api/export/tickets."+f.Name+q, v.token, f)
					if err != nil {
						return err
					}
					if best.Duration == 0 || rep.Duration < best.Duration {
						best = rep
					}
				}
				fmt.Printf("%-8s %-7s %-10d %7.2f  %-9.0f  %6.1f  %12.1f  %12.1f\n", f.Name, v.name, best.Rows,
					best.Duration.Seconds(), best.RowsPerSecond(), float64(best.Bytes)/(1<<20),
					float64(best.PeakLive)/(1<<20), float64(best.PeakHeap)/(1<<20))
			}
		}
	}
	return nil
}

// benchFormats reads -formats.
func benchFormats(list string) ([]export.Format, error) {
	var out []export.Format
	for _, name := range strings.Split(list, ",") {
		switch strings.TrimSpace(name) {
		case export.Arrow.Name:
			out = append(out, export.Arrow)
		case export.Parquet.Name:
			out = append(out, export.Parquet)
		default:
			return nil, fmt.Errorf("-formats lists arrow and parquet, not %q", name)
		}
	}
	return out, nil
}

// benchViews reads -views.
func benchViews(list string) (map[string]bool, error) {
	out := map[string]bool{}
	for _, name := range strings.Split(list, ",") {
		name = strings.TrimSpace(name)
		if name != "public" && name != "staff" {
			return nil, fmt.Errorf("-views lists public and staff, not %q", name)
		}
		out[name] = true
	}
	return out, nil
}

// newestQuery is the filter of about the newest n tickets, or of all
// when there are no more.
func newestQuery(ctx context.Context, pool *pgxpool.Pool, n int) (string, error) {
	var from time.Time
	err := pool.QueryRow(ctx, `SELECT created_at FROM ticket ORDER BY created_at DESC LIMIT 1 OFFSET $1`, n-1).Scan(&from)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	return "?created_from=" + url.QueryEscape(from.Format(time.RFC3339Nano)), nil
}

// serveExportsForBench serves the export routes, behind the sign-in
// middleware, on a loopback port of their own.
func serveExportsForBench(pool *pgxpool.Pool) (baseURL string, stop func(), err error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	r := chi.NewRouter()
	r.Use(auth.NewStore(pool).Middleware)
	export.New(pool).Routes(r)
	srv := &http.Server{Handler: r, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(l) }()
	return "http://" + l.Addr().String(), func() { _ = srv.Close() }, nil
}
