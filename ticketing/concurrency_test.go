package ticketing_test

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"testing"
)

func TestOfTwoWritesFromTheSameVersionOneWinsAndOneGets412(t *testing.T) {
	s := newSite(t)
	agent := s.staff("agent")
	lon, lat, _ := s.somewhere()
	var tk ticketJSON
	if code := s.call("POST", "/api/tickets", agent, nil, map[string]any{"category": "sluikstort", "description": "Afval",
		"where": map[string]any{"point": map[string]any{"x": lon, "y": lat}}}, &tk); code != 201 {
		t.Fatalf("create: %d", code)
	}
	code, _, h := s.raw("GET", "/api/tickets/"+tk.Reference, agent, nil, nil)
	if code != 200 || h.Get("ETag") != `"v1"` {
		t.Fatalf("get: %d, ETag %q", code, h.Get("ETag"))
	}
	var wg sync.WaitGroup
	codes := make([]int, 2)
	for i := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes[i] = s.call("POST", "/api/tickets/"+tk.Reference+"/notes", agent, map[string]string{"If-Match": `"v1"`},
				map[string]string{"body": fmt.Sprintf("note %d", i)}, nil)
		}()
	}
	wg.Wait()
	if !(codes[0] == 200 && codes[1] == 412 || codes[0] == 412 && codes[1] == 200) {
		t.Fatalf("statuses %v, want one 200 and one 412", codes)
	}
	if n := s.count(`SELECT count(*) FROM ticket_event e JOIN ticket t ON t.id = e.ticket_id WHERE t.reference = $1 AND e.kind = 'internal_note'`, tk.Reference); n != 1 {
		t.Errorf("%d notes written, want 1", n)
	}
	// The winner's ETag works for the next write; a malformed one is a 400.
	if code := s.call("POST", "/api/tickets/"+tk.Reference+"/notes", agent, map[string]string{"If-Match": `"v2"`}, map[string]string{"body": "next"}, nil); code != 200 {
		t.Errorf("write at the current version: %d", code)
	}
	if code := s.call("POST", "/api/tickets/"+tk.Reference+"/notes", agent, map[string]string{"If-Match": `yesterday`}, map[string]string{"body": "x"}, nil); code != 400 {
		t.Errorf("malformed If-Match: %d, want 400", code)
	}
}

func TestARetriedPostWithTheSameKeyReturnsTheFirstAnswer(t *testing.T) {
	s := newSite(t)
	agent := s.staff("agent")
	lon, lat, _ := s.somewhere()
	body := map[string]any{"category": "sluikstort", "description": "Afval aan de glasbol",
		"where": map[string]any{"point": map[string]any{"x": lon, "y": lat}}}
	key := map[string]string{"Idempotency-Key": "call-2026-11-27-0042"}
	c1, first, _ := s.raw("POST", "/api/tickets", agent, key, body)
	c2, again, h := s.raw("POST", "/api/tickets", agent, key, body)
	if c1 != 201 || c2 != 201 || string(first) != string(again) || h.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("first %d, retry %d (replayed %q): bodies equal %v", c1, c2, h.Get("Idempotent-Replayed"), string(first) == string(again))
	}
	if n := s.count(`SELECT count(*) FROM ticket WHERE description = 'Afval aan de glasbol'`); n != 1 {
		t.Errorf("%d tickets, want 1", n)
	}
	body["description"] = "Iets anders"
	if code := s.call("POST", "/api/tickets", agent, key, body, nil); code != 400 {
		t.Errorf("the key reused for another body: %d, want 400", code)
	}
	// Another caller's identical key is theirs alone.
	if code := s.call("POST", "/api/tickets", s.staff("admin"), key, body, nil); code != 201 {
		t.Errorf("another caller with the same key: %d, want 201", code)
	}
}

func TestPostsRacingWithOneKeyMakeOneTicket(t *testing.T) {
	s := newSite(t)
	agent := s.staff("agent")
	lon, lat, _ := s.somewhere()
	body := map[string]any{"category": "sluikstort", "description": "Afval naast de bank",
		"where": map[string]any{"point": map[string]any{"x": lon, "y": lat}}}
	key := map[string]string{"Idempotency-Key": "call-2026-11-27-0099"}
	var wg sync.WaitGroup
	codes, refs := make([]int, 6), make([]string, 6)
	for i := range codes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var tk ticketJSON
			codes[i] = s.call("POST", "/api/tickets", agent, key, body, &tk)
			refs[i] = tk.Reference
		}()
	}
	wg.Wait()
	var ref string
	for i, code := range codes {
		switch {
		case code == 201 && (ref == "" || refs[i] == ref):
			ref = refs[i]
		case code != 409:
			t.Errorf("racing posts answered %v with references %v; want 201s for one ticket, or 409", codes, refs)
		}
	}
	if n := s.count(`SELECT count(*) FROM ticket WHERE description = 'Afval naast de bank'`); n != 1 || ref == "" {
		t.Errorf("%d tickets, first answered as %q; want one", n, ref)
	}
}

func TestATicketSavedWithoutItsAnswerKeptIsAnsweredFromTheTicket(t *testing.T) {
	s := newSite(t)
	agent := s.staff("agent")
	lon, lat, _ := s.somewhere()
	body := map[string]any{"category": "sluikstort", "description": "Afval op de stoep",
		"where": map[string]any{"point": map[string]any{"x": lon, "y": lat}}}
	key := map[string]string{"Idempotency-Key": "call-2026-11-27-0100"}
	var first ticketJSON
	if code := s.call("POST", "/api/tickets", agent, key, body, &first); code != 201 {
		t.Fatalf("first post: %d", code)
	}
	// As when the process dies between the commit and keeping the answer:
	// the key holds only the ticket's reference.
	if _, err := s.pool.Exec(context.Background(), `UPDATE idempotency_key SET status_code = NULL,
		response_body = convert_to($1, 'UTF8') WHERE key = 'call-2026-11-27-0100'`, first.Reference); err != nil {
		t.Fatal(err)
	}
	c2, again, h := s.raw("POST", "/api/tickets", agent, key, body)
	var second ticketJSON
	if err := json.Unmarshal(again, &second); err != nil || c2 != 201 || second.Reference != first.Reference ||
		h.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("retry: %d %s (replayed %q); want 201 for %s", c2, again, h.Get("Idempotent-Replayed"), first.Reference)
	}
	if _, third, _ := s.raw("POST", "/api/tickets", agent, key, body); string(third) != string(again) {
		t.Errorf("the answer given from the ticket was not kept: %s, then %s", again, third)
	}
	if n := s.count(`SELECT count(*) FROM ticket WHERE description = 'Afval op de stoep'`); n != 1 {
		t.Errorf("%d tickets, want 1", n)
	}
}
