package ticketing_test

import (
	"context"
	"testing"

	"loket/geo"
	"loket/ticketing"
)

func TestAMergedReporterFollowsTheMasterAndHearsWhenItIsResolved(t *testing.T) {
	s := newSite(t)
	svc := ticketing.New(s.pool, nil)
	agent := s.principal("agent")
	lon, lat, _ := s.somewhere()
	ctx := context.Background()
	report := func(email string) string {
		tk, err := svc.Create(ctx, agent, ticketing.NewTicket{Category: "openbare-verlichting", Description: "Lamp stuk",
			Where: geo.Where{Point: &geo.Point{X: lon, Y: lat}}, Reporter: &ticketing.NewReporter{Name: email, Email: email}})
		if err != nil {
			t.Fatal(err)
		}
		return tk.Reference
	}
	master, dupA, dupB := report("eerste@example.be"), report("tweede@example.be"), report("derde@example.be")
	for _, d := range []string{dupA, dupB} {
		got, err := svc.Merge(ctx, agent, d, ticketing.AnyVersion, master)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != "duplicate" || got.DuplicateOf != master {
			t.Fatalf("merged ticket: %s of %q", got.Status, got.DuplicateOf)
		}
	}
	for _, r := range []struct{ who, ref string }{{"tweede@example.be", dupA}, {"derde@example.be", dupB}} {
		if n := s.count(`SELECT count(*) FROM outbox WHERE topic = 'ticket.merged' AND recipient = $1
			AND payload->>'reference' = $2 AND payload->>'master_reference' = $3`, r.who, r.ref, master); n != 1 {
			t.Errorf("%s got %d merge notices, want 1", r.who, n)
		}
	}
	// Merging into a duplicate, or merging a closed ticket, is refused.
	if _, err := svc.Merge(ctx, agent, report("vierde@example.be"), ticketing.AnyVersion, dupA); err == nil {
		t.Error("merging into a duplicate was accepted")
	}
	if _, err := svc.Merge(ctx, agent, dupA, ticketing.AnyVersion, master); err == nil {
		t.Error("merging a duplicate again was accepted")
	}

	if _, err := svc.Assign(ctx, agent, master, ticketing.AnyVersion, ticketing.Assignment{Team: "verlichting-signalisatie"}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.SetStatus(ctx, agent, master, ticketing.AnyVersion, ticketing.StatusChange{Status: "in_progress"}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.SetStatus(ctx, agent, master, ticketing.AnyVersion, ticketing.StatusChange{Status: "resolved", Message: "De lamp is vervangen."}); err != nil {
		t.Fatal(err)
	}
	rows, err := s.pool.Query(ctx, `SELECT recipient FROM outbox WHERE topic = 'ticket.resolved' AND payload->>'reference' = $1 ORDER BY recipient`, master)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for rows.Next() {
		var r string
		_ = rows.Scan(&r)
		got = append(got, r)
	}
	want := []string{"derde@example.be", "eerste@example.be", "tweede@example.be"}
	if len(got) != 3 || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
		t.Errorf("resolution told %v, want %v", got, want)
	}
}

func TestTwoTicketsMergedIntoEachOtherAtOnceEndWithOneMaster(t *testing.T) {
	s := newSite(t)
	svc := ticketing.New(s.pool, nil)
	agent := s.principal("agent")
	lon, lat, _ := s.somewhere()
	ctx := context.Background()
	for range 5 {
		var refs [2]string
		for i := range refs {
			tk, err := svc.Create(ctx, agent, ticketing.NewTicket{Category: "sluikstort", Description: "Dubbel", Where: tkWhere(lon, lat)})
			if err != nil {
				t.Fatal(err)
			}
			refs[i] = tk.Reference
		}
		errs := make(chan error, 2)
		go func() { _, err := svc.Merge(ctx, agent, refs[0], ticketing.AnyVersion, refs[1]); errs <- err }()
		go func() { _, err := svc.Merge(ctx, agent, refs[1], ticketing.AnyVersion, refs[0]); errs <- err }()
		e1, e2 := <-errs, <-errs
		if (e1 == nil) == (e2 == nil) {
			t.Fatalf("merges gave %v and %v, want one success and one refusal", e1, e2)
		}
		for _, e := range []error{e1, e2} {
			if e != nil && errsKind(e) != "conflict" {
				t.Errorf("the refused merge: %v, want a conflict", e)
			}
		}
		if n := s.count(`SELECT count(*) FROM ticket WHERE reference = ANY($1) AND status = 'duplicate'`, refs[:]); n != 1 {
			t.Errorf("%d duplicates, want 1", n)
		}
	}
}
