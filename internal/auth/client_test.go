package auth

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"loket/internal/errs"
)

func TestAClientTokenActsAsAClientUntilSwitchedOff(t *testing.T) {
	s, ts := newSite(t)
	ctx := context.Background()
	token, id, err := s.CreateClient(ctx, 1, "Fixmystreet partner")
	if err != nil {
		t.Fatal(err)
	}
	code, body := call(t, "GET", ts.URL+"/api/me", token, "")
	var me Principal
	json.Unmarshal([]byte(body), &me)
	if code != http.StatusOK || me.ClientID != id || me.StaffID != 0 || len(me.Roles) != 1 || me.Roles[0] != RoleClient {
		t.Fatalf("GET /api/me as client = %d %s", code, body)
	}
	if code, _ := call(t, "GET", ts.URL+"/clients-only", token, ""); code != http.StatusOK {
		t.Errorf("client on a clients' page = %d, want 200", code)
	}
	if code, _ := call(t, "GET", ts.URL+"/agents-only", token, ""); code != http.StatusForbidden {
		t.Errorf("client on an agents' page = %d, want 403", code)
	}
	var plain int
	s.pool.QueryRow(ctx, `SELECT count(*) FROM api_client WHERE token_hash = convert_to($1, 'UTF8')`, token).Scan(&plain)
	if plain != 0 {
		t.Error("the client token is stored in the clear")
	}
	if err := s.DeactivateClient(ctx, 1, id); err != nil {
		t.Fatal(err)
	}
	if code, _ := call(t, "GET", ts.URL+"/clients-only", token, ""); code != http.StatusUnauthorized {
		t.Errorf("switched-off client = %d, want 401", code)
	}
}

func TestClientsNeedANameAMunicipalityAndAnExistingID(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	if _, _, err := s.CreateClient(ctx, 1, "  "); errs.KindOf(err) != errs.Invalid {
		t.Errorf("nameless client: %v, want invalid", err)
	}
	if _, _, err := s.CreateClient(ctx, 99, "Elsewhere"); errs.KindOf(err) != errs.Invalid {
		t.Errorf("client of an unknown municipality: %v, want invalid", err)
	}
	if err := s.DeactivateClient(ctx, 1, 12345); errs.KindOf(err) != errs.NotFound {
		t.Errorf("switching off an unknown client: %v, want not found", err)
	}
}
