package countmodel

import (
	"time"

	"loket/internal/errs"
)

// GLMForecaster fits a count GLM to the history and forecasts from it.
// Spec's columns must have values for the forecast days too (a weather
// forecast, or a lag that reaches back into the history).
type GLMForecaster struct {
	Family Family
	Spec   Spec
	Draws  int    // when > 0: simulated intervals that include coefficient uncertainty
	Seed   uint64 // for the simulation
}

// Forecast implements Forecaster.
func (g GLMForecaster) Forecast(start time.Time, history []float64, h int) ([]Forecast, error) {
	if h < 1 {
		return nil, errs.E(errs.Invalid, "a forecast needs at least one day ahead")
	}
	days := Days(start, len(history)+h)
	past, err := g.Spec.Build(days[:len(history)])
	if err != nil {
		return nil, err
	}
	m, err := Fit(g.Family, past, history)
	if err != nil {
		return nil, err
	}
	next, err := g.Spec.Build(days[len(history):])
	if err != nil {
		return nil, err
	}
	if g.Draws > 0 {
		return m.ForecastSimulated(next, g.Draws, g.Seed)
	}
	return m.Forecast(next)
}

// SeasonalNaive forecasts each day as the same weekday in the last week of
// the history, with Poisson intervals around it: the benchmark that MASE
// measures against.
type SeasonalNaive struct{}

// Forecast implements Forecaster.
func (SeasonalNaive) Forecast(start time.Time, history []float64, h int) ([]Forecast, error) {
	n := len(history)
	if n < 7 {
		return nil, errs.E(errs.Invalid, "the seasonal-naive forecast needs a week of history, not %d days", n)
	}
	days := Days(start, n+h)[n:]
	out := make([]Forecast, h)
	for j := range out {
		v := history[n-7+j%7]
		d := countDist{mu: v}
		out[j] = Forecast{Day: days[j], Mean: v,
			Lo80: d.quantile(0.10), Hi80: d.quantile(0.90), Lo95: d.quantile(0.025), Hi95: d.quantile(0.975)}
	}
	return out, nil
}
