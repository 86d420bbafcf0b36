package countmodel

import (
	"cmp"
	"slices"
)

// AdjustBH returns Benjamini–Hochberg adjusted p-values in the input
// order: declaring every test with an adjusted p-value ≤ q a discovery
// keeps the expected share of false discoveries at most q.
func AdjustBH(p []float64) []float64 {
	m := len(p)
	order := make([]int, m)
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(p[a], p[b]) })
	adjusted := make([]float64, m)
	running := 1.0
	// From the largest p down, so each adjusted value is the smallest
	// m·p(j)/j over j at or above its rank.
	for rank := m; rank >= 1; rank-- {
		i := order[rank-1]
		running = min(running, p[i]*float64(m)/float64(rank))
		adjusted[i] = running
	}
	return adjusted
}
