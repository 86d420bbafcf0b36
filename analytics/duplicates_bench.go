package analytics

import (
	"context"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
)

// Latency is how long the candidate search took, per request.
type Latency struct {
	Requests      int
	P50, P95, P99 time.Duration
}

// BenchLatency times the search as the desk uses it, on n tickets of the
// data's last month picked at random (the same seed picks the same ones):
// the candidates of each as a ticket (ForTicket), and of a draft like it
// checked at the moment of the last ticket (Check): the data's "now".
func (d *Duplicates) BenchLatency(ctx context.Context, municipality, n int, seed string) (ticket, draft Latency, err error) {
	var last time.Time
	if err := d.pool.QueryRow(ctx, `SELECT max(created_at) FROM ticket WHERE municipality_id = $1`, municipality).Scan(&last); err != nil {
		return ticket, draft, err
	}
	rows, err := d.pool.Query(ctx, `
		SELECT t.reference, c.code, ST_X(t.geom), ST_Y(t.geom), t.description
		FROM ticket t JOIN category c ON c.municipality_id = t.municipality_id AND c.id = t.category_id
		WHERE t.municipality_id = $1 AND t.geom IS NOT NULL AND t.created_at > $4::timestamptz - interval '30 days'
		ORDER BY md5(t.id::text || $2) LIMIT $3`, municipality, seed, n, last)
	if err != nil {
		return ticket, draft, err
	}
	now := *d
	now.clock = func() time.Time { return last.Add(time.Second) }
	type sample struct {
		ref, category, description string
		lon, lat                   float64
	}
	var s sample
	var samples []sample
	if _, err := pgx.ForEachRow(rows, []any{&s.ref, &s.category, &s.lon, &s.lat, &s.description}, func() error {
		samples = append(samples, s)
		return nil
	}); err != nil {
		return ticket, draft, err
	}
	var forTicket, forDraft []time.Duration
	for _, s := range samples {
		start := time.Now()
		if _, err := d.ForTicket(ctx, municipality, s.ref); err != nil {
			return ticket, draft, err
		}
		forTicket = append(forTicket, time.Since(start))
		start = time.Now()
		lon, lat := s.lon, s.lat
		if _, err := now.Check(ctx, municipality, Draft{Category: s.category, Point: &DraftPoint{Lon: &lon, Lat: &lat}, Description: s.description}); err != nil {
			return ticket, draft, err
		}
		forDraft = append(forDraft, time.Since(start))
	}
	return latency(forTicket), latency(forDraft), nil
}

func latency(ds []time.Duration) Latency {
	if len(ds) == 0 {
		return Latency{}
	}
	slices.Sort(ds)
	at := func(q float64) time.Duration { return ds[min(int(q*float64(len(ds))), len(ds)-1)] }
	return Latency{Requests: len(ds), P50: at(0.50), P95: at(0.95), P99: at(0.99)}
}
