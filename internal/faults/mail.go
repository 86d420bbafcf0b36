package faults

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"loket/internal/server"
	"loket/notify"
)

// MailReport is what the mail scenario saw, and the promises it found
// broken.
type MailReport struct {
	Notifications int // queued while the mail server was down
	MostAttempts  int // the most tries one of them took
	Delivered     int
	Took          time.Duration
	Problems      []string
}

// mailBackoff is the worker's first pause after a failed delivery: short,
// so that the scenario sees many attempts in seconds.
const mailBackoff = 100 * time.Millisecond

// MailServerDown serves pool with a notification worker while the mail
// server is unreachable, then refusing, then back. load's caller reports
// tickets (each with a reporter's e-mail) and answers the first replies of
// them publicly: the notifications must wait in the outbox with their
// failed attempts, and each must be delivered exactly once.
func MailServerDown(ctx context.Context, pool *pgxpool.Pool, load Load, reports, replies int) (*MailReport, error) {
	var waiting int
	var firstRow int64
	if err := pool.QueryRow(ctx, `SELECT count(*) FILTER (WHERE sent_at IS NULL AND available_at < 'infinity'), coalesce(max(id), 0) FROM outbox`).
		Scan(&waiting, &firstRow); err != nil {
		return nil, err
	}
	if waiting > 0 {
		return nil, fmt.Errorf("%d notifications wait to be sent: the scenario's mail server would take them", waiting)
	}
	addr, err := unusedAddr()
	if err != nil {
		return nil, err
	}
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	w, err := notify.NewWorker(notify.Config{
		From: "noreply@loket.example.be", BaseURL: "https://loket.example.be",
		Sender: &notify.SMTP{Addr: addr, Timeout: 5 * time.Second}, Pool: pool, Logger: quiet,
		PollInterval: 20 * time.Millisecond, BackoffBase: mailBackoff, BackoffMax: 4 * mailBackoff, MaxAttempts: 1000,
	})
	if err != nil {
		return nil, err
	}
	wctx, stopWorker := context.WithCancel(ctx)
	workerDone := make(chan struct{})
	go func() { defer close(workerDone); w.Run(wctx) }()
	defer func() { stopWorker(); <-workerDone }()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	sctx, stopServer := context.WithCancel(ctx)
	defer stopServer()
	go server.New(pool, quiet, w.Wake).Serve(sctx, l)
	baseURL := "http://" + l.Addr().String()

	ours := fmt.Sprintf("FROM outbox WHERE id > %d", firstRow)
	count := func(where string, args ...any) (int, error) {
		var n int
		err := pool.QueryRow(ctx, `SELECT count(*) `+ours+where, args...).Scan(&n)
		return n, err
	}
	var dbErr error
	countIs := func(want int, where string, args ...any) func() bool {
		return func() bool {
			n, err := count(where, args...)
			if err != nil {
				dbErr = err
				return true
			}
			return n == want
		}
	}

	start := time.Now()
	for n := range reports {
		r := load.report(0, n)
		a := post(ctx, baseURL, load.Token, r)
		if a.err != nil || a.status != 201 {
			return nil, fmt.Errorf("report %s: %d %v %s", r.key, a.status, a.err, a.body)
		}
		if n < replies {
			if err := reply(ctx, baseURL, load.Token, a.reference, "We komen het afval ophalen."); err != nil {
				return nil, err
			}
		}
	}
	want := reports + min(replies, reports)
	rep := &MailReport{}
	if rep.Notifications, err = count(""); err != nil {
		return nil, err
	}
	var p problems
	if rep.Notifications != want {
		p.add("%d outbox rows, want %d", rep.Notifications, want)
	}

	// Unreachable: every row is tried, again and again, and kept.
	if err := waitFor(20*time.Second, "every notification has failed three times",
		countIs(rep.Notifications, " AND attempts >= 3")); err != nil {
		return nil, err
	}
	p.waiting(count, rep.Notifications, "connect to mail server")
	// Each failure puts the row off by at least 90% of the backoff, so no
	// row can have been tried more often than that allows.
	var most int
	if err := pool.QueryRow(ctx, `SELECT coalesce(max(attempts), 0) `+ours).Scan(&most); err != nil {
		return nil, err
	}
	if bound := 2 + int(time.Since(start)/(mailBackoff*9/10)); most > bound {
		p.add("a notification was tried %d times in %s: the backoff allows at most %d", most, time.Since(start).Round(time.Millisecond), bound)
	}

	// Up but refusing: still kept, the refusal recorded.
	box := &mailServer{}
	box.refusing.Store(true)
	stopBox, err := box.serve(addr)
	if err != nil {
		return nil, fmt.Errorf("listen for SMTP on %s: %w", addr, err)
	}
	defer stopBox()
	if err := waitFor(20*time.Second, "every notification has been refused by the mail server",
		countIs(rep.Notifications, " AND last_error LIKE '%421%'")); err != nil {
		return nil, err
	}
	p.waiting(count, rep.Notifications, "421")
	if n := len(box.mails()); n != 0 {
		p.add("the refusing server took %d messages", n)
	}

	// Back: everything goes out, once.
	box.refusing.Store(false)
	if err := waitFor(60*time.Second, "every notification has been sent",
		countIs(rep.Notifications, " AND sent_at IS NOT NULL")); err != nil {
		return nil, err
	}
	rep.Took = time.Since(start)
	stopWorker()
	<-workerDone
	if dbErr != nil {
		return nil, dbErr
	}
	if err := p.delivered(ctx, pool, ours, box.mails(), rep); err != nil {
		return nil, err
	}
	rep.Problems = p.done()
	return rep, nil
}

