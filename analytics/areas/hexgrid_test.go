package areas

import (
	"context"
	"math/rand/v2"
	"testing"

	"loket/analytics/hotspot"
	"loket/internal/testdb"
)

func TestCellOfFindsTheSameHexagonAsPostGIS(t *testing.T) {
	pool := testdb.New(t)
	rng := rand.New(rand.NewPCG(7, 7))
	for _, size := range []float64{50, 250, 333.3} {
		g := hexGrid{size: size}
		var xs, ys []float64
		for range 400 {
			// Both signs: odd negative columns are where an off-by-one hides.
			xs = append(xs, (rng.Float64()-0.5)*40*size)
			ys = append(ys, (rng.Float64()-0.5)*40*size)
		}
		rows, err := pool.Query(context.Background(), `
			SELECT h.i, h.j
			  FROM unnest($1::float8[], $2::float8[]) WITH ORDINALITY AS u(x, y, n)
			 CROSS JOIN LATERAL (SELECT ST_SetSRID(ST_MakePoint(u.x, u.y), 31370) AS p) q
			 CROSS JOIN LATERAL (
			     SELECT i, j FROM ST_HexagonGrid($3::float8, ST_Expand(q.p, $3::float8 * 2)) h
			      WHERE ST_Intersects(h.geom, q.p) ORDER BY i, j LIMIT 1) h
			 ORDER BY u.n`, xs, ys, size)
		if err != nil {
			t.Fatal(err)
		}
		var want []hotspot.Hex
		for rows.Next() {
			var h hotspot.Hex
			if err := rows.Scan(&h.I, &h.J); err != nil {
				t.Fatal(err)
			}
			want = append(want, h)
		}
		if rows.Err() != nil || len(want) != len(xs) {
			t.Fatalf("size %g: PostGIS placed %d of %d points (%v)", size, len(want), len(xs), rows.Err())
		}
		for k := range xs {
			if got := g.cellOf(xs[k], ys[k]); got != want[k] {
				t.Errorf("size %g: (%.2f, %.2f) is in %v by arithmetic, in %v by ST_HexagonGrid", size, xs[k], ys[k], got, want[k])
			}
		}
	}
}

func TestCellsOverBoundsWhatHexagonGridLays(t *testing.T) {
	pool := testdb.New(t)
	for _, box := range [][4]float64{{0, 0, 1000, 1000}, {-1234, 567, 4321, 9876}, {70000, 165000, 80000, 172000}} {
		for _, size := range []float64{50, 250} {
			var n int
			err := pool.QueryRow(context.Background(), `SELECT count(*) FROM ST_HexagonGrid($5::float8, ST_MakeEnvelope($1, $2, $3, $4, 31370))`,
				box[0], box[1], box[2], box[3], size).Scan(&n)
			if err != nil {
				t.Fatal(err)
			}
			if est := (hexGrid{size: size}).cellsOver(box[2]-box[0], box[3]-box[1]); est < float64(n) || est > 1.2*float64(n)+20 {
				t.Errorf("box %v, size %g: estimate %.0f for %d hexagons", box, size, est, n)
			}
		}
	}
}
