package ticketing

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"loket/internal/auth"
)

// BenchOptions shape an intake benchmark.
type BenchOptions struct {
	Tickets     int     // how many to create
	Concurrency int     // requests in flight
	Typed       float64 // share of tickets placed by a typed address, the rest by a point
	Seed        uint64
}

// BenchReport is what an intake benchmark measured.
type BenchReport struct {
	Created, Failed int
	Notifications   int // confirmation mails queued
	Duration        time.Duration
	P50, P95, P99   time.Duration
	ByAddressText   int // tickets placed from typed addresses rather than points
	DistinctRefs    int
	ByTeam          map[string]int
	MunicipalityID  int
}

// PerSecond is the sustained rate of creation.
func (r BenchReport) PerSecond() float64 { return float64(r.Created) / r.Duration.Seconds() }

// BenchIntake creates tickets through the HTTP API at baseURL as a
// machine client, placed by a point (reverse geocoded) or, for the share
// opt.Typed, by a typed address (forward geocoded), each with a reporter
// e-mail (so a confirmation is queued), and measures throughput and
// latency. The
// tickets, their mails and the client are removed afterwards.
func BenchIntake(ctx context.Context, pool *pgxpool.Pool, municipalityID int, baseURL string, opt BenchOptions) (BenchReport, error) {
	rep := BenchReport{MunicipalityID: municipalityID, ByTeam: map[string]int{}}
	store := auth.NewStore(pool)
	token, clientID, err := store.CreateClient(ctx, municipalityID, fmt.Sprintf("bench-intake-%d", time.Now().UnixNano()))
	if err != nil {
		return rep, err
	}
	defer RemoveClientTickets(context.WithoutCancel(ctx), pool, municipalityID, clientID)
	bodies, err := benchBodies(ctx, pool, municipalityID, opt, &rep)
	if err != nil {
		return rep, err
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: opt.Concurrency, MaxConnsPerHost: opt.Concurrency}}
	latencies := make([]time.Duration, len(bodies))
	var next, failed atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for range opt.Concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= len(bodies) || ctx.Err() != nil {
					return
				}
				t0 := time.Now()
				if !post(ctx, client, baseURL+"/api/tickets", token, bodies[i]) {
					failed.Add(1)
				}
				latencies[i] = time.Since(t0)
			}
		}()
	}
	wg.Wait()
	rep.Duration = time.Since(start)
	rep.Failed = int(failed.Load())
	rep.Created = len(bodies) - rep.Failed
	slices.Sort(latencies)
	at := func(q float64) time.Duration { return latencies[int(q*float64(len(latencies)-1))] }
	rep.P50, rep.P95, rep.P99 = at(0.50), at(0.95), at(0.99)
	// The mails are counted by ticket id: joined row by row, the planner,
	// whose statistics may still show an empty outbox, scanned the whole
	// outbox once per ticket (3 s for 5,000 tickets).
	err = pool.QueryRow(ctx, `
		WITH t AS MATERIALIZED (SELECT id, reference FROM ticket t WHERE t.municipality_id = $1 AND `+clientTickets+`)
		SELECT (SELECT count(DISTINCT reference) FROM t),
		       (SELECT count(*) FROM outbox o WHERE o.municipality_id = $1 AND o.topic = 'ticket.created'
		        AND o.ticket_id = ANY(ARRAY(SELECT id FROM t)))`, municipalityID, clientID).Scan(&rep.DistinctRefs, &rep.Notifications)
	if err != nil {
		return rep, err
	}
	rows, err := pool.Query(ctx, `SELECT tm.code, count(*) FROM ticket t JOIN team tm ON tm.municipality_id = t.municipality_id AND tm.id = t.team_id
		WHERE t.municipality_id = $1 AND `+clientTickets+` GROUP BY tm.code`, municipalityID, clientID)
	if err != nil {
		return rep, err
	}
	defer rows.Close()
	for rows.Next() {
		var code string
		var n int
		if err := rows.Scan(&code, &n); err != nil {
			return rep, err
		}
		rep.ByTeam[code] = n
	}
	return rep, rows.Err()
}

