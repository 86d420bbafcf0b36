package countmodel

import (
	"fmt"
	"math"
	"slices"
	"time"

	"gonum.org/v1/gonum/mat"

	"loket/internal/errs"
)

// monitor fits one series' history and tests each day of its window. It
// returns the tests, or why the series could not be monitored.
func monitor(s Series, o Options) ([]test, string) {
	hist := len(s.Counts) - o.Window
	if hist < o.MinHistory {
		return nil, fmt.Sprintf("needs %d days of history before its %d-day window, has %d", o.MinHistory, o.Window, max(hist, 0))
	}
	days := Days(s.Start, len(s.Counts))
	spec := detectionSpec(days[:hist], o)
	fitDesign, err := spec.Build(days[:hist])
	if err != nil {
		return nil, errs.MessageOf(err)
	}
	m, err := Fit(NegBinomial, fitDesign, s.Counts[:hist])
	if err != nil {
		return nil, errs.MessageOf(err)
	}
	window, err := spec.Build(days[hist:])
	if err != nil {
		return nil, errs.MessageOf(err)
	}
	mu, err := m.Mean(window)
	if err != nil {
		return nil, errs.MessageOf(err)
	}
	y := s.Counts[hist:]
	spikes, z := spikeTests(s.Key, m, window, y, mu, o.MinCount)
	alarms := cusum{k: o.CUSUMK, h: o.CUSUMH, clip: o.CUSUMH / 2}.run(z)
	return append(spikes, driftTests(s.Key, m, window, y, mu, alarms)...), ""
}

// detectionSpec picks the columns a history can support: weekdays always;
// season and trend once a full year shows them; holidays once seen.
func detectionSpec(days []time.Time, o Options) Spec {
	spec := Spec{Weekdays: true}
	if len(days) >= 365 {
		spec.Harmonics = max(o.Harmonics, 0)
		spec.TrendFrom = days[0]
	}
	if o.Holiday != nil && slices.ContainsFunc(days, o.Holiday) {
		spec.Holiday = o.Holiday
	}
	return spec
}

// spikeTests gives each window day the p-value of its count under the
// predicted distribution, widened by the uncertainty of the prediction
// itself (delta method: α + xᵀCov x). It also returns the standardized
// residuals for the CUSUM.
func spikeTests(key string, m *Model, window *Design, y, mu []float64, minCount float64) ([]test, []float64) {
	tests := make([]test, len(y))
	z := make([]float64, len(y))
	for i, day := range window.Days {
		alpha := m.Alpha + m.meanVariance(window.X.RawRowView(i))
		p := 1.0
		if y[i] >= minCount {
			p = countDist{mu: mu[i], alpha: alpha}.upperTail(y[i])
		}
		z[i] = standardized(y[i], mu[i], alpha)
		tests[i] = test{p: p, alert: Alert{Key: key, Day: day, Kind: KindSpike, Since: day, Observed: y[i], Expected: mu[i]}}
	}
	return tests, z
}

// driftTests enters the series in every window day's drift family. Days
// with a CUSUM alarm get the p-value of the total since the excess began,
// multiplied by the number of start days the CUSUM could have picked
// (Bonferroni), since it chose the start that looks worst. Other days
// enter with p = 1, which only makes the adjustment stricter.
func driftTests(key string, m *Model, window *Design, y, mu []float64, alarms []cusumAlarm) []test {
	tests := make([]test, len(y))
	for i, day := range window.Days {
		tests[i] = test{p: 1, alert: Alert{Key: key, Day: day, Kind: KindDrift, Since: day}}
	}
	_, p := window.X.Dims()
	for _, a := range alarms {
		observed, expected, spread := 0.0, 0.0, 0.0
		grad := mat.NewVecDense(p, nil) // Σ μᵢxᵢ: how the expected total moves with β
		for i := a.onset; i <= a.day; i++ {
			observed += y[i]
			expected += mu[i]
			spread += mu[i] + m.Alpha*mu[i]*mu[i]
			grad.AddScaledVec(grad, mu[i], window.X.RowView(i))
		}
		variance := spread + math.Max(mat.Inner(grad, m.Cov, grad), 0)
		// The total is approximated by the NB2 with the same mean and variance.
		alpha := math.Max(variance-expected, 0) / math.Max(expected*expected, 1e-300)
		pSegment := countDist{mu: expected, alpha: alpha}.upperTail(observed)
		t := &tests[a.day]
		t.p = math.Min(1, float64(a.day+1)*pSegment)
		t.alert.Since, t.alert.Observed, t.alert.Expected = window.Days[a.onset], observed, expected
	}
	return tests
}
