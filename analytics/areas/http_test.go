package areas

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/paulmach/orb/geojson"

	"loket/internal/auth"
)

var endpoints = []string{
	"/api/analytics/clusters", "/api/analytics/neighbourhoods", "/api/analytics/hexagons",
	"/api/analytics/hotspots", "/api/analytics/hotspots/emerging",
}

// serve mounts s's routes behind the real sign-in middleware.
func serve(t *testing.T, tw *town, s *Service) *httptest.Server {
	r := chi.NewRouter()
	r.Use(auth.NewStore(tw.pool).Middleware)
	s.Routes(r)
	ts := httptest.NewServer(r)
	t.Cleanup(ts.Close)
	return ts
}

func get(t *testing.T, url, token string) (int, http.Header, []byte) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header, b
}

func staffToken(t *testing.T, tw *town, role string) string {
	t.Helper()
	tok, _, err := auth.NewStore(tw.pool).Login(context.Background(), fmt.Sprintf(staffEmailPattern, role), testPassword)
	if err != nil {
		t.Fatalf("sign in as %s: %v", role, err)
	}
	return tok
}

func TestTheAnalysesAreForStaffOnly(t *testing.T) {
	tw := countTown(t)
	ts := serve(t, tw, tw.svc)
	ctx := context.Background()
	store := auth.NewStore(tw.pool)
	citizen, err := store.LoginCitizen(ctx, townMunicipality, "burger@testdorp.example", testPassword)
	if err != nil {
		t.Fatal(err)
	}
	client, _, err := store.CreateClient(ctx, townMunicipality, "partner app")
	if err != nil {
		t.Fatal(err)
	}
	const period = "?from=2026-03-01&to=2026-03-31"
	for _, path := range endpoints {
		if code, _, _ := get(t, ts.URL+path+period, ""); code != http.StatusUnauthorized {
			t.Errorf("anonymous %s = %d, want 401", path, code)
		}
		for who, tok := range map[string]string{"citizen": citizen.Token, "client": client} {
			if code, _, body := get(t, ts.URL+path+period, tok); code != http.StatusForbidden || strings.Contains(string(body), "Feature") {
				t.Errorf("%s %s = %d, want 403 without data", who, path, code)
			}
		}
	}
	for _, role := range []string{"agent", "staff", "field", "manager", "admin"} {
		tok := staffToken(t, tw, role)
		for _, path := range endpoints {
			code, h, body := get(t, ts.URL+path+period, tok)
			if code != http.StatusOK {
				t.Errorf("%s %s = %d %s", role, path, code, body)
				continue
			}
			if ct := h.Get("Content-Type"); ct != "application/geo+json" {
				t.Errorf("%s: Content-Type %q", path, ct)
			}
			if _, err := geojson.UnmarshalFeatureCollection(body); err != nil {
				t.Errorf("%s is no GeoJSON FeatureCollection: %v", path, err)
			}
		}
	}
}

func TestTheNeighbourhoodsAnswerOverHTTPCarriesTheCounts(t *testing.T) {
	tw := countTown(t)
	ts := serve(t, tw, tw.svc)
	code, _, body := get(t, ts.URL+"/api/analytics/neighbourhoods?from=2026-03-01&to=2026-03-31&category=sluikstort,gemeenteweg", staffToken(t, tw, "manager"))
	if code != http.StatusOK {
		t.Fatalf("%d %s", code, body)
	}
	var fc struct {
		Analysis struct{ Tickets int }
		Features []struct {
			Geometry   struct{ Type string }
			Properties struct {
				Code    string
				Tickets int
				Rate    *float64 `json:"rate_per_1000"`
			}
		}
	}
	if err := json.Unmarshal(body, &fc); err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, f := range fc.Features {
		got[f.Properties.Code] = f.Properties.Tickets
		if f.Geometry.Type != "MultiPolygon" {
			t.Errorf("%s is a %s", f.Properties.Code, f.Geometry.Type)
		}
	}
	// N3's four tickets are street lights, left out by the filter.
	if got["N1"] != 10 || got["N2"] != 11 || got["N3"] != 0 || got["N4"] != 0 || fc.Analysis.Tickets != 21 {
		t.Errorf("counts %v, total %d", got, fc.Analysis.Tickets)
	}
}

