package analytics

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
)

// label is what is known of a ticket's duplicate status: it was closed
// as a duplicate (a merge, or a foreign register's closure note), and
// of which ticket when that is known (0: not known).
type label struct {
	duplicate bool
	original  int64
}

// labels reads every duplicate label of a municipality, by ticket id.
func (d *Duplicates) labels(ctx context.Context, municipality int) (map[int64]label, error) {
	rows, err := d.pool.Query(ctx, `
		SELECT t.id, coalesce(l.original_id, t.duplicate_of, 0)
		FROM ticket t
		LEFT JOIN ticket_duplicate_label l ON l.municipality_id = t.municipality_id AND l.ticket_id = t.id
		WHERE t.municipality_id = $1 AND (l.ticket_id IS NOT NULL OR t.duplicate_of IS NOT NULL)`, municipality)
	if err != nil {
		return nil, err
	}
	out := map[int64]label{}
	var id, original int64
	_, err = pgx.ForEachRow(rows, []any{&id, &original}, func() error {
		out[id] = label{duplicate: true, original: original}
		return nil
	})
	return out, err
}

// probeIDs lists the tickets a search over [from, to) probes: the placed
// ones.
func (d *Duplicates) probeIDs(ctx context.Context, municipality int, from, to time.Time) ([]int64, error) {
	rows, err := d.pool.Query(ctx, `SELECT id FROM ticket
		WHERE municipality_id = $1 AND created_at >= $2 AND created_at < $3 AND geom IS NOT NULL ORDER BY id`,
		municipality, from, to)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[int64])
}

// found is one candidate of a probe, kept for fitting and evaluation.
type found struct {
	candidate int64
	features  Features
}

// collect runs q over a period and groups the candidates by probe.
func (d *Duplicates) collect(ctx context.Context, q search) (map[int64][]found, int, error) {
	out := map[int64][]found{}
	n := 0
	err := d.run(ctx, q, func(p pair) error {
		out[p.probe] = append(out[p.probe], found{p.candidate.ID, p.candidate.features})
		n++
		return nil
	})
	return out, n, err
}

// knownPair is a labelled duplicate and its original, both placed.
type knownPair struct {
	category  int
	distanceM float64
	// endedDays is how long before the duplicate the original had ended;
	// negative while it was still open.
	endedDays float64
}

// knownPairs reads the duplicates created in [from, to) whose original is
// known, placed and older: what per-category rules are fitted on.
func (d *Duplicates) knownPairs(ctx context.Context, municipality int, from, to time.Time, labels map[int64]label) ([]knownPair, error) {
	var dups, originals []int64
	for id, l := range labels {
		if l.original != 0 {
			dups, originals = append(dups, id), append(originals, l.original)
		}
	}
	rows, err := d.pool.Query(ctx, `
		SELECT y.category_id, ST_DistanceSphere(y.geom, o.geom),
		       coalesce(extract(epoch FROM y.created_at - coalesce(o.resolved_at, o.closed_at))::float8 / 86400, -1)
		FROM unnest($2::bigint[], $3::bigint[]) AS l (dup, original)
		JOIN ticket y ON y.municipality_id = $1 AND y.id = l.dup
		JOIN ticket o ON o.municipality_id = $1 AND o.id = l.original
		WHERE y.created_at >= $4 AND y.created_at < $5 AND o.created_at < y.created_at
		  AND y.geom IS NOT NULL AND o.geom IS NOT NULL`, municipality, dups, originals, from, to)
	if err != nil {
		return nil, err
	}
	var out []knownPair
	var k knownPair
	_, err = pgx.ForEachRow(rows, []any{&k.category, &k.distanceM, &k.endedDays}, func() error {
		out = append(out, k)
		return nil
	})
	return out, err
}
