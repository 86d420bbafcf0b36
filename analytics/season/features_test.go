package season

import (
	"testing"
	"time"

	"loket/analytics/weather"
)

func ptr(v float64) *float64 { return &v }

func columnByName(t testing.TB, name string) weatherColumn {
	t.Helper()
	for _, c := range allWeatherColumns() {
		if c.name() == name {
			return c
		}
	}
	t.Fatalf("no weather column %s", name)
	return weatherColumn{}
}

func TestWeatherFeaturesFollowTheDatabaseDefinitions(t *testing.T) {
	for _, c := range []struct {
		name   string
		w      weather.Day
		column string
		want   float64
		known  bool
	}{
		{"frost below zero", weather.Day{TempMinC: ptr(-0.1), TempMaxC: ptr(3)}, "frost", 1, true},
		{"no frost at zero", weather.Day{TempMinC: ptr(0), TempMaxC: ptr(3)}, "frost", 0, true},
		{"freeze and thaw", weather.Day{TempMinC: ptr(-2), TempMaxC: ptr(1)}, "freeze_thaw", 1, true},
		{"frozen all day", weather.Day{TempMinC: ptr(-5), TempMaxC: ptr(-1)}, "freeze_thaw", 0, true},
		{"freeze–thaw needs the maximum", weather.Day{TempMinC: ptr(-5)}, "freeze_thaw", 0, false},
		{"heavy rain from 10 mm", weather.Day{PrecipMM: ptr(10)}, "heavy_rain", 1, true},
		{"9.9 mm is not heavy", weather.Day{PrecipMM: ptr(9.9)}, "heavy_rain", 0, true},
		{"rain is capped", weather.Day{PrecipMM: ptr(80)}, "rain_mm", rainCapMM, true},
		{"unknown rain", weather.Day{}, "rain_mm", 0, false},
		{"fresh snow from 1 cm", weather.Day{SnowCM: ptr(1)}, "snow", 1, true},
		{"a dusting is no snow day", weather.Day{SnowCM: ptr(0.5)}, "snow", 0, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			day := time.Date(2025, 1, 10, 0, 0, 0, 0, time.UTC)
			c.w.Day = day
			got, known := byDay([]weather.Day{c.w}).value(columnByName(t, c.column), day)
			if got != c.want || known != c.known {
				t.Errorf("%s = %v (known %v), want %v (known %v)", c.column, got, known, c.want, c.known)
			}
		})
	}
}

func TestLaggedColumnsReadTheDaysBefore(t *testing.T) {
	d0 := time.Date(2025, 1, 10, 0, 0, 0, 0, time.UTC)
	wx := byDay([]weather.Day{{Day: d0, PrecipMM: ptr(12)}, {Day: d0.AddDate(0, 0, 1), PrecipMM: ptr(0)}})
	if v, ok := wx.value(columnByName(t, "heavy_rain_lag1"), d0.AddDate(0, 0, 1)); v != 1 || !ok {
		t.Errorf("the day after 12 mm: heavy_rain_lag1 = %v (%v), want 1", v, ok)
	}
	if _, ok := wx.value(columnByName(t, "heavy_rain_lag2"), d0.AddDate(0, 0, 1)); ok {
		t.Error("two days before the first day of weather is not known")
	}
}
