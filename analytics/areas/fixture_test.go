package areas

import (
	"context"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"golang.org/x/crypto/bcrypt"

	"loket/analytics/hotspot"
	"loket/internal/testdb"
)

// Testdorp is a town of 12 × 12 hexagons of 250 m in Lambert 72, near
// Kortrijk, whose boundary follows the hexagons exactly, so that at 250 m
// every cell lies wholly inside: uniform tickets then give every cell the
// same expected count. Its four neighbourhoods are the quarters:
//
//	N1 (i < 196, j ≥ 395)   N2 (i ≥ 196, j ≥ 395)
//	N3 (i < 196, j < 395)   N4 (i ≥ 196, j < 395)
//
// Residents: 100 at hexagon A in N1, 200 at B in N2, 50 at C in N4, none
// in N3.
const (
	townSize          = 250.0
	iLo, iHi          = 190, 201 // columns, inclusive
	jLo, jHi          = 389, 400 // rows, inclusive
	iSplit, jSplit    = 196, 395
	townMunicipality  = 1
	testPassword      = "analyse-me"
	staffEmailPattern = "%s@testdorp.example"
)

var (
	hexA = hotspot.Hex{I: 192, J: 397} // N1, 100 residents
	hexB = hotspot.Hex{I: 199, J: 398} // N2, 200 residents
	hexC = hotspot.Hex{I: 198, J: 391} // N4, 50 residents
)

// town is one test's copy of Testdorp.
type town struct {
	t    *testing.T
	pool *pgxpool.Pool
	svc  *Service
	grid hexGrid
	refs int
}

func newTown(t *testing.T) *town {
	t.Helper()
	pool := testdb.NewWith(t, "areas", buildTown)
	s := New(pool)
	return &town{t: t, pool: pool, svc: s, grid: hexGrid{size: townSize}}
}

// centre is the middle of hexagon h in Lambert 72.
func (tw *town) centre(h hotspot.Hex) (x, y float64) {
	return 1.5 * townSize * float64(h.I), sqrt3 * townSize * (float64(h.J) + 0.5*float64(h.I&1))
}

// inTown reports whether a Lambert 72 point lies in one of the town's hexagons.
func inTown(g hexGrid, x, y float64) bool {
	h := g.cellOf(x, y)
	return h.I >= iLo && h.I <= iHi && h.J >= jLo && h.J <= jHi
}

func townHexes() []hotspot.Hex {
	var out []hotspot.Hex
	for i := iLo; i <= iHi; i++ {
		for j := jLo; j <= jHi; j++ {
			out = append(out, hotspot.Hex{I: i, J: j})
		}
	}
	return out
}

func buildTown(ctx context.Context, pool *pgxpool.Pool) error {
	hash, err := bcrypt.GenerateFromPassword([]byte(testPassword), bcrypt.MinCost)
	if err != nil {
		return err
	}
	steps := []struct {
		sql  string
		args []any
	}{
		{`INSERT INTO municipality (id, nis_code, name_nl, name_fr, name_en, ticket_prefix, local_srid)
		  VALUES (1, '99001', 'Testdorp', 'Testville', 'Testtown', 'T', 31370)`, nil},
		{`WITH h AS (
		      SELECT i, j, geom FROM ST_HexagonGrid($1::float8, ST_MakeEnvelope($2, $3, $4, $5, 31370))
		       WHERE i BETWEEN $6 AND $7 AND j BETWEEN $8 AND $9)
		  INSERT INTO neighbourhood (municipality_id, code, name, geom)
		  SELECT 1, code, 'Wijk ' || code, ST_Multi(ST_Transform(ST_Union(geom), 4326))
		    FROM (SELECT CASE WHEN i < $10 AND j >= $11 THEN 'N1' WHEN j >= $11 THEN 'N2'
		                      WHEN i < $10 THEN 'N3' ELSE 'N4' END AS code, geom FROM h) q
		   GROUP BY code ORDER BY code`,
			[]any{townSize, 1.5 * townSize * (iLo - 1), sqrt3 * townSize * (jLo - 1), 1.5 * townSize * (iHi + 1), sqrt3 * townSize * (jHi + 1),
				iLo, iHi, jLo, jHi, iSplit, jSplit}},
		{`UPDATE municipality SET boundary = (SELECT ST_Multi(ST_Union(geom)) FROM neighbourhood WHERE municipality_id = 1)`, nil},
		{`INSERT INTO team (municipality_id, code, name_nl, name_fr, name_en) VALUES (1, 'wegen', 'Wegen', 'Voirie', 'Roads')`, nil},
		{`INSERT INTO category (municipality_id, code, parent_id, name_nl, name_fr, name_en, default_team_id) VALUES
		      (1, 'sluikstort', NULL, 'Sluikstort', 'Dépôt clandestin', 'Illegal dumping', 1),
		      (1, 'openbare-verlichting', NULL, 'Verlichting', 'Éclairage', 'Street light', 1),
		      (1, 'gemeenteweg', NULL, 'Weg', 'Voirie', 'Road', 1),
		      (1, 'putten-verzakkingen', 3, 'Putten', 'Nids-de-poule', 'Potholes', 1)`, nil},
		{`INSERT INTO staff (municipality_id, team_id, name, email, roles, password_hash)
		  SELECT 1, 1, r, format($1, r), ARRAY[r], $2
		    FROM unnest(ARRAY['agent', 'staff', 'field', 'manager', 'admin']) r`, []any{staffEmailPattern, string(hash)}},
		{`INSERT INTO citizen (municipality_id, email, name, password_hash) VALUES (1, 'burger@testdorp.example', 'Burger', $1)`, []any{string(hash)}},
	}
	for _, st := range steps {
		if _, err := pool.Exec(ctx, st.sql, st.args...); err != nil {
			return fmt.Errorf("%.60s…: %w", st.sql, err)
		}
	}
	g := hexGrid{size: townSize}
	tw := &town{grid: g}
	for _, home := range []struct {
		hex               hotspot.Hex
		addresses, people int
	}{{hexA, 10, 10}, {hexB, 20, 10}, {hexC, 5, 10}} {
		x, y := tw.centre(home.hex)
		if _, err := pool.Exec(ctx, `
			WITH a AS (
			    INSERT INTO address (municipality_id, street_nl, house_number, postcode, neighbourhood_id, geom)
			    SELECT 1, 'Straat ' || $3::int || '-' || $4::int, n::text, '8500',
			           (SELECT id FROM neighbourhood WHERE municipality_id = 1 AND ST_Intersects(geom, p.g)), p.g
			      FROM generate_series(1, $5::int) n,
			           LATERAL (SELECT ST_Transform(ST_SetSRID(ST_MakePoint($1 + 3 * n, $2), 31370), 4326) AS g) p
			    RETURNING id)
			INSERT INTO resident (municipality_id, national_number, first_name, last_name, birth_date, address_id)
			SELECT 1, lpad((a.id * 1000 + k)::text, 11, '0'), 'Voornaam', 'Naam', '1980-01-01', a.id
			  FROM a, generate_series(1, $6::int) k`,
			x, y, home.hex.I, home.hex.J, home.addresses, home.people); err != nil {
			return err
		}
	}
	return nil
}

