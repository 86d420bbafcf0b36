package hotspot

import "math"

// GiStar returns the Getis-Ord Gi* z-score of every cell, with binary weights
// over the cell itself and its neighbours in g:
//
//	Gi* = (Σ_j w_ij x_j − X̄ Σ_j w_ij) / (S √((n Σ_j w_ij² − (Σ_j w_ij)²) / (n−1)))
//
// where X̄ and S (population standard deviation) run over all n cells. With
// binary weights Σ_j w_ij = Σ_j w_ij² = k_i+1 for a cell with k_i neighbours.
//
// Where the statistic is 0/0 — every count equal, or a neighbourhood covering
// the whole map — the z-score is 0: nothing stands out.
func GiStar(x []float64, g Graph) ([]float64, error) {
	if err := checkCounts(x); err != nil {
		return nil, err
	}
	if err := g.validate(len(x)); err != nil {
		return nil, err
	}
	m := momentsOf(x)
	z := make([]float64, len(x))
	for i, nbrs := range g {
		sum := x[i]
		for _, j := range nbrs {
			sum += x[j]
		}
		z[i] = m.z(sum, len(nbrs)+1)
	}
	return z, nil
}

// moments holds what every cell's Gi* shares: the map's size, mean and
// population standard deviation.
type moments struct {
	n, mean, sd float64
}

func momentsOf(x []float64) moments {
	n := float64(len(x))
	var sum float64
	for _, v := range x {
		sum += v
	}
	mean := sum / n
	// Two passes: Σx²/n − X̄² loses every digit when counts are large and alike.
	var ss float64
	for _, v := range x {
		ss += (v - mean) * (v - mean)
	}
	return moments{n: n, mean: mean, sd: math.Sqrt(ss / n)}
}

// z is Gi* for a neighbourhood of w cells (the cell included) whose counts add
// up to sum.
func (m moments) z(sum float64, w int) float64 {
	fw := float64(w)
	den := m.sd * math.Sqrt((m.n*fw-fw*fw)/(m.n-1))
	if den == 0 || math.IsNaN(den) {
		return 0
	}
	return (sum - m.mean*fw) / den
}
