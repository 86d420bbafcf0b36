package hotspot

import (
	"math"
	"slices"

	"loket/internal/errs"
)

// BH returns Benjamini–Hochberg adjusted p-values, in the order given: a cell
// whose adjusted p-value is at most q is significant with the false discovery
// rate held at q. For the r-th smallest of m p-values,
//
//	adj_(r) = min over s ≥ r of min(1, p_(s) · m / s)
//
// Testing thousands of cells at once, plain p ≤ 0.05 would light up about one
// cell in twenty on pure noise; BH keeps the share of false alarms at q.
func BH(p []float64) ([]float64, error) {
	for i, v := range p {
		if math.IsNaN(v) || v < 0 || v > 1 {
			return nil, errs.E(errs.Invalid, "p-value %d is %g, not a probability", i, v)
		}
	}
	m := len(p)
	order := make([]int, m)
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmpFloat(p[a], p[b]) })
	adj := make([]float64, m)
	running := 1.0
	for r := m; r >= 1; r-- { // from the largest down, carrying the minimum
		i := order[r-1]
		running = min(running, p[i]*float64(m)/float64(r))
		adj[i] = running
	}
	return adj, nil
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
