package season

import (
	"math/rand/v2"
	"testing"
	"time"

	"loket/analytics/countmodel"
	"loket/analytics/weather"
)

// shortHistory is 120 days of Poisson counts with mean level(i), and a
// forecaster for the week after; no weather is known.
func shortHistory(level func(i int) float64) (*forecaster, []float64, []time.Time) {
	days := countmodel.Days(time.Date(2025, 3, 3, 0, 0, 0, 0, time.UTC), 127)
	rnd := rand.New(rand.NewPCG(8, 9))
	counts := make([]float64, 120)
	for i := range counts {
		counts[i] = drawCount(level(i), 0, rnd)
	}
	wx := weatherByDay{}
	f := &forecaster{ms: newModelSpec(days[:120], wx, weather.Calendar{}, 4), days: days[:120], wx: wx, draws: 2000}
	return f, counts, days[120:]
}

func meanOf(t *testing.T, f *forecaster, counts []float64, fdays []time.Time) float64 {
	t.Helper()
	drawn, _, err := f.forecast(counts, fdays, 1)
	if err != nil {
		t.Fatal(err)
	}
	sum := 0.0
	for _, d := range drawn {
		sum += d.mean
	}
	return sum / float64(len(drawn))
}

func TestWithoutAYearTheLevelFollowsTheLastTwoWeeks(t *testing.T) {
	f, counts, fdays := shortHistory(func(i int) float64 {
		if i >= 106 {
			return 12
		}
		return 4
	})
	// The whole history averages under 5; the last two weeks hold 12 a day.
	if got := meanOf(t, f, counts, fdays); got < 9.5 || got > 13 {
		t.Errorf("after two weeks at 12 a day the forecast should be near 12, got %.2f", got)
	}
}

func TestABatchOfTicketsDoesNotSetTheLevel(t *testing.T) {
	f, counts, _ := shortHistory(func(int) float64 { return 5 })
	counts[117] = 150 // one day's batch entered at once
	ms := f.ms.forCategory(f.days, counts)
	m, err := fitModel(ms, f.days, counts)
	if err != nil {
		t.Fatal(err)
	}
	level, err := recentLevel(m, ms, f.days, counts)
	if err != nil {
		t.Fatal(err)
	}
	// Counted in full the batch would more than double the level of the
	// last two weeks; capped, the level stays near the model's.
	if factor := level.shape / level.rate; factor > 1.15 || factor < 0.7 {
		t.Errorf("one batch of 150 should not set the level: factor %.2f", factor)
	}
}

func TestABatchOfTicketsDoesNotBendTheFit(t *testing.T) {
	f, counts, fdays := shortHistory(func(int) float64 { return 5 })
	counts[50] = 400 // one Tuesday's batch, far back in the history
	ms := f.ms.forCategory(f.days, counts)
	m, err := fitModel(ms, f.days, counts)
	if err != nil {
		t.Fatal(err)
	}
	tamed, n := tameBursts(m, ms, f.days, counts)
	if n != 1 || tamed[50] >= 400 || tamed[50] < 5 || counts[50] != 400 {
		t.Fatalf("tamed %d days to %.0f (input %.0f); want the one batch day capped, the input untouched", n, tamed[50], counts[50])
	}
	// Fitted whole, the batch lifts that weekday's forecast and widens
	// every interval; tamed, the forecast stays near the 5 a day.
	drawn, _, err := f.forecast(counts, fdays, 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range drawn {
		if d.mean < 3.5 || d.mean > 7 || quantile(d.counts, 0.975) > 14 {
			t.Errorf("forecast mean %.2f, 97.5 %% %.0f: want near 5 a day with a Poisson-wide interval", d.mean, quantile(d.counts, 0.975))
		}
	}
}
