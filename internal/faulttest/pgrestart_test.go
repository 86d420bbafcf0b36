package faulttest

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"loket/internal/database"
	"loket/internal/faults"
	"loket/internal/pgcluster"
	"loket/migrations"
)

// TestPostgresRestartFailsFastAndRecovers stops PostgreSQL under loket
// while agents report tickets, and starts it again: meanwhile every
// request is answered 503 quickly, afterwards loket serves again by
// itself, and the agents' retries with their keys make each ticket once.
func TestPostgresRestartFailsFastAndRecovers(t *testing.T) {
	cluster, opt := ownCluster(t)
	pool, err := database.Open(context.Background(), cluster.URL("loket"))
	if err != nil {
		t.Fatal(err)
	}
	load := smallLoad(t, pool, "restart")
	pool.Close()
	rep, err := faults.RestartPostgres(context.Background(), loketBinary(t), cluster.URL("loket"), t.TempDir(), faults.Cluster{Options: opt}, load)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d answers, %d while PostgreSQL was down (%s, the slowest %s), %d tickets acknowledged, the first %s after it came back",
		rep.Answers, rep.DuringOutage, rep.Outage.Round(time.Millisecond), rep.Slowest.Round(time.Millisecond),
		rep.Acked, rep.Back.Round(time.Millisecond))
	report(t, rep.Problems)
	if rep.DuringOutage < 10 || rep.Acked < 40 {
		t.Errorf("%d answers during the outage and %d tickets acknowledged: the load did not run", rep.DuringOutage, rep.Acked)
	}
}

// ownCluster starts a PostgreSQL cluster of the test's own, which it may
// stop and start, with a copy of the small demo city in database loket.
// It returns the cluster and how to start it again on the same port.
func ownCluster(t *testing.T) (*pgcluster.Cluster, pgcluster.Options) {
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
	return c, pgcluster.Options{Dir: c.Dir, Disposable: true, Port: c.Port}
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
