package notify

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"loket/internal/testdb"
)

const testFrom = "noreply@loket.example.be"

// outboxDB is a fresh migrated database with the one municipality the rows
// belong to.
func outboxDB(t *testing.T) *pgxpool.Pool {
	t.Helper()
	pool := testdb.New(t)
	_, err := pool.Exec(context.Background(), `
		INSERT INTO municipality (id, nis_code, name_nl, name_fr, name_en, ticket_prefix)
		VALUES (1, '34022', 'Kortrijk', 'Courtrai', 'Kortrijk', '1777')`)
	if err != nil {
		t.Fatalf("insert municipality: %v", err)
	}
	return pool
}

func newTestWorker(t *testing.T, pool *pgxpool.Pool, sender Sender, tweak func(*Config)) *Worker {
	t.Helper()
	cfg := Config{
		From:    testFrom,
		BaseURL: "https://loket.example.be",
		Sender:  sender,
		Pool:    pool,
		Logger:  slog.New(slog.NewTextHandler(io.Discard, nil)),
	}
	if tweak != nil {
		tweak(&cfg)
	}
	w, err := NewWorker(cfg)
	if err != nil {
		t.Fatalf("new worker: %v", err)
	}
	return w
}

// enqueue writes an outbox row the way other packages do and returns its id.
func enqueue(t *testing.T, pool *pgxpool.Pool, topic, recipient string, p Payload) int64 {
	t.Helper()
	raw, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	var id int64
	err = pool.QueryRow(context.Background(), `
		INSERT INTO outbox (municipality_id, topic, recipient, payload)
		VALUES (1, $1, nullif($2, ''), $3) RETURNING id`, topic, recipient, raw).Scan(&id)
	if err != nil {
		t.Fatalf("enqueue: %v", err)
	}
	return id
}

// rowState is what the worker recorded on an outbox row.
type rowState struct {
	Attempts  int
	LastError string
	Sent      bool
	DueLater  bool // available_at is at least 20 seconds away
	GivenUp   bool // available_at is 'infinity'
}

func stateOf(t *testing.T, pool *pgxpool.Pool, id int64) rowState {
	t.Helper()
	var s rowState
	err := pool.QueryRow(context.Background(), `
		SELECT attempts, coalesce(last_error, ''), sent_at IS NOT NULL,
		       available_at > now() + interval '20 seconds', available_at = 'infinity'
		  FROM outbox WHERE municipality_id = 1 AND id = $1`, id).
		Scan(&s.Attempts, &s.LastError, &s.Sent, &s.DueLater, &s.GivenUp)
	if err != nil {
		t.Fatalf("read outbox row %d: %v", id, err)
	}
	return s
}

func runOnce(t *testing.T, w *Worker) (sent, failed int) {
	t.Helper()
	sent, failed, err := w.RunOnce(context.Background())
	if err != nil {
		t.Fatalf("RunOnce: %v", err)
	}
	return sent, failed
}

// eventually polls cond for up to five seconds.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !cond(); {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting until %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
