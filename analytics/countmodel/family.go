package countmodel

import (
	"math"

	"loket/internal/errs"
)

// Family is the count distribution of a model; both use the log link.
type Family int

const (
	// Poisson: variance equals the mean.
	Poisson Family = iota
	// NegBinomial is NB2: variance μ + αμ², with α fitted by maximum likelihood.
	NegBinomial
)

func (f Family) String() string {
	switch f {
	case Poisson:
		return "poisson"
	case NegBinomial:
		return "negative binomial"
	}
	return "unknown family"
}

func (f Family) validate() error {
	if f != Poisson && f != NegBinomial {
		return errs.E(errs.Invalid, "unknown model family %d", int(f))
	}
	return nil
}

// checkCounts refuses what cannot be a day's count.
func checkCounts(y []float64) error {
	for i, v := range y {
		if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 || v != math.Trunc(v) {
			return errs.E(errs.Invalid, "count %d is %v; counts are whole numbers of at least 0", i+1, v)
		}
	}
	return nil
}