// plant adds tickets of category code at Lambert 72 points, created at
// when, with geocode quality address.
func (tw *town) plant(code string, when time.Time, pts [][2]float64) {
	tw.plantAs(code, "address", when, pts)
}

func (tw *town) plantAs(code, quality string, when time.Time, pts [][2]float64) {
	tw.t.Helper()
	xs, ys := make([]float64, len(pts)), make([]float64, len(pts))
	for i, p := range pts {
		xs[i], ys[i] = p[0], p[1]
	}
	_, err := tw.pool.Exec(context.Background(), `
		INSERT INTO ticket (municipality_id, reference, channel, category_id, geom, neighbourhood_id, geocode_quality, created_at, updated_at)
		SELECT 1, 'T-' || ($4::int + u.n), 'web', c.id, p.g,
		       (SELECT id FROM neighbourhood WHERE municipality_id = 1 AND ST_Intersects(geom, p.g) ORDER BY id LIMIT 1), $5, $6, $6
		  FROM unnest($1::float8[], $2::float8[]) WITH ORDINALITY AS u(x, y, n)
		 CROSS JOIN LATERAL (SELECT ST_Transform(ST_SetSRID(ST_MakePoint(u.x, u.y), 31370), 4326) AS g) p
		  JOIN category c ON c.municipality_id = 1 AND c.code = $3`,
		xs, ys, code, tw.refs, quality, when)
	if err != nil {
		tw.t.Fatalf("plant %d %s tickets: %v", len(pts), code, err)
	}
	tw.refs += len(pts)
}

// plantUnplaced adds n tickets without a known place (quality none), as
// an import does for a register's fallback coordinate, assigned to a
// neighbourhood all the same.
func (tw *town) plantUnplaced(code, neighbourhood string, when time.Time, n int) {
	tw.t.Helper()
	_, err := tw.pool.Exec(context.Background(), `
		INSERT INTO ticket (municipality_id, reference, channel, category_id, neighbourhood_id, geocode_quality, created_at, updated_at)
		SELECT 1, 'T-' || ($1::int + k), 'api', c.id, nb.id, 'none', $4, $4
		  FROM generate_series(1, $2::int) k
		  JOIN category c ON c.municipality_id = 1 AND c.code = $3
		  JOIN neighbourhood nb ON nb.municipality_id = 1 AND nb.code = $5`, tw.refs, n, code, when, neighbourhood)
	if err != nil {
		tw.t.Fatalf("plant unplaced tickets: %v", err)
	}
	tw.refs += n
}

// disc returns n points around (x, y) on a sunflower spiral of radius r:
// spread evenly, at least a metre apart for the sizes used here.
func disc(x, y, r float64, n int) [][2]float64 {
	out := make([][2]float64, n)
	golden := math.Pi * (3 - math.Sqrt(5))
	for k := range n {
		rho := r * math.Sqrt((float64(k)+0.5)/float64(n))
		out[k] = [2]float64{x + rho*math.Cos(float64(k)*golden), y + rho*math.Sin(float64(k)*golden)}
	}
	return out
}

// day is a date in the city's time.
func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, cityTime) }
