package countmodel

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

// benchmarkData is three years of daily counts with a 20-column design:
// intercept, weekdays, three annual harmonics, trend, holiday and five
// weather columns (two of them lagged).
func benchmarkData(b *testing.B) (*Design, []float64) {
	b.Helper()
	days := Days(day0, 3*365+1)
	rnd := rand.New(rand.NewPCG(1, 2))
	weather := map[string][]float64{}
	for _, name := range []string{"frost", "rain_mm", "temp_c", "wind", "snow"} {
		v := make([]float64, len(days)+2)
		for i := range v {
			v[i] = rnd.Float64() * 10
		}
		weather[name] = v
	}
	all := Days(day0.AddDate(0, 0, -2), len(days)+2)
	spec := Spec{
		Weekdays: true, Harmonics: 3, TrendFrom: day0,
		Holiday: func(d time.Time) bool { return d.YearDay() == 1 || (d.Month() == time.December && d.Day() == 25) },
		Columns: []Column{
			{Name: "frost", Value: ByDay(all, weather["frost"])},
			{Name: "rain_mm", Value: ByDay(all, weather["rain_mm"])},
			{Name: "rain_mm_yesterday", Lag: 1, Value: ByDay(all, weather["rain_mm"])},
			{Name: "temp_c", Value: ByDay(all, weather["temp_c"])},
			{Name: "wind", Lag: 2, Value: ByDay(all, weather["wind"])},
		},
	}
	d, err := spec.Build(days)
	if err != nil {
		b.Fatal(err)
	}
	mu := make([]float64, len(days))
	for i := range mu {
		mu[i] = 20 * math.Exp(0.02*d.X.At(i, len(d.Names)-1)-0.3*d.X.At(i, 6))
	}
	return d, drawCounts(3, mu, 0.2)
}

func BenchmarkFitNegBinomial3Years20Columns(b *testing.B) {
	d, y := benchmarkData(b)
	b.ResetTimer()
	for b.Loop() {
		if _, err := Fit(NegBinomial, d, y); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFitPoisson3Years20Columns(b *testing.B) {
	d, y := benchmarkData(b)
	for b.Loop() {
		if _, err := Fit(Poisson, d, y); err != nil {
			b.Fatal(err)
		}
	}
}
