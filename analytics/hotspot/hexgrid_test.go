package hotspot

import (
	"context"
	"math"
	"slices"
	"testing"

	"loket/internal/errs"
	"loket/internal/testdb"
)

// PostGIS is the authority on its own grid: ask it for real hexagons around
// the origin (so negative, odd columns are covered) and check that HexGraph
// links exactly the pairs that touch.
func TestHexGraphAgreesWithPostGISOnWhichHexagonsTouch(t *testing.T) {
	pool := testdb.New(t)
	ctx := context.Background()
	const size = 10.0
	rows, err := pool.Query(ctx, `
		SELECT i, j, ST_X(ST_Centroid(geom)), ST_Y(ST_Centroid(geom))
		FROM ST_HexagonGrid($1, ST_MakeEnvelope(-47, -41, 53, 44, 3857))
		ORDER BY i, j`, size)
	if err != nil {
		t.Fatal(err)
	}
	var cells []Hex
	for rows.Next() {
		var h Hex
		var cx, cy float64
		if err := rows.Scan(&h.I, &h.J, &cx, &cy); err != nil {
			t.Fatal(err)
		}
		cells = append(cells, h)
		// The layout the neighbour rule rests on, as Hex documents it.
		wantY := math.Sqrt(3) * size * float64(h.J)
		if h.I&1 != 0 {
			wantY += math.Sqrt(3) * size / 2
		}
		if math.Abs(cx-1.5*size*float64(h.I)) > 1e-6 || math.Abs(cy-wantY) > 1e-6 {
			t.Errorf("hexagon (%d, %d) is centred at (%g, %g), want (%g, %g)", h.I, h.J, cx, cy, 1.5*size*float64(h.I), wantY)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(cells) < 40 {
		t.Fatalf("PostGIS gave only %d hexagons", len(cells))
	}

	touching := map[[2]Hex]bool{}
	rows, err = pool.Query(ctx, `
		WITH h AS (SELECT i, j, geom FROM ST_HexagonGrid($1, ST_MakeEnvelope(-47, -41, 53, 44, 3857)))
		SELECT a.i, a.j, b.i, b.j FROM h a JOIN h b
		  ON (a.i, a.j) <> (b.i, b.j) AND ST_Touches(a.geom, b.geom)`, size)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var a, b Hex
		if err := rows.Scan(&a.I, &a.J, &b.I, &b.J); err != nil {
			t.Fatal(err)
		}
		touching[[2]Hex{a, b}] = true
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}

	g, err := HexGraph(cells)
	if err != nil {
		t.Fatal(err)
	}
	linked := map[[2]Hex]bool{}
	for a, nbrs := range g {
		for _, b := range nbrs {
			pair := [2]Hex{cells[a], cells[b]}
			linked[pair] = true
			if !touching[pair] {
				t.Errorf("HexGraph links %v and %v, which PostGIS says do not touch", pair[0], pair[1])
			}
		}
	}
	for pair := range touching {
		if !linked[pair] {
			t.Errorf("PostGIS says %v and %v touch, HexGraph does not link them", pair[0], pair[1])
		}
	}
}

func TestHexGraphLeavesGapsWhereCellsAreMissing(t *testing.T) {
	// An even column between two odd ones: (0,0) touches (−1,−1), (−1,0),
	// (1,−1), (1,0), (0,1) and (0,−1); only three of those are listed.
	cells := []Hex{{0, 0}, {1, -1}, {-1, 0}, {0, 1}, {5, 5}}
	g, err := HexGraph(cells)
	if err != nil {
		t.Fatal(err)
	}
	got := slices.Sorted(slices.Values(g[0]))
	if want := []int{1, 2, 3}; !slices.Equal(got, want) {
		t.Errorf("neighbours of (0,0) = %v, want %v", got, want)
	}
	if len(g[4]) != 0 {
		t.Errorf("a lone hexagon got neighbours %v", g[4])
	}
}

func TestHexGraphRefusesADuplicateCell(t *testing.T) {
	_, err := HexGraph([]Hex{{1, 2}, {3, 4}, {1, 2}})
	if errs.KindOf(err) != errs.Invalid {
		t.Errorf("got %v, want an invalid-input error", err)
	}
}
