package ticketing_test

import (
	"context"
	"net/url"
	"testing"

	"loket/ticketing"
)

func TestStaffListsFilterAndPageWithoutLosingOrRepeatingTickets(t *testing.T) {
	s := newSite(t)
	agent := s.staff("agent")
	svc := ticketing.New(s.pool, nil)
	p := s.principal("agent")
	lon, lat, _ := s.somewhere()
	ctx := context.Background()
	for i := range 7 {
		tk, err := svc.Create(ctx, p, ticketing.NewTicket{Category: "zwerfvuil", Description: "Blikjes en peuken in de berm",
			Where: tkWhere(lon, lat)})
		if err != nil {
			t.Fatal(err)
		}
		if i%2 == 0 {
			if _, err := svc.SetStatus(ctx, p, tk.Reference, ticketing.AnyVersion, ticketing.StatusChange{Status: "triaged"}); err != nil {
				t.Fatal(err)
			}
		}
	}
	list := func(q url.Values) (refs []string) {
		for cursor := ""; ; {
			q.Set("cursor", cursor)
			var page struct {
				Tickets []ticketJSON
				Next    string
			}
			if code := s.call("GET", "/api/tickets?"+q.Encode(), agent, nil, nil, &page); code != 200 {
				t.Fatalf("list %v: %d", q, code)
			}
			for _, tk := range page.Tickets {
				refs = append(refs, tk.Reference)
			}
			if page.Next == "" {
				return refs
			}
			cursor = page.Next
		}
	}
	all := list(url.Values{"category": {"zwerfvuil"}, "q": {"peuken"}, "limit": {"2"}})
	seen := map[string]bool{}
	for _, r := range all {
		if seen[r] {
			t.Errorf("%s came twice", r)
		}
		seen[r] = true
	}
	if want := s.count(`SELECT count(*) FROM ticket t JOIN category c ON c.id = t.category_id
		WHERE c.code = 'zwerfvuil' AND to_tsvector('simple', t.description) @@ plainto_tsquery('simple', 'peuken')`); len(all) != want || want < 7 {
		t.Errorf("paged through %d tickets, want %d (at least the 7 made here)", len(all), want)
	}
	triaged := list(url.Values{"status": {"triaged"}, "category": {"zwerfvuil"}, "created_from": {"2026-01-01"}})
	if want := s.count(`SELECT count(*) FROM ticket t JOIN category c ON c.id = t.category_id
		WHERE c.code = 'zwerfvuil' AND t.status = 'triaged' AND t.created_at >= '2026-01-01'`); len(triaged) != want || want < 4 {
		t.Errorf("%d triaged, want %d", len(triaged), want)
	}
	box := list(url.Values{"bbox": {"3.0,50.7,3.5,50.9"}, "team": {"afval-netheid"}, "limit": {"500"}})
	if want := s.count(`SELECT count(*) FROM ticket t JOIN team tm ON tm.id = t.team_id
		WHERE tm.code = 'afval-netheid' AND t.geom && ST_MakeEnvelope(3.0, 50.7, 3.5, 50.9, 4326)`); len(box) != want || want == 0 {
		t.Errorf("%d in the box, want %d", len(box), want)
	}
	for _, bad := range []string{"limit=0", "limit=9999", "status=open", "bbox=1,2,3", "bbox=3.5,50,3.0,51", "created_from=yesterday", "cursor=abc", "assignee=x"} {
		if code := s.call("GET", "/api/tickets?"+bad, agent, nil, nil, nil); code != 400 {
			t.Errorf("%s: %d, want 400", bad, code)
		}
	}
}

func TestARoutingRuleSendsANeighbourhoodsTicketsToAnotherTeam(t *testing.T) {
	s := newSite(t)
	svc := ticketing.New(s.pool, nil)
	p := s.principal("agent")
	lon, lat, _ := s.somewhere()
	ctx := context.Background()
	report := func() string {
		tk, err := svc.Create(ctx, p, ticketing.NewTicket{Category: "groenonderhoud", Description: "Gras niet gemaaid", Where: tkWhere(lon, lat)})
		if err != nil {
			t.Fatal(err)
		}
		return tk.Team.Code
	}
	before := report()
	other := "groen-zuid"
	if before == other {
		other = "groen-noord"
	}
	_, err := s.pool.Exec(ctx, `
		INSERT INTO routing_rule (municipality_id, category_id, neighbourhood_id, team_id)
		SELECT 1, c.id, n.id, tm.id FROM category c, team tm, neighbourhood n
		WHERE c.code = 'groenonderhoud' AND tm.code = $1 AND ST_Contains(n.geom, ST_SetSRID(ST_MakePoint($2, $3), 4326))`, other, lon, lat)
	if err != nil {
		t.Fatal(err)
	}
	if after := report(); after != other {
		t.Errorf("routed to %s with a rule for %s (default %s)", after, other, before)
	}
}

func TestATicketAtHomeLiesAtTheReportersRegisteredAddress(t *testing.T) {
	s := newSite(t)
	svc := ticketing.New(s.pool, nil)
	ctx := context.Background()
	var resident, address int64
	if err := s.pool.QueryRow(ctx, `SELECT id, address_id FROM resident WHERE address_id IS NOT NULL ORDER BY id LIMIT 1`).Scan(&resident, &address); err != nil {
		t.Fatal(err)
	}
	tk, err := svc.Create(ctx, s.principal("agent"), ticketing.NewTicket{Category: "container-niet-geledigd", Description: "Restafval niet opgehaald",
		AtHome: true, Reporter: &ticketing.NewReporter{ResidentID: resident}})
	if err != nil {
		t.Fatal(err)
	}
	if tk.Location == nil || tk.Location.Quality != "address" {
		t.Fatalf("location %+v, want the home address", tk.Location)
	}
	if n := s.count(`SELECT count(*) FROM ticket WHERE reference = $1 AND address_id = $2`, tk.Reference, address); n != 1 {
		t.Errorf("the ticket is not on the resident's address")
	}
	// Every change leaves an audit line naming the ticket.
	if _, err := svc.Note(ctx, s.principal("staff"), tk.Reference, ticketing.AnyVersion, "Ophaalploeg verwittigd"); err != nil {
		t.Fatal(err)
	}
	if n := s.count(`SELECT count(*) FROM audit_log WHERE subject = $1 AND action IN ('ticket.create', 'note')`, tk.Reference); n != 2 {
		t.Errorf("%d audit lines, want 2", n)
	}
	if _, err := svc.Create(ctx, s.principal("agent"), ticketing.NewTicket{Category: "container-niet-geledigd", Description: "x", AtHome: true}); err == nil {
		t.Error("at_home without a register reporter was accepted")
	}
}
