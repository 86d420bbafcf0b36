package spikes

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"

	"loket/internal/auth"
)

func TestSpikesEndpointIsForStaffAndExplainsBadInput(t *testing.T) {
	ctx := context.Background()
	pool := seededCity(t)
	sessions := auth.NewStore(pool)
	r := chi.NewRouter()
	r.Use(sessions.Middleware)
	New(pool).Routes(r)
	ts := httptest.NewServer(r)
	t.Cleanup(ts.Close)

	staff, err := sessions.LoginStaff(ctx, "field@kortrijk.demo", "demo")
	if err != nil {
		t.Fatal(err)
	}
	client, _, err := sessions.CreateClient(ctx, kortrijk, "a partner's dashboard")
	if err != nil {
		t.Fatal(err)
	}
	get := func(token, query string) (int, string) {
		t.Helper()
		req, _ := http.NewRequest("GET", ts.URL+"/api/analytics/spikes"+query, nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}

	t.Run("a staff member gets the report", func(t *testing.T) {
		code, body := get(staff.Token, "?day=2025-11-14&days=10&category=bladval,grofvuil")
		if code != http.StatusOK {
			t.Fatalf("%d %s", code, body)
		}
		var rep Report
		if err := json.Unmarshal([]byte(body), &rep); err != nil {
			t.Fatal(err)
		}
		if rep.Day.String() != "2025-11-14" || rep.From.String() != "2025-11-05" || rep.Series.Monitored < 2 ||
			rep.TimeZone != "Europe/Brussels" || !strings.Contains(body, `"alerts":[`) {
			t.Errorf("report %s", body)
		}
	})
	for _, c := range []struct {
		name, token, query string
		want               int
		says               string
	}{
		{"nobody signed in is asked to", "", "", http.StatusUnauthorized, "sign in"},
		{"a machine client is refused", client, "", http.StatusForbidden, "staff"},
		{"a day that is no date", staff.Token, "?day=2025-13-01", http.StatusBadRequest, "day must be a date"},
		{"a day still to come", staff.Token, "?day=2999-01-01", http.StatusBadRequest, "has not come yet"},
		{"no days", staff.Token, "?days=0", http.StatusBadRequest, "days must be"},
		{"more days than a window holds", staff.Token, "?days=400", http.StatusBadRequest, "days must be"},
		{"an unknown category", staff.Token, "?category=grofvuil,unicorns", http.StatusBadRequest, `code \"unicorns\"`},
		{"an unknown neighbourhood", staff.Token, "?neighbourhood=nowhere", http.StatusBadRequest, `code \"nowhere\"`},
		{"a misspelt parameter", staff.Token, "?dag=2025-11-14", http.StatusBadRequest, "unknown parameter"},
		{"a parameter given twice", staff.Token, "?days=3&days=4", http.StatusBadRequest, "once"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, body := get(c.token, c.query)
			if code != c.want || !strings.Contains(body, c.says) {
				t.Errorf("GET %s = %d %s, want %d saying %q", c.query, code, body, c.want, c.says)
			}
		})
	}
}
