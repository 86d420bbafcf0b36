package season

import (
	"math"
	"math/rand/v2"
	"testing"

	"loket/analytics/weather"
)

func TestForecastWeatherGetsLessCertainFurtherAhead(t *testing.T) {
	var k forecastSkill
	rnd := rand.New(rand.NewPCG(1, 2))
	w := weather.Day{TempMinC: ptr(1.5), TempMaxC: ptr(8), PrecipMM: ptr(6), SnowCM: ptr(0)}
	dry := weather.Day{TempMinC: ptr(1.5), TempMaxC: ptr(8), PrecipMM: ptr(0), SnowCM: ptr(0)}
	const n = 20000
	frost := map[int]float64{}
	for _, ahead := range []int{1, 14} {
		rain, wetDry := 0.0, 0.0
		for range n {
			p := k.perturb(w, ahead, rnd)
			if *p.TempMinC < 0 {
				frost[ahead]++
			}
			if math.Abs(*p.TempMaxC-*p.TempMinC-6.5) > 1e-9 {
				t.Fatalf("minimum and maximum should move together: %v, %v", *p.TempMinC, *p.TempMaxC)
			}
			rain += *p.PrecipMM / n
			if *k.perturb(dry, ahead, rnd).PrecipMM > 0 {
				wetDry++
			}
		}
		if math.Abs(rain-6)/6 > 0.1 {
			t.Errorf("%d days ahead: the forecast amount should stay the expected rain, got %.2f mm", ahead, rain)
		}
		if got, want := wetDry/n, k.surpriseRain(ahead); math.Abs(got-want) > 0.01 {
			t.Errorf("%d days ahead: a dry day got rain %.3f of the time, want %.3f", ahead, got, want)
		}
	}
	// 1.5 °C at night: about 11 % frost a day ahead, 37 % two weeks ahead.
	if f1, f14 := frost[1]/n, frost[14]/n; math.Abs(f1-0.106) > 0.01 || math.Abs(f14-0.369) > 0.015 {
		t.Errorf("frost chances %.3f a day ahead, %.3f two weeks ahead", f1, f14)
	}
}
