package faulttest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"loket/internal/server"
	"loket/notify"
)

// TestMailServerDownLosesNoNotification runs the server with its
// notification worker while the mail server is unreachable, then refusing,
// then back: the notifications of the tickets made meanwhile wait in the
// outbox with their failed attempts, and each is delivered exactly once.
func TestMailServerDownLosesNoNotification(t *testing.T) {
	pool := city(t)
	addr := unusedAddr(t)
	const backoff = 100 * time.Millisecond
	w, err := notify.NewWorker(notify.Config{
		From: "noreply@loket.example.be", BaseURL: "https://loket.example.be",
		Sender: &notify.SMTP{Addr: addr, Timeout: 5 * time.Second}, Pool: pool,
		Logger:       slog.New(slog.NewTextHandler(io.Discard, nil)),
		PollInterval: 20 * time.Millisecond, BackoffBase: backoff, BackoffMax: 4 * backoff, MaxAttempts: 1000,
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	stopped := make(chan struct{})
	go func() { defer close(stopped); w.Run(ctx) }()
	t.Cleanup(func() { stop(); <-stopped })
	srv := httptest.NewServer(server.New(pool, slog.New(slog.NewTextHandler(io.Discard, nil)), w.Wake))
	t.Cleanup(srv.Close)
	token := signIn(t, srv.URL, "agent")

	// Eight reports with an e-mail address, and public replies on three
	// of them: eleven notifications.
	start := time.Now()
	for i, at := range places(t, pool, 8) {
		r := newReport(fmt.Sprintf("mail-%d", i), at)
		a := post(context.Background(), quickClient, srv.URL, token, r)
		if a.err != nil || a.status != 201 {
			t.Fatalf("report %s: %d %v %s", r.key, a.status, a.err, a.body)
		}
		if i < 3 {
			reply(t, srv.URL, token, a.reference, "We komen het afval ophalen.")
		}
	}
	const want = 11
	if n := count(t, pool, `SELECT count(*) FROM outbox`); n != want {
		t.Fatalf("%d outbox rows, want %d", n, want)
	}

	// Unreachable: every row is tried, again and again, and kept.
	waitFor(t, 20*time.Second, "every notification has failed three times", func() bool {
		return count(t, pool, `SELECT count(*) FROM outbox WHERE attempts >= 3`) == want
	})
	checkWaiting(t, pool, want, "connect to mail server")
	// Each failure puts the row off by at least 90% of the backoff, so no
	// row can have been tried more often than that allows.
	if most, bound := count(t, pool, `SELECT max(attempts) FROM outbox`), 2+int(time.Since(start)/(backoff*9/10)); most > bound {
		t.Errorf("a notification was tried %d times in %s: the backoff allows at most %d", most, time.Since(start).Round(time.Millisecond), bound)
	}

	// Up but refusing: still kept, the refusal recorded.
	box := &mailServer{}
	box.refusing.Store(true)
	box.serve(t, addr)
	waitFor(t, 20*time.Second, "every notification has been refused by the mail server", func() bool {
		return count(t, pool, `SELECT count(*) FROM outbox WHERE last_error LIKE '%421%'`) == want
	})
	checkWaiting(t, pool, want, "421")
	if n := len(box.mails()); n != 0 {
		t.Fatalf("the refusing server took %d messages", n)
	}

	// Back: everything goes out, once.
	box.refusing.Store(false)
	waitFor(t, 20*time.Second, "every notification has been sent", func() bool {
		return count(t, pool, `SELECT count(*) FROM outbox WHERE sent_at IS NOT NULL`) == want
	})
	stop()
	<-stopped
	rows, err := pool.Query(context.Background(), `SELECT id, recipient, attempts, coalesce(last_error, '') FROM outbox`)
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		id        int64
		recipient string
		attempts  int
		lastError string
	}
	var sent []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.id, &r.recipient, &r.attempts, &r.lastError); err != nil {
			t.Fatal(err)
		}
		sent = append(sent, r)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	delivered := map[string][]string{}
	for _, m := range box.mails() {
		delivered[m.messageID] = append(delivered[m.messageID], m.to)
	}
	for _, r := range sent {
		id := fmt.Sprintf("outbox-1-%d@loket.example.be", r.id)
		if to := delivered[id]; len(to) != 1 || to[0] != r.recipient {
			t.Errorf("outbox row %d for %s was delivered to %v", r.id, r.recipient, to)
		}
		if r.attempts < 4 || r.lastError != "" {
			t.Errorf("outbox row %d sent after %d attempts, last error %q", r.id, r.attempts, r.lastError)
		}
		delete(delivered, id)
	}
	for id, to := range delivered {
		t.Errorf("a mail %s to %v that no outbox row asked for", id, to)
	}
}

// checkWaiting fails unless all want rows are unsent, still due some time
// (not given up), and say why the last attempt failed.
func checkWaiting(t *testing.T, pool *pgxpool.Pool, want int, reason string) {
	t.Helper()
	n := count(t, pool, `SELECT count(*) FROM outbox
		WHERE sent_at IS NULL AND available_at < 'infinity' AND attempts > 0 AND strpos(last_error, $1) > 0`, reason)
	if n != want {
		t.Errorf("%d of %d notifications are waiting with %q as the reason", n, want, reason)
	}
}

// reply posts a public reply on ticket ref.
func reply(t *testing.T, baseURL, token, ref, body string) {
	t.Helper()
	raw, _ := json.Marshal(map[string]string{"body": body})
	req, _ := http.NewRequest("POST", baseURL+"/api/tickets/"+ref+"/replies", bytes.NewReader(raw))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	res, err := quickClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != 200 {
		out, _ := io.ReadAll(res.Body)
		t.Fatalf("reply on %s: %d %s", ref, res.StatusCode, strings.TrimSpace(string(out)))
	}
}

func count(t *testing.T, pool *pgxpool.Pool, sql string, args ...any) int {
	t.Helper()
	var n int
	if err := pool.QueryRow(context.Background(), sql, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
