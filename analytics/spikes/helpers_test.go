package spikes

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"loket/internal/testdb"
	"loket/seed"
)

// kortrijk is the seeded municipality's id.
const kortrijk = 1

// seedUntil is the last day of the seeded history: two years that end in
// the autumn peak of fallen leaves.
var seedUntil = time.Date(2025, time.November, 30, 0, 0, 0, 0, time.UTC)

// seededCity is a copy of the demo city with about 230 tickets a day, so
// the busiest categories get 20 or more on a weekday.
func seededCity(t testing.TB) *pgxpool.Pool {
	t.Helper()
	return testdb.NewWith(t, "spikes", func(ctx context.Context, pool *pgxpool.Pool) error {
		_, err := seed.Run(ctx, pool, seed.Options{Seed: 11, Until: seedUntil, Years: 2, Tickets: 170_000})
		return err
	})
}

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
