package analytics_test

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"loket/analytics"
	"loket/internal/testdb"
	"loket/seed"
)

// The demo city plants duplicates: a second report of the same problem,
// merged into the first. The search finds the first among the top five
// candidates of the second for nearly all of them.
func TestTheDuplicatesPlantedInTheDemoCityAreFound(t *testing.T) {
	pool := testdb.NewWith(t, "duplicates-demo", func(ctx context.Context, pool *pgxpool.Pool) error {
		_, err := seed.Run(ctx, pool, seed.Options{Seed: 7, Until: time.Now().AddDate(0, 0, -1), Years: 1, Tickets: 15000})
		return err
	})
	ctx := context.Background()
	rows, err := pool.Query(ctx, `
		SELECT d.reference, m.reference FROM ticket d JOIN ticket m ON m.municipality_id = d.municipality_id AND m.id = d.duplicate_of
		WHERE d.status = 'duplicate' AND d.geom IS NOT NULL AND m.geom IS NOT NULL ORDER BY d.id LIMIT 60`)
	if err != nil {
		t.Fatal(err)
	}
	pairs, err := pgx.CollectRows(rows, pgx.RowToStructByPos[struct{ Duplicate, Master string }])
	if err != nil || len(pairs) < 30 {
		t.Fatalf("%d planted duplicates: %v", len(pairs), err)
	}
	d := analytics.NewDuplicates(pool)
	found := 0
	for _, p := range pairs {
		a, err := d.ForTicket(ctx, 1, p.Duplicate)
		if err != nil {
			t.Fatal(err)
		}
		for i, c := range a.Candidates {
			if i < 5 && c.Reference == p.Master {
				found++
				break
			}
		}
	}
	if share := float64(found) / float64(len(pairs)); share < 0.8 {
		t.Errorf("the original is among the top 5 for %d of %d planted duplicates (%.0f %%), want at least 80 %%",
			found, len(pairs), 100*share)
	}
}
