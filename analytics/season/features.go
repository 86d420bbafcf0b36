package season

import (
	"math"
	"strconv"
	"time"

	"loket/analytics/weather"
)

// Thresholds of the weather features. Frost and heavy rain are defined as
// in weather_daily's generated columns (frost_day, heavy_rain).
const (
	heavyRainMM = 10.0 // a day with this much rain or more is a heavy-rain day
	freshSnowCM = 1.0  // a day with this much fresh snow or more is a snow day
	// rainCapMM bounds the rain column: beyond it the heavy-rain terms
	// speak, and one cloudburst does not pull a per-mm slope about.
	rainCapMM = 30.0
)

// feature is one weather quantity of the models, read from a day's weather.
type feature struct {
	name      string
	per       []string // the unit an effect is stated per, by lag (0: the same day)
	indicator bool     // 0/1 rather than an amount
	value     func(w weather.Day) (float64, bool)
}

// features are the weather block of every model, in column order.
var features = []feature{
	{name: "frost", per: []string{"frost day (minimum below 0 °C)"}, indicator: true,
		value: func(w weather.Day) (float64, bool) {
			return flag(w.TempMinC != nil, w.TempMinC != nil && *w.TempMinC < 0)
		}},
	{name: "freeze_thaw", per: []string{"freeze–thaw day (frost, then above 0 °C)"}, indicator: true,
		value: func(w weather.Day) (float64, bool) {
			known := w.TempMinC != nil && w.TempMaxC != nil
			return flag(known, known && *w.TempMinC < 0 && *w.TempMaxC > 0)
		}},
	{name: "rain_mm", per: []string{"mm of rain that day", "mm of rain the day before", "mm of rain two days before"},
		value: func(w weather.Day) (float64, bool) {
			if w.PrecipMM == nil {
				return 0, false
			}
			return math.Min(*w.PrecipMM, rainCapMM), true
		}},
	{name: "heavy_rain", per: []string{"day of heavy rain (10 mm or more)", "day after heavy rain", "second day after heavy rain"}, indicator: true,
		value: func(w weather.Day) (float64, bool) {
			return flag(w.PrecipMM != nil, w.PrecipMM != nil && *w.PrecipMM >= heavyRainMM)
		}},
	{name: "snow", per: []string{"day with fresh snow (1 cm or more)", "day after fresh snow", "second day after fresh snow"}, indicator: true,
		value: func(w weather.Day) (float64, bool) {
			return flag(w.SnowCM != nil, w.SnowCM != nil && *w.SnowCM >= freshSnowCM)
		}},
}

func flag(known, on bool) (float64, bool) {
	if on {
		return 1, known
	}
	return 0, known
}

// weatherColumn is a feature on the day itself (lag 0) or days before.
type weatherColumn struct {
	f   *feature
	lag int
}

func (c weatherColumn) name() string {
	if c.lag == 0 {
		return c.f.name
	}
	return c.f.name + "_lag" + strconv.Itoa(c.lag)
}

func (c weatherColumn) per() string { return c.f.per[c.lag] }

// allWeatherColumns lists every feature at every lag it has.
func allWeatherColumns() []weatherColumn {
	var out []weatherColumn
	for i := range features {
		for lag := range features[i].per {
			out = append(out, weatherColumn{f: &features[i], lag: lag})
		}
	}
	return out
}

// weatherByDay holds days of weather by their date (midnight UTC).
type weatherByDay map[time.Time]weather.Day

func byDay(days []weather.Day) weatherByDay {
	m := make(weatherByDay, len(days))
	for _, d := range days {
		m[weather.Date(d.Day)] = d
	}
	return m
}

// value is the column's value for day: the feature of lag days earlier.
func (wx weatherByDay) value(c weatherColumn, day time.Time) (float64, bool) {
	w, ok := wx[day.AddDate(0, 0, -c.lag)]
	if !ok {
		return 0, false
	}
	return c.f.value(w)
}
