package countmodel

import (
	"math"

	"gonum.org/v1/gonum/mat"

	"loket/internal/errs"
)

const (
	maxIRLSIterations = 100
	// devianceTolerance is the relative change in deviance that ends the
	// iterations; the same rule as R's glm.
	devianceTolerance = 1e-10
	// minMean keeps fitted means off zero, where the log link and the
	// weights break down (all-zero series drive the intercept to −∞).
	minMean = 2.220446049250313e-16
	// maxEta keeps exp(η) finite.
	maxEta = 700
	// maxHalvings bounds the step halving when a step makes the fit worse.
	maxHalvings = 30
)

// irls fits β for a fixed dispersion α by iteratively reweighted least
// squares (Fisher scoring for the log link). It keeps its scratch space so
// that the alternation with the dispersion search does not allocate.
type irls struct {
	x               *mat.Dense
	y               []float64
	xw              *mat.Dense    // √w · x
	zw, rhs         *mat.VecDense // √w · working response, xᵀWz
	info            *mat.SymDense // xᵀWx: the Fisher information for β
	chol            mat.Cholesky
	beta, prev, eta *mat.VecDense
	mu              []float64
	haveBeta        bool
	iterations      int
	deviance        float64
}

func newIRLS(x *mat.Dense, y []float64) *irls {
	n, p := x.Dims()
	s := &irls{
		x: x, y: y,
		xw: mat.NewDense(n, p, nil), zw: mat.NewVecDense(n, nil), rhs: mat.NewVecDense(p, nil),
		info: mat.NewSymDense(p, nil),
		beta: mat.NewVecDense(p, nil), prev: mat.NewVecDense(p, nil), eta: mat.NewVecDense(n, nil),
		mu: make([]float64, n),
	}
	// Start from the data itself, nudged off zero, as R's poisson family does.
	for i, v := range y {
		s.mu[i] = v + 0.1
		s.eta.SetVec(i, math.Log(s.mu[i]))
	}
	return s
}

// fit runs IRLS to convergence for dispersion alpha (0 for Poisson),
// starting from the current β (or the data, the first time).
func (s *irls) fit(alpha float64) error {
	dev := deviance(s.y, s.mu, alpha)
	for range maxIRLSIterations {
		next, err := s.step(alpha, dev)
		if err != nil {
			return err
		}
		if converged(dev, next) {
			s.deviance = next
			return nil
		}
		dev = next
	}
	return errs.E(errs.Invalid, "the model did not converge in %d iterations; the data may not fit a count model with these columns", maxIRLSIterations)
}

// step takes one scoring step for dispersion alpha from deviance dev at
// the current means, and returns the deviance after it.
func (s *irls) step(alpha, dev float64) (float64, error) {
	s.iterations++
	s.prev.CopyVec(s.beta)
	if err := s.solve(alpha); err != nil {
		return 0, err
	}
	next := s.update(alpha)
	// A step that makes the fit worse, or not finite, overshot: go back half way.
	for h := 0; s.haveBeta && h < maxHalvings && !(next <= dev*(1+1e-12)+1e-12); h++ {
		s.beta.AddVec(s.beta, s.prev)
		s.beta.ScaleVec(0.5, s.beta)
		next = s.update(alpha)
	}
	if math.IsNaN(next) || math.IsInf(next, 0) {
		return 0, errs.E(errs.Invalid, "the model cannot be fitted: the expected counts overflow; check the scale of the columns")
	}
	s.haveBeta = true
	return next, nil
}

// converged applies R's glm rule to the deviance before and after a step.
func converged(before, after float64) bool {
	return math.Abs(after-before)/(math.Abs(after)+0.1) < devianceTolerance
}

// solve computes β from one weighted least-squares step at the current means.
func (s *irls) solve(alpha float64) error {
	for i, m := range s.mu {
		w := m / (1 + alpha*m)
		z := s.eta.AtVec(i) + (s.y[i]-m)/m
		sw := math.Sqrt(w)
		row, src := s.xw.RawRowView(i), s.x.RawRowView(i)
		for j, v := range src {
			row[j] = sw * v
		}
		s.zw.SetVec(i, sw*z)
	}
	s.info.SymOuterK(1, s.xw.T())
	s.rhs.MulVec(s.xw.T(), s.zw)
	if !s.chol.Factorize(s.info) {
		return errs.E(errs.Invalid, "the model cannot be fitted: its columns are (nearly) dependent on the days with counts")
	}
	return s.chol.SolveVecTo(s.beta, s.rhs)
}

// update recomputes η and μ from β and returns the deviance.
func (s *irls) update(alpha float64) float64 {
	s.eta.MulVec(s.x, s.beta)
	for i := range s.mu {
		s.mu[i] = math.Max(math.Exp(math.Min(s.eta.AtVec(i), maxEta)), minMean)
	}
	return deviance(s.y, s.mu, alpha)
}

// information factorizes xᵀWx at the fitted means: its inverse is the
// covariance of β.
func (s *irls) information(alpha float64) error {
	for i, m := range s.mu {
		sw := math.Sqrt(m / (1 + alpha*m))
		row, src := s.xw.RawRowView(i), s.x.RawRowView(i)
		for j, v := range src {
			row[j] = sw * v
		}
	}
	s.info.SymOuterK(1, s.xw.T())
	if !s.chol.Factorize(s.info) {
		return errs.E(errs.Invalid, "the model cannot be fitted: its columns are (nearly) dependent on the days with counts")
	}
	return nil
}

// deviance is twice the gap in log-likelihood to the saturated model.
func deviance(y, mu []float64, alpha float64) float64 {
	d := 0.0
	for i, v := range y {
		m := mu[i]
		yLogRatio := 0.0
		if v > 0 {
			yLogRatio = v * math.Log(v/m)
		}
		if alpha < minAlpha {
			d += 2 * (yLogRatio - (v - m))
			continue
		}
		d += 2 * (yLogRatio - (v+1/alpha)*(math.Log1p(alpha*v)-math.Log1p(alpha*m)))
	}
	return d
}