// benchBodies prepares the request bodies from the register: random
// addresses, as a point or as text, and random categories.
func benchBodies(ctx context.Context, pool *pgxpool.Pool, municipalityID int, opt BenchOptions, rep *BenchReport) ([][]byte, error) {
	type place struct {
		lon, lat            float64
		street, number, box string
		postcode            string
	}
	rows, err := pool.Query(ctx, `
		SELECT ST_X(geom), ST_Y(geom), street_nl, house_number, box, postcode FROM address
		WHERE municipality_id = $1 ORDER BY random() LIMIT 5000`, municipalityID)
	if err != nil {
		return nil, err
	}
	var places []place
	for rows.Next() {
		var p place
		if err := rows.Scan(&p.lon, &p.lat, &p.street, &p.number, &p.box, &p.postcode); err != nil {
			return nil, err
		}
		places = append(places, p)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	cats, err := BenchCategories(ctx, pool, municipalityID)
	if err != nil {
		return nil, err
	}
	if len(places) == 0 || len(cats) == 0 {
		return nil, fmt.Errorf("the municipality has no addresses or categories: run `loket seed` first")
	}
	rng := rand.New(rand.NewPCG(opt.Seed, 1777))
	out := make([][]byte, opt.Tickets)
	for i := range out {
		p := places[rng.IntN(len(places))]
		where := map[string]any{"point": map[string]any{"x": p.lon, "y": p.lat}}
		if rng.Float64() < opt.Typed {
			where = map[string]any{"text": p.street + " " + p.number + " " + p.postcode}
			rep.ByAddressText++
		}
		out[i], err = json.Marshal(map[string]any{
			"category": cats[rng.IntN(len(cats))], "description": fmt.Sprintf("Melding %d uit de meetreeks", i), "where": where,
			"reporter": map[string]any{"name": "Meetreeks", "email": fmt.Sprintf("bench-%d@example.invalid", i)}})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

func post(ctx context.Context, c *http.Client, url, token string, body []byte) bool {
	req, err := http.NewRequestWithContext(ctx, "POST", url, bytes.NewReader(body))
	if err != nil {
		return false
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	res, err := c.Do(req)
	if err != nil {
		return false
	}
	_, _ = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res.StatusCode == http.StatusCreated
}

// clientTickets selects the tickets t of machine client $2: those
// created since the client was (an hour's leeway for the clocks), through
// the creation-date index. By client_id alone it read every ticket, some
// 3 s a query at ten million.
const clientTickets = `t.client_id = $2 AND t.created_at >= (
	SELECT c.created_at - interval '1 hour' FROM api_client c WHERE c.municipality_id = $1 AND c.id = $2)`

// RemoveClientTickets removes what a benchmark's machine client wrote:
// its tickets with their events, mails and followers, and the client,
// and vacuums the tickets.
func RemoveClientTickets(ctx context.Context, pool *pgxpool.Pool, municipalityID, clientID int) {
	_, _ = pool.Exec(ctx, `
		WITH t AS (SELECT id FROM ticket t WHERE municipality_id = $1 AND `+clientTickets+`),
		o AS (DELETE FROM outbox WHERE municipality_id = $1 AND ticket_id IN (SELECT id FROM t)),
		f AS (DELETE FROM ticket_follower WHERE municipality_id = $1 AND ticket_id IN (SELECT id FROM t)),
		e AS (DELETE FROM ticket_event WHERE municipality_id = $1 AND ticket_id IN (SELECT id FROM t)),
		a AS (DELETE FROM audit_log WHERE municipality_id = $1 AND (data->>'client_id')::int = $2)
		SELECT count(*) FROM t`, municipalityID, clientID)
	_, _ = pool.Exec(ctx, `DELETE FROM ticket t WHERE municipality_id = $1 AND `+clientTickets, municipalityID, clientID)
	_, _ = pool.Exec(ctx, `DELETE FROM api_client WHERE municipality_id = $1 AND id = $2`, municipalityID, clientID)
	// The removed tickets lie at the newest end of the list's index, where
	// every search that walks it would step over them until a vacuum:
	// the next benchmark would measure this one's leftovers.
	_, _ = pool.Exec(ctx, `VACUUM ticket`)
}

// BenchCategories are the codes of the categories a benchmark files
// tickets in: the active leaves without required questions, which a
// benchmark does not answer.
func BenchCategories(ctx context.Context, pool *pgxpool.Pool, municipalityID int) ([]string, error) {
	rows, err := pool.Query(ctx, `SELECT code FROM category WHERE municipality_id = $1 AND active AND parent_id IS NOT NULL
		AND NOT attributes @> '[{"required": true}]' ORDER BY code`, municipalityID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}
