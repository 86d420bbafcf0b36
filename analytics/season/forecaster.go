package season

import (
	"fmt"
	"math"
	"slices"
	"time"

	"loket/analytics/countmodel"
)

// keepWeatherP is the p-value below which a forecast keeps the weather
// block of a category: the likelihood-ratio test of the block on the
// category's own history, unadjusted, as the forecast is for this
// category alone.
const keepWeatherP = 0.05

// forecaster forecasts the categories of one history.
type forecaster struct {
	ms    *modelSpec
	days  []time.Time    // the history
	wx    weatherByDay   // the weather of the history and of the forecast days
	skill *forecastSkill // nil: the forecast weather is taken as certain
	draws int
}

// forecast fits one category's history and simulates the forecast days,
// which follow the history; it also names the weather terms the forecast
// used. A category whose fit fails with the weather is forecast without
// it.
//
// Without a year of history the forecast pools two models, each giving
// half of the draws: one learns from the last half-year, which follows a
// change in the counts, the other from the whole history, whose estimates
// are steadier. Averaged over such windows, forecasts hold up when the
// counts change at a time no one knows (Pesaran and Timmermann, 2007);
// Boston 2015: MASE 0.7659 → 0.7637 overall and 0.7585 → 0.7536 for the
// weather-driven categories, for half again the time (backtest 7.9 s →
// 11.8 s).
func (f *forecaster) forecast(counts []float64, fdays []time.Time, seed uint64) ([]drawn, []string, error) {
	recent := f.ms
	if len(f.days) < minSeasonDays {
		recent = f.ms.lastDays(f.days, recentFitDays)
	}
	if len(recent.rows) == len(f.ms.rows) {
		return f.fitAndDraw(recent, counts, fdays, seed, f.draws)
	}
	a, aTerms, err := f.fitAndDraw(recent, counts, fdays, seed, f.draws-f.draws/2)
	if err != nil {
		return f.fitAndDraw(f.ms, counts, fdays, seed, f.draws)
	}
	b, bTerms, err := f.fitAndDraw(f.ms, counts, fdays, seed+1, f.draws/2)
	if err != nil {
		return f.fitAndDraw(recent, counts, fdays, seed, f.draws)
	}
	return pool(a, b), union(aTerms, bTerms), nil
}

// pool is the mixture of two simulations of the same days.
func pool(a, b []drawn) []drawn {
	out := make([]drawn, len(a))
	for i := range out {
		na, nb := float64(len(a[i].counts)), float64(len(b[i].counts))
		out[i].mean = (a[i].mean*na + b[i].mean*nb) / (na + nb)
		out[i].counts = append(slices.Clone(a[i].counts), b[i].counts...)
		slices.Sort(out[i].counts)
	}
	return out
}

// union is a's names and then those of b that a lacks.
func union(a, b []string) []string {
	out := slices.Clone(a)
	for _, name := range b {
		if !slices.Contains(out, name) {
			out = append(out, name)
		}
	}
	return out
}

