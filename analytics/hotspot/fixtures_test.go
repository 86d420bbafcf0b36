package hotspot

import (
	"math"
	"math/rand/v2"
	"testing"
)

// hexMap is a cols × rows block of ST_HexagonGrid cells and its graph.
func hexMap(t testing.TB, cols, rows int) ([]Hex, Graph) {
	t.Helper()
	cells := make([]Hex, 0, cols*rows)
	for i := range cols {
		for j := range rows {
			cells = append(cells, Hex{i, j})
		}
	}
	g, err := HexGraph(cells)
	if err != nil {
		t.Fatal(err)
	}
	return cells, g
}

// poisson draws n Poisson(lambda) counts (Knuth's method; fine for small
// lambda).
func poisson(rng *rand.Rand, n int, lambda float64) []float64 {
	x := make([]float64, n)
	limit := math.Exp(-lambda)
	for i := range x {
		k, p := 0, rng.Float64()
		for p > limit {
			k++
			p *= rng.Float64()
		}
		x[i] = float64(k)
	}
	return x
}