// waiting adds a problem unless all want rows are unsent, still due some
// time (not given up), and say why the last attempt failed.
func (p *problems) waiting(count func(string, ...any) (int, error), want int, reason string) {
	n, err := count(` AND sent_at IS NULL AND available_at < 'infinity' AND attempts > 0 AND strpos(last_error, $1) > 0`, reason)
	if err != nil || n != want {
		p.add("%d of %d notifications are waiting with %q as the reason (%v)", n, want, reason, err)
	}
}

// delivered adds a problem for each outbox row not delivered exactly once
// to its recipient, and for each mail no row asked for.
func (p *problems) delivered(ctx context.Context, pool *pgxpool.Pool, ours string, mails []received, rep *MailReport) error {
	rows, err := pool.Query(ctx, `SELECT id, municipality_id, recipient, attempts, coalesce(last_error, '') `+ours)
	if err != nil {
		return err
	}
	defer rows.Close()
	delivered := map[string][]string{}
	for _, m := range mails {
		delivered[m.messageID] = append(delivered[m.messageID], m.to)
	}
	for rows.Next() {
		var id int64
		var municipality, attempts int
		var recipient, lastError string
		if err := rows.Scan(&id, &municipality, &recipient, &attempts, &lastError); err != nil {
			return err
		}
		msgID := fmt.Sprintf("outbox-%d-%d@loket.example.be", municipality, id)
		if to := delivered[msgID]; len(to) != 1 || to[0] != recipient {
			p.add("outbox row %d for %s was delivered to %v", id, recipient, to)
		} else {
			rep.Delivered++
		}
		if attempts < 4 || lastError != "" {
			p.add("outbox row %d sent after %d attempts, last error %q", id, attempts, lastError)
		}
		rep.MostAttempts = max(rep.MostAttempts, attempts)
		delete(delivered, msgID)
	}
	for id, to := range delivered {
		p.add("a mail %s to %v that no outbox row asked for", id, to)
	}
	return rows.Err()
}

// reply posts a public reply on ticket ref.
func reply(ctx context.Context, baseURL, token, ref, body string) error {
	raw, _ := json.Marshal(map[string]string{"body": body})
	req, err := http.NewRequestWithContext(ctx, "POST", baseURL+"/api/tickets/"+ref+"/replies", bytes.NewReader(raw))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	res, err := quickClient.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode != 200 {
		out, _ := io.ReadAll(res.Body)
		return fmt.Errorf("reply on %s: %d %s", ref, res.StatusCode, strings.TrimSpace(string(out)))
	}
	return nil
}
