package geo

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"loket/internal/testdb"
	"loket/seed"
)

// demoCity returns a fresh copy of a seeded demo city (one year, a few
// tickets) with its street table built; the city is seeded once per test
// binary and cloned for each test.
func demoCity(t *testing.T) *pgxpool.Pool {
	t.Helper()
	return testdb.NewWith(t, "demo", func(ctx context.Context, pool *pgxpool.Pool) error {
		if _, err := seed.Run(ctx, pool, seed.Options{Seed: 1, Until: time.Date(2026, 1, 27, 0, 0, 0, 0, time.UTC),
			Years: 1, Tickets: 100}); err != nil {
			return err
		}
		return RefreshStreets(ctx, pool)
	})
}
