package season_test

import (
	"slices"
	"testing"

	"loket/analytics/season"
)

func categoryOf(t *testing.T, r season.Report, code string) season.CategoryReport {
	t.Helper()
	for _, c := range r.Categories {
		if c.Code == code {
			return c
		}
	}
	t.Fatalf("no category %s in the report (skipped: %+v)", code, r.Skipped)
	return season.CategoryReport{}
}

func effectOf(t *testing.T, c season.CategoryReport, term string) season.Effect {
	t.Helper()
	for _, e := range c.Effects {
		if e.Term == term {
			return e
		}
	}
	t.Fatalf("%s has no %s effect: %+v (left out: %+v)", c.Code, term, c.Effects, c.Model.LeftOut)
	return season.Effect{}
}

func TestReportFindsTheWeatherBehindGrittingAndFloodingButNotBehindBulkWaste(t *testing.T) {
	s := newSite(t)
	var rep season.Report
	code, raw := s.do("GET", "/api/analytics/season", s.staff("manager"), "", nil)
	s.decode(code, raw, &rep)

	gritting := categoryOf(t, rep, "gladheidsbestrijding")
	frost := effectOf(t, gritting, "frost")
	if !gritting.WeatherDriven || !frost.Estimable || frost.P > 0.001 || frost.Lo95 <= 0 {
		t.Errorf("gritting should be weather-driven with a clearly positive frost effect: %s; %+v", gritting.Summary, frost)
	}
	flooding := categoryOf(t, rep, "water-in-kelder")
	heavy := effectOf(t, flooding, "heavy_rain")
	if !flooding.WeatherDriven || heavy.Lo95 <= 0 {
		t.Errorf("water in cellars should follow heavy rain: %s; %+v", flooding.Summary, heavy)
	}
	bulk := categoryOf(t, rep, "grofvuil")
	if bulk.WeatherTest == nil || bulk.WeatherDriven || slices.Contains(rep.WeatherDriven, "grofvuil") {
		t.Errorf("bulk-waste pick-ups do not follow the weather in the demo city: %s", bulk.Summary)
	}
	if !slices.Contains(rep.WeatherDriven, "gladheidsbestrijding") {
		t.Errorf("the list of weather-driven categories %v misses gritting", rep.WeatherDriven)
	}
	leaves := categoryOf(t, rep, "bladval")
	if !leaves.Seasonal || leaves.PeakSeason != "autumn" || busiestMonth(leaves) < 10 {
		t.Errorf("fallen leaves should peak in autumn: %s, by month %+v", leaves.Summary, leaves.ByMonth)
	}
}

// busiestMonth is the month (1–12) with the most tickets a day.
func busiestMonth(c season.CategoryReport) int {
	best := 0
	for i, p := range c.ByMonth {
		if p.PerDay > c.ByMonth[best].PerDay {
			best = i
		}
	}
	return best + 1
}

func TestReportCountsEveryTicketOnItsLocalDay(t *testing.T) {
	s := newSite(t)
	token := s.staff("staff")
	const tickets = ` FROM ticket t JOIN category c ON c.municipality_id = t.municipality_id AND c.id = t.category_id `
	const in2024 = ` t.created_at >= '2024-01-01 00:00 Europe/Brussels' AND t.created_at < '2025-01-01 00:00 Europe/Brussels' `
	var whole season.Report
	code, raw := s.do("GET", "/api/analytics/season?from=2024-01-01&to=2024-12-31&category=grofvuil,bladval", token, "", nil)
	s.decode(code, raw, &whole)
	if whole.Days != 366 || len(whole.Categories) != 2 {
		t.Fatalf("2024 has 366 days and two categories were asked for: %d days, %d categories, skipped %+v", whole.Days, len(whole.Categories), whole.Skipped)
	}
	for _, c := range whole.Categories {
		want := s.count(`SELECT count(*)`+tickets+`WHERE c.code = $1 AND`+in2024, c.Code)
		months, days := 0, 0
		for _, p := range c.ByMonth {
			months, days = months+p.Tickets, days+p.Days
		}
		if c.Tickets != want || months != want || days != 366 {
			t.Errorf("%s: %d tickets, %d by month over %d days; the database has %d", c.Code, c.Tickets, months, days, want)
		}
	}

	var nbh string
	if err := s.pool.QueryRow(t.Context(), `SELECT n.code`+tickets+`
		JOIN neighbourhood n ON n.municipality_id = t.municipality_id AND n.id = t.neighbourhood_id
		WHERE c.code = 'grofvuil' AND`+in2024+`GROUP BY n.code ORDER BY count(*) DESC LIMIT 1`).Scan(&nbh); err != nil {
		t.Fatal(err)
	}
	var part season.Report
	code, raw = s.do("GET", "/api/analytics/season?from=2024-01-01&to=2024-12-31&category=grofvuil&neighbourhood="+nbh, token, "", nil)
	s.decode(code, raw, &part)
	want := s.count(`SELECT count(*)`+tickets+`WHERE c.code = $1 AND`+in2024+
		`AND t.neighbourhood_id = (SELECT id FROM neighbourhood WHERE code = $2)`, "grofvuil", nbh)
	if part.Neighbourhood == nil || part.Neighbourhood.Code != nbh || len(part.Categories) != 1 || part.Categories[0].Tickets != want {
		t.Fatalf("neighbourhood %s: want %d tickets, got %s", nbh, want, raw)
	}
	if want >= whole.Categories[0].Tickets && want >= whole.Categories[1].Tickets {
		t.Errorf("one neighbourhood (%d tickets) should hold fewer than the whole city", want)
	}
}
