package season

import (
	"math"
	"math/rand/v2"

	"loket/analytics/weather"
)

// forecastSkill is the assumed error of a weather forecast by the days
// ahead it looks, in round figures typical of medium-range forecasts in
// the mid-latitudes: the daily temperatures are off by about 1.2 °C a day
// ahead and 4.5 °C two weeks ahead; rain and snow amounts by a factor
// whose logarithm has a standard deviation from 0.6 to 1.9; and a day
// forecast dry may bring rain after all, the more likely the further
// ahead. The simulation draws each forecast day's weather from these.
type forecastSkill struct{}

func (forecastSkill) tempSD(ahead int) float64   { return 1.2 + 0.25*float64(ahead-1) }
func (forecastSkill) amountSD(ahead int) float64 { return 0.6 + 0.1*float64(ahead-1) }

// surpriseRain is the chance that a day forecast dry gets rain, of
// exponentially distributed amount with mean surpriseRainMM.
func (forecastSkill) surpriseRain(ahead int) float64 { return math.Min(0.02*float64(ahead), 0.3) }

const surpriseRainMM = 5.0

// perturb draws one possible weather for a day forecast ahead days out.
func (k forecastSkill) perturb(w weather.Day, ahead int, rnd *rand.Rand) weather.Day {
	shift := rnd.NormFloat64() * k.tempSD(ahead)
	sd := k.amountSD(ahead)
	scale := math.Exp(sd*rnd.NormFloat64() - sd*sd/2) // mean 1: the forecast amount stays the expectation
	out := w
	out.TempMinC, out.TempMaxC, out.TempMeanC = shifted(w.TempMinC, shift), shifted(w.TempMaxC, shift), shifted(w.TempMeanC, shift)
	if w.PrecipMM != nil {
		v := *w.PrecipMM * scale
		if v == 0 && rnd.Float64() < k.surpriseRain(ahead) {
			v = rnd.ExpFloat64() * surpriseRainMM
		}
		out.PrecipMM = &v
	}
	if w.SnowCM != nil {
		v := *w.SnowCM * scale
		out.SnowCM = &v
	}
	return out
}

func shifted(v *float64, by float64) *float64 {
	if v == nil {
		return nil
	}
	s := *v + by
	return &s
}
