package countmodel

import (
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/mat"

	"loket/internal/errs"
)

const maxDraws = 100_000

// ForecastSimulated is Forecast with the uncertainty of the fitted model
// included: each of draws simulations takes coefficients from their
// approximate normal sampling distribution (and log α from its own), then
// a count from the resulting distribution. The same seed gives the same
// intervals.
func (m *Model) ForecastSimulated(d *Design, draws int, seed uint64) ([]Forecast, error) {
	if draws < 100 || draws > maxDraws {
		return nil, errs.E(errs.Invalid, "simulated intervals need between 100 and %d draws, not %d", maxDraws, draws)
	}
	mu, err := m.Mean(d)
	if err != nil {
		return nil, err
	}
	// Coefficients are drawn as β̂ + Lz with Cov = LLᵀ and z standard normal.
	var chol mat.Cholesky
	if !chol.Factorize(m.Cov) {
		return nil, errs.E(errs.Invalid, "the coefficient covariance is not positive definite; simulated intervals are not available")
	}
	var lower mat.TriDense
	chol.LTo(&lower)
	src := rand.NewPCG(seed, 0x10ce7)
	rnd := rand.New(src)
	n, _ := d.X.Dims()
	sims := make([][]float64, n)
	for i := range sims {
		sims[i] = make([]float64, draws)
	}
	p := len(m.Beta)
	z, beta := mat.NewVecDense(p, nil), mat.NewVecDense(p, nil)
	betaHat := mat.NewVecDense(p, m.Beta)
	eta := mat.NewVecDense(n, nil)
	for k := range draws {
		for j := range p {
			z.SetVec(j, rnd.NormFloat64())
		}
		beta.MulVec(&lower, z)
		beta.AddVec(beta, betaHat)
		eta.MulVec(d.X, beta)
		alpha := m.Alpha
		if alpha > 0 && m.AlphaSE > 0 {
			alpha *= math.Exp(m.AlphaSE * rnd.NormFloat64())
		}
		for i := range n {
			dist := countDist{mu: math.Exp(math.Min(eta.AtVec(i), maxEta)), alpha: alpha}
			sims[i][k] = dist.rand(src)
		}
	}
	out := make([]Forecast, n)
	for i, s := range sims {
		slices.Sort(s)
		out[i] = Forecast{
			Day: d.day(i), Mean: mu[i],
			Lo80: empiricalQuantile(s, 0.10), Hi80: empiricalQuantile(s, 0.90),
			Lo95: empiricalQuantile(s, 0.025), Hi95: empiricalQuantile(s, 0.975),
		}
	}
	return out, nil
}

// empiricalQuantile is the smallest sorted value with at least a share q
// of the values at or below it.
func empiricalQuantile(sorted []float64, q float64) float64 {
	k := int(math.Ceil(q*float64(len(sorted)))) - 1
	return sorted[max(k, 0)]
}
