package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"loket/analytics"
)

// runBenchDuplicates measures duplicate detection: fitted on the labelled
// tickets before a split day and judged on those after it, against the
// baseline rule (same category, within 250 m, still open); then the
// latency of the candidate search.
func runBenchDuplicates(ctx context.Context, args []string) error {
	cfg := defaultConfig()
	fs := flag.NewFlagSet("bench duplicates", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: loket bench duplicates [-split DAY] [-n N] [-tickets N] [flags]")
		fs.PrintDefaults()
	}
	cfg.register(fs)
	nis := fs.String("municipality", "", "NIS code of the municipality (default: the one served)")
	split := fs.String("split", "", "first day judged, YYYY-MM-DD; earlier tickets are fitted on (default: the month start nearest two thirds into the history)")
	n := fs.Int("n", 500, "tickets whose candidates are timed")
	tickets := fs.Int("tickets", 0, "first seed the demo city with this many tickets (0: use the data as it is)")
	judge := fs.Bool("judge", true, "fit and judge on the labelled duplicates (false: time the search only)")
	if err := parse(fs, &cfg, args); err != nil {
		return err
	}
	if *n < 1 {
		return fmt.Errorf("-n must be at least 1")
	}
	if *tickets > 0 {
		if err := seedForBench(ctx, cfg, cfg.logger(), *tickets); err != nil {
			return err
		}
	}
	pool, municipality, closeAll, err := openMunicipality(ctx, cfg, *nis)
	if err != nil {
		return err
	}
	defer closeAll()
	d := analytics.NewDuplicates(pool)
	var labelled, total int
	if err := pool.QueryRow(ctx, `
		SELECT count(*) FILTER (WHERE t.duplicate_of IS NOT NULL OR l.ticket_id IS NOT NULL), count(*)
		FROM ticket t LEFT JOIN ticket_duplicate_label l ON l.municipality_id = t.municipality_id AND l.ticket_id = t.id
		WHERE t.municipality_id = $1`, municipality).Scan(&labelled, &total); err != nil {
		return err
	}
	fmt.Printf("duplicates over %d tickets, %d of them closed as duplicates\n", total, labelled)
	if labelled > 0 && *judge {
		if err := benchDetection(ctx, pool, d, municipality, *split); err != nil {
			return err
		}
	}
	forTicket, forDraft, err := d.BenchLatency(ctx, municipality, *n, "bench")
	if err != nil {
		return err
	}
	for _, l := range []struct {
		what string
		analytics.Latency
	}{{"a ticket's candidates", forTicket}, {"a draft checked now", forDraft}} {
		fmt.Printf("latency of %-22s p50 %s, p95 %s, p99 %s (%d requests, one at a time)\n", l.what+":",
			l.P50.Round(10*time.Microsecond), l.P95.Round(10*time.Microsecond), l.P99.Round(10*time.Microsecond), l.Requests)
	}
	return nil
}

// benchDetection fits before the split and prints how both methods judge
// the tickets after it.
func benchDetection(ctx context.Context, pool *pgxpool.Pool, d *analytics.Duplicates, municipality int, splitDay string) error {
	var first, last time.Time
	if err := pool.QueryRow(ctx, `SELECT min(created_at), max(created_at) FROM ticket WHERE municipality_id = $1`, municipality).Scan(&first, &last); err != nil {
		return err
	}
	split := nearestMonth(first.Add(last.Sub(first) * 2 / 3))
	if splitDay != "" {
		var err error
		if split, err = time.ParseInLocation(time.DateOnly, splitDay, time.Local); err != nil {
			return fmt.Errorf("-split %q: write the day as YYYY-MM-DD", splitDay)
		}
	}
	end := last.Add(time.Second)
	start := time.Now()
	fit, err := d.Fit(ctx, municipality, first, split)
	if err != nil {
		return fmt.Errorf("fit: %w", err)
	}
	fmt.Fprintf(os.Stderr, "fitted in %s\n", time.Since(start).Round(time.Millisecond))
	ev, err := d.Evaluate(ctx, municipality, split, end, fit)
	if err != nil {
		return err
	}
	fmt.Printf("fitted on %s\n", fit.Model.Fitted)
	fmt.Printf("weights %v (features %v), threshold %.3f, %d categories with a rule of their own\n",
		rounded(fit.Model.Weights), fit.Model.Features, fit.Model.Threshold, len(fit.Rules))
	fmt.Printf("judged %s to %s: %d placed tickets, %d closed as duplicates, %d of a known original (%d of those among the fitted search's candidates)\n",
		split.Format(time.DateOnly), last.Format(time.DateOnly), ev.Probes, ev.Duplicates, ev.KnownOriginals, ev.Reachable)
	fmt.Println("method    is a duplicate: P     R     F1  | first candidate is the original: P     R     F1  | original in top 5 | pairs")
	for _, m := range []struct {
		name string
		analytics.Scores
	}{{"fitted", ev.Model}, {"baseline", ev.Baseline}} {
		fmt.Printf("%-9s %20.3f %5.3f %5.3f | %38.3f %5.3f %5.3f | %8.3f (%4d)   | %d\n", m.name,
			m.Ticket.Precision(), m.Ticket.Recall(), m.Ticket.F1(), m.Pair.Precision(), m.Pair.Recall(), m.Pair.F1(),
			float64(m.Top5)/float64(max(ev.KnownOriginals, 1)), m.Top5, m.Pairs)
	}
	fmt.Printf("F1 gain over the baseline: %+.1f points (is a duplicate), %+.1f points (first candidate is the original)\n",
		100*(ev.Model.Ticket.F1()-ev.Baseline.Ticket.F1()), 100*(ev.Model.Pair.F1()-ev.Baseline.Pair.F1()))
	return nil
}

// nearestMonth is the first day of the month nearest t.
func nearestMonth(t time.Time) time.Time {
	m := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.Local)
	if next := m.AddDate(0, 1, 0); next.Sub(t) < t.Sub(m) {
		return next
	}
	return m
}

func rounded(ws []float64) []float64 {
	out := make([]float64, len(ws))
	for i, w := range ws {
		out[i] = float64(int(w*1000)) / 1000
	}
	return out
}