// fitAndDraw fits ms to one category's counts and simulates draws of the
// forecast days.
func (f *forecaster) fitAndDraw(ms *modelSpec, counts []float64, fdays []time.Time, seed uint64, draws int) ([]drawn, []string, error) {
	ms = ms.forCategory(f.days, counts)
	m, err := fitModel(ms, f.days, counts)
	// The burst lifts the first fit's expectation of its own day, so the
	// limit is set again from each new fit.
	for round := 0; round < tameRounds && err == nil; round++ {
		tamed, n := tameBursts(m, ms, f.days, counts)
		if n == 0 {
			break
		}
		counts = tamed
		m, err = fitModel(ms, f.days, counts)
	}
	if err != nil && len(ms.weather) > 0 {
		ms = ms.dropWeather(fitFailure(err))
		m, err = fitModel(ms, f.days, counts)
	}
	if err != nil {
		return nil, nil, err
	}
	if len(ms.weather) > 0 {
		// A weather block that does not help this category's history only
		// adds the noise of its estimates to the forecasts.
		fd, y := ms.fitDays(f.days), pick(counts, ms.rows)
		if t, err := blockTest(m, ms.withoutWeather(), fd, y, len(ms.weather)); err == nil && t.P > keepWeatherP {
			ms = ms.dropWeather(fmt.Sprintf("it does not help this category's forecasts (p = %.2g)", t.P))
			if m, err = fitModel(ms, f.days, counts); err != nil {
				return nil, nil, err
			}
		}
	}
	if vague := vagueWeather(m, ms); len(vague) > 0 {
		// Drawn from their wide sampling distributions such effects would
		// make wild forecasts; the days they stand for are too few.
		ms = ms.drop(func(name string) bool { return vague[name] }, "too few days to tell its effect for this category")
		if m, err = fitModel(ms, f.days, counts); err != nil {
			return nil, nil, err
		}
	}
	x, err := ms.spec.Build(fdays)
	if err != nil {
		return nil, nil, err
	}
	last := f.days[len(f.days)-1]
	m = shrinkWeather(m, ms)
	seen, err := weatherSeen(m, ms, f.days)
	if err != nil {
		return nil, nil, err
	}
	sim := &simulation{model: m, ms: ms, x: x.X, days: fdays, wx: f.wx, skill: f.skill, seen: seen, draws: draws, seed: seed}
	for _, d := range fdays {
		sim.ahead = append(sim.ahead, int(d.Sub(last).Hours()/24+0.5))
	}
	if len(f.days) < minSeasonDays {
		if sim.level, err = recentLevel(m, ms, f.days, counts); err != nil {
			return nil, nil, err
		}
		if sim.model, err = localSpread(m, ms, f.days, counts); err != nil {
			return nil, nil, err
		}
	}
	terms := make([]string, len(ms.weather))
	for i, c := range ms.weather {
		terms[i] = c.name()
	}
	return sim.run(), terms, nil
}

// recentFitDays is how far back the recent one of the pooled models
// learns: a level, weekday pattern and weather effects fitted over older
// months mix in another season's (alone, this model took Boston 2015's
// weather-driven categories from MASE 0.769 to 0.763).
const recentFitDays = 182

// lastDays is m fitted on the days of the last n days of the history only.
func (m *modelSpec) lastDays(days []time.Time, n int) *modelSpec {
	from := days[len(days)-1].AddDate(0, 0, 1-n)
	k, _ := slices.BinarySearchFunc(m.rows, from, func(i int, t time.Time) int { return days[i].Compare(t) })
	out := *m
	out.rows = m.rows[k:]
	return &out
}

// Without a year of history a model has no season, and its level is the
// average of the days it learns from. The level of the last two weeks
// then says more about the next two: a gamma prior around the model's
// level, worth levelPriorTickets tickets, updated with the tickets of
// those days, scales every forecast. A day counts for at most burstFactor
// times what it was expected to bring (plus burstSlack): a batch of
// tickets entered at once should not set the level of the fortnight after.
const (
	levelWindow       = 14
	levelPriorTickets = 10.0
	burstFactor       = 2.0
	burstSlack        = 3.0
)

// levelPrior is the gamma distribution of the factor on the model's level.
type levelPrior struct{ shape, rate float64 }

func recentLevel(m *countmodel.Model, ms *modelSpec, days []time.Time, counts []float64) (*levelPrior, error) {
	rows := ms.rows[max(0, len(ms.rows)-levelWindow):]
	mu, err := meansOn(m, ms, days, rows)
	if err != nil {
		return nil, err
	}
	// The bursts are judged against the median day's ratio of tickets to
	// the model's expectation, which a burst does not move.
	ratios := make([]float64, len(rows))
	for k, i := range rows {
		ratios[k] = (counts[i] + 0.5) / (mu[k] + 0.5)
	}
	slices.Sort(ratios)
	level := ratios[len(ratios)/2]
	actual, expected := 0.0, 0.0
	for k, i := range rows {
		actual += math.Min(counts[i], burstFactor*level*mu[k]+burstSlack)
		expected += mu[k]
	}
	return &levelPrior{shape: levelPriorTickets + actual, rate: levelPriorTickets + expected}, nil
}

