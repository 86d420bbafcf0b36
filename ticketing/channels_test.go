package ticketing_test

import (
	"context"
	"strings"
	"testing"

	"loket/ticketing"
)

func TestEachChannelReachesTheRightTeamAndIsRecorded(t *testing.T) {
	s := newSite(t)
	lon, lat, addressID := s.somewhere()
	point := map[string]any{"point": map[string]any{"x": lon, "y": lat}}
	cases := []struct {
		name, token, channel, want string
		where                      map[string]any
		code                       int
	}{
		{"phone call", s.staff("agent"), "", "phone", map[string]any{"address_id": addressID}, 201},
		{"visit at the desk", s.staff("agent"), "desk", "desk", point, 201},
		{"citizen's web form", s.citizen("web@example.be"), "", "web", point, 201},
		{"citizen's app", s.citizen("app@example.be"), "app", "app", point, 201},
		{"machine client", s.client("partner"), "", "api", point, 201},
		{"agent posing as the app", s.staff("agent"), "app", "", point, 400},
		{"citizen posing as a phone call", s.citizen("sly@example.be"), "phone", "", point, 400},
		{"client posing as the web form", s.client("other"), "web", "", point, 400},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			body := map[string]any{"category": "putten-verzakkingen", "description": "Diepe put in de rijbaan", "where": c.where}
			if c.channel != "" {
				body["channel"] = c.channel
			}
			var got struct {
				Reference, Channel string
			}
			code := s.call("POST", "/api/tickets", c.token, nil, body, &got)
			if code != c.code {
				t.Fatalf("%d, want %d", code, c.code)
			}
			if c.code != 201 {
				return
			}
			if got.Channel != c.want {
				t.Errorf("channel %q, want %q", got.Channel, c.want)
			}
			if n := s.count(`SELECT count(*) FROM ticket t JOIN team tm ON tm.id = t.team_id
				WHERE t.reference = $1 AND t.channel = $2 AND tm.code = 'wegen' AND t.geom IS NOT NULL AND t.neighbourhood_id IS NOT NULL
				  AND t.due_at > t.created_at`, got.Reference, c.want); n != 1 {
				t.Errorf("ticket %s is not stored as a routed, placed %s ticket with a due date", got.Reference, c.want)
			}
		})
	}
}

func TestAnEmailBecomesATicketAndItsReplyAComment(t *testing.T) {
	s := newSite(t)
	svc := ticketing.New(s.pool, nil)
	ctx := context.Background()
	m := ticketing.Mail{MessageID: "abc@mail.example.be", FromEmail: "mail@example.be", FromName: "Mia Mail",
		Subject: "Zwerfvuil in de Leiestraat", Body: "Er ligt veel zwerfvuil.",
		Attachments: []ticketing.Attachment{{Filename: "foto.jpg", ContentType: "image/jpeg", Data: []byte("jpeg bytes")}}}
	out, err := svc.TakeMail(ctx, 1, m, "algemene-vraag")
	if err != nil || out.Outcome != "ticket" || out.Reference == "" {
		t.Fatalf("first mail: %+v %v", out, err)
	}
	again, err := svc.TakeMail(ctx, 1, m, "algemene-vraag")
	if err != nil || again.Outcome != "seen" || again.Reference != out.Reference {
		t.Fatalf("the same mail again: %+v %v", again, err)
	}
	reply := ticketing.Mail{MessageID: "def@mail.example.be", FromEmail: "mail@example.be", FromName: "Mia Mail",
		Subject: "Re: [" + out.Reference + "] Zwerfvuil", Body: "Het ligt er nog steeds.", Reference: out.Reference}
	c, err := svc.TakeMail(ctx, 1, reply, "algemene-vraag")
	if err != nil || c.Outcome != "comment" || c.Reference != out.Reference {
		t.Fatalf("reply: %+v %v", c, err)
	}
	if n := s.count(`SELECT count(*) FROM ticket WHERE channel = 'email' AND reporter_email = 'mail@example.be'`); n != 1 {
		t.Errorf("%d e-mail tickets, want 1", n)
	}
	if n := s.count(`SELECT count(*) FROM ticket_event e JOIN ticket t ON t.id = e.ticket_id
		WHERE t.reference = $1 AND (e.kind = 'citizen_comment' AND e.body = 'Het ligt er nog steeds.' OR e.kind = 'attachment')`, out.Reference); n != 2 {
		t.Errorf("%d comment and attachment events, want 2", n)
	}
	if n := s.count(`SELECT count(*) FROM attachment WHERE filename = 'foto.jpg' AND size = 10`); n != 1 {
		t.Errorf("the attachment was not kept")
	}
	// A reference to no ticket makes a new ticket rather than losing the mail.
	lost := ticketing.Mail{MessageID: "ghi@mail.example.be", FromEmail: "x@example.be", Subject: "Re: 1777-2020-999999", Body: "?", Reference: "1777-2020-999999"}
	if o, err := svc.TakeMail(ctx, 1, lost, "algemene-vraag"); err != nil || o.Outcome != "ticket" {
		t.Errorf("mail naming an unknown ticket: %+v %v", o, err)
	}
}

