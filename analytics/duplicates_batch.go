package analytics

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
)

// Suggestion is a ticket whose best candidate scores as a likely
// duplicate, for staff to look at (and merge through ticketing).
type Suggestion struct {
	Ticket, TicketStatus      string
	Original, OriginalStatus  string
	Score, DistanceM, AgeDays float64
	AlreadyMarked             bool // labelled or merged as a duplicate already
}

// Suggest scores every placed ticket created in [from, to) against the
// tickets there were when it came in, and returns those whose best
// candidate is likely the same request, best first.
func (d *Duplicates) Suggest(ctx context.Context, municipality int, from, to time.Time) ([]Suggestion, error) {
	best := map[int64]Candidate{}
	err := d.run(ctx, period(municipality, from, to, Rules{}), func(p pair) error {
		c := p.candidate
		c.Score = d.model.Score(c.features)
		if b, ok := best[p.probe]; c.Score >= d.model.Threshold && (!ok || c.Score > b.Score) {
			best[p.probe] = c
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	labels, err := d.labels(ctx, municipality)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, 0, len(best))
	for id := range best {
		ids = append(ids, id)
	}
	rows, err := d.pool.Query(ctx, `SELECT id, reference, status FROM ticket WHERE municipality_id = $1 AND id = ANY($2)`, municipality, ids)
	if err != nil {
		return nil, err
	}
	var out []Suggestion
	var id int64
	var ref, status string
	_, err = pgx.ForEachRow(rows, []any{&id, &ref, &status}, func() error {
		c := best[id]
		out = append(out, Suggestion{Ticket: ref, TicketStatus: status, Original: c.Reference, OriginalStatus: c.Status,
			Score: round(c.Score, 4), DistanceM: round(c.DistanceM, 1), AgeDays: round(c.AgeDays, 2),
			AlreadyMarked: labels[id].duplicate})
		return nil
	})
	slices.SortFunc(out, func(a, b Suggestion) int {
		return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(a.Ticket, b.Ticket))
	})
	return out, err
}
