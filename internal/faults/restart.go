package faults

import (
	"context"
	"fmt"
	"sync"
	"time"

	"loket/internal/database"
	"loket/internal/pgcluster"
)

// Postgres stops and starts the database server a scenario runs on; Start
// brings it back on the same address.
type Postgres interface {
	Stop() error
	Start() error
}

// RestartReport is what the restart scenario saw, and the promises it
// found broken.
type RestartReport struct {
	Answers, DuringOutage, Acked int
	Outage                       time.Duration // from the stop until the start returned
	// Back is from PostgreSQL's return to the first acknowledged ticket.
	Back     time.Duration
	Slowest  time.Duration // the slowest answer to a request sent while PostgreSQL was down
	Checked  int           // tickets checked whole
	Problems []string
}

// The server must answer within failFast while its database is down, and
// serve again within recoverIn once it is back.
const (
	failFast  = 3 * time.Second
	recoverIn = 5 * time.Second
)

// RestartPostgres has load's callers report tickets to a server of binary
// on databaseURL, retrying after a 503 or a lost connection as a careful
// client does, and stops PostgreSQL for load.Outage once load.MinAcked
// tickets are acknowledged. Meanwhile every answer must be a quick 503
// with Retry-After; afterwards the server must serve again by itself, and
// each key must have made exactly one ticket.
func RestartPostgres(ctx context.Context, binary, databaseURL, dir string, pg Postgres, load Load) (*RestartReport, error) {
	pool, err := database.Open(ctx, databaseURL)
	if err != nil {
		return nil, err
	}
	before, err := LastTicketID(ctx, pool)
	pool.Close()
	if err != nil {
		return nil, err
	}
	srv, err := StartServer(binary, databaseURL, dir)
	if err != nil {
		return nil, err
	}
	defer srv.Kill()

	l := &retryingLoad{acked: map[string]string{}}
	lctx, stop := context.WithCancel(ctx)
	defer stop()
	var wg sync.WaitGroup
	for c := range load.Clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; lctx.Err() == nil; n++ {
				l.report(ctx, srv.URL, load.Token, load.report(c, n))
			}
		}()
	}
	finish := func(err error) (*RestartReport, error) {
		stop()
		wg.Wait()
		return nil, fmt.Errorf("%w:\n%s", err, srv.Log())
	}
	start := time.Now()
	if err := waitFor(load.Before+30*time.Second, fmt.Sprintf("%d tickets are acknowledged", load.MinAcked), func() bool {
		return l.count(time.Time{}, 201) >= load.MinAcked && time.Since(start) >= load.Before
	}); err != nil {
		return finish(err)
	}
	if err := pg.Stop(); err != nil {
		return finish(fmt.Errorf("stop PostgreSQL: %w", err))
	}
	down := time.Now()
	if err := waitFor(load.Outage+20*time.Second, "10 requests were answered while PostgreSQL was down", func() bool {
		return time.Since(down) >= load.Outage && l.count(down, 0) >= 10
	}); err != nil {
		pg.Start()
		return finish(err)
	}
	restarting := time.Now()
	if err := pg.Start(); err != nil {
		return finish(fmt.Errorf("start PostgreSQL again: %w", err))
	}
	up := time.Now()
	if err := waitFor(30*time.Second, fmt.Sprintf("%d more tickets are acknowledged", load.MinAcked), func() bool {
		return l.count(up, 201) >= load.MinAcked
	}); err != nil {
		return finish(err)
	}
	stop()
	wg.Wait()

	// The callers are done: the tallies are read without the lock now.
	rep := &RestartReport{Answers: len(l.answers), Acked: len(l.acked), Outage: up.Sub(down), Back: l.firstAck(up).Sub(up)}
	var p problems
	for _, s := range l.problems {
		p.add("%s", s)
	}
	for _, a := range l.answers {
		if !a.sent.After(down) || !a.sent.Before(restarting) {
			continue
		}
		rep.Slowest = max(rep.Slowest, a.took)
		if a.took > failFast {
			p.add("%s sent with PostgreSQL down took %s to answer %d: the server should fail fast", a.key, a.took, a.status)
		}
		if a.sent.Add(a.took).Before(restarting) {
			rep.DuringOutage++
			if a.status != 503 {
				p.add("%s sent with PostgreSQL down: %d %v %s, want 503", a.key, a.status, a.err, a.body)
			}
		}
	}
	for _, a := range l.answers {
		if a.status == 503 && a.retryAfter == "" {
			p.add("%s: 503 without Retry-After", a.key)
		}
		if outage := a.sent.After(down) && a.sent.Before(restarting); a.status == 503 && a.took > failFast && !outage {
			p.add("%s: a 503 after %s: the server should fail fast", a.key, a.took)
		}
	}
	if rep.Back > recoverIn {
		p.add("the first ticket after PostgreSQL came back was acknowledged after %s", rep.Back)
	}

	if pool, err = database.Open(ctx, databaseURL); err != nil {
		return nil, err
	}
	defer pool.Close()
	made, err := ticketsSince(ctx, pool, before)
	if err != nil {
		return nil, err
	}
	isAcked := func(key string) bool { _, ok := l.acked[key]; return ok }
	checkAcked(made, l.acked, isAcked, &p)
	if rep.Checked, err = checkWhole(ctx, pool, before, &p); err != nil {
		return nil, err
	}
	rep.Problems = p.done()
	return rep, nil
}

