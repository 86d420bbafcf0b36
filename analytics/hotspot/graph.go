package hotspot

import (
	"math"

	"loket/internal/errs"
)

// Graph lists, for each cell, the indices of the cells that touch it (its
// 1-ring), without the cell itself. Edge cells simply have fewer neighbours.
type Graph [][]int

// validate checks that g fits n cells: indices in range, no cell listed as
// its own neighbour and no neighbour listed twice (binary weights would
// otherwise count it double).
func (g Graph) validate(n int) error {
	if len(g) != n {
		return errs.E(errs.Invalid, "the neighbour graph has %d cells but there are %d counts", len(g), n)
	}
	seen := make([]int, n) // seen[j] == i+1 when j is already a neighbour of i
	for i, nbrs := range g {
		for _, j := range nbrs {
			switch {
			case j < 0 || j >= n:
				return errs.E(errs.Invalid, "cell %d has neighbour %d, outside 0..%d", i, j, n-1)
			case j == i:
				return errs.E(errs.Invalid, "cell %d lists itself as a neighbour", i)
			case seen[j] == i+1:
				return errs.E(errs.Invalid, "cell %d lists neighbour %d twice", i, j)
			}
			seen[j] = i + 1
		}
	}
	return nil
}

// minCells is the smallest map Gi* means anything on: its variance divides by
// n−1 and a map of two cells has nothing to compare a neighbourhood with.
const minCells = 3

// checkCounts refuses maps too small to compare and values that are not
// numbers, which would poison every z-score through the mean.
func checkCounts(x []float64) error {
	if len(x) < minCells {
		return errs.E(errs.Invalid, "hotspot statistics need at least %d cells, got %d", minCells, len(x))
	}
	for i, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return errs.E(errs.Invalid, "the count of cell %d is not a finite number", i)
		}
	}
	return nil
}
