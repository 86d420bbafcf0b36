package season

import (
	"context"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// groupBy is the oracle: the GROUP BY the analyses counted with before
// they read the export's batches.
func groupBy(ctx context.Context, tx pgx.Tx, sc *scope, days []time.Time) (map[int][]float64, error) {
	first, last := days[0], days[len(days)-1]
	rows, err := tx.Query(ctx, `
		SELECT (t.created_at AT TIME ZONE $2)::date, t.category_id, count(*)::int
		  FROM ticket t
		 WHERE t.municipality_id = $1
		   AND t.created_at >= ($3::date::timestamp AT TIME ZONE $2)
		   AND t.created_at < (($4::date + 1)::timestamp AT TIME ZONE $2)
		   AND ($5::int[] IS NULL OR t.category_id = ANY ($5))
		   AND ($6::int = 0 OR t.neighbourhood_id = $6)
		 GROUP BY 1, 2`, sc.municipality, sc.zone.String(), first, last, sc.chosen, sc.neighbourhood)
	if err != nil {
		return nil, err
	}
	counts := map[int][]float64{}
	for _, id := range sc.chosen {
		counts[id] = make([]float64, len(days))
	}
	var d time.Time
	var category, n int
	_, err = pgx.ForEachRow(rows, []any{&d, &category, &n}, func() error {
		if counts[category] == nil {
			counts[category] = make([]float64, len(days))
		}
		counts[category][int(d.Sub(first).Hours()/24+0.5)] = float64(n)
		return nil
	})
	return counts, err
}

// addEdgeTickets copies a ticket to the edges of local days around the
// changes of the clock in Brussels, one without a neighbourhood, and
// returns the copied ticket's category and neighbourhood.
func addEdgeTickets(t *testing.T, pool *pgxpool.Pool) (category, neighbourhood int) {
	t.Helper()
	err := pool.QueryRow(context.Background(), `
		WITH src AS (SELECT * FROM ticket WHERE neighbourhood_id IS NOT NULL ORDER BY id LIMIT 1),
		ins AS (
		INSERT INTO ticket (municipality_id, reference, channel, category_id, description, geom, neighbourhood_id,
		                    geocode_quality, created_at, updated_at)
		SELECT s.municipality_id, s.reference || '-edge' || e.i, s.channel, s.category_id, s.description, s.geom,
		       CASE WHEN e.placed THEN s.neighbourhood_id END, s.geocode_quality,
		       e.local::timestamp AT TIME ZONE 'Europe/Brussels', e.local::timestamp AT TIME ZONE 'Europe/Brussels'
		  FROM src s, (VALUES (1, '2024-10-27 23:30', true),  -- the autumn's 25-hour day, late (22:30 UTC)
		                      (2, '2024-10-27 00:00', true),  -- its first instant (the day before in UTC)
		                      (3, '2024-03-31 23:30', true),  -- the spring's 23-hour day, late (21:30 UTC)
		                      (4, '2024-04-01 00:30', false), -- the day after, early, without a neighbourhood
		                      (5, '2024-10-27 02:30', false)  -- the hour that happens twice
		              ) e(i, local, placed)
		RETURNING category_id)
		SELECT (SELECT category_id FROM src), (SELECT neighbourhood_id FROM src) FROM ins LIMIT 1`).Scan(&category, &neighbourhood)
	if err != nil {
		t.Fatal(err)
	}
	return category, neighbourhood
}

func TestCountsThroughArrowEqualAGroupByOverTheSameTickets(t *testing.T) {
	pool := countsCity(t)
	category, neighbourhood := addEdgeTickets(t, pool)
	s := New(pool)
	ctx := context.Background()
	var code, nbh string
	if err := pool.QueryRow(ctx, `SELECT (SELECT code FROM category WHERE id = $1), (SELECT code FROM neighbourhood WHERE id = $2)`,
		category, neighbourhood).Scan(&code, &nbh); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name     string
		q        Query
		from, to time.Time // zero: the whole history
	}{
		{"every category, the whole history", Query{}, time.Time{}, time.Time{}},
		{"the days around the changes of the clock", Query{}, date(2024, 3, 31), date(2024, 10, 27)},
		{"one category from its first day", Query{Categories: []string{code}}, date(2024, 4, 1), date(2024, 10, 27)},
		{"one neighbourhood", Query{Neighbourhood: nbh}, date(2024, 3, 30), date(2024, 10, 28)},
		{"a category with its sub-categories in a neighbourhood", Query{Categories: []string{"afvalophaling"}, Neighbourhood: nbh}, time.Time{}, time.Time{}},
	} {
		t.Run(c.name, func(t *testing.T) {
			var got, want map[int][]float64
			err := s.read(ctx, func(tx pgx.Tx) error {
				sc, err := resolve(ctx, tx, 1, c.q)
				if err != nil {
					return err
				}
				days := daysBetween(sc.first, sc.lastFullDay())
				if !c.from.IsZero() {
					days = daysBetween(c.from, c.to)
				}
				if got, err = readCounts(ctx, tx, pool, sc, days); err != nil {
					return err
				}
				want, err = groupBy(ctx, tx, sc, days)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(want) == 0 || !maps.EqualFunc(got, want, slices.Equal) {
				t.Errorf("through Arrow %d series, the GROUP BY %d:\n%v\n%v", len(got), len(want), got, want)
			}
		})
	}
}

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
