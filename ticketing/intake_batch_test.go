package ticketing_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"loket/ticketing"
)

// sampleCategory is a category of the test city and its team.
func (s *site) sampleCategory() (category, team int) {
	s.t.Helper()
	if err := s.pool.QueryRow(context.Background(), `SELECT id, default_team_id FROM category
		WHERE municipality_id = 1 AND active ORDER BY id LIMIT 1`).Scan(&category, &team); err != nil {
		s.t.Fatal(err)
	}
	return category, team
}

func background(n int) []context.Context {
	out := make([]context.Context, n)
	for i := range out {
		out[i] = context.Background()
	}
	return out
}

func TestTicketsWrittenInOneStatementEachGetTheirOwnRecords(t *testing.T) {
	s := newSite(t)
	svc := ticketing.New(s.pool, nil)
	category, team := s.sampleCategory()
	ids, errs := svc.WriteTogether(background(4),
		ticketing.SampleTicketRow(1, category, team, "T-1", "een@example.org"),
		ticketing.SampleTicketRow(1, category, team, "T-2", "twee@example.org"),
		ticketing.SampleTicketRow(1, category, team, "T-3", "drie@example.org"),
		ticketing.SampleTicketRow(1, category, team, "T-4", "vier@example.org"))
	for i, email := range []string{"een", "twee", "drie", "vier"} {
		ref := fmt.Sprintf("T-%d", i+1)
		if errs[i] != nil {
			t.Fatalf("%s: %v", ref, errs[i])
		}
		if n := s.count(`SELECT count(*) FROM ticket WHERE id = $1 AND reference = $2 AND reporter_email = $3`, ids[i], ref, email+"@example.org"); n != 1 {
			t.Errorf("%s: id %d is not its ticket", ref, ids[i])
		}
		id, mail := ids[i], email+"@example.org"
		for _, c := range []struct {
			what, sql string
			args      []any
		}{
			{"event", `SELECT count(*) FROM ticket_event WHERE ticket_id = $1 AND kind = 'created'`, []any{id}},
			{"follower", `SELECT count(*) FROM ticket_follower WHERE ticket_id = $1 AND email = $2`, []any{id, mail}},
			{"mail", `SELECT count(*) FROM outbox WHERE ticket_id = $1 AND recipient = $2 AND payload->>'reference' = $3`, []any{id, mail, ref}},
			{"audit", `SELECT count(*) FROM audit_log WHERE subject = $1 AND (data->>'ticket_id')::bigint = $2`, []any{ref, id}},
		} {
			if n := s.count(c.sql, c.args...); n != 1 {
				t.Errorf("%s: %d %s rows, want 1", ref, n, c.what)
			}
		}
	}
	if n := s.count(`SELECT count(*) FROM ticket_map_delta WHERE category_id = $1 AND delta = 1`, category); n < 4 {
		t.Errorf("%d map deltas for the category, want at least the 4 new tickets", n)
	}
}

func TestOneBadTicketInABatchFailsAloneAndTheOthersAreWritten(t *testing.T) {
	s := newSite(t)
	svc := ticketing.New(s.pool, nil)
	category, team := s.sampleCategory()
	ids, errs := svc.WriteTogether(background(3),
		ticketing.SampleTicketRow(1, category, team, "B-1", "een@example.org"),
		ticketing.SampleTicketRow(1, 999999, team, "B-2", "twee@example.org"), // no such category
		ticketing.SampleTicketRow(1, category, team, "B-3", "drie@example.org"))
	if errs[0] != nil || errs[2] != nil || ids[0] == 0 || ids[2] == 0 {
		t.Fatalf("the good tickets: %v %v (ids %d %d)", errs[0], errs[2], ids[0], ids[2])
	}
	if errs[1] == nil {
		t.Fatal("a ticket of an unknown category was written")
	}
	if n := s.count(`SELECT count(*) FROM ticket WHERE reference LIKE 'B-%'`); n != 2 {
		t.Errorf("%d tickets written, want 2", n)
	}
	if n := s.count(`SELECT count(*) FROM audit_log WHERE subject = 'B-2'`) + s.count(`SELECT count(*) FROM outbox WHERE recipient = 'twee@example.org'`); n != 0 {
		t.Errorf("the failed ticket left %d rows behind", n)
	}
}

func TestATicketWhoseCallerHasGoneIsNotWritten(t *testing.T) {
	s := newSite(t)
	svc := ticketing.New(s.pool, nil)
	category, team := s.sampleCategory()
	gone, cancel := context.WithCancel(context.Background())
	cancel()
	_, errs := svc.WriteTogether([]context.Context{gone, context.Background()},
		ticketing.SampleTicketRow(1, category, team, "C-1", "een@example.org"),
		ticketing.SampleTicketRow(1, category, team, "C-2", "twee@example.org"))
	if errs[0] == nil || errs[1] != nil {
		t.Fatalf("errors %v, want the cancelled caller's only", errs)
	}
	if n := s.count(`SELECT count(*) FROM ticket WHERE reference LIKE 'C-%'`); n != 1 {
		t.Errorf("%d tickets written, want 1", n)
	}
}

func TestTicketsPostedAtOnceAllGetTheirOwnReferenceAndEvent(t *testing.T) {
	s := newSite(t)
	agent := s.staff("agent")
	lon, lat, _ := s.somewhere()
	const n = 24
	refs := make([]string, n)
	codes := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var tk ticketJSON
			codes[i] = s.call("POST", "/api/tickets", agent, nil, map[string]any{"category": "sluikstort",
				"description": fmt.Sprintf("Afval %d", i), "where": map[string]any{"point": map[string]any{"x": lon, "y": lat}},
				"reporter": map[string]any{"name": "Melder", "email": fmt.Sprintf("melder%d@example.org", i)}}, &tk)
			refs[i] = tk.Reference
		}()
	}
	wg.Wait()
	seen := map[string]bool{}
	for i, ref := range refs {
		if codes[i] != 201 || ref == "" || seen[ref] {
			t.Fatalf("post %d: %d, reference %q (seen before: %v)", i, codes[i], ref, seen[ref])
		}
		seen[ref] = true
		if c := s.count(`SELECT count(*) FROM ticket t JOIN ticket_event e ON e.ticket_id = t.id AND e.kind = 'created'
			JOIN outbox o ON o.ticket_id = t.id WHERE t.reference = $1 AND t.description = $2 AND o.recipient = $3`,
			ref, fmt.Sprintf("Afval %d", i), fmt.Sprintf("melder%d@example.org", i)); c != 1 {
			t.Errorf("%s: %d ticket, event and mail rows together, want 1", ref, c)
		}
	}
}
