package notify

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestWorkerDeliversEveryTopicOnceInTheRecipientsLanguage(t *testing.T) {
	pool := outboxDB(t)
	box := &mailbox{}
	addr, _ := serveMail(t, box, "127.0.0.1:0", nil)
	w := newTestWorker(t, pool, &SMTP{Addr: addr}, nil)

	type want struct {
		to, subject string
		body        []string
	}
	wants := map[int64]want{}
	add := func(topic, to string, p Payload, w want) {
		w.to = to
		wants[enqueue(t, pool, topic, to, p)] = w
	}
	add(TopicTicketCreated, "sofie@example.org",
		Payload{Language: "nl", Municipality: "Kortrijk", Name: "Sofie", Reference: "1777-2026-000123", Category: "Zwerfvuil",
			Description: strings.Repeat("Afval naast de glasbol. ", 40), URL: "/my/tickets/1777-2026-000123"},
		want{subject: "1777-2026-000123", body: []string{"Beste Sofie,", "Zwerfvuil", "> Afval naast de glasbol.", " …", "https://loket.example.be/my/tickets/1777-2026-000123", "Met vriendelijke groeten"}})
	add(TopicTicketReply, "elodie@example.org",
		Payload{Language: "fr", Municipality: "Courtrai", Name: "Élodie Dubois", Reference: "1777-2026-000124", Body: "Nous passerons demain.", Team: "Voirie"},
		want{subject: "1777-2026-000124", body: []string{"Bonjour Élodie Dubois,", "Voirie a répondu", "Nous passerons demain.", "Meilleures salutations"}})
	add(TopicTicketPlanned, "sam@example.org",
		Payload{Language: "en", Municipality: "Kortrijk", Reference: "1777-2026-000125", PlannedFor: "2026-12-01"},
		want{subject: "1777-2026-000125", body: []string{"Hello,", "1 December 2026", "Kind regards"}})
	add(TopicTicketResolved, "jan@example.org",
		Payload{Language: "de", Reference: "1777-2026-000126", Body: "De put is hersteld."}, // unknown language: Dutch
		want{subject: "1777-2026-000126", body: []string{"De put is hersteld.", "Met vriendelijke groeten,\nKortrijk"}})
	add(TopicTicketMerged, "luc@example.org",
		Payload{Language: "fr", Municipality: "Courtrai", Reference: "1777-2026-000127", MasterReference: "1777-2026-000100"},
		want{subject: "1777-2026-000127", body: []string{"1777-2026-000100", "Vous n'avez rien à faire."}})
	add(TopicCitizenVerify, "new@example.org",
		Payload{Language: "en", Municipality: "Kortrijk", Token: "abc123", URL: "/verify?token=abc123"},
		want{subject: "Confirm your e-mail address", body: []string{"https://loket.example.be/verify?token=abc123", "abc123"}})

	if sent, failed := runOnce(t, w); sent != len(wants) || failed != 0 {
		t.Fatalf("RunOnce sent %d, failed %d; want %d, 0", sent, failed, len(wants))
	}
	if sent, failed := runOnce(t, w); sent != 0 || failed != 0 {
		t.Fatalf("second RunOnce sent %d, failed %d; want nothing", sent, failed)
	}
	got := box.received()
	if len(got) != len(wants) {
		t.Fatalf("server received %d messages, want %d", len(got), len(wants))
	}
	byID := map[string]parsedMail{}
	for _, r := range got {
		m := parseMail(t, r.Raw)
		if _, dup := byID[m.MessageID]; dup {
			t.Errorf("%s delivered twice", m.MessageID)
		}
		byID[m.MessageID] = m
		if r.From != testFrom || len(r.To) != 1 || !strings.Contains(m.To, "<"+r.To[0]+">") {
			t.Errorf("envelope from %q to %v, header To %q", r.From, r.To, m.To)
		}
	}
	for id, want := range wants {
		m, ok := byID[fmt.Sprintf("<outbox-1-%d@loket.example.be>", id)]
		if !ok {
			t.Errorf("row %d: no message with its Message-ID", id)
			continue
		}
		if !strings.Contains(m.To, want.to) || !strings.Contains(m.Subject, want.subject) {
			t.Errorf("row %d: to %q subject %q; want %q, %q", id, m.To, m.Subject, want.to, want.subject)
		}
		for _, part := range want.body {
			if !strings.Contains(m.Body, part) {
				t.Errorf("row %d: body lacks %q:\n%s", id, part, m.Body)
			}
		}
		if s := stateOf(t, pool, id); !s.Sent || s.Attempts != 1 || s.LastError != "" {
			t.Errorf("row %d recorded as %+v", id, s)
		}
	}
}

func TestWithoutMailServerMessagesBecomeFiles(t *testing.T) {
	pool := outboxDB(t)
	dir := filepath.Join(t.TempDir(), "mail")
	sender, err := NewSender("", "", "", dir)
	if err != nil {
		t.Fatal(err)
	}
	w := newTestWorker(t, pool, sender, nil)
	id := enqueue(t, pool, TopicTicketCreated, "sofie@example.org", Payload{Reference: "1777-2026-000200", Description: "Losliggende tegel"})
	if sent, _ := runOnce(t, w); sent != 1 {
		t.Fatalf("sent %d, want 1", sent)
	}
	raw, err := os.ReadFile(filepath.Join(dir, fmt.Sprintf("outbox-1-%d@loket.example.be.eml", id)))
	if err != nil {
		t.Fatal(err)
	}
	m := parseMail(t, raw)
	if !strings.Contains(m.Subject, "1777-2026-000200") || !strings.Contains(m.Body, "> Losliggende tegel") {
		t.Errorf("subject %q body:\n%s", m.Subject, m.Body)
	}
	// A bare From address carries the municipality's name from the database.
	if m.From != `"Kortrijk" <noreply@loket.example.be>` {
		t.Errorf("From = %q", m.From)
	}
}

func TestWakeDeliversWithoutWaitingForThePoll(t *testing.T) {
	pool := outboxDB(t)
	box := &mailbox{}
	addr, _ := serveMail(t, box, "127.0.0.1:0", nil)
	w := newTestWorker(t, pool, &SMTP{Addr: addr}, func(c *Config) { c.PollInterval = time.Hour })
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan struct{})
	go func() { w.Run(ctx); close(stopped) }()

	first := enqueue(t, pool, TopicTicketResolved, "a@example.org", Payload{Reference: "R-1"})
	w.Wake()
	eventually(t, "the first message is recorded", func() bool { return stateOf(t, pool, first).Sent })
	// Let the round find nothing more; Run then waits for an hour-long poll
	// and only Wake can bring the next message.
	time.Sleep(50 * time.Millisecond)
	enqueue(t, pool, TopicTicketResolved, "b@example.org", Payload{Reference: "R-2"})
	w.Wake()
	w.Wake() // never blocks, even when a wake is already pending
	eventually(t, "the second message arrives", func() bool { return len(box.received()) == 2 })

	cancel()
	select {
	case <-stopped:
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not stop when its context ended")
	}
}
