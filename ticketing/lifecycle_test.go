package ticketing_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"loket/geo"
	"loket/internal/auth"
	"loket/internal/errs"
	"loket/ticketing"
)

var allStatuses = []ticketing.Status{"new", "triaged", "assigned", "in_progress", "waiting", "resolved", "closed", "rejected", "duplicate"}

// principal is a demo staff member as the middleware would see them.
func (s *site) principal(role string) *auth.Principal {
	s.t.Helper()
	p := &auth.Principal{MunicipalityID: 1}
	err := s.pool.QueryRow(context.Background(), `SELECT id, name, email, roles FROM staff WHERE email = $1`, role+"@kortrijk.demo").
		Scan(&p.StaffID, &p.Name, &p.Email, &p.Roles)
	if err != nil {
		s.t.Fatal(err)
	}
	return p
}

// ticketIn creates a ticket and drives it to status along legal moves.
func ticketIn(t *testing.T, svc *ticketing.Service, p *auth.Principal, lon, lat float64, status ticketing.Status) string {
	t.Helper()
	ctx := context.Background()
	tk, err := svc.Create(ctx, p, ticketing.NewTicket{Category: "sluikstort", Description: "Zakken afval op de stoep",
		Where: geo.Where{Point: &geo.Point{X: lon, Y: lat}}})
	if err != nil {
		t.Fatal(err)
	}
	ref := tk.Reference
	move := func(to ticketing.Status, waiting string) {
		if _, err := svc.SetStatus(ctx, p, ref, ticketing.AnyVersion, ticketing.StatusChange{Status: to, WaitingOn: waiting}); err != nil {
			t.Fatalf("%s → %s: %v", ref, to, err)
		}
	}
	assign := func() {
		if _, err := svc.Assign(ctx, p, ref, ticketing.AnyVersion, ticketing.Assignment{Team: "afval-netheid"}); err != nil {
			t.Fatal(err)
		}
	}
	switch status {
	case "triaged":
		move("triaged", "")
	case "assigned":
		assign()
	case "in_progress":
		assign()
		move("in_progress", "")
	case "waiting":
		assign()
		move("in_progress", "")
		move("waiting", "citizen")
	case "resolved", "closed":
		assign()
		move("in_progress", "")
		move("resolved", "")
		if status == "closed" {
			move("closed", "")
		}
	case "rejected":
		move("rejected", "")
	case "duplicate":
		master := ticketIn(t, svc, p, lon, lat, "new")
		if _, err := svc.Merge(ctx, p, ref, ticketing.AnyVersion, master); err != nil {
			t.Fatal(err)
		}
	}
	return ref
}

func TestEveryStatusChangeIsAllowedOrRefusedWithTheAllowedOnesListed(t *testing.T) {
	s := newSite(t)
	svc := ticketing.New(s.pool, nil)
	p := s.principal("agent")
	lon, lat, _ := s.somewhere()
	ctx := context.Background()
	for _, from := range allStatuses {
		for _, to := range allStatuses {
			t.Run(string(from)+" to "+string(to), func(t *testing.T) {
				ref := ticketIn(t, svc, p, lon, lat, from)
				in := ticketing.StatusChange{Status: to}
				if to == "waiting" {
					in.WaitingOn = "citizen"
				}
				got, err := svc.SetStatus(ctx, p, ref, ticketing.AnyVersion, in)
				legal := slices.Contains(ticketing.Allowed(from), to)
				switch {
				case legal && err != nil:
					t.Fatalf("a legal move was refused: %v", err)
				case legal && got.Status != to:
					t.Fatalf("status is %s after the move", got.Status)
				case !legal && errs.KindOf(err) != errs.Conflict:
					t.Fatalf("an illegal move gave %v, want a conflict", err)
				case !legal:
					msg := errs.MessageOf(err)
					for _, a := range ticketing.Allowed(from) {
						if !strings.Contains(msg, string(a)) {
							t.Errorf("the refusal %q does not list %s", msg, a)
						}
					}
				}
			})
		}
	}
}

func TestWaitingOnPlanningKeepsTheDateAndTellsTheReporter(t *testing.T) {
	s := newSite(t)
	svc := ticketing.New(s.pool, nil)
	p := s.principal("staff")
	lon, lat, _ := s.somewhere()
	ctx := context.Background()
	tk, err := svc.Create(ctx, s.principal("agent"), ticketing.NewTicket{Category: "bomen-vellen", Description: "Dode boom",
		Where: geo.Where{Point: &geo.Point{X: lon, Y: lat}}, Reporter: &ticketing.NewReporter{Name: "An", Email: "an@example.be"}})
	if err != nil {
		t.Fatal(err)
	}
	ref := tk.Reference
	if _, err := svc.Assign(ctx, p, ref, ticketing.AnyVersion, ticketing.Assignment{AssigneeID: p.StaffID}); err != nil {
		t.Fatal(err)
	}
	inMonths := time.Now().AddDate(0, 5, 0).Format(time.DateOnly)
	got, err := svc.SetStatus(ctx, p, ref, ticketing.AnyVersion, ticketing.StatusChange{Status: "waiting", WaitingOn: "planning", PlannedFor: inMonths})
	if err != nil {
		t.Fatal(err)
	}
	if got.PlannedFor == nil || *got.PlannedFor != inMonths || got.WaitingOn != "planning" {
		t.Errorf("planned %v waiting on %q", got.PlannedFor, got.WaitingOn)
	}
	if n := s.count(`SELECT count(*) FROM outbox WHERE topic = 'ticket.planned' AND recipient = 'an@example.be' AND payload->>'planned_for' = $1`, inMonths); n != 1 {
		t.Errorf("%d planning mails, want 1", n)
	}
	for _, bad := range []ticketing.StatusChange{
		{Status: "waiting"},
		{Status: "waiting", WaitingOn: "planning"},
		{Status: "waiting", WaitingOn: "planning", PlannedFor: "2020-01-01"},
		{Status: "resolved", PlannedFor: inMonths},
	} {
		if _, err := svc.SetStatus(ctx, p, ref, ticketing.AnyVersion, bad); errs.KindOf(err) != errs.Invalid {
			t.Errorf("%+v: err = %v, want invalid", bad, err)
		}
	}
}
