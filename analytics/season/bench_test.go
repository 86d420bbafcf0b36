package season

import (
	"math/rand/v2"
	"testing"
	"time"

	"loket/analytics/weather"
)

// benchmarkHistory is three years of a frost-driven category with daily
// weather, and the two weeks after.
func benchmarkHistory(tb testing.TB) (*forecaster, []float64, []time.Time) {
	day0 := time.Date(2022, 12, 1, 0, 0, 0, 0, time.UTC)
	rnd := rand.New(rand.NewPCG(5, 6))
	days, wx := weatherDays(day0, 3*365+14, func(i int) weather.Day {
		tmin := 6 - 8*rnd.Float64()
		rain := 0.0
		if rnd.Float64() < 0.45 {
			rain = 6 * rnd.ExpFloat64()
		}
		return weather.Day{TempMinC: &tmin, TempMaxC: ptr(tmin + 7), PrecipMM: &rain, SnowCM: ptr(0)}
	})
	hist := days[:3*365]
	counts := make([]float64, len(hist))
	for i, d := range hist {
		mu := 2.0
		if v, _ := wx.value(columnByName(tb, "frost"), d); v == 1 {
			mu = 9
		}
		counts[i] = drawCount(mu, 0.1, rnd)
	}
	f := &forecaster{ms: newModelSpec(hist, wx, weather.Calendar{}, 4), days: hist, wx: wx, skill: &forecastSkill{}, draws: 2000}
	return f, counts, days[3*365:]
}

func BenchmarkForecastOneCategoryThreeYears(b *testing.B) {
	f, counts, fdays := benchmarkHistory(b)
	for b.Loop() {
		if _, _, err := f.forecast(counts, fdays, 1); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReportFitsOneCategoryThreeYears(b *testing.B) {
	f, counts, _ := benchmarkHistory(b)
	ms := f.ms.forCategory(f.days, counts)
	for b.Loop() {
		if _, err := fitAndTest(ms, f.days, counts); err != nil {
			b.Fatal(err)
		}
	}
}
