package web_test

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"loket/analytics/areas"
	"loket/seed"
)

// location returns the status of path and where it redirects to.
func (b *browser) location(path string) (int, string) {
	b.s.t.Helper()
	req, _ := http.NewRequest("GET", b.s.url+path, nil)
	res, err := b.c.Do(req)
	if err != nil {
		b.s.t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode, res.Header.Get("Location")
}

func TestTheDashboardIsForManagersOnly(t *testing.T) {
	s := newSite(t)
	for _, path := range []string{"/werk/dashboard", "/werk/dashboard/seizoen"} {
		if code, loc := s.browser().location(path); code != http.StatusSeeOther || loc != "/werk" {
			t.Errorf("a visitor at %s = %d to %q, want a redirect to /werk", path, code, loc)
		}
		for _, email := range []string{"agent@kortrijk.demo", "staff@kortrijk.demo", "field@kortrijk.demo"} {
			b := s.browser()
			b.signInStaff(email, "demo")
			if code, body := b.get(path); code != http.StatusForbidden || !strings.Contains(body, "niet voor uw rol") {
				t.Errorf("%s at %s = %d, want 403 with the reason", email, path, code)
			}
		}
		for _, email := range []string{"manager@kortrijk.demo", "admin@kortrijk.demo"} {
			b := s.browser()
			b.signInStaff(email, "demo")
			if code, _ := b.get(path); code != http.StatusOK {
				t.Errorf("%s at %s = %d, want 200", email, path, code)
			}
		}
		c := s.browser()
		if code, loc, _ := c.post("/mijn/aanmelden", map[string][]string{"email": {seed.DemoCitizen.Email}, "password": {seed.DemoCitizen.Password}}, false); code != http.StatusSeeOther || loc != "/mijn" {
			t.Fatalf("the demo citizen's sign-in = %d to %q", code, loc)
		}
		if code, loc := c.location(path); code != http.StatusSeeOther || loc != "/werk" {
			t.Errorf("a citizen at %s = %d to %q, want a redirect to /werk", path, code, loc)
		}
	}
}

func TestTheDashboardRefusesABadFilter(t *testing.T) {
	s := newSite(t)
	b := s.browser()
	b.signInStaff("manager@kortrijk.demo", "demo")
	tomorrow := time.Now().AddDate(0, 0, 2).Format(time.DateOnly)
	for query, want := range map[string]string{
		"period=5y":                                   "Kies een periode uit de lijst",
		"period=custom&from=2026-13-01":               "jjjj-mm-dd",
		"period=custom&from=gisteren":                 "jjjj-mm-dd",
		"period=custom&from=2026-03-01&to=2026-02-01": "vóór de einddatum",
		"period=custom&to=" + tomorrow:                "na vandaag",
		"period=custom&from=2019-01-01&to=2026-01-01": "drie jaar",
		"team=geen-dienst":                            "Die dienst bestaat niet",
		"period=12m&team=wegen%27%3Cscript%3E":        "Die dienst bestaat niet",
	} {
		for _, path := range []string{"/werk/dashboard?", "/werk/dashboard/seizoen?"} {
			code, body := b.get(path + query)
			if code != http.StatusBadRequest || !strings.Contains(body, want) {
				t.Errorf("%s%s = %d, want 400 saying %q", path, query, code, want)
			}
			if !strings.Contains(body, `<form method="get" action="/werk/dashboard"`) {
				t.Errorf("%s%s does not show the form to put it right", path, query)
			}
		}
	}
	// The mistake is said in the reader's language.
	if code, body := b.get("/werk/dashboard?period=5y&lang=fr"); code != http.StatusBadRequest || !strings.Contains(body, "Choisissez une période") {
		t.Errorf("a bad period in French = %d, want 400 in French", code)
	}
}

// cell is the text of the n-th cell (th or td) of the table row with id.
func cell(t *testing.T, page, id string, n int) string {
	t.Helper()
	row := regexp.MustCompile(`(?s)<tr id="` + regexp.QuoteMeta(id) + `">(.*?)</tr>`).FindStringSubmatch(page)
	if row == nil {
		t.Fatalf("the page has no row %s", id)
	}
	cells := regexp.MustCompile(`(?s)<t[hd][^>]*>(.*?)</t[hd]>`).FindAllStringSubmatch(row[1], -1)
	if n >= len(cells) {
		t.Fatalf("row %s has %d cells, not %d", id, len(cells), n+1)
	}
	return strings.TrimSpace(cells[n][1])
}

// median is the middle of xs, halfway between the two middle ones for an
// even count (as percentile_cont does).
func median(xs []float64) float64 {
	slices.Sort(xs)
	n := len(xs)
	if n%2 == 1 {
		return xs[n/2]
	}
	return (xs[n/2-1] + xs[n/2]) / 2
}

func TestTheDashboardFiguresMatchTheDatabase(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	var municipality int
	if err := s.pool.QueryRow(ctx, `SELECT id FROM municipality`).Scan(&municipality); err != nil {
		t.Fatal(err)
	}
	if _, err := areas.New(s.pool).StoreHotspotMap(ctx, municipality); err != nil {
		t.Fatal(err)
	}
	city, _ := time.LoadLocation("Europe/Brussels")
	now := time.Now().In(city)
	from := time.Date(now.Year(), now.Month(), now.Day()-200, 0, 0, 0, 0, city)
	to := time.Date(now.Year(), now.Month(), now.Day()-10, 0, 0, 0, 0, city) // the last day counted
	end := to.AddDate(0, 0, 1)

	b := s.browser()
	b.signInStaff("manager@kortrijk.demo", "demo")
	started := time.Now()
	code, page := b.get(fmt.Sprintf("/werk/dashboard?period=custom&from=%s&to=%s&lang=en", from.Format(time.DateOnly), to.Format(time.DateOnly)))
	t.Logf("the dashboard took %s", time.Since(started))
	if code != http.StatusOK {
		t.Fatalf("the dashboard = %d: %s", code, page)
	}

	// Lead time: the median days from created to closed of the roads
	// team's tickets closed in the period, worked out here from the rows.
	rows, err := s.pool.Query(ctx, `SELECT t.created_at, t.closed_at FROM ticket t JOIN team tm ON tm.id = t.team_id
		WHERE tm.code = 'wegen' AND t.status = 'closed' AND t.closed_at >= $1 AND t.closed_at < $2`, from, end)
	if err != nil {
		t.Fatal(err)
	}
	var days []float64
	for rows.Next() {
		var created, closed time.Time
		if err := rows.Scan(&created, &closed); err != nil {
			t.Fatal(err)
		}
		days = append(days, closed.Sub(created).Hours()/24)
	}
	if rows.Err() != nil || len(days) < 10 {
		t.Fatalf("the roads team closed %d tickets in the period (%v): too few to test with", len(days), rows.Err())
	}
	if got, want := cell(t, page, "lead-team-wegen", 2), fmt.Sprintf("%.1f", median(days)); got != want {
		t.Errorf("the roads team's median lead time = %s days, want %s", got, want)
	}
	if got, want := cell(t, page, "lead-team-wegen", 1), fmt.Sprint(len(days)); got != want {
		t.Errorf("the roads team closed %s tickets, want %s", got, want)
	}

	// Trends: every ticket created in the period is in one week's bar.
	var created int
	if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM ticket WHERE created_at >= $1 AND created_at < $2`, from, end).Scan(&created); err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf("Bar chart: %d requests over", created); !strings.Contains(page, want) {
		t.Errorf("the weekly chart does not say %q", want)
	}
	if bars := strings.Count(page, `<rect class="mark"`); bars < 28 {
		t.Errorf("the charts have %d bars; the weekly chart alone needs 28", bars)
	}

	// Duplicates: the share of the category with the most of them.
	var code2 string
	var doubles, tickets int
	if err := s.pool.QueryRow(ctx, `SELECT c.code, count(*) FILTER (WHERE t.status = 'duplicate'), count(*)
		FROM ticket t JOIN category c ON c.id = t.category_id WHERE t.created_at >= $1 AND t.created_at < $2
		GROUP BY c.code ORDER BY 2 DESC, 1 LIMIT 1`, from, end).Scan(&code2, &doubles, &tickets); err != nil {
		t.Fatal(err)
	}
	if doubles == 0 {
		t.Fatal("no duplicates in the period to test with")
	}
	if got, want := cell(t, page, "dup-"+code2, 3), fmt.Sprintf("%.1f%%", 100*float64(doubles)/float64(tickets)); got != want {
		t.Errorf("the duplicate rate of %s = %s, want %s", code2, got, want)
	}

	// The legend counts the stored hotspot hexagons of each class.
	var hot int
	if err := s.pool.QueryRow(ctx, `SELECT count(*) FROM hotspot_hexagon WHERE bin = 3`).Scan(&hot); err != nil {
		t.Fatal(err)
	}
	if hot == 0 {
		t.Fatal("the demo city has no hot spot at 99 %")
	}
	legend := regexp.MustCompile(`(?s)<tr data-bin="3">.*?<td class="n">(\d+)</td>`).FindStringSubmatch(page)
	if legend == nil || legend[1] != fmt.Sprint(hot) {
		t.Errorf("the legend's hot spots at 99 %% = %v, want %d", legend, hot)
	}

	// Only figures: no reporter's name or e-mail address on the page.
	assertNoReporters(t, s, page)
}

// assertNoReporters fails when page shows any reporter's e-mail or name.
func assertNoReporters(t *testing.T, s *site, page string) {
	t.Helper()
	rows, err := s.pool.Query(context.Background(), `SELECT DISTINCT coalesce(reporter_email, ''), coalesce(reporter_name, '') FROM ticket
		WHERE reporter_email IS NOT NULL OR reporter_name IS NOT NULL`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var email, name string
		if err := rows.Scan(&email, &name); err != nil {
			t.Fatal(err)
		}
		if email != "" && strings.Contains(page, email) || len(name) > 5 && strings.Contains(page, name) {
			t.Fatalf("the page shows the reporter %q <%s>", name, email)
		}
	}
}

func TestTheDashboardFiltersByTeam(t *testing.T) {
	s := newSite(t)
	b := s.browser()
	b.signInStaff("manager@kortrijk.demo", "demo")
	city, _ := time.LoadLocation("Europe/Brussels")
	now := time.Now().In(city)
	from := time.Date(now.Year(), now.Month(), now.Day()-120, 0, 0, 0, 0, city)
	to := time.Date(now.Year(), now.Month(), now.Day()-1, 0, 0, 0, 0, city)
	code, page := b.get(fmt.Sprintf("/werk/dashboard?period=custom&from=%s&to=%s&team=groen-zuid&lang=en",
		from.Format(time.DateOnly), to.Format(time.DateOnly)))
	if code != http.StatusOK {
		t.Fatalf("the dashboard for one team = %d", code)
	}
	teams := regexp.MustCompile(`<tr id="lead-team-([^"]+)">`).FindAllStringSubmatch(page, -1)
	if len(teams) != 1 || teams[0][1] != "groen-zuid" {
		t.Errorf("the lead times of one team list the teams %v", teams)
	}
	var n int
	if err := s.pool.QueryRow(context.Background(), `SELECT count(*) FROM ticket t JOIN team tm ON tm.id = t.team_id
		WHERE tm.code = 'groen-zuid' AND t.created_at >= $1 AND t.created_at < $2`, from, to.AddDate(0, 0, 1)).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Fatal("the team has no tickets in the period to test with")
	}
	if want := fmt.Sprintf("Bar chart: %d requests over", n); !strings.Contains(page, want) {
		t.Errorf("the team's weekly chart does not say %q", want)
	}
	if !strings.Contains(page, `<option value="groen-zuid" selected>`) {
		t.Error("the form does not show the chosen team")
	}
}

