package countmodel

import (
	"math"
	"slices"
	"strings"
	"time"

	"gonum.org/v1/gonum/mat"

	"loket/internal/errs"
)

// Forecast is the predicted count for one day: the expected value and the
// central 80 % and 95 % predictive intervals.
type Forecast struct {
	Day        time.Time
	Mean       float64
	Lo80, Hi80 float64
	Lo95, Hi95 float64
}

// Mean predicts the expected count for each row of d.
func (m *Model) Mean(d *Design) ([]float64, error) {
	if err := m.checkDesign(d); err != nil {
		return nil, err
	}
	n, _ := d.X.Dims()
	eta := mat.NewVecDense(n, nil)
	eta.MulVec(d.X, mat.NewVecDense(len(m.Beta), m.Beta))
	mu := make([]float64, n)
	for i := range mu {
		mu[i] = math.Exp(math.Min(eta.AtVec(i), maxEta))
	}
	return mu, nil
}

// Forecast predicts each row of d with intervals from the quantiles of the
// fitted count distribution at the predicted mean. They leave out the
// uncertainty of the coefficients; ForecastSimulated includes it.
func (m *Model) Forecast(d *Design) ([]Forecast, error) {
	mu, err := m.Mean(d)
	if err != nil {
		return nil, err
	}
	out := make([]Forecast, len(mu))
	for i, v := range mu {
		dist := countDist{mu: v, alpha: m.Alpha}
		out[i] = Forecast{
			Day: d.day(i), Mean: v,
			Lo80: dist.quantile(0.10), Hi80: dist.quantile(0.90),
			Lo95: dist.quantile(0.025), Hi95: dist.quantile(0.975),
		}
	}
	return out, nil
}

// checkDesign refuses rows built from another spec than the model's.
func (m *Model) checkDesign(d *Design) error {
	if err := d.check(); err != nil {
		return err
	}
	if !slices.Equal(d.Names, m.Names) {
		return errs.E(errs.Invalid, "the design's columns (%s) differ from the model's (%s); build both from the same spec",
			strings.Join(d.Names, ", "), strings.Join(m.Names, ", "))
	}
	return nil
}

// meanVariance is the delta-method variance of the log of the predicted
// mean for design row x: xᵀ Cov x.
func (m *Model) meanVariance(x []float64) float64 {
	v := mat.NewVecDense(len(x), x)
	return math.Max(mat.Inner(v, m.Cov, v), 0)
}
