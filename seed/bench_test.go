package seed

import (
	"context"
	"os"
	"strconv"
	"testing"
	"time"

	"loket/internal/testdb"
)

// BenchmarkRun seeds a big city once and reports the ticket load rate:
//
//	go test -run '^$' -bench Run -benchtime 1x ./seed/
//
// SEED_BENCH_TICKETS sets the ticket count (default 1,000,000).
func BenchmarkRun(b *testing.B) {
	n := 1_000_000
	if s := os.Getenv("SEED_BENCH_TICKETS"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil {
			b.Fatal(err)
		}
	}
	pool := testdb.New(b)
	for range b.N {
		rep, err := Run(context.Background(), pool, Options{Seed: 7, Until: time.Date(2026, 1, 27, 0, 0, 0, 0, time.UTC),
			Tickets: n, Progress: os.Stderr})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(rep.TicketsPerSecond, "tickets/s")
		b.ReportMetric(float64(rep.Events)/float64(rep.Tickets), "events/ticket")
		b.ReportMetric(rep.Duration.Seconds(), "total-s")
	}
}
