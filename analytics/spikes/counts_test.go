package spikes

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// groupBy is the oracle: the GROUP BY the detection counted with before
// it read the export's batches.
func groupBy(ctx context.Context, tx pgx.Tx, sc *scope, zone string, first, last time.Time) ([]cell, error) {
	args := []any{sc.municipality, zone, first, last}
	conds := []string{
		"t.municipality_id = $1",
		"t.created_at >= ($3::date::timestamp AT TIME ZONE $2)",
		"t.created_at < (($4::date + 1)::timestamp AT TIME ZONE $2)",
	}
	if sc.chosen != nil {
		args = append(args, sc.chosen)
		conds = append(conds, "t.category_id = ANY($"+strconv.Itoa(len(args))+"::int[])")
	}
	if sc.neighbourhood != 0 {
		args = append(args, sc.neighbourhood)
		conds = append(conds, "t.neighbourhood_id = $"+strconv.Itoa(len(args)))
	}
	rows, err := tx.Query(ctx, `
		SELECT (t.created_at AT TIME ZONE $2)::date, t.category_id, coalesce(t.neighbourhood_id, 0), count(*)::int
		  FROM ticket t
		 WHERE `+strings.Join(conds, " AND ")+`
		 GROUP BY 1, 2, 3`, args...)
	if err != nil {
		return nil, err
	}
	var cells []cell
	var c cell
	_, err = pgx.ForEachRow(rows, []any{&c.day, &c.category, &c.neighbourhood, &c.n}, func() error {
		cells = append(cells, c)
		return nil
	})
	return cells, err
}

// addEdgeTickets copies a ticket of grofvuil to the edges of local days
// around the changes of the clock in Brussels, two without a
// neighbourhood, and returns the copy's neighbourhood code.
func addEdgeTickets(t *testing.T, pool *pgxpool.Pool) string {
	t.Helper()
	var code string
	err := pool.QueryRow(context.Background(), `
		WITH src AS (SELECT t.* FROM ticket t JOIN category c ON c.id = t.category_id
		              WHERE c.code = 'grofvuil' AND t.neighbourhood_id IS NOT NULL ORDER BY t.id LIMIT 1),
		ins AS (
		INSERT INTO ticket (municipality_id, reference, channel, category_id, description, geom, neighbourhood_id,
		                    geocode_quality, created_at, updated_at)
		SELECT s.municipality_id, s.reference || '-edge' || e.i, s.channel, s.category_id, s.description, s.geom,
		       CASE WHEN e.placed THEN s.neighbourhood_id END, s.geocode_quality,
		       e.local::timestamp AT TIME ZONE 'Europe/Brussels', e.local::timestamp AT TIME ZONE 'Europe/Brussels'
		  FROM src s, (VALUES (1, '2025-10-26 23:30', true),  -- the autumn's 25-hour day, late (22:30 UTC)
		                      (2, '2025-10-26 00:00', true),  -- its first instant (the day before in UTC)
		                      (3, '2025-03-30 23:30', false), -- the spring's 23-hour day, late, without a neighbourhood
		                      (4, '2025-03-31 00:30', true),  -- the day after, early (the day before in UTC)
		                      (5, '2025-10-26 02:30', false)  -- the hour that happens twice
		              ) e(i, local, placed)
		RETURNING 1)
		SELECT n.code FROM src JOIN neighbourhood n ON n.id = src.neighbourhood_id WHERE (SELECT count(*) FROM ins) = 5`).Scan(&code)
	if err != nil {
		t.Fatal(err)
	}
	return code
}

func TestCountsThroughArrowEqualAGroupByOverTheSameTickets(t *testing.T) {
	pool := seededCity(t)
	nbh := addEdgeTickets(t, pool)
	s := New(pool)
	ctx := context.Background()
	for _, c := range []struct {
		name        string
		q           Query
		first, last time.Time
	}{
		{"every series of a default detection", Query{}, date(2022, 11, 14), date(2025, 11, 20)},
		{"the days around the changes of the clock", Query{}, date(2025, 3, 30), date(2025, 10, 26)},
		{"a parent category's sub-categories", Query{Categories: []string{"afvalophaling"}}, date(2025, 3, 31), date(2025, 10, 27)},
		{"one neighbourhood", Query{Neighbourhood: nbh}, date(2025, 3, 29), date(2025, 10, 26)},
	} {
		t.Run(c.name, func(t *testing.T) {
			var got, want []cell
			err := s.read(ctx, func(tx pgx.Tx) error {
				city, err := readCity(ctx, tx, kortrijk)
				if err != nil {
					return err
				}
				sc, err := resolve(ctx, tx, kortrijk, c.q, "nl")
				if err != nil {
					return err
				}
				if got, err = readCounts(ctx, tx, pool, sc, city.zone, c.first, c.last); err != nil {
					return err
				}
				want, err = groupBy(ctx, tx, sc, city.zone, c.first, c.last)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			order := func(a, b cell) int {
				return cmp.Or(a.day.Compare(b.day), cmp.Compare(a.category, b.category), cmp.Compare(a.neighbourhood, b.neighbourhood))
			}
			slices.SortFunc(got, order)
			slices.SortFunc(want, order)
			if len(want) == 0 || !slices.Equal(got, want) {
				t.Errorf("through Arrow %d cells, the GROUP BY %d", len(got), len(want))
				for i := range min(len(got), len(want)) {
					if got[i] != want[i] {
						t.Fatalf("first difference: %s, want %s", show(got[i]), show(want[i]))
					}
				}
			}
			if !slices.ContainsFunc(got, func(x cell) bool { return x.neighbourhood == 0 }) && c.q.Neighbourhood == "" {
				t.Error("no cell of tickets without a neighbourhood")
			}
		})
	}
}

func show(c cell) string {
	return c.day.Format(time.DateOnly) + " category " + strconv.Itoa(c.category) + " neighbourhood " +
		strconv.Itoa(c.neighbourhood) + ": " + strconv.Itoa(c.n)
}
