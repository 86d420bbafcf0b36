package season

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"loket/internal/testdb"
	"loket/seed"
)

// countsCity is the demo city of the package's other tests (seed 7,
// three years, 30,000 tickets) without the holidays, which counting does
// not read.
func countsCity(tb testing.TB) *pgxpool.Pool {
	tb.Helper()
	return testdb.NewWith(tb, "season-counts", func(ctx context.Context, pool *pgxpool.Pool) error {
		_, err := seed.Run(ctx, pool, seed.Options{Seed: 7, Until: time.Date(2025, time.February, 28, 0, 0, 0, 0, time.UTC),
			Years: 3, Tickets: 30_000})
		return err
	})
}

// BenchmarkReadCounts times the counting step of a report over the whole
// history of the test city: every category, and one neighbourhood.
func BenchmarkReadCounts(b *testing.B) {
	pool := countsCity(b)
	s := New(pool)
	ctx := context.Background()
	var busiest string
	err := pool.QueryRow(ctx, `
		SELECT n.code FROM ticket t JOIN neighbourhood n ON n.municipality_id = t.municipality_id AND n.id = t.neighbourhood_id
		 GROUP BY n.code ORDER BY count(*) DESC, n.code LIMIT 1`).Scan(&busiest)
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name string
		q    Query
	}{{"all", Query{}}, {"one neighbourhood", Query{Neighbourhood: busiest}}} {
		b.Run(c.name, func(b *testing.B) {
			series := 0
			for b.Loop() {
				err := s.read(ctx, func(tx pgx.Tx) error {
					b.StopTimer()
					sc, err := resolve(ctx, tx, 1, c.q)
					if err != nil {
						return err
					}
					days := daysBetween(sc.first, sc.lastFullDay())
					b.StartTimer()
					counts, err := readCounts(ctx, tx, s.pool, sc, days)
					series = len(counts)
					return err
				})
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(series), "series")
		})
	}
}