// retryingLoad sends reports as a careful client does: each is sent again
// with its key after a 503 or a lost connection until it is acknowledged.
type retryingLoad struct {
	mu       sync.Mutex
	answers  []timedAnswer
	acked    map[string]string // key → reference
	problems []string
}

type timedAnswer struct {
	answer
	key  string
	sent time.Time
}

// retryFor is how long a report is sent again before the caller gives up.
const retryFor = 30 * time.Second

// A report under way is seen through after the load stops: a ticket saved
// without an answer must still get its acknowledgement.
func (l *retryingLoad) report(ctx context.Context, baseURL, token string, r report) {
	for deadline := time.Now().Add(retryFor); ; {
		sent := time.Now()
		a := post(ctx, baseURL, token, r)
		l.mu.Lock()
		l.answers = append(l.answers, timedAnswer{answer: a, key: r.key, sent: sent})
		switch {
		case a.err == nil && a.status == 201:
			l.acked[r.key] = a.reference
		case a.err != nil && a.took >= quickClient.Timeout:
			l.problems = append(l.problems, fmt.Sprintf("%s: no answer within %s: %v", r.key, a.took, a.err))
		case a.err == nil && a.status != 503:
			l.problems = append(l.problems, fmt.Sprintf("%s: %d %s", r.key, a.status, a.body))
		case time.Now().After(deadline):
			l.problems = append(l.problems, fmt.Sprintf("%s: still not acknowledged after %s: %d %v", r.key, retryFor, a.status, a.err))
		default:
			l.mu.Unlock()
			time.Sleep(100 * time.Millisecond) // a client's pause before it tries again
			continue
		}
		l.mu.Unlock()
		return
	}
}

// count is the number of answers to requests sent after since with the
// given status (0: any).
func (l *retryingLoad) count(since time.Time, status int) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, a := range l.answers {
		if a.sent.After(since) && a.err == nil && (status == 0 || a.status == status) {
			n++
		}
	}
	return n
}

// firstAck is when the first request sent after since that was
// acknowledged was answered.
func (l *retryingLoad) firstAck(since time.Time) time.Time {
	l.mu.Lock()
	defer l.mu.Unlock()
	var first time.Time
	for _, a := range l.answers {
		if done := a.sent.Add(a.took); a.sent.After(since) && a.status == 201 && (first.IsZero() || done.Before(first)) {
			first = done
		}
	}
	return first
}

// Cluster is a private PostgreSQL cluster (internal/pgcluster) as a
// Postgres the restart scenario may stop and start on its port.
type Cluster struct{ Options pgcluster.Options }

func (c Cluster) Stop() error {
	running, ok := pgcluster.Running(c.Options.Dir)
	if !ok {
		return fmt.Errorf("no PostgreSQL runs in %s", c.Options.Dir)
	}
	return running.Stop()
}

func (c Cluster) Start() error {
	started, err := pgcluster.Start(c.Options)
	if err == nil && started.Port != c.Options.Port {
		err = fmt.Errorf("PostgreSQL came back on port %d, not %d", started.Port, c.Options.Port)
	}
	return err
}
