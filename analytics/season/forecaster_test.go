package season

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"gonum.org/v1/gonum/mat"

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

func TestWithoutAYearTheSpreadIsThatOfTheLastWeeksAboutTheirLevel(t *testing.T) {
	// The level climbs from 1 to 25 a day; day to day the counts are
	// Poisson. A fit without season terms takes the climb for spread.
	f, counts, _ := shortHistory(func(i int) float64 { return 1 + 0.2*float64(i) })
	ms := f.ms.forCategory(f.days, counts)
	m, err := fitModel(ms, f.days, counts)
	if err != nil {
		t.Fatal(err)
	}
	local, err := localSpread(m, ms, f.days, counts)
	if err != nil {
		t.Fatal(err)
	}
	if m.Alpha < 0.2 || local.Alpha > 0.08 {
		t.Errorf("dispersion %.3f over the history and %.3f over its last weeks; want above 0.2 and near 0", m.Alpha, local.Alpha)
	}
	if local.Alpha == m.Alpha || &local.Beta[0] != &m.Beta[0] {
		t.Error("the local model should differ from the fit in its dispersion only")
	}
}

// apartWeather is 120 days on which frost (every fourth day) and heavy
// rain (every fourth day, two after the frost) never meet, each of which
// triples a desk's 4 tickets a day, and a forecast day that brings both.
// Light rain falls on the days after frost, without effect.
func apartWeather() (*forecaster, []float64, []time.Time) {
	days := countmodel.Days(time.Date(2025, 3, 3, 0, 0, 0, 0, time.UTC), 121)
	wx := weatherByDay{}
	rnd := rand.New(rand.NewPCG(3, 4))
	counts := make([]float64, 120)
	for i, d := range days {
		tmin, precip := 4.0, 0.0
		if i%4 == 0 {
			tmin = -3
		}
		switch {
		case i%4 == 2 || i == 120:
			precip = 12 + float64(i%3)*4
		case i%4 == 1:
			precip = 2
		}
		wx[d] = weather.Day{Day: d, TempMinC: &tmin, TempMaxC: &tmin, PrecipMM: &precip}
		if i < 120 {
			counts[i] = drawCount(4*math.Pow(3, float64(1-i%2)), 0, rnd)
		}
	}
	tmin := -3.0
	w := wx[days[120]]
	w.TempMinC, w.TempMaxC = &tmin, &tmin
	wx[days[120]] = w
	return &forecaster{ms: newModelSpec(days[:120], wx, weather.Calendar{}, 4), days: days[:120], wx: wx, draws: 2000}, counts, days[120:]
}

func TestAForecastGoesNoFurtherThanTheWeatherItsHistorySaw(t *testing.T) {
	f, counts, fdays := apartWeather()
	// Each effect alone makes 12 a day; multiplied they would make 36.
	if got := meanOf(t, f, counts, fdays); got < 8 || got > 17 {
		t.Errorf("frost with heavy rain, each seen apart: forecast %.1f, want near the 12 of either", got)
	}
}

func TestLooselyKnownWeatherEffectsAreDiscounted(t *testing.T) {
	ms := &modelSpec{weather: []weatherColumn{{f: &features[0]}, {f: &features[1]}}}
	for _, c := range ms.weather {
		ms.spec.Columns = append(ms.spec.Columns, countmodel.Column{Name: c.name(), Value: weatherValue(nil, c)})
	}
	cov := mat.NewSymDense(3, []float64{1, 0, 0, 0, 0.25, 0, 0, 0, 1e-6})
	m := &countmodel.Model{Beta: []float64{1.5, 1, 1}, Cov: cov}
	got := shrinkWeather(m, ms)
	// The intercept stays; an effect two standard errors from none
	// counts for half; one known to a thousandth stays whole.
	want := []float64{1.5, 0.5, 1}
	for j := range want {
		if math.Abs(got.Beta[j]-want[j]) > 1e-3 {
			t.Errorf("coefficient %d: %.4f, want %.4f", j, got.Beta[j], want[j])
		}
	}
	if m.Beta[1] != 1 {
		t.Error("the fitted model was changed")
	}
}

func TestWithoutAYearTheForecastPoolsTheLastHalfYearAndTheWholeHistory(t *testing.T) {
	// For 148 days every ticket came on a Monday; for the last 182, five a
	// day whatever the weekday.
	days := countmodel.Days(time.Date(2025, 1, 6, 0, 0, 0, 0, time.UTC), 337) // starts on a Monday
	rnd := rand.New(rand.NewPCG(5, 6))
	counts := make([]float64, 330)
	for i := range counts {
		mean := 5.0
		if i < 148 {
			mean = 0
			if days[i].Weekday() == time.Monday {
				mean = 35
			}
		}
		counts[i] = drawCount(mean, 0, rnd)
	}
	wx := weatherByDay{}
	f := &forecaster{ms: newModelSpec(days[:330], wx, weather.Calendar{}, 4), days: days[:330], wx: wx, draws: 2000}
	recent := f.ms.lastDays(f.days, recentFitDays)
	if got := recent.rows; len(got) != recentFitDays || got[0] != 330-recentFitDays {
		t.Fatalf("the last half-year is %d rows from row %d; want %d from %d", len(got), got[0], recentFitDays, 330-recentFitDays)
	}
	fdays := days[330:]
	// The half-year has forgotten the old Mondays; the whole history has not.
	half, _, err := f.fitAndDraw(recent, counts, fdays, 1, 1000)
	if err != nil {
		t.Fatal(err)
	}
	whole, _, err := f.fitAndDraw(f.ms, counts, fdays, 2, 1000)
	if err != nil {
		t.Fatal(err)
	}
	pooled, _, err := f.forecast(counts, fdays, 1)
	if err != nil {
		t.Fatal(err)
	}
	for j, d := range pooled {
		day := fdays[j].Weekday()
		if h := half[j].mean; h < 3.8 || h > 6.2 {
			t.Errorf("%s: the half-year model forecasts %.2f, want near 5", day, h)
		}
		if len(d.counts) != 2000 || math.Abs(d.mean-(half[j].mean+whole[j].mean)/2) > 1e-9 {
			t.Errorf("%s: pooled %d draws with mean %.3f; want 2000 draws and the mean of %.3f and %.3f",
				day, len(d.counts), d.mean, half[j].mean, whole[j].mean)
		}
		if day == time.Monday && !(half[j].mean+1 < d.mean && d.mean+1 < whole[j].mean) {
			t.Errorf("Monday: pooled %.2f, want well between the half-year's %.2f and the whole history's %.2f",
				d.mean, half[j].mean, whole[j].mean)
		}
	}
	// A history of half a year or less has one model to fit.
	short := &forecaster{ms: newModelSpec(days[:150], wx, weather.Calendar{}, 4), days: days[:150], wx: wx, draws: 2000}
	one, _, err := short.fitAndDraw(short.ms, counts[:150], days[150:151], 1, 2000)
	if err != nil {
		t.Fatal(err)
	}
	got, _, err := short.forecast(counts[:150], days[150:151], 1)
	if err != nil {
		t.Fatal(err)
	}
	if got[0].mean != one[0].mean || len(got[0].counts) != 2000 {
		t.Errorf("150 days of history: forecast %.3f from %d draws, want the one model's %.3f from 2000", got[0].mean, len(got[0].counts), one[0].mean)
	}
}
