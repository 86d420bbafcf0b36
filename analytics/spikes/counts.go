package spikes

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// cell is the number of tickets of one category in one neighbourhood (0:
// none known) on one day.
type cell struct {
	day           time.Time // midnight UTC of the local date
	category      int
	neighbourhood int
	n             int
}

// readCounts counts sc's tickets per local day, category and
// neighbourhood from first to last (both included) in one pass over the
// ticket table; days without tickets are simply absent.
func readCounts(ctx context.Context, tx pgx.Tx, sc *scope, zone string, first, last time.Time) ([]cell, error) {
	args := []any{sc.municipality, zone, first, last}
	conds := []string{
		"t.municipality_id = $1",
		// Local midnights as instants, so the range can use the index on
		// created_at rather than convert every row first.
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
