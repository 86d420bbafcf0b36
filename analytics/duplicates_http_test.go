package analytics_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"loket/internal/auth"
	"loket/internal/server"
)

// call sends body (JSON, or raw when a string) with a bearer token and
// returns the status and the answer.
func call(t *testing.T, url, method, path, token string, body any) (int, map[string]any) {
	t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = bytes.NewReader([]byte(b))
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, url+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(res.Body).Decode(&out)
	return res.StatusCode, out
}

func TestTheDuplicateRoutesAnswerStaffAndRefuseEveryoneElse(t *testing.T) {
	s := newScene(t)
	ctx := context.Background()
	ts := httptest.NewServer(server.New(s.pool, slog.New(slog.NewTextHandler(io.Discard, nil)), nil))
	t.Cleanup(ts.Close)
	store := auth.NewStore(s.pool)
	tokens := map[string]string{}
	for _, role := range []string{"agent", "staff", "field", "manager"} {
		token, _, err := store.Login(ctx, role+"@test.example", "secret")
		if err != nil {
			t.Fatal(err)
		}
		tokens[role] = token
	}
	client, _, err := store.CreateClient(ctx, 1, "partner app")
	if err != nil {
		t.Fatal(err)
	}
	lon, lat := lonLat(0, 0)
	draft := map[string]any{"category": "pothole", "point": map[string]float64{"lon": lon, "lat": lat}, "description": yText,
		"reporter": map[string]any{"email": "someone@example.com"}}

	t.Run("every staff role gets a ticket's ranked candidates", func(t *testing.T) {
		for role, token := range tokens {
			code, out := call(t, ts.URL, "GET", "/api/tickets/TST-Y/duplicates", token, nil)
			cands, _ := out["candidates"].([]any)
			if code != 200 || len(cands) != 3 {
				t.Fatalf("%s: %d %v, want 200 with three candidates", role, code, out)
			}
			first, _ := cands[0].(map[string]any)
			for _, field := range []string{"id", "reference", "category", "status", "distance_m", "age_days", "score"} {
				if _, ok := first[field]; !ok {
					t.Errorf("a candidate lacks %s: %v", field, first)
				}
			}
			if first["reference"] != "TST-X1" || first["id"] != float64(s.x1) {
				t.Errorf("first candidate %v, want TST-X1", first)
			}
		}
		code, out := call(t, ts.URL, "GET", "/api/tickets/"+strconv.FormatInt(s.y, 10)+"/duplicates", tokens["agent"], nil)
		if code != 200 || out["ticket"] != "TST-Y" {
			t.Errorf("by id: %d %v, want TST-Y's candidates", code, out)
		}
	})
	t.Run("the desk checks a draft before saving it", func(t *testing.T) {
		code, out := call(t, ts.URL, "POST", "/api/tickets/duplicates/check", tokens["agent"], draft)
		cands, _ := out["candidates"].([]any)
		if code != 200 || len(cands) == 0 || cands[0].(map[string]any)["reference"] != "TST-Y" {
			t.Errorf("draft check: %d %v, want TST-Y first", code, out)
		}
	})
	t.Run("bad input is a 400 that says what is wrong", func(t *testing.T) {
		for name, body := range map[string]any{
			"not JSON":         "{category: pothole",
			"an unknown field": map[string]any{"category": "pothole", "address_id": s.address, "colour": "red"},
			"no category":      map[string]any{"address_id": s.address},
			"unknown category": map[string]any{"category": "unicorns", "address_id": s.address},
			"no place":         map[string]any{"category": "pothole"},
			"a latitude of 91": map[string]any{"category": "pothole", "point": map[string]float64{"lon": 3, "lat": 91}},
		} {
			code, out := call(t, ts.URL, "POST", "/api/tickets/duplicates/check", tokens["agent"], body)
			msg, _ := out["error"].(map[string]any)["message"].(string)
			if code != 400 || msg == "" {
				t.Errorf("%s: %d %v, want 400 with a message", name, code, out)
			}
		}
		if code, _ := call(t, ts.URL, "GET", "/api/tickets/TST-NOPE/duplicates", tokens["agent"], nil); code != 404 {
			t.Errorf("unknown ticket: %d, want 404", code)
		}
		if code, _ := call(t, ts.URL, "GET", "/api/tickets/TST-UNPLACED/duplicates", tokens["agent"], nil); code != 409 {
			t.Errorf("ticket without a place: %d, want 409", code)
		}
	})
	t.Run("machine clients are refused, anonymous callers asked to sign in", func(t *testing.T) {
		for who, want := range map[string]int{client: 403, "": 401} {
			if code, _ := call(t, ts.URL, "GET", "/api/tickets/TST-Y/duplicates", who, nil); code != want {
				t.Errorf("GET as %q: %d, want %d", who, code, want)
			}
			if code, _ := call(t, ts.URL, "POST", "/api/tickets/duplicates/check", who, draft); code != want {
				t.Errorf("POST as %q: %d, want %d", who, code, want)
			}
		}
	})
	t.Run("the ticket routes beside them still work", func(t *testing.T) {
		if code, out := call(t, ts.URL, "GET", "/api/tickets/TST-Y", tokens["agent"], nil); code != 200 || out["reference"] != "TST-Y" {
			t.Errorf("GET /api/tickets/TST-Y: %d %v", code, out)
		}
	})
}