func TestACitizenSeesTheirTicketsHandlerAndPublicTimelineAndMayComment(t *testing.T) {
	s := newSite(t)
	svc := ticketing.New(s.pool, nil)
	citizen := s.citizen("lotte@example.be")
	lon, lat, _ := s.somewhere()
	var tk ticketJSON
	if code := s.call("POST", "/api/tickets", citizen, nil, map[string]any{"category": "bladval", "description": "Bladeren op het fietspad",
		"where": map[string]any{"point": map[string]any{"x": lon, "y": lat}}}, &tk); code != 201 {
		t.Fatalf("report: %d", code)
	}
	// A phone call with the same verified address joins the citizen's list.
	ctx := context.Background()
	staff := s.principal("staff")
	phone, err := svc.Create(ctx, s.principal("agent"), ticketing.NewTicket{Category: "bladval", Description: "Telefonisch gemeld",
		Where: tkWhere(lon, lat), Reporter: &ticketing.NewReporter{Name: "Lotte", Email: "Lotte@Example.be"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Assign(ctx, staff, tk.Reference, ticketing.AnyVersion, ticketing.Assignment{AssigneeID: staff.StaffID}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Note(ctx, staff, tk.Reference, ticketing.AnyVersion, "intern: veegwagen pas volgende week"); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Reply(ctx, staff, tk.Reference, ticketing.AnyVersion, "We plannen de veegwagen."); err != nil {
		t.Fatal(err)
	}
	var mine struct{ Tickets []ticketing.CitizenTicket }
	if code := s.call("GET", "/api/my/tickets", citizen, nil, nil, &mine); code != 200 || len(mine.Tickets) != 2 {
		t.Fatalf("my tickets: %d, %d tickets, want 2", code, len(mine.Tickets))
	}
	var one ticketing.CitizenTicket
	if code := s.call("GET", "/api/my/tickets/"+tk.Reference, citizen, nil, nil, &one); code != 200 {
		t.Fatalf("my ticket: %d", code)
	}
	if h := one.Handler; h == nil || h.Name != staff.Name || h.Phone == "" || h.Team == "" {
		t.Errorf("handler %+v, want the staff member's name, phone and team", one.Handler)
	}
	sawReply := false
	for _, e := range one.Events {
		if strings.Contains(e.Body, "intern") {
			t.Errorf("an internal note reached the citizen: %+v", e)
		}
		sawReply = sawReply || e.Body == "We plannen de veegwagen."
	}
	if !sawReply {
		t.Errorf("the public reply is missing from %+v", one.Events)
	}
	if code := s.call("POST", "/api/my/tickets/"+tk.Reference+"/comments", citizen, nil, map[string]string{"body": "Dank u!"}, &one); code != 200 {
		t.Fatalf("comment: %d", code)
	}
	if last := one.Events[len(one.Events)-1]; last.Kind != "citizen_comment" || last.Body != "Dank u!" {
		t.Errorf("last event %+v", last)
	}
	if code := s.call("GET", "/api/my/tickets/"+phone.Reference, s.citizen("iemand@example.be"), nil, nil, nil); code != 404 {
		t.Errorf("another citizen reading it: %d, want 404", code)
	}
}
