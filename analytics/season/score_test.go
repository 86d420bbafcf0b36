package season

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// scoreDraws scores forecasts whose draws come from one distribution
// against outcomes from another.
func scoreDraws(forecast, outcome func(*rand.Rand) float64, mean float64) Score {
	rnd := rand.New(rand.NewPCG(3, 4))
	var t tally
	for range 4000 {
		d := drawn{mean: mean, counts: make([]float64, 500)}
		for k := range d.counts {
			d.counts[k] = forecast(rnd)
		}
		slices.Sort(d.counts)
		t.add(d, outcome(rnd), outcome(rnd), mean)
	}
	return t.score()
}

func poisson(mu float64) func(*rand.Rand) float64 {
	return func(rnd *rand.Rand) float64 {
		// Knuth's method: fine for small means.
		l, k, p := math.Exp(-mu), 0.0, 1.0
		for {
			p *= rnd.Float64()
			if p <= l {
				return k
			}
			k++
		}
	}
}

func TestPITCoverageIsNominalForACalibratedForecastOfFewTickets(t *testing.T) {
	s := scoreDraws(poisson(0.7), poisson(0.7), 0.7)
	if math.Abs(s.PIT80-0.80) > 0.025 || math.Abs(s.PIT95-0.95) > 0.015 {
		t.Errorf("a forecast from the true distribution should have PIT coverage 0.80 / 0.95, got %.3f / %.3f", s.PIT80, s.PIT95)
	}
	// With 0.7 tickets a day the 80 % interval is [0, 1] or [0, 2],
	// which holds far more than 80 % of the days.
	if s.Coverage80 < 0.9 {
		t.Errorf("intervals of whole counts should hold more than their share here, got %.3f", s.Coverage80)
	}
	// MASE of the true mean against a naive forecast drawn alike: below 1.
	if s.MASE >= 1 || s.MedianMASE >= 1 {
		t.Errorf("the true distribution should beat last week's count: MASE %.3f, median %.3f", s.MASE, s.MedianMASE)
	}
}

func TestPITCoverageCatchesIntervalsThatAreTooNarrow(t *testing.T) {
	// The forecast says Poisson(4); the days are a mixture of quiet days
	// and busy ones with the same mean.
	spread := func(rnd *rand.Rand) float64 {
		if rnd.Float64() < 0.5 {
			return poisson(1)(rnd)
		}
		return poisson(7)(rnd)
	}
	if s := scoreDraws(poisson(4), spread, 4); s.PIT80 > 0.7 {
		t.Errorf("too narrow a forecast should cover well under 80 %%, got %.3f", s.PIT80)
	}
}

func TestOverlap(t *testing.T) {
	for _, c := range []struct{ lo, hi, a, b, want float64 }{
		{0, 0.5, 0.1, 0.9, 0.8},
		{0.2, 0.4, 0.1, 0.9, 1},
		{0.95, 1, 0.1, 0.9, 0},
		{0.5, 0.5, 0.1, 0.9, 1},
		{0.05, 0.05, 0.1, 0.9, 0},
	} {
		if got := overlap(c.lo, c.hi, c.a, c.b); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("overlap([%v, %v], [%v, %v]) = %v, want %v", c.lo, c.hi, c.a, c.b, got, c.want)
		}
	}
}

func TestHindsightIsTheMedianOfTheSameWeekdayAround(t *testing.T) {
	counts := make([]float64, 60)
	for i := range counts {
		counts[i] = float64(i % 7) // each weekday its own level
	}
	counts[30+7] = 40 // one burst a week after day 30: the median ignores it
	if got := hindsight(counts, 30); got != float64(30%7) {
		t.Errorf("day 30: want %d, got %v", 30%7, got)
	}
	// Near the start only the weeks after exist.
	counts[3+14] = 9
	if got := hindsight(counts, 3); got != 3 {
		t.Errorf("day 3 (weeks after only: 3, 9, 3): want 3, got %v", got)
	}
}
