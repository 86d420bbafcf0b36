package season

import (
	"strings"
	"testing"
	"time"

	"loket/analytics/countmodel"
	"loket/analytics/weather"
)

// weatherDays makes n days of weather from day0 by a rule.
func weatherDays(day0 time.Time, n int, rule func(i int) weather.Day) ([]time.Time, weatherByDay) {
	days := countmodel.Days(day0, n)
	var ws []weather.Day
	for i := -lagDays; i < n; i++ {
		w := rule(i)
		w.Day = day0.AddDate(0, 0, i)
		ws = append(ws, w)
	}
	return days, byDay(ws)
}

func leftOut(m *modelSpec, term string) string {
	for _, l := range m.leftOut {
		if l.Term == term {
			return l.Reason
		}
	}
	return ""
}

func TestModelSpecLeavesOutWhatTheHistoryCannotShow(t *testing.T) {
	day0 := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	days, wx := weatherDays(day0, 400, func(i int) weather.Day {
		tmin, tmax := 4.0, 10.0
		switch {
		case i%20 == 0: // 20 frost days, of which 4 stay frozen
			tmin, tmax = -3, 2
			if i%100 == 0 {
				tmax = -1
			}
		}
		snow := 0.0
		if i == 50 || i == 51 { // two snow days
			snow = 3
		}
		return weather.Day{TempMinC: &tmin, TempMaxC: &tmax, PrecipMM: ptr(float64(i % 13)), SnowCM: &snow}
	})
	m := newModelSpec(days, wx, weather.Calendar{}, 4)
	names := strings.Join(m.spec.Names(), ",")
	for _, want := range []string{"sin4", "trend", "frost", "rain_mm_lag2", "heavy_rain_lag1"} {
		if !strings.Contains(names, want) {
			t.Errorf("columns %s lack %s", names, want)
		}
	}
	for term, says := range map[string]string{
		"snow":        "2 days of the history",
		"freeze_thaw": "differs from frost on 4 days",
		"holiday":     "0 public holidays",
	} {
		if got := leftOut(m, term); !strings.Contains(got, says) {
			t.Errorf("%s should be left out because %q, got %q", term, says, got)
		}
	}
	if len(m.rows) != len(days) {
		t.Errorf("every day has its weather, so every day is fitted: %d of %d", len(m.rows), len(days))
	}

	short := newModelSpec(days[:100], wx, weather.Calendar{}, 4)
	if short.spec.Harmonics != 0 || !short.spec.TrendFrom.IsZero() || leftOut(short, "season and trend") == "" {
		t.Errorf("100 days cannot show a season: harmonics %d, left out %+v", short.spec.Harmonics, short.leftOut)
	}
}

func TestWeatherKnownOnTooFewDaysIsLeftOutRatherThanTheDays(t *testing.T) {
	day0 := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	days, wx := weatherDays(day0, 200, func(i int) weather.Day {
		w := weather.Day{TempMinC: ptr(float64(i%9) - 3), TempMaxC: ptr(8), PrecipMM: ptr(float64(i % 15))}
		if i%3 == 0 {
			w.PrecipMM = nil // a third of the days without rain data
		}
		return w
	})
	m := newModelSpec(days, wx, weather.Calendar{}, 4)
	if !strings.Contains(leftOut(m, "rain_mm"), "known on") || len(m.rows) != len(days) {
		t.Errorf("rain known on two days in three should go, not the days: rain %q, %d of %d days", leftOut(m, "rain_mm"), len(m.rows), len(days))
	}
	if strings.Contains(leftOut(m, "frost"), "known") {
		t.Errorf("frost is known every day: %q", leftOut(m, "frost"))
	}
}

func TestACategoryLosesTheColumnsOfDaysItNeverHadATicketOn(t *testing.T) {
	day0 := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	days, wx := weatherDays(day0, 120, func(i int) weather.Day {
		return weather.Day{TempMinC: ptr(float64(i%10) - 2), TempMaxC: ptr(9), PrecipMM: ptr(float64(i%11) * 2)}
	})
	m := newModelSpec(days, wx, weather.Calendar{}, 4)
	counts := make([]float64, len(days))
	for i := range counts {
		if v, _ := wx.value(columnByName(t, "frost"), days[i]); v == 0 {
			counts[i] = float64(i % 3) // tickets on mild days only
		}
	}
	c := m.forCategory(days, counts)
	if strings.Contains(strings.Join(c.spec.Names(), ","), "frost") || leftOut(c, "frost") == "" {
		t.Errorf("frost should go for a category without a ticket on a frost day: %v", c.spec.Names())
	}
	if len(c.weather) != len(m.weather)-1 || c.weatherStart()+len(c.weather) != len(c.spec.Names()) {
		t.Errorf("the weather columns should stay last and in step: %v, %d weather", c.spec.Names(), len(c.weather))
	}
	if !strings.Contains(strings.Join(m.spec.Names(), ","), "frost") {
		t.Error("the history's own spec must keep frost for the other categories")
	}
}
