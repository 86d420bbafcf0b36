package faulttest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"loket/geo"
	"loket/internal/testdb"
	"loket/seed"
)

// seedCity fills an empty migrated database with a small demo city:
// Kortrijk's streets and register, teams, categories, the demo staff and a
// few hundred tickets.
func seedCity(ctx context.Context, pool *pgxpool.Pool) error {
	if _, err := seed.Run(ctx, pool, seed.Options{Seed: 11, Until: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC),
		Years: 1, Tickets: 300}); err != nil {
		return err
	}
	return geo.RefreshStreets(ctx, pool)
}

// city is a fresh copy of the small demo city on the tests' shared server.
func city(t *testing.T) *pgxpool.Pool {
	t.Helper()
	return testdb.NewWith(t, "faulttest", seedCity)
}

// signIn logs a demo staff member in and returns the bearer token.
func signIn(t *testing.T, baseURL, role string) string {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"email": role + "@kortrijk.demo", "password": "demo"})
	res, err := quickClient.Post(baseURL+"/api/login", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatalf("sign-in of %s: %v", role, err)
	}
	defer res.Body.Close()
	var out struct{ Token string }
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil || res.StatusCode != http.StatusOK || out.Token == "" {
		t.Fatalf("sign-in of %s: %d, %v", role, res.StatusCode, err)
	}
	return out.Token
}

// place is a point in the city where a ticket can lie.
type place struct{ lon, lat float64 }

func places(t *testing.T, pool *pgxpool.Pool, n int) []place {
	t.Helper()
	rows, err := pool.Query(context.Background(),
		`SELECT ST_X(geom), ST_Y(geom) FROM address WHERE box = '' ORDER BY id LIMIT $1`, n)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []place
	for rows.Next() {
		var p place
		if err := rows.Scan(&p.lon, &p.lat); err != nil {
			t.Fatal(err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil || len(out) < n {
		t.Fatalf("%d places of %d: %v", len(out), n, err)
	}
	return out
}

// report is one ticket as a caller sends it: its Idempotency-Key is in the
// description too, so the database tells which key made which ticket.
type report struct {
	key  string
	body []byte
}

func newReport(key string, at place) report {
	body, _ := json.Marshal(map[string]any{
		"category":    "sluikstort",
		"description": "Afval naast de glasbol, melding " + key,
		"where":       map[string]any{"point": map[string]any{"x": at.lon, "y": at.lat}},
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
func post(ctx context.Context, client *http.Client, baseURL, token string, r report) answer {
	req, err := http.NewRequestWithContext(ctx, "POST", baseURL+"/api/tickets", bytes.NewReader(r.body))
	if err != nil {
		return answer{err: err}
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Idempotency-Key", r.key)
	start := time.Now()
	res, err := client.Do(req)
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
func ticketsSince(t *testing.T, pool *pgxpool.Pool, after int64) map[string][]string {
	t.Helper()
	rows, err := pool.Query(context.Background(), `SELECT description, reference FROM ticket WHERE id > $1 ORDER BY id`, after)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string][]string{}
	for rows.Next() {
		var description, reference string
		if err := rows.Scan(&description, &reference); err != nil {
			t.Fatal(err)
		}
		out[keyOf(description)] = append(out[keyOf(description)], reference)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func lastTicketID(t *testing.T, pool *pgxpool.Pool) int64 {
	t.Helper()
	var id int64
	if err := pool.QueryRow(context.Background(), `SELECT coalesce(max(id), 0) FROM ticket`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}
