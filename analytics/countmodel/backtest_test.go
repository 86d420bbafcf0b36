package countmodel

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

// forecasterFunc adapts a function to Forecaster.
type forecasterFunc func(start time.Time, history []float64, h int) ([]Forecast, error)

func (f forecasterFunc) Forecast(start time.Time, history []float64, h int) ([]Forecast, error) {
	return f(start, history, h)
}

func randomSeries(seed uint64, n int) Series {
	rnd := rand.New(rand.NewPCG(seed, 9))
	y := make([]float64, n)
	for i := range y {
		y[i] = float64(rnd.IntN(40))
	}
	return Series{Key: "random", Start: day0, Counts: y}
}

func TestSeasonalNaiveForecasterHasMASEOne(t *testing.T) {
	for _, h := range []int{1, 7, 10, 14} {
		res, err := Backtest(randomSeries(1, 200), SeasonalNaive{}, BacktestOptions{Horizon: h, MinTrain: 30, Step: 3})
		if err != nil {
			t.Fatal(err)
		}
		if res.MASE != 1 {
			t.Errorf("horizon %d: MASE %v, want exactly 1", h, res.MASE)
		}
		if want := (200-30-h)/3 + 1; res.Origins != want || res.Forecasts != want*h || len(res.ByHorizon) != h {
			t.Errorf("horizon %d: %d origins, %d forecasts, %d horizons; want %d origins", h, res.Origins, res.Forecasts, len(res.ByHorizon), want)
		}
	}
}

func TestBacktestScoresAKnownForecaster(t *testing.T) {
	// Mondays 10, other days 20. The forecaster always says 10 with an 80 %
	// interval of exactly [10, 10] and a 95 % interval of [0, 30]. With
	// origins a week apart and a 7-day horizon every weekday is scored
	// equally often: coverage80 = 1/7, coverage95 = 1, MAE = 6/7 · 10, and
	// the seasonal-naive forecast is perfect on a weekly pattern — so the
	// series gets one disturbed day to keep MASE defined.
	days := Days(day0, 70)
	y := make([]float64, len(days))
	for i, d := range days {
		y[i] = 20
		if d.Weekday() == time.Monday {
			y[i] = 10
		}
	}
	y[50] = 27 // a Tuesday: naive errs there (7) and on the Tuesday after (7)
	constant := forecasterFunc(func(start time.Time, history []float64, h int) ([]Forecast, error) {
		out := make([]Forecast, h)
		for j := range out {
			out[j] = Forecast{Mean: 10, Lo80: 10, Hi80: 10, Lo95: 0, Hi95: 30}
		}
		return out, nil
	})
	res, err := Backtest(Series{Key: "weekly", Start: day0, Counts: y}, constant, BacktestOptions{Horizon: 7, MinTrain: 14, Step: 7})
	if err != nil {
		t.Fatal(err)
	}
	n := float64(res.Forecasts) // 8 origins × 7 days
	checks := []struct {
		what      string
		got, want float64
	}{
		{"origins", float64(res.Origins), 8},
		{"coverage80", res.Coverage80, 8.0 / n},
		{"coverage95", res.Coverage95, 1},
		{"MAE", res.MAE, (6*8*10 + 7) / n},
		{"naive MAE", res.NaiveMAE, 14 / n},
		{"MASE", res.MASE, (6*8*10 + 7) / 14.0},
	}
	for _, c := range checks {
		if math.Abs(c.got-c.want) > 1e-12 {
			t.Errorf("%s = %v, want %v", c.what, c.got, c.want)
		}
	}
}

func TestGLMForecasterBeatsSeasonalNaiveWithCalibratedIntervals(t *testing.T) {
	days := Days(day0, 3*365)
	mu := seasonalMeans(days, 20, 0.4, time.Date(2022, 11, 15, 0, 0, 0, 0, time.UTC))
	s := Series{Key: "sim", Start: day0, Counts: drawCounts(77, mu, 0.1)}
	f := GLMForecaster{Family: NegBinomial, Spec: Spec{Weekdays: true, Harmonics: 2, TrendFrom: day0}}
	res, err := Backtest(s, f, BacktestOptions{Horizon: 14, MinTrain: 2 * 365, Step: 14})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d origins: MASE %.3f, coverage 80 %% %.3f, 95 %% %.3f", res.Origins, res.MASE, res.Coverage80, res.Coverage95)
	if res.MASE >= 0.9 {
		t.Errorf("MASE %.3f: a model of the process that made the counts should clearly beat last week", res.MASE)
	}
	if res.Coverage80 < 0.72 || res.Coverage80 > 0.9 {
		t.Errorf("80 %% intervals cover %.3f of days", res.Coverage80)
	}
	if res.Coverage95 < 0.9 || res.Coverage95 > 0.99 {
		t.Errorf("95 %% intervals cover %.3f of days", res.Coverage95)
	}
}

func TestBacktestRefusesWhatItCannotScore(t *testing.T) {
	zeros := Series{Key: "zeros", Start: day0, Counts: make([]float64, 60)}
	f := GLMForecaster{Family: NegBinomial, Spec: Spec{Weekdays: true}}
	_, err := Backtest(zeros, f, BacktestOptions{MinTrain: 28})
	mustInvalid(t, err, "all-zero series")
	for name, opt := range map[string]BacktestOptions{
		"horizon 15":       {Horizon: 15, MinTrain: 28},
		"no week of train": {MinTrain: 3},
		"series too short": {MinTrain: 58, Horizon: 7},
	} {
		_, err := Backtest(randomSeries(2, 60), SeasonalNaive{}, opt)
		mustInvalid(t, err, name)
	}
}
