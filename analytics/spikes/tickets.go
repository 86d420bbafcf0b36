package spikes

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
)

// attachTickets lists with each alert the newest of the tickets it
// counted, at most limit, in one statement for all alerts.
func attachTickets(ctx context.Context, tx pgx.Tx, municipality int, zone string, alerts []Alert, ids []seriesID, limit int) error {
	if len(alerts) == 0 || limit == 0 {
		return nil
	}
	categories := make([]int32, len(alerts))
	neighbourhoods := make([]int32, len(alerts))
	since := make([]time.Time, len(alerts))
	until := make([]time.Time, len(alerts))
	for i, a := range alerts {
		categories[i], neighbourhoods[i] = int32(ids[i].category), int32(ids[i].neighbourhood)
		since[i], until[i] = a.Since.Time, a.Day.Time
	}
	rows, err := tx.Query(ctx, `
		SELECT a.i, t.id, t.reference, t.created_at
		  FROM unnest($3::int[], $4::int[], $5::date[], $6::date[])
		       WITH ORDINALITY AS a(category, neighbourhood, since, until, i)
		 CROSS JOIN LATERAL (
		       SELECT t.id, t.reference, t.created_at
		         FROM ticket t
		        WHERE t.municipality_id = $1
		          AND t.created_at >= (a.since::timestamp AT TIME ZONE $2)
		          AND t.created_at < ((a.until + 1)::timestamp AT TIME ZONE $2)
		          AND t.category_id = a.category
		          AND (a.neighbourhood = 0 OR t.neighbourhood_id = a.neighbourhood)
		        ORDER BY t.created_at DESC, t.id DESC
		        LIMIT $7) t
		 ORDER BY a.i, t.created_at DESC, t.id DESC`,
		municipality, zone, categories, neighbourhoods, since, until, limit)
	if err != nil {
		return err
	}
	for i := range alerts {
		alerts[i].Tickets = []Ticket{}
	}
	var i int
	var t Ticket
	_, err = pgx.ForEachRow(rows, []any{&i, &t.ID, &t.Reference, &t.CreatedAt}, func() error {
		alerts[i-1].Tickets = append(alerts[i-1].Tickets, t)
		return nil
	})
	return err
}
