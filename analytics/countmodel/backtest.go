package countmodel

import (
	"cmp"
	"math"
	"time"

	"loket/internal/errs"
)

// Forecaster predicts the h days after a daily history that starts on start.
type Forecaster interface {
	Forecast(start time.Time, history []float64, h int) ([]Forecast, error)
}

// BacktestOptions set up a rolling-origin evaluation. Zero fields take
// the defaults in brackets.
type BacktestOptions struct {
	Horizon  int // days ahead, 1–14 [7]
	MinTrain int // days of history at the first origin [365]
	Step     int // days between origins [7]
}

const maxHorizon = 14

// BacktestResult scores a forecaster over all origins.
type BacktestResult struct {
	Origins    int
	Forecasts  int     // forecast days scored, over all origins and horizons
	MAE        float64 // mean absolute error of the forecast means
	NaiveMAE   float64 // the same for the seasonal-naive forecast (same weekday last week)
	MASE       float64 // MAE / NaiveMAE: below 1 beats the seasonal-naive forecast
	Coverage80 float64 // share of actual counts inside the 80 % interval
	Coverage95 float64
	ByHorizon  []HorizonScore // index 0 is one day ahead
}

// HorizonScore is the part of a backtest at one horizon.
type HorizonScore struct {
	Ahead      int
	MAE        float64
	NaiveMAE   float64
	Coverage80 float64
	Coverage95 float64
}

// Backtest forecasts the series from successive origins, each time from
// the history before the origin only, and compares the forecasts with what
// happened.
func Backtest(s Series, f Forecaster, opt BacktestOptions) (BacktestResult, error) {
	opt.Horizon, opt.MinTrain, opt.Step = cmp.Or(opt.Horizon, 7), cmp.Or(opt.MinTrain, 365), cmp.Or(opt.Step, 7)
	if err := checkBacktest(s, opt); err != nil {
		return BacktestResult{}, err
	}
	days := Days(s.Start, len(s.Counts))
	var total HorizonScore
	byH := make([]HorizonScore, opt.Horizon)
	res := BacktestResult{}
	for origin := opt.MinTrain; origin+opt.Horizon <= len(s.Counts); origin += opt.Step {
		// A full slice expression, so a forecaster that appends cannot overwrite the future.
		fc, err := f.Forecast(days[0], s.Counts[:origin:origin], opt.Horizon)
		if err != nil {
			return BacktestResult{}, errs.Wrap(err, errs.KindOf(err), "forecast from "+days[origin].Format(time.DateOnly))
		}
		if len(fc) != opt.Horizon {
			return BacktestResult{}, errs.E(errs.Internal, "the forecaster gave %d days for a %d-day horizon", len(fc), opt.Horizon)
		}
		res.Origins++
		for j, p := range fc {
			actual := s.Counts[origin+j]
			naive := s.Counts[origin-7+j%7] // same weekday in the last observed week
			score(&byH[j], p, actual, naive)
			score(&total, p, actual, naive)
		}
	}
	res.Forecasts = res.Origins * opt.Horizon
	if total.NaiveMAE == 0 {
		return BacktestResult{}, errs.E(errs.Invalid, "the seasonal-naive forecast makes no error on this series (for example, all zeros), so MASE is undefined")
	}
	res.MAE, res.NaiveMAE, res.MASE = total.MAE/float64(res.Forecasts), total.NaiveMAE/float64(res.Forecasts), total.MAE/total.NaiveMAE
	res.Coverage80, res.Coverage95 = total.Coverage80/float64(res.Forecasts), total.Coverage95/float64(res.Forecasts)
	for j := range byH {
		n := float64(res.Origins)
		h := byH[j]
		res.ByHorizon = append(res.ByHorizon, HorizonScore{Ahead: j + 1, MAE: h.MAE / n, NaiveMAE: h.NaiveMAE / n, Coverage80: h.Coverage80 / n, Coverage95: h.Coverage95 / n})
	}
	return res, nil
}

// score adds one forecast day to sums that become means at the end.
func score(sum *HorizonScore, f Forecast, actual, naive float64) {
	sum.MAE += math.Abs(f.Mean - actual)
	sum.NaiveMAE += math.Abs(naive - actual)
	if f.Lo80 <= actual && actual <= f.Hi80 {
		sum.Coverage80++
	}
	if f.Lo95 <= actual && actual <= f.Hi95 {
		sum.Coverage95++
	}
}

func checkBacktest(s Series, opt BacktestOptions) error {
	switch {
	case opt.Horizon < 1 || opt.Horizon > maxHorizon:
		return errs.E(errs.Invalid, "the horizon must be 1 to %d days, not %d", maxHorizon, opt.Horizon)
	case opt.MinTrain < 7:
		return errs.E(errs.Invalid, "the first origin needs at least a week of history for the seasonal-naive forecast, not %d days", opt.MinTrain)
	case opt.Step < 1:
		return errs.E(errs.Invalid, "origins must be at least a day apart")
	case len(s.Counts) < opt.MinTrain+opt.Horizon:
		return errs.E(errs.Invalid, "a backtest needs %d days (history %d + horizon %d); the series has %d",
			opt.MinTrain+opt.Horizon, opt.MinTrain, opt.Horizon, len(s.Counts))
	}
	return checkCounts(s.Counts)
}
