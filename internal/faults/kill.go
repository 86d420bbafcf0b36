package faults

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// KillReport is what the kill scenario saw, and the promises it found
// broken.
type KillReport struct {
	Sent, Acked int
	// Unanswered reports got no answer before the kill; some of them were
	// saved all the same, and their retry must give that ticket.
	Unanswered, SavedUnanswered int
	Checked                     int // tickets checked whole, after the retries
	Problems                    []string
}

// KillDuringIntake has load's callers report tickets to a server of
// binary on databaseURL (pool, the same database, reads what they made)
// and kills it with SIGKILL once load.MinAcked tickets are acknowledged
// and load.Before has passed. Every acknowledged ticket must then be in
// the database whole, and nothing else but what got no answer. A second
// server then takes every report again with its key: each key keeps or
// gets exactly one ticket.
func KillDuringIntake(ctx context.Context, binary, databaseURL, dir string, pool *pgxpool.Pool, load Load) (*KillReport, error) {
	before, err := LastTicketID(ctx, pool)
	if err != nil {
		return nil, err
	}
	first, err := StartServer(binary, databaseURL, dir)
	if err != nil {
		return nil, err
	}
	defer first.Kill()
	var (
		mu         sync.Mutex
		sent       = map[string]report{}
		acked      = map[string]string{} // key → reference the caller was given
		unanswered []report
		refused    []string
	)
	var wg sync.WaitGroup
	for c := range load.Clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; ; n++ {
				r := load.report(c, n)
				a := post(ctx, first.URL, load.Token, r)
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
	start := time.Now()
	waited := waitFor(load.Before+30*time.Second, fmt.Sprintf("%d tickets are acknowledged", load.MinAcked), func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(acked) >= load.MinAcked && time.Since(start) >= load.Before
	})
	if err := first.Kill(); err != nil {
		return nil, err
	}
	wg.Wait()
	if waited != nil {
		return nil, fmt.Errorf("%w:\n%s", waited, first.Log())
	}

	rep := &KillReport{Sent: len(sent), Acked: len(acked), Unanswered: len(unanswered)}
	var p problems
	for _, r := range refused {
		p.add("refused while the server ran: %s", r)
	}
	made, err := ticketsSince(ctx, pool, before)
	if err != nil {
		return nil, err
	}
	for _, r := range unanswered {
		if len(made[r.key]) > 0 {
			rep.SavedUnanswered++
		}
	}
	isSent := func(key string) bool { _, ok := sent[key]; return ok }
	checkAcked(made, acked, isSent, &p)
	if _, err := checkWhole(ctx, pool, before, &p); err != nil {
		return nil, err
	}

	// The callers send again what got no answer, and what did, with the
	// same keys: each key keeps or gets its one ticket.
	second, err := StartServer(binary, databaseURL, dir)
	if err != nil {
		return nil, err
	}
	defer second.Kill()
	for _, r := range unanswered {
		if a := post(ctx, second.URL, load.Token, r); a.err != nil || a.status != 201 {
			p.add("%s sent again: %d %v %s", r.key, a.status, a.err, a.body)
		}
	}
	for key, ref := range acked {
		if a := post(ctx, second.URL, load.Token, sent[key]); a.err != nil || a.status != 201 || a.reference != ref || !a.replayed {
			p.add("%s sent again: %d %v %s (replayed %v), first answered %s", key, a.status, a.err, a.reference, a.replayed, ref)
		}
	}
	if made, err = ticketsSince(ctx, pool, before); err != nil {
		return nil, err
	}
	for key := range sent {
		if refs := made[key]; len(refs) != 1 {
			p.add("key %s has tickets %v, want exactly one", key, refs)
		}
	}
	if rep.Checked, err = checkWhole(ctx, pool, before, &p); err != nil {
		return nil, err
	}
	rep.Problems = p.done()
	return rep, nil
}
