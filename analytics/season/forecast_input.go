package season

import (
	"encoding/json"
	"errors"
	"io"
	"slices"
	"strings"
	"time"

	"loket/analytics/weather"
	"loket/internal/errs"
)

// WeatherDay is one day of a posted weather forecast, in °C, mm and cm.
type WeatherDay struct {
	Day      Date     `json:"day"`
	TempMin  *float64 `json:"temp_min"`
	TempMax  *float64 `json:"temp_max"`
	PrecipMM *float64 `json:"precip_mm"`
	SnowCM   *float64 `json:"snow_cm"` // fresh snow; absent: none
}

// ParseForecastJSON reads [{"day": "2026-12-01", "temp_min": -3, "temp_max": 2,
// "precip_mm": 0, "snow_cm": 0}, …].
func ParseForecastJSON(r io.Reader) ([]weather.Day, error) {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	var in []WeatherDay
	if err := dec.Decode(&in); err != nil {
		var syntax *json.SyntaxError
		var typ *json.UnmarshalTypeError
		msg := "the forecast must be a JSON array of {day, temp_min, temp_max, precip_mm, snow_cm}"
		switch {
		case errors.As(err, &syntax), errors.As(err, &typ), errors.Is(err, io.EOF):
			return nil, errs.E(errs.Invalid, "%s", msg)
		}
		return nil, errs.E(errs.Invalid, "%s: %s", msg, err.Error())
	}
	out := make([]weather.Day, len(in))
	for i, d := range in {
		if d.Day.IsZero() {
			return nil, errs.E(errs.Invalid, "forecast day %d has no day (2026-12-01)", i+1)
		}
		out[i] = weather.Day{Day: d.Day.Time, Source: "forecast", TempMinC: d.TempMin, TempMaxC: d.TempMax,
			PrecipMM: d.PrecipMM, SnowCM: d.SnowCM}
	}
	return out, nil
}

// ParseForecastCSV reads a forecast in the shapes `loket import weather`
// reads (Open-Meteo hourly or daily, GHCN-Daily); hours become days of zone.
func ParseForecastCSV(r io.Reader, zone *time.Location) ([]weather.Day, error) {
	p, err := weather.Parse(r, weather.ParseOptions{Zone: zone})
	if err != nil {
		return nil, err
	}
	for _, pr := range p.Problems {
		if pr.Kind != weather.Gap {
			return nil, errs.E(errs.Invalid, "the forecast file has a problem: %s", pr)
		}
	}
	return p.Days(), nil
}

// checkForecast refuses forecast days the models cannot use, in day order.
// A day without snowfall has none.
func checkForecast(days []weather.Day) ([]weather.Day, error) {
	if len(days) == 0 || len(days) > maxHorizon {
		return nil, errs.E(errs.Invalid, "give 1 to %d days of weather forecast, not %d", maxHorizon, len(days))
	}
	days = slices.Clone(days)
	slices.SortFunc(days, func(a, b weather.Day) int { return a.Day.Compare(b.Day) })
	for i := range days {
		d := &days[i]
		d.Day = day(d.Day)
		on := d.Day.Format(time.DateOnly)
		if i > 0 && d.Day.Equal(days[i-1].Day) {
			return nil, errs.E(errs.Invalid, "%s is in the forecast twice", on)
		}
		for _, v := range []struct {
			name     string
			value    *float64
			min, max float64
		}{{"temp_min", d.TempMinC, -60, 60}, {"temp_max", d.TempMaxC, -60, 60}, {"precip_mm", d.PrecipMM, 0, 1000}, {"snow_cm", d.SnowCM, 0, 500}} {
			switch {
			case v.value == nil && v.name != "snow_cm":
				return nil, errs.E(errs.Invalid, "the forecast for %s has no %s", on, v.name)
			case v.value != nil && !(*v.value >= v.min && *v.value <= v.max):
				return nil, errs.E(errs.Invalid, "the forecast for %s has %s %v; it must lie between %v and %v", on, v.name, *v.value, v.min, v.max)
			}
		}
		if *d.TempMinC > *d.TempMaxC {
			return nil, errs.E(errs.Invalid, "the forecast for %s has a minimum temperature above the maximum", on)
		}
		if d.SnowCM == nil {
			none := 0.0
			d.SnowCM = &none
		}
	}
	return days, nil
}

// checkWeather refuses forecast days whose weather terms lack a value:
// the days before a forecast day count too (rain yesterday).
func (m *modelSpec) checkWeather(wx weatherByDay, fdays []time.Time) error {
	var missing []string
	for _, d := range fdays {
		for _, c := range m.weather {
			if _, ok := wx.value(c, d); !ok {
				missing = append(missing, d.AddDate(0, 0, -c.lag).Format(time.DateOnly))
			}
		}
	}
	if len(missing) == 0 {
		return nil
	}
	slices.Sort(missing)
	return errs.E(errs.Invalid, "the forecast needs the weather of %s, as the models look at the weather of the two days before each day too: "+
		"add those days to the forecast, or import the weather up to them", strings.Join(slices.Compact(missing), ", "))
}
