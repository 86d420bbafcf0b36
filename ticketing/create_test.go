package ticketing_test

import (
	"strings"
	"testing"
)

func TestAnAgentTakesAPhoneCallFromAResident(t *testing.T) {
	s := newSite(t)
	agent := s.staff("agent")
	lon, lat, addressID := s.somewhere()
	var resident int64
	if err := s.pool.QueryRow(t.Context(), `SELECT id FROM resident WHERE email IS NOT NULL ORDER BY id LIMIT 1`).Scan(&resident); err != nil {
		t.Fatal(err)
	}
	var got ticketJSON
	code := s.call("POST", "/api/tickets", agent, nil, map[string]any{
		"category": "openbare-verlichting", "description": "De straatlamp voor mijn deur brandt niet meer.",
		"where":    map[string]any{"point": map[string]any{"x": lon, "y": lat}},
		"reporter": map[string]any{"resident_id": resident},
	}, &got)
	if code != 201 {
		t.Fatalf("create: %d %+v", code, got)
	}
	if got.Channel != "phone" || got.Status != "new" || !strings.HasPrefix(got.Reference, "1777-2026-") || got.Version != 1 {
		t.Errorf("ticket %+v", got)
	}
	if got.Location == nil || got.Location.Quality != "point" || got.Location.Neighbourhood == "" || got.Location.Address == "" {
		t.Errorf("location %+v", got.Location)
	}
	if got.Team == nil || got.Team.Code != "verlichting-signalisatie" {
		t.Errorf("routed to %+v, want the lighting team", got.Team)
	}
	if got.Reporter == nil || got.Reporter.ResidentID == nil || *got.Reporter.ResidentID != resident || got.Reporter.Email == "" {
		t.Errorf("reporter %+v", got.Reporter)
	}
	if n := s.count(`SELECT count(*) FROM outbox WHERE topic = 'ticket.created' AND payload->>'reference' = $1`, got.Reference); n != 1 {
		t.Errorf("%d confirmation mails queued, want 1", n)
	}
	if n := s.count(`SELECT count(*) FROM ticket WHERE reference = $1 AND address_id = $2`, got.Reference, addressID); n != 1 {
		t.Errorf("the ticket is not on the address next to its point")
	}
}
