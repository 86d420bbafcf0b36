package faults

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Load is who reports tickets during a scenario, and how much.
type Load struct {
	Token    string  // bearer token of the caller: a staff member or a machine client
	Places   []Place // where the tickets lie, in turn
	Clients  int     // callers at once
	MinAcked int     // tickets acknowledged before the fault (and after it, for a restart)
	// Before is how long the load runs at least before the fault; Outage
	// how long PostgreSQL stays down.
	Before, Outage time.Duration
	Prefix         string // starts every Idempotency-Key, so that runs do not meet
}

// Place is a point in the city where a ticket can lie.
type Place struct{ Lon, Lat float64 }

// Places are n addresses of the register, to report tickets at.
func Places(ctx context.Context, pool *pgxpool.Pool, n int) ([]Place, error) {
	rows, err := pool.Query(ctx, `SELECT ST_X(geom), ST_Y(geom) FROM address WHERE box = '' ORDER BY id LIMIT $1`, n)
	if err != nil {
		return nil, err
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByPos[Place])
	if err != nil {
		return nil, err
	}
	if len(out) < n {
		return nil, fmt.Errorf("%d addresses in the register, %d needed: seed a city first", len(out), n)
	}
	return out, nil
}

// report is one ticket as a caller sends it: its Idempotency-Key is in the
// description too, so the database tells which key made which ticket.
type report struct {
	key  string
	body []byte
}

func (l Load) report(client, n int) report {
	key := fmt.Sprintf("%s-%d-%d", l.Prefix, client, n)
	at := l.Places[(client*7+n)%len(l.Places)]
	body, _ := json.Marshal(map[string]any{
		"category":    "sluikstort",
		"description": "Afval naast de glasbol, melding " + key,
		"where":       map[string]any{"point": map[string]any{"x": at.Lon, "y": at.Lat}},
		"reporter":    map[string]any{"name": "Melder " + key, "email": key + "@example.org"},
	})
	return report{key: key, body: body}
}

// keyOf reads the key back out of a ticket's description.
func keyOf(description string) string {
	_, key, _ := strings.Cut(description, "melding ")
	return key
}

// answer is what came back for one POST.
type answer struct {
	status     int
	reference  string
	retryAfter string
	replayed   bool
	body       string
	took       time.Duration
	err        error // no answer at all: refused, reset, timed out
}

// post sends r to POST /api/tickets with its Idempotency-Key.
func post(ctx context.Context, baseURL, token string, r report) answer {
	req, err := http.NewRequestWithContext(ctx, "POST", baseURL+"/api/tickets", bytes.NewReader(r.body))
	if err != nil {
		return answer{err: err}
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Idempotency-Key", r.key)
	start := time.Now()
	res, err := quickClient.Do(req)
	if err != nil {
		return answer{err: err, took: time.Since(start)}
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	a := answer{status: res.StatusCode, retryAfter: res.Header.Get("Retry-After"),
		replayed: res.Header.Get("Idempotent-Replayed") == "true", body: string(raw), took: time.Since(start), err: err}
	if err == nil && a.status/100 == 2 {
		var t struct{ Reference string }
		if err := json.Unmarshal(raw, &t); err != nil || t.Reference == "" {
			a.err = fmt.Errorf("a %d without a ticket reference: %s", a.status, raw)
		}
		a.reference = t.Reference
	}
	return a
}

// ticketsSince lists the tickets made after the one with id after, by the
// key in their description; a key made twice shows twice.
func ticketsSince(ctx context.Context, pool *pgxpool.Pool, after int64) (map[string][]string, error) {
	rows, err := pool.Query(ctx, `SELECT description, reference FROM ticket WHERE id > $1 ORDER BY id`, after)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]string{}
	for rows.Next() {
		var description, reference string
		if err := rows.Scan(&description, &reference); err != nil {
			return nil, err
		}
		out[keyOf(description)] = append(out[keyOf(description)], reference)
	}
	return out, rows.Err()
}

// LastTicketID is the newest ticket's id: a scenario looks at the
// tickets after it.
func LastTicketID(ctx context.Context, pool *pgxpool.Pool) (int64, error) {
	var id int64
	err := pool.QueryRow(ctx, `SELECT coalesce(max(id), 0) FROM ticket`).Scan(&id)
	return id, err
}

// checkAcked adds a problem for each acknowledged key whose ticket is not
// the one the caller was told, and for each ticket that nobody asked for.
func checkAcked(made map[string][]string, acked map[string]string, sent func(key string) bool, p *problems) {
	for key, ref := range acked {
		if refs := made[key]; len(refs) != 1 || refs[0] != ref {
			p.add("acknowledged %s as %s; the database holds %v", key, ref, refs)
		}
	}
	for key, refs := range made {
		if !sent(key) {
			p.add("tickets %v for %q, which nobody sent", refs, key)
		}
	}
}

// checkWhole adds a problem for a ticket after before that lacks part of
// what its creation writes in one transaction: the created event, the
// reporter as follower, the confirmation mail in the outbox and the audit
// line. It returns how many tickets it checked.
func checkWhole(ctx context.Context, pool *pgxpool.Pool, before int64, p *problems) (int, error) {
	rows, err := pool.Query(ctx, `
		SELECT t.reference,
		       (SELECT count(*) FROM ticket_event e WHERE e.municipality_id = t.municipality_id AND e.ticket_id = t.id AND e.kind = 'created'),
		       (SELECT count(*) FROM ticket_follower f WHERE f.municipality_id = t.municipality_id AND f.ticket_id = t.id),
		       (SELECT count(*) FROM outbox o WHERE o.municipality_id = t.municipality_id AND o.ticket_id = t.id AND o.topic = 'ticket.created'),
		       (SELECT count(*) FROM audit_log a WHERE a.municipality_id = t.municipality_id AND a.action = 'ticket.create' AND a.subject = t.reference)
		FROM ticket t WHERE t.id > $1`, before)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var ref string
		var events, followers, mails, audits int
		if err := rows.Scan(&ref, &events, &followers, &mails, &audits); err != nil {
			return n, err
		}
		n++
		if events != 1 || followers != 1 || mails != 1 || audits != 1 {
			p.add("ticket %s half-written: %d created events, %d followers, %d outbox rows, %d audit lines; want one each",
				ref, events, followers, mails, audits)
		}
	}
	if err := rows.Err(); err != nil {
		return n, err
	}
	if n == 0 {
		p.add("no ticket was made at all")
	}
	return n, nil
}

// problems are the broken promises a scenario found; a few of each kind
// are kept in full, the rest counted.
type problems struct {
	list    []string
	dropped int
}

const keptProblems = 20

func (p *problems) add(format string, args ...any) {
	if len(p.list) == keptProblems {
		p.dropped++
		return
	}
	p.list = append(p.list, fmt.Sprintf(format, args...))
}

func (p *problems) done() []string {
	if p.dropped > 0 {
		return append(p.list, fmt.Sprintf("… and %d more", p.dropped))
	}
	return p.list
}
