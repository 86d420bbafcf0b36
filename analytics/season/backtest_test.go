package season_test

import (
	"testing"

	"loket/analytics/season"
)

func TestBacktestBeatsLastWeekWithCalibratedIntervals(t *testing.T) {
	s := newSite(t)
	// Twelve weeks of winter, an origin every fortnight.
	rep, err := season.New(s.pool).Backtest(t.Context(), kortrijk, season.Query{},
		season.BacktestOptions{TestDays: 84, Step: 14, Draws: 400})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d origins %s … %s, %d categories, %d fallbacks; overall %+v; weather-driven %+v",
		rep.Origins, rep.FirstOrigin, rep.LastOrigin, len(rep.Categories), rep.Fallbacks, rep.Overall, rep.WeatherDriven)
	if rep.Origins != 6 || rep.Overall.Forecasts != 6*14*len(rep.Categories) || len(rep.ByHorizon) != 14 {
		t.Fatalf("want 6 origins of 14 days for each of %d categories: %d origins, %d forecasts", len(rep.Categories), rep.Origins, rep.Overall.Forecasts)
	}
	if rep.Overall.MASE > 0.9 || rep.WeatherDriven.MASE > 0.8 || rep.WeatherDriven.Forecasts == 0 {
		t.Errorf("the model should beat the same weekday last week, clearly so where the weather decides: MASE %.3f overall, %.3f weather-driven",
			rep.Overall.MASE, rep.WeatherDriven.MASE)
	}
	if o := rep.Overall; o.PIT80 < 0.75 || o.PIT80 > 0.85 || o.PIT95 < 0.92 || o.PIT95 > 0.98 {
		t.Errorf("the forecast distributions should be calibrated: PIT coverage %.3f (80 %%), %.3f (95 %%)", o.PIT80, o.PIT95)
	}
	if o := rep.Overall; o.Coverage80 < o.PIT80 || o.Coverage95 < o.PIT95 {
		t.Errorf("intervals of whole counts hold at least their share: coverage %.3f / %.3f below PIT %.3f / %.3f", o.Coverage80, o.Coverage95, o.PIT80, o.PIT95)
	}
}
