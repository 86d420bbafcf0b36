package faulttest

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// TestKilledServerLosesNoAcknowledgedTicket kills loket with SIGKILL while
// agents report tickets, then checks the database against what the agents
// were told, and that sending the unanswered reports again with their keys
// makes each ticket once.
func TestKilledServerLosesNoAcknowledgedTicket(t *testing.T) {
	pool := city(t)
	dbURL := pool.Config().ConnString()
	first := startLoket(t, dbURL)
	token := signIn(t, first.url, "agent")
	at := places(t, pool, 40)
	before := lastTicketID(t, pool)

	const clients = 6
	var (
		mu         sync.Mutex
		sent       = map[string]report{}
		acked      = map[string]string{} // key → reference the caller was given
		unanswered []report
		refused    []string
	)
	var wg sync.WaitGroup
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; ; n++ {
				r := newReport(fmt.Sprintf("kill-%d-%d", c, n), at[(c*7+n)%len(at)])
				a := post(context.Background(), quickClient, first.url, token, r)
				mu.Lock()
				sent[r.key] = r
				switch {
				case a.err != nil:
					unanswered = append(unanswered, r)
				case a.status == 201:
					acked[r.key] = a.reference
				default:
					refused = append(refused, fmt.Sprintf("%s: %d %s", r.key, a.status, a.body))
				}
				mu.Unlock()
				if a.err != nil {
					return // the server is gone
				}
			}
		}()
	}
	loadStart := time.Now()
	waitFor(t, 20*time.Second, "the load has run a second with 30 tickets acknowledged", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(acked) >= 30 && time.Since(loadStart) > time.Second
	})
	first.kill()
	wg.Wait()
	if len(refused) > 0 {
		t.Fatalf("%d reports refused while the server ran, like %s", len(refused), refused[0])
	}

	made := ticketsSince(t, pool, before)
	savedUnanswered := 0
	for _, r := range unanswered {
		if len(made[r.key]) > 0 {
			savedUnanswered++
		}
	}
	t.Logf("before the kill: %d sent, %d acknowledged, %d unanswered of which %d saved",
		len(sent), len(acked), len(unanswered), savedUnanswered)
	for key, ref := range acked {
		if refs := made[key]; len(refs) != 1 || refs[0] != ref {
			t.Errorf("acknowledged %s as %s; the database holds %v", key, ref, refs)
		}
	}
	for key := range made {
		if _, ok := sent[key]; !ok {
			t.Errorf("a ticket for %q, which nobody sent", key)
		}
	}
	checkWhole(t, pool, before)

	// The agents send again what got no answer, and what did, with the
	// same keys: each key keeps or gets its one ticket.
	second := startLoket(t, dbURL)
	retry := func(r report) answer {
		t.Helper()
		a := post(context.Background(), quickClient, second.url, token, r)
		if a.err != nil || a.status != 201 {
			t.Errorf("%s sent again: %d %v %s", r.key, a.status, a.err, a.body)
		}
		return a
	}
	for _, r := range unanswered {
		retry(r)
	}
	for key, ref := range acked {
		if a := retry(sent[key]); a.reference != ref || !a.replayed {
			t.Errorf("%s sent again: %s (replayed %v), first answered %s", key, a.reference, a.replayed, ref)
		}
	}
	made = ticketsSince(t, pool, before)
	for key := range sent {
		if refs := made[key]; len(refs) != 1 {
			t.Errorf("key %s has tickets %v, want exactly one", key, refs)
		}
	}
	checkWhole(t, pool, before)
}

// checkWhole fails for a ticket after before that lacks part of what its
// creation writes in one transaction: the created event, the reporter as
// follower, the confirmation mail in the outbox and the audit line.
func checkWhole(t *testing.T, pool *pgxpool.Pool, before int64) {
	t.Helper()
	rows, err := pool.Query(context.Background(), `
		SELECT t.reference,
		       (SELECT count(*) FROM ticket_event e WHERE e.municipality_id = t.municipality_id AND e.ticket_id = t.id AND e.kind = 'created'),
		       (SELECT count(*) FROM ticket_follower f WHERE f.municipality_id = t.municipality_id AND f.ticket_id = t.id),
		       (SELECT count(*) FROM outbox o WHERE o.municipality_id = t.municipality_id AND o.ticket_id = t.id AND o.topic = 'ticket.created'),
		       (SELECT count(*) FROM audit_log a WHERE a.municipality_id = t.municipality_id AND a.action = 'ticket.create' AND a.subject = t.reference)
		FROM ticket t WHERE t.id > $1`, before)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var ref string
		var events, followers, mails, audits int
		if err := rows.Scan(&ref, &events, &followers, &mails, &audits); err != nil {
			t.Fatal(err)
		}
		n++
		if events != 1 || followers != 1 || mails != 1 || audits != 1 {
			t.Errorf("ticket %s half-written: %d created events, %d followers, %d outbox rows, %d audit lines; want one each",
				ref, events, followers, mails, audits)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Error("no ticket was made at all")
	}
}
