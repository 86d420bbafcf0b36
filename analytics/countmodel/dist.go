package countmodel

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mathext"
	"gonum.org/v1/gonum/stat/distuv"
)

// countDist is the distribution of a count with mean mu: negative binomial
// NB2 with dispersion alpha, or Poisson when alpha is 0.
type countDist struct {
	mu, alpha float64
}

// minAlpha is where NB2 becomes Poisson in all but rounding; below it the
// incomplete beta functions lose accuracy for no visible difference.
const minAlpha = 1e-8

func (d countDist) poisson() bool { return d.alpha < minAlpha }

// cdf is P(Y ≤ k).
func (d countDist) cdf(k float64) float64 {
	k = math.Floor(k)
	switch {
	case k < 0:
		return 0
	case d.mu <= 0:
		return 1
	case d.poisson():
		return mathext.GammaIncRegComp(k+1, d.mu)
	}
	r := 1 / d.alpha
	return mathext.RegIncBeta(r, k+1, 1/(1+d.alpha*d.mu))
}

// upperTail is P(Y ≥ k), computed directly so that tiny p-values keep
// their precision instead of vanishing in 1 − cdf.
func (d countDist) upperTail(k float64) float64 {
	k = math.Ceil(k)
	switch {
	case k <= 0:
		return 1
	case d.mu <= 0:
		return 0
	case d.poisson():
		return mathext.GammaIncReg(k, d.mu)
	}
	am := d.alpha * d.mu
	return mathext.RegIncBeta(k, 1/d.alpha, am/(1+am))
}

// quantile is the smallest count k with P(Y ≤ k) ≥ q.
func (d countDist) quantile(q float64) float64 {
	if d.mu <= 0 || q <= 0 {
		return 0
	}
	sd := math.Sqrt(d.mu + d.alpha*d.mu*d.mu)
	// Bracket around the normal approximation, then bisect: the cdf is
	// monotone, so this finds the exact discrete quantile.
	lo, hi := 0.0, math.Max(1, math.Ceil(d.mu+3*sd))
	for i := 0; d.cdf(hi) < q && i < 64; i++ {
		lo, hi = hi, 2*hi
	}
	for hi-lo > 1 {
		mid := math.Floor((lo + hi) / 2)
		if d.cdf(mid) >= q {
			hi = mid
		} else {
			lo = mid
		}
	}
	if d.cdf(lo) >= q {
		return lo
	}
	return hi
}

// rand draws a count, NB2 as a Poisson whose rate is gamma distributed.
func (d countDist) rand(src rand.Source) float64 {
	lambda := d.mu
	if lambda <= 0 {
		return 0
	}
	if !d.poisson() {
		shape := 1 / d.alpha
		lambda = distuv.Gamma{Alpha: shape, Beta: shape / d.mu, Src: src}.Rand()
		if lambda <= 0 {
			return 0
		}
	}
	return distuv.Poisson{Lambda: lambda, Src: src}.Rand()
}
