package pgcluster

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

// clusterDir is a folder the server account can reach (t.TempDir is private
// to the test's user, which root's "postgres" account cannot enter).
func clusterDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "loket-cluster-test-")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return filepath.Join(dir, "pg")
}

func TestStartStopAndRestartKeepsTheData(t *testing.T) {
	ctx := context.Background()
	dir := clusterDir(t)

	c, err := Start(Options{Dir: dir, Disposable: true})
	if err != nil {
		t.Fatalf("first start: %v", err)
	}
	t.Cleanup(func() { c.Stop() })
	conn, err := pgx.Connect(ctx, c.URL("postgres"))
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	for _, sql := range []string{
		`CREATE EXTENSION postgis`,
		`CREATE TABLE kept (p geometry(Point, 4326))`,
		`INSERT INTO kept VALUES (ST_SetSRID(ST_MakePoint(3.26, 50.82), 4326))`,
	} {
		if _, err := conn.Exec(ctx, sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	conn.Close(ctx)

	again, err := Start(Options{Dir: dir})
	if err != nil || again.Port != c.Port {
		t.Fatalf("start while running = port %v, %v; want the running server on %d", again, err, c.Port)
	}

	if err := c.Stop(); err != nil {
		t.Fatalf("stop: %v", err)
	}
	if _, ok := Running(dir); ok {
		t.Fatal("cluster still reported running after Stop")
	}
	if _, err := pgx.Connect(ctx, c.URL("postgres")); err == nil {
		t.Fatal("connected to a stopped cluster")
	}

	c2, err := Start(Options{Dir: dir, Disposable: true})
	if err != nil {
		t.Fatalf("restart: %v", err)
	}
	t.Cleanup(func() { c2.Stop() })
	conn, err = pgx.Connect(ctx, c2.URL("postgres"))
	if err != nil {
		t.Fatalf("connect after restart: %v", err)
	}
	defer conn.Close(ctx)
	var lon float64
	if err := conn.QueryRow(ctx, `SELECT ST_X(p) FROM kept`).Scan(&lon); err != nil || lon != 3.26 {
		t.Fatalf("data after restart = %v, %v; want the point written before", lon, err)
	}
}

func TestMissingPostgreSQLSaysHowToInstallIt(t *testing.T) {
	t.Setenv("LOKET_PG_BIN", t.TempDir())
	_, err := Start(Options{Dir: clusterDir(t)})
	if !errors.Is(err, ErrNotInstalled) {
		t.Fatalf("Start without binaries = %v, want ErrNotInstalled", err)
	}
}

func TestMemorySettingsStayWithinTheirBounds(t *testing.T) {
	if got := memorySettings(true); !strings.HasPrefix(got, "shared_buffers = 512MB\n") {
		t.Errorf("a disposable cluster should keep 512 MB of shared buffers:\n%s", got)
	}
	var shared, cache int64
	if _, err := fmt.Sscanf(memorySettings(false), "shared_buffers = %dMB\neffective_cache_size = %dMB\n", &shared, &cache); err != nil {
		t.Fatal(err)
	}
	if shared < 512 || shared > 8192 || cache < 2*shared {
		t.Errorf("shared_buffers %d MB (want 512–8192), effective_cache_size %d MB (want at least twice that)", shared, cache)
	}
	if total := totalMemory(); total > 0 && shared*(1<<20) > total/2 {
		t.Errorf("shared_buffers %d MB is more than half of the machine's %d MB", shared, total>>20)
	}
}
