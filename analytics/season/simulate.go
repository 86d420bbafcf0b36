package season

import (
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"

	"loket/analytics/countmodel"
)

// maxDailyMean bounds a simulated day's expected count, far above any
// desk's, so that a wild draw of a poorly known coefficient stays finite.
const maxDailyMean = 1e6

// maxAlpha is countmodel's upper bound on the NB2 dispersion.
const maxAlpha = 1e4

// simulation draws the counts of the forecast days of one category.
type simulation struct {
	model *countmodel.Model
	ms    *modelSpec
	x     *mat.Dense // design rows at the forecast weather
	days  []time.Time
	ahead []int        // days past the history, per forecast day (1: the next day)
	wx    weatherByDay // the weather of the history and of the forecast
	skill *forecastSkill
	level *levelPrior // nil: the model's own level
	// seen bounds the weather block's part of the linear predictor to
	// what it was on the days of the history (see weatherSeen).
	seen  weatherRange
	draws int
	seed  uint64
}

// drawn is one forecast day's simulated counts, sorted, and its expected
// count: at the fitted coefficients, averaged over the weather and the
// level drawn. (Averaged over the coefficients drawn too, a few wild draws
// of a poorly known effect would decide it.)
type drawn struct {
	mean   float64
	counts []float64
}

func (s *simulation) run() []drawn {
	n, p := s.x.Dims()
	src := rand.NewPCG(s.seed, 0x5ea5011)
	rnd := rand.New(src)
	cd := newCoefficientDraws(s.model)
	out := make([]drawn, n)
	for i := range out {
		out[i].counts = make([]float64, s.draws)
	}
	z, beta, row := make([]float64, p), make([]float64, p), make([]float64, p)
	first := s.ms.weatherStart()
	for k := range s.draws {
		s.drawCoefficients(cd, rnd, z, beta)
		alpha := s.model.Alpha
		if alpha > 0 && s.model.AlphaSE > 0 {
			// A dispersion near zero is known only loosely on the log scale;
			// its draws stay within the range countmodel searches.
			alpha = math.Min(alpha*math.Exp(s.model.AlphaSE*rnd.NormFloat64()), maxAlpha)
		}
		factor := 1.0
		if s.level != nil {
			factor = distuv.Gamma{Alpha: s.level.shape, Beta: s.level.rate, Src: src}.Rand()
		}
		wx := s.possibleWeather(rnd)
		for i := range n {
			copy(row, s.x.RawRowView(i))
			if wx != nil {
				for j, c := range s.ms.weather {
					row[first+j], _ = wx.value(c, s.days[i])
				}
			}
			out[i].mean += s.expected(row, s.model.Beta, first, factor) / float64(s.draws)
			out[i].counts[k] = drawCount(s.expected(row, beta, first, factor), alpha, src)
		}
	}
	for i := range out {
		slices.Sort(out[i].counts)
	}
	return out
}

// drawCoefficients sets beta to β̂ + Lz over the coefficients that are
// known well enough (see coefficientDraws), and to β̂ for the others.
func (s *simulation) drawCoefficients(cd *coefficientDraws, rnd *rand.Rand, z, beta []float64) {
	copy(beta, s.model.Beta)
	if cd == nil {
		return
	}
	for a := range cd.index {
		z[a] = rnd.NormFloat64()
	}
	for a, j := range cd.index {
		for b := 0; b <= a; b++ {
			beta[j] += cd.lower.At(a, b) * z[b]
		}
	}
}

// possibleWeather is one draw of the forecast days' weather, over the
// history's; nil when the forecast is taken as certain.
func (s *simulation) possibleWeather(rnd *rand.Rand) weatherByDay {
	if s.skill == nil {
		return nil
	}
	wx := make(weatherByDay, len(s.days)+lagDays)
	for _, d := range s.days {
		for lag := range lagDays + 1 {
			past := d.AddDate(0, 0, -lag)
			if w, ok := s.wx[past]; ok {
				wx[past] = w
			}
		}
	}
	for i, d := range s.days {
		wx[d] = s.skill.perturb(s.wx[d], s.ahead[i], rnd)
	}
	return wx
}

// coefficientDraws draws the coefficients whose standard error is at most
// maxSE from their joint normal sampling distribution. The others are
// effects the data cannot pin down, such as Sundays for a category that
// never gets a ticket on Sunday: β̂ then says "next to none", and draws
// from a standard error in the thousands would say anything.
type coefficientDraws struct {
	index []int
	lower *mat.TriDense
}

func newCoefficientDraws(m *countmodel.Model) *coefficientDraws {
	var index []int
	for j := range m.Beta {
		if se := math.Sqrt(m.Cov.At(j, j)); se > 0 && se <= maxSE {
			index = append(index, j)
		}
	}
	if len(index) == 0 {
		return nil
	}
	sub := mat.NewSymDense(len(index), nil)
	for a, i := range index {
		for b, j := range index[:a+1] {
			sub.SetSym(a, b, m.Cov.At(i, j))
		}
	}
	var chol mat.Cholesky
	if !chol.Factorize(sub) {
		return nil
	}
	cd := &coefficientDraws{index: index, lower: &mat.TriDense{}}
	chol.LTo(cd.lower)
	return cd
}

// drawCount draws an NB2 count as a Poisson whose rate is gamma distributed.
func drawCount(mu, alpha float64, src rand.Source) float64 {
	if mu <= 0 {
		return 0
	}
	if alpha > 1e-8 {
		mu = distuv.Gamma{Alpha: 1 / alpha, Beta: 1 / (alpha * mu), Src: src}.Rand()
		if mu <= 0 {
			return 0
		}
	}
	return distuv.Poisson{Lambda: mu, Src: src}.Rand()
}

// quantile is the smallest sorted value with at least a share q of the
// values at or below it.
func quantile(sorted []float64, q float64) float64 {
	k := int(math.Ceil(q*float64(len(sorted)))) - 1
	return sorted[max(k, 0)]
}

// expected is the expected count of a design row under coefficients beta,
// scaled by the level factor, with the weather's part (the columns from
// first on) bounded by s.seen.
func (s *simulation) expected(row, beta []float64, first int, factor float64) float64 {
	eta := dot(row[:first], beta[:first]) + s.seen.clamp(dot(row[first:], beta[first:]))
	return math.Min(math.Exp(math.Min(eta, 700))*factor, maxDailyMean)
}

func dot(a, b []float64) float64 {
	sum := 0.0
	for j, v := range a {
		sum += v * b[j]
	}
	return sum
}

// weatherRange is the span of the weather block's part of the linear
// predictor over the days of a history.
type weatherRange struct{ lo, hi float64 }

func (r weatherRange) clamp(v float64) float64 { return math.Max(r.lo, math.Min(v, r.hi)) }

// weatherSeen is the range of the weather block's effect, at the fitted
// coefficients, over the days the model was fitted on. Weather the
// history never had together, such as the first mild day of the year
// that is also a day of heavy rain, would otherwise multiply effects each
// learnt apart into a forecast far beyond any day seen (a desk of a
// ticket a day forecast 211 tickets).
func weatherSeen(m *countmodel.Model, ms *modelSpec, days []time.Time) (weatherRange, error) {
	d, err := ms.spec.Build(ms.fitDays(days))
	if err != nil {
		return weatherRange{}, err
	}
	first := ms.weatherStart()
	r := weatherRange{lo: math.Inf(1), hi: math.Inf(-1)}
	for i := range d.Days {
		v := dot(d.X.RawRowView(i)[first:], m.Beta[first:])
		r.lo, r.hi = math.Min(r.lo, v), math.Max(r.hi, v)
	}
	return r, nil
}
