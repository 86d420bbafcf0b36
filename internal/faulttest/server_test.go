package faulttest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"loket/geo"
	"loket/internal/auth"
	"loket/internal/faults"
	"loket/internal/testdb"
	"loket/seed"
)

// The loket binary is built while the first test prepares its database.
var (
	built    = make(chan struct{})
	binary   string
	buildErr error
)

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "loket-faulttest-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	go func() {
		defer close(built)
		binary, buildErr = buildLoket(dir)
	}()
	code := m.Run()
	<-built
	os.RemoveAll(dir)
	os.Exit(code)
}

// buildLoket builds cmd/loket into dir: the tests need a real process
// they can kill.
func buildLoket(dir string) (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	bin := filepath.Join(dir, "loket")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/loket")
	cmd.Dir = filepath.Dir(strings.TrimSpace(string(out)))
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build ./cmd/loket: %w\n%s", err, out)
	}
	return bin, nil
}

func loketBinary(t *testing.T) string {
	t.Helper()
	<-built
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binary
}

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

// smallLoad is a scenario's load in its short form: six agents' worth of
// callers, a second or 20 tickets before the fault, PostgreSQL down 2 s.
func smallLoad(t *testing.T, pool *pgxpool.Pool, prefix string) faults.Load {
	t.Helper()
	ctx := context.Background()
	token, _, err := auth.NewStore(pool).Login(ctx, "agent@kortrijk.demo", "demo")
	if err != nil {
		t.Fatalf("sign-in of the demo agent: %v", err)
	}
	at, err := faults.Places(ctx, pool, 40)
	if err != nil {
		t.Fatal(err)
	}
	return faults.Load{Token: token, Places: at, Clients: 6, MinAcked: 20, Before: time.Second, Outage: 2 * time.Second, Prefix: prefix}
}

// report fails the test for each broken promise.
func report(t *testing.T, problems []string) {
	t.Helper()
	for _, p := range problems {
		t.Error(p)
	}
}
