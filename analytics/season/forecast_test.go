package season_test

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"loket/analytics/season"
)

// forecastBody is a JSON forecast with the same weather on each of days
// days from first.
func forecastBody(first time.Time, days int, tmin, tmax, precip float64) []byte {
	var out []season.WeatherDay
	for i := range days {
		out = append(out, season.WeatherDay{Day: season.Date{Time: first.AddDate(0, 0, i)}, TempMin: &tmin, TempMax: &tmax, PrecipMM: &precip})
	}
	b, _ := json.Marshal(out)
	return b
}

func forecastOf(t *testing.T, r season.ForecastReport, code string) season.CategoryForecast {
	t.Helper()
	for _, c := range r.Categories {
		if c.Code == code {
			return c
		}
	}
	t.Fatalf("no forecast for %s (skipped: %+v)", code, r.Skipped)
	return season.CategoryForecast{}
}

func TestForecastIntervalsHoldTheMeanAndWidenWhereTheWeatherIsUncertain(t *testing.T) {
	s := newSite(t)
	token := s.staff("manager")
	first := seedUntil.AddDate(0, 0, 1)
	var mild season.ForecastReport
	code, raw := s.do("POST", "/api/analytics/forecast", token, "application/json", forecastBody(first, 14, 1.5, 8, 0))
	s.decode(code, raw, &mild)
	if mild.HistoryTo.Time != seedUntil || len(mild.Categories) < 30 {
		t.Fatalf("the history should end on %s and most categories get a forecast: to %s, %d categories, skipped %+v",
			seedUntil.Format(time.DateOnly), mild.HistoryTo, len(mild.Categories), mild.Skipped)
	}
	// Intervals of whole tickets hold the mean, rounded down where a day
	// expects less than one ticket: 0.01 tickets lie in no interval of
	// counts but [0, 0], which is the right answer.
	for _, c := range mild.Categories {
		for i, d := range c.Days {
			whole := math.Floor(d.Mean)
			if d.Ahead != i+1 || !(d.Lo95 <= d.Lo80 && d.Lo80 <= d.Mean && whole <= d.Hi80 && d.Hi80 <= d.Hi95) {
				t.Errorf("%s day %d: %+v; want lo95 ≤ lo80 ≤ mean, ⌊mean⌋ ≤ hi80 ≤ hi95", c.Code, i+1, d)
			}
		}
	}
	// 1.5 °C at night: frost is unlikely tomorrow and quite possible two
	// weeks out, where a forecast is a few degrees off.
	gritting := forecastOf(t, mild, "gladheidsbestrijding")
	tomorrow, later := gritting.Days[0], gritting.Days[13]
	if !strings.Contains(strings.Join(gritting.WeatherTerms, ","), "frost") || later.Hi95 <= tomorrow.Hi95 || later.Mean <= tomorrow.Mean {
		t.Errorf("gritting should widen with the days ahead on a mild forecast: terms %v, day 1 %+v, day 14 %+v", gritting.WeatherTerms, tomorrow, later)
	}
	// Bulk waste does not care: a week apart, same weekday, same spread.
	bulk := forecastOf(t, mild, "grofvuil")
	a, b := bulk.Days[0], bulk.Days[7]
	if len(bulk.WeatherTerms) != 0 || abs((b.Hi95-b.Lo95)-(a.Hi95-a.Lo95)) > 1 || abs(b.Mean-a.Mean) > 0.1*a.Mean {
		t.Errorf("bulk waste should not depend on the weather: terms %v, day 1 %+v, day 8 %+v", bulk.WeatherTerms, a, b)
	}

	var frosty season.ForecastReport
	code, raw = s.do("POST", "/api/analytics/forecast?category=gladheidsbestrijding", token, "application/json", forecastBody(first, 3, -6, -1, 0))
	s.decode(code, raw, &frosty)
	if len(frosty.Categories) != 1 {
		t.Fatalf("one category asked for, got %s", raw)
	}
	if cold := frosty.Categories[0].Days[0]; cold.Mean < 5*tomorrow.Mean || cold.Lo80 < tomorrow.Hi80 {
		t.Errorf("a frosty day should bring far more gritting requests than a mild one: %+v against %+v", cold, tomorrow)
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

func TestForecastReadsTheWeatherImportersCSV(t *testing.T) {
	s := newSite(t)
	var b strings.Builder
	b.WriteString("time,temperature_2m_max (°C),temperature_2m_min (°C),precipitation_sum (mm),snowfall_sum (cm)\n")
	for i := range 5 {
		fmt.Fprintf(&b, "%s,9.5,2.0,%d.0,0\n", seedUntil.AddDate(0, 0, i+1).Format(time.DateOnly), 5*i)
	}
	var rep season.ForecastReport
	code, raw := s.do("POST", "/api/analytics/forecast?category=water-in-kelder", s.staff("agent"), "text/csv", []byte(b.String()))
	s.decode(code, raw, &rep)
	flooding := forecastOf(t, rep, "water-in-kelder")
	if len(flooding.Days) != 5 || flooding.Days[4].Day.Time != seedUntil.AddDate(0, 0, 5) {
		t.Fatalf("five days of forecast, got %+v", flooding.Days)
	}
	// The last day brings 20 mm: heavy rain, a multiple of a dry day's
	// flooded cellars (the first is dry and follows the history).
	if flooding.Days[4].Mean < 2*flooding.Days[0].Mean {
		t.Errorf("20 mm of rain should raise the expected flooded cellars well above a dry day's: %+v", flooding.Days)
	}
}
