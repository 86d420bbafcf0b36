package hotspot

import (
	"math"

	"loket/internal/errs"
)

// Result is one cell's verdict.
type Result struct {
	Z        float64 // Gi* z-score: above 0 more tickets around than the map's mean
	P        float64 // two-sided p-value before correction
	Adjusted float64 // Benjamini–Hochberg adjusted p-value
	// Bin is ArcGIS's Gi_Bin after FDR correction: ±3, ±2, ±1 for a hot (+)
	// or cold (−) spot at 99, 95 or 90 % confidence, 0 for neither.
	Bin int
	// Significant says Adjusted ≤ q, the level Classify was given.
	Significant bool
}

// Hot reports a significant hot spot, Cold a significant cold spot.
func (r Result) Hot() bool  { return r.Significant && r.Z > 0 }
func (r Result) Cold() bool { return r.Significant && r.Z < 0 }

// binLevels pairs each confidence bin with the adjusted p-value it needs.
var binLevels = [...]struct {
	bin   int
	alpha float64
}{{3, 0.01}, {2, 0.05}, {1, 0.10}}

// Classify corrects the p-values of all cells together with Benjamini–Hochberg
// and sorts each cell into a confidence bin; the direction is the sign of z.
// q (0 < q < 1, typically 0.05) sets the Significant flag.
func Classify(z, p []float64, q float64) ([]Result, error) {
	if len(z) != len(p) {
		return nil, errs.E(errs.Invalid, "%d z-scores but %d p-values", len(z), len(p))
	}
	if !(q > 0 && q < 1) {
		return nil, errs.E(errs.Invalid, "the false discovery rate must lie between 0 and 1, got %g", q)
	}
	adj, err := BH(p)
	if err != nil {
		return nil, err
	}
	out := make([]Result, len(z))
	for i := range z {
		r := Result{Z: z[i], P: p[i], Adjusted: adj[i]}
		if z[i] != 0 {
			r.Significant = adj[i] <= q
			for _, l := range binLevels {
				if adj[i] <= l.alpha {
					r.Bin = l.bin
					break
				}
			}
			if z[i] < 0 {
				r.Bin = -r.Bin
			}
		}
		out[i] = r
	}
	return out, nil
}

// NormalP returns the two-sided p-value of each z-score under the standard
// normal distribution, the analytic alternative to Permutation.
func NormalP(z []float64) []float64 {
	p := make([]float64, len(z))
	for i, v := range z {
		p[i] = math.Erfc(math.Abs(v) / math.Sqrt2)
	}
	return p
}
