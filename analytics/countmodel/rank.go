package countmodel

import (
	"math"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"loket/internal/errs"
)

// rankTolerance is how small a column's part outside the span of the
// columns before it may be, relative to its length, before it counts as
// redundant.
const rankTolerance = 1e-8

// checkRank refuses designs whose columns are linearly dependent: their
// coefficients are not identified. It names the first column that adds
// nothing, so the caller knows what to drop.
func checkRank(d *Design) error {
	n, p := d.X.Dims()
	if n <= p {
		return errs.E(errs.Invalid, "the model has %d columns but only %d days; it needs more days than columns", p, n)
	}
	norms := make([]float64, p)
	col := make([]float64, n)
	for j := range p {
		mat.Col(col, j, d.X)
		if norms[j] = floats.Norm(col, 2); norms[j] == 0 {
			return errs.E(errs.Invalid, "column %q is zero on every day, so its effect cannot be estimated", d.Names[j])
		}
	}
	// |R_jj| of an unpivoted QR is the length of column j's part outside
	// the span of the columns before it.
	var qr mat.QR
	qr.Factorize(d.X)
	var r mat.Dense
	qr.RTo(&r)
	for j := range p {
		if math.Abs(r.At(j, j)) < rankTolerance*norms[j] {
			return errs.E(errs.Invalid, "column %q is a combination of the columns before it (for example constant, or always equal to another), so its effect cannot be estimated; leave it out", d.Names[j])
		}
	}
	return nil
}
