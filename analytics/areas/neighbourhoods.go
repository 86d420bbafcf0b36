package areas

import (
	"context"
	"encoding/json"

	"github.com/jackc/pgx/v5"
)

// NeighbourhoodCount is one neighbourhood's tickets and residents.
type NeighbourhoodCount struct {
	Code      string   `json:"code"`
	Name      string   `json:"name"`
	Tickets   int      `json:"tickets"`
	Residents int      `json:"residents"`
	Rate      *float64 `json:"rate_per_1000"` // tickets per 1,000 residents; null without residents
	shape     json.RawMessage
}

// NeighbourhoodMap is the answer of Neighbourhoods.
type NeighbourhoodMap struct {
	Period
	Tickets int `json:"tickets"` // counted in the neighbourhoods listed
	// Unplaced counts the period's tickets that have a place but no
	// neighbourhood (outside every one); always 0 with a neighbourhood chosen.
	Unplaced       int                  `json:"tickets_without_neighbourhood"`
	Neighbourhoods []NeighbourhoodCount `json:"-"`
}

// Neighbourhoods counts tickets and registered residents per neighbourhood.
// A ticket counts where its neighbourhood was assigned; a resident where
// their address lies.
func (s *Service) Neighbourhoods(ctx context.Context, municipality int, f Filter) (*NeighbourhoodMap, error) {
	f, err := f.withPeriod(s.now(), defaultDays)
	if err != nil {
		return nil, err
	}
	out := &NeighbourhoodMap{Period: Period{f.From, f.To}}
	err = s.read(ctx, func(tx pgx.Tx) error {
		sc, err := resolve(ctx, tx, municipality, f)
		if err != nil {
			return err
		}
		var a sqlArgs
		where := sc.ticketWhere(&a, locatedQualities)
		mun := a.add(sc.municipality)
		only := ""
		if sc.neighbourhood != 0 {
			only = " AND n.id = " + a.add(sc.neighbourhood)
		}
		rows, err := tx.Query(ctx, `
			WITH t AS (SELECT t.neighbourhood_id AS id, count(*) AS n FROM ticket t WHERE `+where+` GROUP BY 1),
			     r AS (SELECT a.neighbourhood_id AS id, count(*) AS n
			             FROM resident r JOIN address a ON a.municipality_id = r.municipality_id AND a.id = r.address_id
			            WHERE r.municipality_id = `+mun+` GROUP BY 1)
			SELECT n.code, n.name, ST_AsGeoJSON(n.geom, 7), coalesce(t.n, 0), coalesce(r.n, 0),
			       coalesce((SELECT n FROM t WHERE id IS NULL), 0)
			  FROM neighbourhood n
			  LEFT JOIN t ON t.id = n.id
			  LEFT JOIN r ON r.id = n.id
			 WHERE n.municipality_id = `+mun+only+`
			 ORDER BY n.code`, a...)
		if err != nil {
			return err
		}
		var c NeighbourhoodCount
		var shape []byte
		_, err = pgx.ForEachRow(rows, []any{&c.Code, &c.Name, &shape, &c.Tickets, &c.Residents, &out.Unplaced}, func() error {
			c.Rate = perThousand(c.Tickets, c.Residents)
			c.shape = json.RawMessage(shape)
			out.Tickets += c.Tickets
			out.Neighbourhoods = append(out.Neighbourhoods, c)
			return nil
		})
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// GeoJSON returns the neighbourhoods as features.
func (m *NeighbourhoodMap) GeoJSON() FeatureCollection {
	return collect(m, len(m.Neighbourhoods), func(i int) (json.RawMessage, any) {
		return m.Neighbourhoods[i].shape, m.Neighbourhoods[i]
	})
}
