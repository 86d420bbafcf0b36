package ticketing_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"loket/geo"
	"loket/ticketing"
)

// secret marks text a citizen must never see in an answer.
const secret = "INTERN-GEHEIM"

func TestEveryRouteAnswersEveryRoleAsThePolicySays(t *testing.T) {
	s := newSite(t)
	svc := ticketing.New(s.pool, nil)
	agent := s.principal("agent")
	lon, lat, _ := s.somewhere()
	tokens := map[string]string{
		"anonymous": "", "agent": s.staff("agent"), "staff": s.staff("staff"), "field": s.staff("field"),
		"manager": s.staff("manager"), "admin": s.staff("admin"), "client": s.client("meldingen-app"),
		"citizen": s.citizen("owner@example.be"), "other citizen": s.citizen("other@example.be"),
	}
	roles := []string{"anonymous", "citizen", "other citizen", "client", "agent", "staff", "field", "manager", "admin"}
	staffAnd := func(rs ...string) []string { return append(rs, "admin") }
	// fresh makes a ticket reported by the owner citizen, with an
	// internal note and a merged-in reporter whose identity is private.
	fresh := func() string {
		var tk ticketJSON
		if code := s.call("POST", "/api/tickets", tokens["citizen"], nil, map[string]any{"category": "sluikstort",
			"description": "Afval in het park", "where": map[string]any{"point": map[string]any{"x": lon, "y": lat}}}, &tk); code != 201 {
			t.Fatalf("citizen report: %d", code)
		}
		ctx := context.Background()
		if _, err := svc.Note(ctx, agent, tk.Reference, ticketing.AnyVersion, secret+" buurman is de dader"); err != nil {
			t.Fatal(err)
		}
		other, err := svc.Create(ctx, agent, ticketing.NewTicket{Category: "sluikstort", Description: "Ook gezien",
			Where: geo.Where{Point: &geo.Point{X: lon, Y: lat}}, Reporter: &ticketing.NewReporter{Name: secret + " Naam", Email: "intern-geheim@example.be", Phone: "0499 99 99 99"}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Merge(ctx, agent, other.Reference, ticketing.AnyVersion, tk.Reference); err != nil {
			t.Fatal(err)
		}
		return tk.Reference
	}
	type route struct {
		method, path string
		body         func() any
		allowed      []string
		hidden       []string // allowed callers for whom someone else's ticket does not exist
	}
	ticketBody := func() any {
		return map[string]any{"category": "sluikstort", "description": "Nieuw", "where": map[string]any{"point": map[string]any{"x": lon, "y": lat}}}
	}
	routes := []route{
		{"POST", "/api/tickets", ticketBody, staffAnd("agent", "citizen", "other citizen", "client"), nil},
		{"GET", "/api/tickets", nil, staffAnd("agent", "staff", "field", "manager"), nil},
		{"GET", "/api/tickets/{ref}", nil, staffAnd("agent", "staff", "field", "manager"), nil},
		{"POST", "/api/tickets/{ref}/status", func() any { return map[string]string{"status": "triaged"} }, staffAnd("agent", "staff", "field", "manager"), nil},
		{"POST", "/api/tickets/{ref}/assign", func() any { return map[string]string{"team": "afval-netheid"} }, staffAnd("agent", "staff", "manager"), nil},
		{"POST", "/api/tickets/{ref}/replies", func() any { return map[string]string{"body": "We komen langs."} }, staffAnd("agent", "staff", "manager"), nil},
		{"POST", "/api/tickets/{ref}/notes", func() any { return map[string]string{"body": "Notitie"} }, staffAnd("agent", "staff", "field", "manager"), nil},
		{"POST", "/api/tickets/{ref}/merge", func() any { return map[string]string{"into": fresh()} }, staffAnd("agent", "manager"), nil},
		{"GET", "/api/my/tickets", nil, []string{"citizen", "other citizen"}, nil},
		{"GET", "/api/my/tickets/{ref}", nil, []string{"citizen", "other citizen"}, []string{"other citizen"}},
		{"POST", "/api/my/tickets/{ref}/comments", func() any { return map[string]string{"body": "Is er nieuws?"} }, []string{"citizen", "other citizen"}, []string{"other citizen"}},
		{"GET", "/api/categories", nil, roles, nil},
		{"GET", "/api/openapi.json", nil, roles, nil},
		{"GET", "/api/residents?name=Peeters&reason=" + "call", nil, staffAnd("agent"), nil},
	}
	for _, rt := range routes {
		for _, role := range roles {
			t.Run(fmt.Sprintf("%s %s as %s", rt.method, rt.path, role), func(t *testing.T) {
				path := rt.path
				if strings.Contains(path, "{ref}") {
					path = strings.ReplaceAll(path, "{ref}", fresh())
				}
				var body any
				if rt.body != nil {
					body = rt.body()
				}
				code, raw, _ := s.raw(rt.method, path, tokens[role], nil, body)
				want := "2xx"
				switch {
				case slices.Contains(rt.hidden, role):
					want = "404"
				case slices.Contains(rt.allowed, role):
				case role == "anonymous":
					want = "401"
				default:
					want = "403"
				}
				if got := fmt.Sprint(code); (want == "2xx" && code/100 != 2) || (want != "2xx" && got != want) {
					t.Fatalf("%d, want %s: %s", code, want, raw)
				}
				if (strings.Contains(role, "citizen") || role == "anonymous") && rt.path != "/api/openapi.json" {
					for _, leak := range []string{secret, "intern-geheim@example.be", "0499 99 99 99", "resident_id", "national_number", "internal"} {
						if strings.Contains(string(raw), leak) {
							t.Errorf("the answer to %s contains %q: %s", role, leak, raw)
						}
					}
				}
			})
		}
	}
}
