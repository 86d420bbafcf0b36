package season_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestOnlyStaffSeeReportsAndForecasts(t *testing.T) {
	s := newSite(t)
	body := forecastBody(seedUntil.AddDate(0, 0, 1), 2, 1, 5, 0)
	for _, c := range []struct {
		who, token string
		want       int
	}{{"nobody", "", http.StatusUnauthorized}, {"a machine client", s.client(), http.StatusForbidden}} {
		if code, raw := s.do("GET", "/api/analytics/season", c.token, "", nil); code != c.want {
			t.Errorf("report for %s: %d %s, want %d", c.who, code, raw, c.want)
		}
		if code, raw := s.do("POST", "/api/analytics/forecast", c.token, "application/json", body); code != c.want {
			t.Errorf("forecast for %s: %d %s, want %d", c.who, code, raw, c.want)
		}
	}
	// Every staff role may read them, field crews included.
	if code, raw := s.do("GET", "/api/analytics/season?category=grofvuil", s.staff("field"), "", nil); code != http.StatusOK {
		t.Errorf("a field worker's report: %d %s", code, raw)
	}
}

func TestBadInputIsRefusedWithAReason(t *testing.T) {
	s := newSite(t)
	token := s.staff("manager")
	day := func(offset int) string { return seedUntil.AddDate(0, 0, offset).Format(time.DateOnly) }
	json1 := func(fields string) []byte { return []byte(`[{"day":"` + day(1) + `",` + fields + `}]`) }
	ok := `"temp_min":1,"temp_max":5,"precip_mm":0`
	for _, c := range []struct {
		name, method, path, contentType, body, says string
	}{
		{"an unknown parameter", "GET", "/api/analytics/season?categry=grofvuil", "", "", "unknown parameter"},
		{"an unknown category", "GET", "/api/analytics/season?category=nope", "", "", "no category"},
		{"an unknown neighbourhood", "GET", "/api/analytics/season?neighbourhood=nope", "", "", "no neighbourhood"},
		{"a date that is none", "GET", "/api/analytics/season?from=2024-13-01", "", "", "a date like"},
		{"a range that ends before it starts", "GET", "/api/analytics/season?from=2024-06-01&to=2024-05-01", "", "", "comes before"},
		{"a range too short to model", "GET", "/api/analytics/season?from=2024-06-01&to=2024-06-20", "", "", "at least 56"},
		{"a range reaching today", "GET", "/api/analytics/season?from=2024-06-01&to=2999-01-01", "", "", "before today"},
		{"a forecast that is no JSON", "POST", "/api/analytics/forecast", "application/json", "{", "JSON array"},
		{"a forecast field that is unknown", "POST", "/api/analytics/forecast", "application/json", string(json1(ok + `,"wind":3`)), "unknown field"},
		{"a forecast without minimum temperature", "POST", "/api/analytics/forecast", "application/json", string(json1(`"temp_max":5,"precip_mm":0`)), "no temp_min"},
		{"a forecast colder by day than by night", "POST", "/api/analytics/forecast", "application/json", string(json1(`"temp_min":6,"temp_max":5,"precip_mm":0`)), "above the maximum"},
		{"a forecast of negative rain", "POST", "/api/analytics/forecast", "application/json", string(json1(`"temp_min":1,"temp_max":5,"precip_mm":-2`)), "between 0 and 1000"},
		{"an empty forecast", "POST", "/api/analytics/forecast", "application/json", "[]", "1 to 14 days"},
		{"a forecast of 15 days", "POST", "/api/analytics/forecast", "application/json", string(forecastBody(seedUntil.AddDate(0, 0, 1), 15, 1, 5, 0)), "1 to 14 days"},
		{"a forecast of a day in the history", "POST", "/api/analytics/forecast", "application/json", string(forecastBody(seedUntil, 2, 1, 5, 0)), "come after it"},
		{"a forecast too far ahead", "POST", "/api/analytics/forecast", "application/json", string(forecastBody(seedUntil.AddDate(0, 0, 12), 5, 1, 5, 0)), "reach 14 days"},
		{"a forecast with a gap before it", "POST", "/api/analytics/forecast", "application/json", string(forecastBody(seedUntil.AddDate(0, 0, 3), 2, 1, 5, 0)), "needs the weather of " + day(1) + ", " + day(2) + ", as"},
		{"a forecast in no known format", "POST", "/api/analytics/forecast", "application/xml", "<x/>", "application/json or text/csv"},
		{"a CSV forecast that is no weather file", "POST", "/api/analytics/forecast", "text/csv", "a,b\n1,2\n", "neither"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, raw := s.do(c.method, c.path, token, c.contentType, []byte(c.body))
			var e struct {
				Error struct{ Message string }
			}
			if code != http.StatusBadRequest || json.Unmarshal(raw, &e) != nil || !strings.Contains(e.Error.Message, c.says) {
				t.Errorf("%d %s; want 400 saying %q", code, raw, c.says)
			}
		})
	}
}
