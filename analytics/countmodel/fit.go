package countmodel

import (
	"math"

	"gonum.org/v1/gonum/mat"

	"loket/internal/errs"
)

// maxAlternations bounds the rounds of "α for these means, then a step
// for β at this α".
const maxAlternations = 50

// Model is a fitted log-link count GLM.
type Model struct {
	Family     Family
	Names      []string      // column names, as in the design
	Beta       []float64     // coefficients on the log scale
	Cov        *mat.SymDense // covariance of Beta: the inverse Fisher information
	Alpha      float64       // NB2 dispersion; 0 for Poisson or when the data show no extra spread
	AlphaSE    float64       // standard error of log Alpha; 0 when Alpha is 0 or at a bound
	LogLik     float64
	Deviance   float64
	AIC        float64
	N          int // days fitted
	Iterations int // IRLS iterations, over all alternations
}

// Fit fits counts y (one per design row) by maximum likelihood.
func Fit(family Family, d *Design, y []float64) (*Model, error) {
	if err := family.validate(); err != nil {
		return nil, err
	}
	if err := d.check(); err != nil {
		return nil, err
	}
	n, p := d.X.Dims()
	if len(y) != n {
		return nil, errs.E(errs.Invalid, "%d counts for %d design rows; they must match", len(y), n)
	}
	if err := checkCounts(y); err != nil {
		return nil, err
	}
	if err := checkRank(d); err != nil {
		return nil, err
	}
	s := newIRLS(d.X, y)
	// Poisson first: it is the NB2 start, and the answer when the counts
	// show no extra spread (the NB2 likelihood then peaks at α = 0).
	if err := s.fit(0); err != nil {
		return nil, err
	}
	alpha, alphaSE := 0.0, 0.0
	if family == NegBinomial && overdispersed(y, s.mu) {
		var err error
		if alpha, alphaSE, err = alternate(s, y); err != nil {
			return nil, err
		}
	}
	if err := s.information(alpha); err != nil {
		return nil, err
	}
	cov := mat.NewSymDense(p, nil)
	if err := s.chol.InverseTo(cov); err != nil {
		return nil, errs.E(errs.Invalid, "the model's coefficients cannot be estimated: the design is (nearly) singular on these days")
	}
	params := p
	if alpha > 0 {
		params++
	}
	ll := logLik(y, s.mu, alpha)
	return &Model{
		Family: family, Names: append([]string(nil), d.Names...),
		Beta: append([]float64(nil), s.beta.RawVector().Data...), Cov: cov,
		Alpha: alpha, AlphaSE: alphaSE,
		LogLik: ll, Deviance: s.deviance, AIC: -2*ll + 2*float64(params),
		N: n, Iterations: s.iterations,
	}, nil
}

// alternate fits NB2 by alternating α by likelihood for the current
// means with one IRLS step for β at that α, until both settle. β and α are
// orthogonal in the NB2 information, so each converges nearly as if the
// other were known.
func alternate(s *irls, y []float64) (alpha, alphaSE float64, err error) {
	alpha = momentAlpha(y, s.mu)
	disp := newDispersion(y)
	for range maxAlternations {
		next, se := disp.fit(s.mu, alpha)
		before := deviance(y, s.mu, next)
		after, err := s.step(next, before)
		if err != nil {
			return 0, 0, err
		}
		settled := math.Abs(math.Log(next)-math.Log(alpha)) < 10*alphaTolerance && converged(before, after)
		alpha, alphaSE, s.deviance = next, se, after
		if settled {
			return alpha, alphaSE, nil
		}
	}
	return 0, 0, errs.E(errs.Invalid, "the negative binomial fit did not settle in %d rounds", maxAlternations)
}
