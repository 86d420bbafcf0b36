package notify

import (
	"context"
	"strings"
	"testing"
)

func TestMailServerDownLosesNothing(t *testing.T) {
	pool := outboxDB(t)
	addr := unusedAddr(t)
	w := newTestWorker(t, pool, &SMTP{Addr: addr}, nil)
	var ids []int64
	for _, ref := range []string{"R-1", "R-2", "R-3"} {
		ids = append(ids, enqueue(t, pool, TopicTicketResolved, "a@example.org", Payload{Reference: ref}))
	}

	if sent, failed := runOnce(t, w); sent != 0 || failed != 3 {
		t.Fatalf("with the server down: sent %d, failed %d; want 0, 3", sent, failed)
	}
	for _, id := range ids {
		s := stateOf(t, pool, id)
		if s.Sent || s.Attempts != 1 || !strings.Contains(s.LastError, "connect to mail server") || !s.DueLater || s.GivenUp {
			t.Errorf("row %d recorded as %+v; want one attempt, the reason, and a retry about 30s away", id, s)
		}
	}
	if sent, failed := runOnce(t, w); sent+failed != 0 {
		t.Fatalf("rows not yet due were tried again: sent %d, failed %d", sent, failed)
	}

	box := &mailbox{}
	serveMail(t, box, addr, nil) // the server comes back on the same address
	if _, err := pool.Exec(context.Background(), `UPDATE outbox SET available_at = now()`); err != nil {
		t.Fatal(err)
	}
	if sent, failed := runOnce(t, w); sent != 3 || failed != 0 {
		t.Fatalf("with the server back: sent %d, failed %d; want 3, 0", sent, failed)
	}
	runOnce(t, w)
	if n := len(box.received()); n != 3 {
		t.Fatalf("server received %d messages, want each of 3 once", n)
	}
	for _, id := range ids {
		if s := stateOf(t, pool, id); !s.Sent || s.Attempts != 2 || s.LastError != "" {
			t.Errorf("row %d recorded as %+v", id, s)
		}
	}
}

func TestRowsAreGivenUpAfterMaxAttempts(t *testing.T) {
	pool := outboxDB(t)
	w := newTestWorker(t, pool, &SMTP{Addr: unusedAddr(t)}, func(c *Config) { c.MaxAttempts = 2 })
	id := enqueue(t, pool, TopicTicketResolved, "a@example.org", Payload{Reference: "R-1"})

	runOnce(t, w)
	if s := stateOf(t, pool, id); s.Attempts != 1 || s.GivenUp {
		t.Fatalf("after one failure: %+v", s)
	}
	if _, err := pool.Exec(context.Background(), `UPDATE outbox SET available_at = now()`); err != nil {
		t.Fatal(err)
	}
	runOnce(t, w)
	if s := stateOf(t, pool, id); s.Attempts != 2 || !s.GivenUp || s.LastError == "" {
		t.Fatalf("after the last attempt: %+v; want given up with the reason", s)
	}
	if sent, failed := runOnce(t, w); sent+failed != 0 {
		t.Errorf("a given-up row was tried again")
	}
}

func TestRowsThatCanNeverBeSentAreGivenUpAtOnce(t *testing.T) {
	pool := outboxDB(t)
	box := &mailbox{rejectDomain: "gone.example"}
	addr, _ := serveMail(t, box, "127.0.0.1:0", nil)
	w := newTestWorker(t, pool, &SMTP{Addr: addr}, nil)
	cases := []struct {
		name, topic, recipient string
		payload                Payload
		reason                 string
	}{
		{"an unknown topic", "ticket.exploded", "a@example.org", Payload{Reference: "R-1"}, `unknown topic "ticket.exploded"`},
		{"no recipient", TopicTicketResolved, "", Payload{Reference: "R-2"}, "no recipient"},
		{"a recipient that is no address", TopicTicketResolved, "not an address", Payload{Reference: "R-3"}, "not an e-mail address"},
		{"a payload without its reference", TopicTicketPlanned, "a@example.org", Payload{PlannedFor: "2026-12-01"}, `lacks "reference"`},
		{"a date that is no date", TopicTicketPlanned, "a@example.org", Payload{Reference: "R-5", PlannedFor: "next week"}, "not YYYY-MM-DD"},
		{"a recipient the server refuses", TopicTicketResolved, "someone@gone.example", Payload{Reference: "R-6"}, "550"},
	}
	ids := map[string]int64{}
	for _, c := range cases {
		ids[c.name] = enqueue(t, pool, c.topic, c.recipient, c.payload)
	}
	if sent, failed := runOnce(t, w); sent != 0 || failed != len(cases) {
		t.Fatalf("sent %d, failed %d; want 0, %d", sent, failed, len(cases))
	}
	for _, c := range cases {
		t.Run("gives up on "+c.name, func(t *testing.T) {
			s := stateOf(t, pool, ids[c.name])
			if s.Sent || s.Attempts != 1 || !s.GivenUp || !strings.Contains(s.LastError, c.reason) {
				t.Errorf("recorded as %+v; want given up after one attempt because of %q", s, c.reason)
			}
		})
	}
	if n := len(box.received()); n != 0 {
		t.Errorf("server accepted %d messages", n)
	}
}
