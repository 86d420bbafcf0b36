package countmodel

import (
	"math"
	"slices"

	"gonum.org/v1/gonum/mathext"
)

// The dispersion search works on t = log α, bounded so that the NB2
// formulas stay accurate: below minAlpha the model is Poisson in all but
// rounding, above maxAlpha the data hold no usable signal.
const (
	maxAlpha           = 1e4
	maxAlphaIterations = 100
	maxAlphaStep       = 2.0 // on the log scale: a factor e² per step at most
	// alphaTolerance ends the search on log α: far below any standard
	// error of α, and near where the log-likelihood stops resolving steps.
	alphaTolerance = 1e-7
)

// dispersion is the NB2 log-likelihood as a function of α alone, for
// fixed means. Daily counts take few distinct values, so the special
// functions (lgamma, digamma, trigamma) are evaluated once per distinct
// count rather than once per day.
type dispersion struct {
	y, mu  []float64
	level  []int     // y[i] == values[level[i]]
	values []float64 // the distinct counts
	a, b   []float64 // per distinct count, scratch for the special functions
}

func newDispersion(y []float64) *dispersion {
	values := slices.Clone(y)
	slices.Sort(values)
	values = slices.Compact(values)
	level := make([]int, len(y))
	for i, v := range y {
		level[i], _ = slices.BinarySearch(values, v)
	}
	return &dispersion{y: y, level: level, values: values,
		a: make([]float64, len(values)), b: make([]float64, len(values))}
}

// logLik is the NB2 log-likelihood at alpha without the −Σ log y! that
// does not depend on α.
func (d *dispersion) logLik(alpha float64) float64 {
	r := 1 / alpha
	lgr, _ := math.Lgamma(r)
	for j, v := range d.values {
		d.a[j], _ = math.Lgamma(v + r)
	}
	ll := 0.0
	for i, v := range d.y {
		l1p := math.Log1p(alpha * d.mu[i])
		ll += d.a[d.level[i]] - lgr - r*l1p
		if v > 0 {
			ll += v * (math.Log(alpha*d.mu[i]) - l1p)
		}
	}
	return ll
}

// derivatives returns the first and second derivative of the log-
// likelihood in t = log α. They are derived in r = 1/α (as in MASS's
// theta.ml) and carried over by the chain rule.
func (d *dispersion) derivatives(alpha float64) (g, h float64) {
	r := 1 / alpha
	psiR, triR := mathext.Digamma(r), mathext.Zeta(2, r)
	for j, v := range d.values {
		d.a[j] = mathext.Digamma(v+r) - psiR
		d.b[j] = mathext.Zeta(2, v+r) - triR
	}
	var gr, hr float64
	for i, v := range d.y {
		m := d.mu[i]
		rm := r + m
		gr += d.a[d.level[i]] + math.Log(r/rm) + 1 - (r+v)/rm
		hr += d.b[d.level[i]] + 1/r - 1/rm - (m-v)/(rm*rm)
	}
	return -r * gr, r*gr + r*r*hr
}

// fit maximizes the log-likelihood over α for means mu by Newton's method
// on log α, halving steps that do not improve it. It returns α and the
// standard error of log α (0 when α sits at a bound).
func (d *dispersion) fit(mu []float64, alpha float64) (float64, float64) {
	d.mu = mu
	lo, hi := math.Log(minAlpha), math.Log(maxAlpha)
	t := math.Min(math.Max(math.Log(alpha), lo), hi)
	ll := d.logLik(math.Exp(t))
	g, h := d.derivatives(math.Exp(t))
	for range maxAlphaIterations {
		step := math.Copysign(1, g) // uphill when the curvature is no guide
		if h < 0 {
			step = math.Max(-maxAlphaStep, math.Min(maxAlphaStep, -g/h))
		}
		if math.Abs(step) < alphaTolerance {
			break
		}
		moved := false
		for math.Abs(step) >= alphaTolerance {
			cand := math.Min(math.Max(t+step, lo), hi)
			if cand == t {
				break
			}
			if candLL := d.logLik(math.Exp(cand)); candLL > ll {
				t, ll, moved = cand, candLL, true
				break
			}
			step /= 2
		}
		if !moved {
			break
		}
		g, h = d.derivatives(math.Exp(t))
	}
	se := 0.0
	if h < 0 && t > lo && t < hi {
		se = 1 / math.Sqrt(-h)
	}
	return math.Exp(t), se
}

// overdispersed reports whether the Poisson fit leaves more spread than
// Poisson allows: the score for α at α = 0 is ½Σ[(y−μ)² − y]. When it is
// not positive, the likelihood peaks at α = 0 and NB2 reduces to Poisson.
func overdispersed(y, mu []float64) bool {
	score, total := 0.0, 0.0
	for i, v := range y {
		d := v - mu[i]
		score += d*d - v
		total += v
	}
	return total > 0 && score > 0
}

// momentAlpha is a moment estimate of α from Poisson means, a start for
// the likelihood search.
func momentAlpha(y, mu []float64) float64 {
	num, den := 0.0, 0.0
	for i, v := range y {
		d := v - mu[i]
		num += d*d - v
		den += mu[i] * mu[i]
	}
	return math.Min(math.Max(num/den, 1e-4), 10)
}

// Dispersion is the NB2 dispersion of counts y about fixed means mu by
// maximum likelihood, and the standard error of its logarithm: the
// spread of a model's days around a level set apart from the fit, such as
// that of the last weeks. It is 0 when y show no more spread than Poisson.
func Dispersion(y, mu []float64) (alpha, logSE float64) {
	if !overdispersed(y, mu) {
		return 0, 0
	}
	return newDispersion(y).fit(mu, momentAlpha(y, mu))
}
