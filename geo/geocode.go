package geo

import (
	"context"
	"slices"
	"unicode/utf8"

	"github.com/jackc/pgx/v5/pgxpool"

	"loket/internal/errs"
)

// Limits of a geocoding request.
const (
	MaxQueryLength = 200
	MaxLimit       = 20
)

// Geocoder turns text into places and places into addresses, over the
// address register and the street table (see RefreshStreets).
type Geocoder struct {
	pool    *pgxpool.Pool
	streets streetCache
	served  *Served
}

// NewGeocoder returns a geocoder over pool.
func NewGeocoder(pool *pgxpool.Pool) *Geocoder { return &Geocoder{pool: pool, served: NewServed(pool)} }

// Geocode returns up to limit candidates for q, best first. Text that
// matches nothing gives an empty list, not an error.
func (g *Geocoder) Geocode(ctx context.Context, municipalityID int, q string, limit int) ([]Candidate, error) {
	if err := validateQuery(q, limit); err != nil {
		return nil, err
	}
	pq := ParseQuery(q)
	out := []Candidate{}
	if key := pq.StreetKey(); key != "" {
		streets, err := g.matchStreets(ctx, municipalityID, key, limit)
		if err != nil {
			return nil, err
		}
		// Only streets close to the best match are worth resolving.
		for i := range streets {
			if streets[i].sim < streets[0].sim*0.8 {
				streets = streets[:i]
				break
			}
		}
		if pq.Number != "" && len(streets) > 0 {
			out, err = g.resolveNumbers(ctx, municipalityID, streets, pq)
			if err != nil {
				return nil, err
			}
		} else {
			for _, s := range streets {
				out = append(out, s.candidate(pq))
			}
		}
	}
	if len(out) == 0 && (pq.Street != "" || pq.Place != "") {
		var err error
		if out, err = g.matchNeighbourhoods(ctx, municipalityID, pq, limit); err != nil {
			return nil, err
		}
	}
	slices.SortStableFunc(out, func(a, b Candidate) int {
		switch {
		case a.Score > b.Score:
			return -1
		case a.Score < b.Score:
			return 1
		}
		return 0
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

func validateQuery(q string, limit int) error {
	switch n := utf8.RuneCountInString(q); {
	case !utf8.ValidString(q):
		return errs.E(errs.Invalid, "the search text is not valid UTF-8")
	case normKey(q) == "":
		return errs.E(errs.Invalid, `type an address to look for, such as "Grote Markt 54, 8500 Kortrijk"`)
	case n > MaxQueryLength:
		return errs.E(errs.Invalid, "the search text is %d characters long; at most %d are allowed", n, MaxQueryLength)
	case limit < 1 || limit > MaxLimit:
		return errs.E(errs.Invalid, "limit must be between 1 and %d, not %d", MaxLimit, limit)
	}
	return nil
}

// postcodeFactor lowers the score of a candidate whose postcode contradicts
// the one (or the place) in the query, without ruling it out: people often
// get the postcode of a former municipality wrong.
func postcodeFactor(q Query, postcode string) float64 {
	switch {
	case q.Postcode != "" && postcode != q.Postcode:
		return 0.9
	case q.Postcode == "" && q.Place != "":
		if pcs := placePostcodes(q.Place); pcs != nil && !slices.Contains(pcs, postcode) {
			return 0.95
		}
	}
	return 1
}

func clamp01(x float64) float64 { return max(0, min(1, x)) }