func TestTheSeasonSectionShowsTheReportAndTheForecast(t *testing.T) {
	s := newSite(t)
	b := s.browser()
	b.signInStaff("manager@kortrijk.demo", "demo")
	started := time.Now()
	code, page := b.get("/werk/dashboard/seizoen?period=12m&lang=en")
	t.Logf("the season section took %s", time.Since(started))
	if code != http.StatusOK {
		t.Fatalf("the season section = %d: %s", code, page)
	}
	for _, want := range []string{`id="season-report"`, `class="band95"`, `class="band80"`, `class="mean"`,
		"Forecast for the next 14 days", "52 weeks ago"} {
		if !strings.Contains(page, want) {
			t.Errorf("the season section lacks %s", want)
		}
	}
	// Fourteen days a forecast chart, each a dot with its value.
	charts := strings.Count(page, `<title id="chart-forecast-`)
	if charts == 0 {
		t.Fatal("the season section has no forecast chart")
	}
	if dots := strings.Count(page, `<circle class="mark"`); dots < 14*charts {
		t.Errorf("%d forecast charts show %d dots, want 14 each", charts, dots)
	}
	// The effects are said in the page's language.
	code, page = b.get("/werk/dashboard/seizoen?lang=nl")
	if code != http.StatusOK || !strings.Contains(page, "Voorspelling voor de komende 14 dagen") || strings.Contains(page, "per frost day") {
		t.Errorf("the Dutch season section = %d, or speaks English", code)
	}
	assertNoReporters(t, s, page)
}

func TestTheDashboardSpeaksEveryLanguage(t *testing.T) {
	s := newSite(t)
	b := s.browser()
	b.signInStaff("admin@kortrijk.demo", "demo") // an admin holds the manager's role too
	untranslated := regexp.MustCompile(`\bdash\.[a-z]`)
	for lang, heading := range map[string]string{"nl": "Doorlooptijden", "fr": "Délais de traitement", "en": "Lead times"} {
		code, page := b.get("/werk/dashboard?lang=" + lang)
		if code != http.StatusOK || !strings.Contains(page, `<html lang="`+lang+`">`) || !strings.Contains(page, heading) {
			t.Errorf("the dashboard in %s = %d, or not in %s", lang, code, lang)
		}
		_, season := b.get("/werk/dashboard/seizoen?lang=" + lang)
		for _, p := range []string{page, season} {
			if key := untranslated.FindString(p); key != "" {
				t.Errorf("the %s page shows a catalogue key: %s…", lang, key)
			}
		}
	}
}
