package areas

import (
	"context"
	"encoding/json"
	"time"

	"github.com/jackc/pgx/v5"
)

// HexQuery asks for ticket counts per hexagon.
type HexQuery struct {
	Filter
	SizeMetres float64 // centre to corner; 0 means DefaultSizeMetres
}

// Hexagon is one cell of a hexagon map.
type Hexagon struct {
	I         int      `json:"i"` // ST_HexagonGrid's column
	J         int      `json:"j"` // and row
	Tickets   int      `json:"tickets"`
	Residents int      `json:"residents"`
	Rate      *float64 `json:"rate_per_1000"` // tickets per 1,000 residents; null without residents
	shape     json.RawMessage
}

// HexagonMap is the answer of Hexagons.
type HexagonMap struct {
	Period
	SizeMetres float64 `json:"size_m"`
	Tickets    int     `json:"tickets"` // counted in the hexagons
	// Outside counts the period's tickets whose point lies outside the
	// study area (or, with a neighbourhood chosen, outside its hexagons).
	Outside  int       `json:"tickets_outside"`
	Hexagons []Hexagon `json:"-"`
}

// Period is the time an answer covers, [From, To).
type Period struct {
	From time.Time `json:"from"`
	To   time.Time `json:"to"`
}

// defaultDays is the period of counts and hot spots when none is given.
const defaultDays = 365

// Hexagons counts the tickets and residents in every hexagon of the study
// area, with the rate per 1,000 residents.
func (s *Service) Hexagons(ctx context.Context, municipality int, q HexQuery) (*HexagonMap, error) {
	q, err := q.withDefaults(s.now())
	if err != nil {
		return nil, err
	}
	out := &HexagonMap{Period: Period{q.From, q.To}, SizeMetres: q.SizeMetres}
	err = s.read(ctx, func(tx pgx.Tx) error {
		sc, err := resolve(ctx, tx, municipality, q.Filter)
		if err != nil {
			return err
		}
		m, err := newHexMap(ctx, tx, sc, q.SizeMetres, s.limits.MaxCells)
		if err != nil {
			return err
		}
		tickets, outside, err := m.binTickets(ctx, tx, sc)
		if err != nil {
			return err
		}
		residents, err := m.binResidents(ctx, tx, sc)
		if err != nil {
			return err
		}
		out.Outside = outside
		for i, h := range m.hexes {
			out.Tickets += tickets[i]
			out.Hexagons = append(out.Hexagons, Hexagon{I: h.I, J: h.J, Tickets: tickets[i], Residents: residents[i],
				Rate: perThousand(tickets[i], residents[i]), shape: m.shape[i]})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func (q HexQuery) withDefaults(now time.Time) (HexQuery, error) {
	if q.SizeMetres == 0 {
		q.SizeMetres = DefaultSizeMetres
	}
	if err := checkSize(q.SizeMetres); err != nil {
		return q, err
	}
	var err error
	q.Filter, err = q.Filter.withPeriod(now, defaultDays)
	return q, err
}

// perThousand is tickets per 1,000 residents, or nil where nobody lives.
func perThousand(tickets, residents int) *float64 {
	if residents == 0 {
		return nil
	}
	r := float64(tickets) * 1000 / float64(residents)
	return &r
}