// meansOn is the model's expected count on the history days at rows.
func meansOn(m *countmodel.Model, ms *modelSpec, days []time.Time, rows []int) ([]float64, error) {
	on := make([]time.Time, len(rows))
	for k, i := range rows {
		on[k] = days[i]
	}
	d, err := ms.spec.Build(on)
	if err != nil {
		return nil, err
	}
	return m.Mean(d)
}

// spreadWindow is the number of the last days of a history whose spread
// about their own level sets the spread of the forecasts.
const spreadWindow = 56

// localSpread is m with the dispersion of the last spreadWindow days
// about their level. Fitted over a history without season terms, the
// dispersion takes in how far the level moved through the months, which
// the recent level already answers for: such wide forecasts put their
// median far below the expected count.
func localSpread(m *countmodel.Model, ms *modelSpec, days []time.Time, counts []float64) (*countmodel.Model, error) {
	rows := ms.rows[max(0, len(ms.rows)-spreadWindow):]
	mu, err := meansOn(m, ms, days, rows)
	if err != nil {
		return nil, err
	}
	y := pick(counts, rows)
	actual, expected := 0.0, 0.0
	for k := range y {
		actual, expected = actual+y[k], expected+mu[k]
	}
	if actual == 0 || expected == 0 {
		return m, nil
	}
	for k := range mu {
		mu[k] *= actual / expected
	}
	local := *m
	local.Alpha, local.AlphaSE = countmodel.Dispersion(y, mu)
	return &local, nil
}

// weatherShrink sets how far a forecast discounts a weather effect the
// history knows loosely: β becomes β·t²/(t² + weatherShrink), t = β/SE.
// An effect two standard errors from none counts for half, one of four
// for 80 %. A few months of history confuse the weather with the season
// it came in; taken whole, such effects added more noise than they
// explained (Boston 2015, weather-driven categories: MASE 0.782 → 0.769).
// Effects years of history know well keep nearly all of their size.
const weatherShrink = 4.0

// shrinkWeather is m with its weather effects discounted by weatherShrink.
func shrinkWeather(m *countmodel.Model, ms *modelSpec) *countmodel.Model {
	out := *m
	out.Beta = slices.Clone(m.Beta)
	for j := ms.weatherStart(); j < len(out.Beta); j++ {
		if v := m.Cov.At(j, j); v > 0 {
			b2 := out.Beta[j] * out.Beta[j]
			out.Beta[j] *= b2 / (b2 + weatherShrink*v)
		}
	}
	return &out
}

// vagueWeather names the weather columns whose effect is too uncertain to
// state (see maxSE).
func vagueWeather(m *countmodel.Model, ms *modelSpec) map[string]bool {
	out := map[string]bool{}
	for _, c := range ms.weather {
		if coef, ok := m.Coefficient(c.name()); ok && !(coef.SE > 0 && coef.SE <= maxSE) {
			out[c.name()] = true
		}
	}
	return out
}

// A batch of tickets entered on one day (Boston logged 396 graffiti cases
// on 20 January 2015, against a few a day) would pull the weekday, the
// weather and the dispersion of the whole fit towards that day. Days
// above tameFactor times their expected count plus tameSlack count as
// that much when the model is fitted again; the forecasts of what such a
// desk receives improved (Boston 2015: MASE 0.886 → 0.851 for the
// weather-driven categories) and a history without bursts is unchanged.
const (
	tameFactor = 3.0
	tameSlack  = 10.0
	tameRounds = 3
)

// tameBursts returns counts with the fitted days above their limit set to
// it, and how many there were.
func tameBursts(m *countmodel.Model, ms *modelSpec, days []time.Time, counts []float64) ([]float64, int) {
	d, err := ms.spec.Build(ms.fitDays(days))
	if err != nil {
		return nil, 0
	}
	mu, err := m.Mean(d)
	if err != nil {
		return nil, 0
	}
	out, n := slices.Clone(counts), 0
	for k, i := range ms.rows {
		if limit := math.Ceil(tameFactor*mu[k] + tameSlack); out[i] > limit {
			out[i] = limit
			n++
		}
	}
	return out, n
}
