package geo

import (
	"context"
	"strconv"

	"github.com/jackc/pgx/v5"

	"loket/internal/errs"
)

// addrRow is an address of a candidate street near the asked number.
type addrRow struct {
	id                  int64
	street, number, box string
	postcode            string
	lon, lat            float64
	nbh                 Neighbourhood
	num                 int // leading digits of number, -1 if none
}

// numberWindow bounds the neighbours fetched around the asked number; a gap
// wider than this on one side is left to the other side alone.
const numberWindow = 60

// resolveNumbers places q's house number on each matched street: the
// address itself when it exists, else a point between its neighbours.
func (g *Geocoder) resolveNumbers(ctx context.Context, municipalityID int, streets []streetMatch, q Query) ([]Candidate, error) {
	names := make([]string, len(streets))
	for i, s := range streets {
		names[i] = s.nameNL
	}
	n := leadingInt(q.Number)
	// Most numbers asked exist: their few rows come first, and only the
	// streets where the number is missing fetch neighbours to interpolate.
	byStreet, err := g.numberRows(ctx, municipalityID, names, n, 0)
	if err != nil {
		return nil, err
	}
	var missing []string
	for _, name := range names {
		if _, _, ok := findAddress(byStreet[name], q.Number, q.Box); !ok {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		near, err := g.numberRows(ctx, municipalityID, missing, n, numberWindow)
		if err != nil {
			return nil, err
		}
		for name, rows := range near {
			byStreet[name] = rows
		}
	}
	var out []Candidate
	for _, s := range streets {
		found := false
		// A name used in two former municipalities is two streets: one
		// candidate per postcode.
		for _, group := range splitByPostcode(byStreet[s.nameNL]) {
			if c, ok := placeNumber(group, q); ok {
				c.StreetNL, c.StreetFR = s.nameNL, s.nameFR
				c.Score = clamp01(s.sim * c.Score * postcodeFactor(q, c.Postcode))
				out = append(out, c)
				found = true
			}
		}
		if !found {
			out = append(out, s.candidate(q))
		}
	}
	return out, nil
}

// numberRows reads, per street, the addresses whose number lies within
// window of n on the same side, sorted by postcode and number; the exact
// number lies inside the window, so one index range serves both.
func (g *Geocoder) numberRows(ctx context.Context, municipalityID int, names []string, n, window int) (map[string][]addrRow, error) {
	byStreet := map[string][]addrRow{}
	// Left to choose, the planner plans this statement again on every
	// call (0.3 ms, four times the work it plans): a street with few
	// addresses makes the custom plans look cheaper than the generic
	// one, which serves every street as well. A batch is one implicit
	// transaction, so the setting holds for this statement alone.
	b := &pgx.Batch{}
	b.Queue(`SELECT set_config('plan_cache_mode', 'force_generic_plan', true)`)
	b.Queue(`
		SELECT a.id, a.street_nl, a.house_number, a.box, a.postcode, ST_X(a.geom), ST_Y(a.geom),
		       coalesce(n.id, 0), coalesce(n.code, ''), coalesce(n.name, ''),
		       loket_house_int(a.house_number) AS num
		FROM address a
		LEFT JOIN neighbourhood n ON n.municipality_id = a.municipality_id AND n.id = a.neighbourhood_id
		WHERE a.municipality_id = $1 AND a.street_nl = ANY($2)
		  AND loket_house_int(a.house_number) BETWEEN $3::int - $4::int AND $3::int + $4::int
		  AND loket_house_int(a.house_number) % 2 = $3::int % 2
		ORDER BY a.street_nl, a.postcode, num, a.house_number, a.box`,
		municipalityID, names, n, window).Query(func(rows pgx.Rows) error {
		for rows.Next() {
			var r addrRow
			if err := rows.Scan(&r.id, &r.street, &r.number, &r.box, &r.postcode, &r.lon, &r.lat,
				&r.nbh.ID, &r.nbh.Code, &r.nbh.Name, &r.num); err != nil {
				return err
			}
			byStreet[r.street] = append(byStreet[r.street], r)
		}
		return rows.Err()
	})
	if err := g.pool.SendBatch(ctx, b).Close(); err != nil {
		return nil, errs.Wrap(err, errs.Internal, "address search failed")
	}
	return byStreet, nil
}

func splitByPostcode(rows []addrRow) [][]addrRow {
	var out [][]addrRow
	for i := 0; i < len(rows); {
		j := i + 1
		for j < len(rows) && rows[j].postcode == rows[i].postcode {
			j++
		}
		out = append(out, rows[i:j])
		i = j
	}
	return out
}

// leadingInt is the number in "12A", or -1.
func leadingInt(s string) int {
	i := 0
	for i < len(s) && i < 6 && isDigit(s[i]) {
		i++
	}
	n, err := strconv.Atoi(s[:i])
	if err != nil {
		return -1
	}
	return n
}
