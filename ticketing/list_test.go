package ticketing_test

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"testing"

	"github.com/jackc/pgx/v5"

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

func TestSearchesWalkTheNewestTicketsOnlyForWordsThatAreCommonHere(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	svc := ticketing.New(s.pool, nil)
	exec := func(sql string, args ...any) {
		t.Helper()
		if _, err := s.pool.Exec(ctx, sql, args...); err != nil {
			t.Fatal(err)
		}
	}
	// n tickets of municipality m that mention words, a minute apart,
	// each batch older than the last.
	add := func(m int, words string, n int) {
		t.Helper()
		exec(`INSERT INTO ticket (municipality_id, reference, channel, category_id, priority, description, geocode_quality,
				language, team_id, created_at, updated_at, status)
			SELECT $1, 'T-' || $1 || '-' || g, 'phone', c.id, 2, 'Kapotte lamp bij ' || $2, 'none', 'nl', c.default_team_id,
			       now() - g * interval '1 minute', now() - g * interval '1 minute', CASE WHEN g % 3 = 0 THEN 'closed' ELSE 'new' END
			FROM generate_series((SELECT count(*) FROM ticket WHERE municipality_id = $1) + 1,
			                     (SELECT count(*) FROM ticket WHERE municipality_id = $1) + $3) g,
			     (SELECT id, default_team_id FROM category WHERE municipality_id = $1 AND active ORDER BY id LIMIT 1) c`, m, words, n)
	}
	exec(`INSERT INTO municipality (id, nis_code, name_nl, name_fr, name_en, ticket_prefix)
		VALUES (2, '99999', 'Elders', 'Ailleurs', 'Elsewhere', 'ELD')`)
	exec(`INSERT INTO team (municipality_id, id, code, name_nl, name_fr, name_en) VALUES (2, 1, 'alles', 'Alles', 'Tout', 'All')`)
	exec(`INSERT INTO category (municipality_id, id, code, name_nl, name_fr, name_en, default_team_id)
		VALUES (2, 1, 'lamp', 'Lamp', 'Lampe', 'Lamp', 1)`)
	add(1, "schelde", 3)   // the newest
	add(1, "zeldzaam", 52) // a walk would find a page of them
	add(1, "kruidvat", 5001)
	add(1, "kruidvat schelde", 2) // the only tickets with both words
	add(2, "schelde", 6000)
	exec(`ANALYZE ticket`)

	// Every search gives the page that sorting every match gives.
	sorted := func(m int, words, cursor string, status ...ticketing.Status) ticketing.Page {
		t.Helper()
		f := ticketing.Filter{Text: words, Cursor: cursor, Limit: 50, Status: status}
		got, err := svc.List(ctx, m, f)
		if err != nil {
			t.Fatal(err)
		}
		where, args, err := f.Where(m)
		if err != nil {
			t.Fatal(err)
		}
		if cursor != "" {
			at, id, err := ticketing.DecodeCursor(cursor)
			if err != nil {
				t.Fatal(err)
			}
			args = append(args, at, id)
			where += fmt.Sprintf(" AND (updated_at, id) < ($%d, $%d)", len(args)-1, len(args))
		}
		rows, err := s.pool.Query(ctx, `SELECT reference FROM ticket t WHERE `+where+` ORDER BY updated_at DESC, id DESC LIMIT 50`, args...)
		if err != nil {
			t.Fatal(err)
		}
		want, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			t.Fatal(err)
		}
		var refs []string
		for _, tk := range got.Tickets {
			refs = append(refs, tk.Reference)
		}
		if !slices.Equal(refs, want) {
			t.Errorf("searching %q (municipality %d, status %v, cursor %q) gave %v, want %v", words, m, status, cursor, refs, want)
		}
		return got
	}
	verdict := func(m int, words string, want bool) {
		t.Helper()
		if common, known := svc.WordsCommon(m, words); !known || common != want {
			t.Errorf("%q in municipality %d: common %v (known %v), want %v", words, m, common, known, want)
		}
	}

	first := sorted(1, "Kruidvat", "")
	verdict(1, "kruidvat", true) // walked
	sorted(1, "kruidvat", first.Next)
	sorted(1, "kruidvat", "", ticketing.StatusClosed)
	sorted(1, "kruidvat", "", ticketing.StatusResolved)
	verdict(1, "kruidvat", true) // rare among resolved tickets only
	sorted(1, "zeldzaam", "")
	verdict(1, "zeldzaam", false) // rare by the statistics: not walked
	sorted(1, "schelde", "")
	verdict(1, "schelde", false) // common elsewhere, walked here in vain
	sorted(2, "schelde", "")
	verdict(2, "schelde", true)
	sorted(1, "kruidvat schelde", "")
	verdict(1, "kruidvat schelde", false) // each common, together rare
	sorted(1, "!!!", "")
}
