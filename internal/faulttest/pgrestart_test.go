package faulttest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"loket/internal/database"
	"loket/internal/pgcluster"
	"loket/migrations"
)

// TestPostgresRestartFailsFastAndRecovers stops PostgreSQL under loket
// while agents report tickets, and starts it again: meanwhile every
// request is answered 503 quickly, afterwards loket serves again by
// itself, and the agents' retries with their keys make each ticket once.
func TestPostgresRestartFailsFastAndRecovers(t *testing.T) {
	cluster, opt, src := ownCluster(t)
	dbURL := cluster.URL("loket")
	at := places(t, src, 40)
	before := lastTicketIDAt(t, dbURL)
	srv := startLoket(t, dbURL)
	token := signIn(t, srv.url, "agent")

	load := &retryingLoad{acked: map[string]string{}}
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	var wg sync.WaitGroup
	const clients = 6
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; ctx.Err() == nil; n++ {
				load.report(srv.url, token, newReport(fmt.Sprintf("restart-%d-%d", c, n), at[(c*7+n)%len(at)]))
			}
		}()
	}

	waitFor(t, 20*time.Second, "20 tickets acknowledged", func() bool { return load.count(time.Time{}, 201) >= 20 })
	if err := cluster.Stop(); err != nil {
		t.Fatalf("stop PostgreSQL: %v", err)
	}
	down := time.Now()
	waitFor(t, 20*time.Second, "PostgreSQL has been down 2s and 10 requests were answered meanwhile", func() bool {
		return time.Since(down) >= 2*time.Second && load.count(down, 0) >= 10
	})
	restarting := time.Now()
	restarted, err := pgcluster.Start(opt)
	if err != nil {
		t.Fatalf("start PostgreSQL again: %v", err)
	}
	up := time.Now()
	if restarted.Port != opt.Port {
		t.Fatalf("PostgreSQL came back on port %d, not %d", restarted.Port, opt.Port)
	}
	waitFor(t, 10*time.Second, "a ticket is acknowledged again", func() bool { return load.count(up, 201) > 0 })
	waitFor(t, 20*time.Second, "20 more tickets acknowledged", func() bool { return load.count(up, 201) >= 20 })
	stop()
	wg.Wait()

	back := load.firstAck(up).Sub(up)
	// The clients are done: the tallies are read without the lock now.
	for _, p := range load.problems {
		t.Error(p)
	}
	var outage, slow int
	for _, a := range load.answers {
		if a.sent.After(down) && a.sent.Before(restarting) && a.took > 3*time.Second {
			t.Errorf("%s sent with PostgreSQL down took %s to answer %d: the server should fail fast", a.key, a.took, a.status)
		}
		if a.sent.After(down) && a.sent.Add(a.took).Before(restarting) {
			outage++
			if a.status != 503 {
				t.Errorf("%s sent with PostgreSQL down: %d %s, want 503", a.key, a.status, a.body)
			}
		}
		if a.status == 503 && a.retryAfter == "" {
			t.Errorf("%s: 503 without Retry-After", a.key)
		}
		if a.status == 503 && a.took > 3*time.Second {
			slow++
		}
	}
	if slow > 0 {
		t.Errorf("%d of the 503s took over 3s: the server should fail fast", slow)
	}
	if back > 5*time.Second {
		t.Errorf("the first ticket after PostgreSQL came back was acknowledged after %s", back)
	}
	t.Logf("%d answers, %d while PostgreSQL was down, %d tickets acknowledged, the first %s after it came back",
		len(load.answers), outage, len(load.acked), back.Round(time.Millisecond))

	pool, err := database.Open(context.Background(), dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	made := ticketsSince(t, pool, before)
	for key, ref := range load.acked {
		if refs := made[key]; len(refs) != 1 || refs[0] != ref {
			t.Errorf("acknowledged %s as %s; the database holds %v", key, ref, refs)
		}
	}
	for key, refs := range made {
		if _, ok := load.acked[key]; !ok {
			t.Errorf("tickets %v for %q, which was never acknowledged", refs, key)
		}
	}
	checkWhole(t, pool, before)
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

func (l *retryingLoad) report(baseURL, token string, r report) {
	for deadline := time.Now().Add(30 * time.Second); ; {
		sent := time.Now()
		a := post(context.Background(), quickClient, baseURL, token, r)
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
			l.problems = append(l.problems, fmt.Sprintf("%s: still not acknowledged after 30s: %d %v", r.key, a.status, a.err))
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

// ownCluster starts a PostgreSQL cluster of the test's own, which it may
// stop and start, with a copy of the small demo city in database loket.
// It returns the cluster, how to start it again on the same port, and the
// city it copied.
func ownCluster(t *testing.T) (*pgcluster.Cluster, pgcluster.Options, *pgxpool.Pool) {
	t.Helper()
	// Not t.TempDir: as root the server runs as postgres, which must be
	// able to enter the folder.
	root, err := os.MkdirTemp("", "loket-faulttest-pg-")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(root, 0o755); err != nil {
		t.Fatal(err)
	}
	c, err := pgcluster.Start(pgcluster.Options{Dir: filepath.Join(root, "pg"), Disposable: true})
	if err != nil {
		t.Fatalf("start PostgreSQL: %v", err)
	}
	t.Cleanup(func() {
		if err := c.Stop(); err != nil {
			t.Errorf("stop PostgreSQL: %v", err)
		}
		os.RemoveAll(root)
	})
	ctx := context.Background()
	if err := database.Ensure(ctx, c.URL("postgres"), "loket"); err != nil {
		t.Fatal(err)
	}
	if _, err := migrations.Up(ctx, c.URL("loket")); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	src := city(t)
	if err := copyCity(ctx, src, c.URL("loket")); err != nil {
		t.Fatalf("copy the city: %v", err)
	}
	return c, pgcluster.Options{Dir: c.Dir, Disposable: true, Port: c.Port}, src
}

func copyCity(ctx context.Context, from *pgxpool.Pool, to string) error {
	src, err := from.Acquire(ctx)
	if err != nil {
		return err
	}
	defer src.Release()
	dst, err := pgx.Connect(ctx, to)
	if err != nil {
		return err
	}
	defer dst.Close(ctx)
	return copyRows(ctx, src.Conn(), dst)
}

func lastTicketIDAt(t *testing.T, url string) int64 {
	t.Helper()
	pool, err := database.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	return lastTicketID(t, pool)
}