func TestBadInputGetsA400WithAMessage(t *testing.T) {
	tw := newTown(t)
	ts := serve(t, tw, tw.svc)
	tok := staffToken(t, tw, "agent")
	for _, bad := range []string{
		"clusters?radius=100",
		"clusters?from=yesterday",
		"clusters?to=2026-13-01",
		"clusters?from=2026-03-01&to=2026-02-01",
		"clusters?from=2026-03-01&from=2026-04-01",
		"clusters?from=1990-01-01&to=2026-01-01",
		"clusters?eps=0",
		"clusters?eps=-50",
		"clusters?eps=abc",
		"clusters?eps=9000",
		"clusters?min_points=1",
		"clusters?together=maybe",
		"clusters?category=no-such-thing",
		"neighbourhoods?neighbourhood=N9",
		"hexagons?size=10",
		"hexagons?size=0",
		"hexagons?size=99999",
		"hotspots?q=0.7",
		"hotspots?q=0",
		"hotspots?perms=-1",
		"hotspots?perms=100000",
		"hotspots/emerging?from=2026-03-01&to=2026-03-05",
		"hotspots/emerging?trend_alpha=1",
		"hotspots/emerging?size=250&perms=99",
	} {
		code, _, body := get(t, ts.URL+"/api/analytics/"+bad, tok)
		var e struct{ Error struct{ Message string } }
		if code != http.StatusBadRequest || json.Unmarshal(body, &e) != nil || e.Error.Message == "" {
			t.Errorf("%s = %d %s, want 400 with a message", bad, code, body)
		}
	}
}

func TestRequestsPastTheLimitsGet413(t *testing.T) {
	tw, _ := clusterTown(t, day(2026, 3, 10))
	small := tw.svc.WithLimits(Limits{StatementTimeout: DefaultLimits.StatementTimeout, MaxPoints: 40, MaxCells: 500, MaxCellWeeks: 1000, MaxPermDraws: 10_000})
	ts := serve(t, tw, small)
	tok := staffToken(t, tw, "agent")
	for _, path := range []string{
		"clusters?from=2026-03-01&to=2026-03-31",           // 45 + background tickets, limit 40
		"hexagons?size=50",                                 // about 3,000 hexagons, limit 500
		"hotspots/emerging?from=2026-01-01&to=2026-03-31",  // 144 hexagons × 12 weeks
		"hotspots?from=2026-03-01&to=2026-03-31&perms=999", // 144 × 999 draws
	} {
		code, _, body := get(t, ts.URL+"/api/analytics/"+path, tok)
		var e struct{ Error struct{ Message string } }
		if code != http.StatusRequestEntityTooLarge || json.Unmarshal(body, &e) != nil || !strings.Contains(e.Error.Message, "limit") && !strings.Contains(e.Error.Message, "more than") {
			t.Errorf("%s = %d %s, want 413 saying what to narrow", path, code, body)
		}
	}
	// Within the limits the same service answers.
	if code, _, body := get(t, ts.URL+"/api/analytics/clusters?from=2026-03-01&to=2026-03-31&category=openbare-verlichting", tok); code != http.StatusOK {
		t.Errorf("20 street lights = %d %s", code, body)
	}
}

func TestDatesAreReadInTheMunicipalitysTimeZone(t *testing.T) {
	tw := newTown(t)
	ctx := context.Background()
	if _, err := tw.pool.Exec(ctx, `UPDATE municipality SET time_zone = 'America/New_York' WHERE id = $1`, townMunicipality); err != nil {
		t.Fatal(err)
	}
	loc := New(tw.pool).zone(ctx, townMunicipality)
	p := readParams(url.Values{"from": {"2026-02-10"}}, loc)
	f := p.filter()
	if p.err != nil || !f.From.Equal(time.Date(2026, 2, 10, 5, 0, 0, 0, time.UTC)) {
		t.Errorf("from=2026-02-10 in New York is %v (%v), want 05:00 UTC", f.From, p.err)
	}
	if loc := New(tw.pool).zone(ctx, 999); loc != cityTime {
		t.Errorf("an unknown municipality's zone is %v, want the default", loc)
	}
}
