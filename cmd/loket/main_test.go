package main

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"loket/internal/pgcluster"
	"loket/internal/testdb"
	"loket/migrations"
)

// The test binary doubles as the loket binary when LOKET_RUN_MAIN is set,
// so the commands are tested as a user runs them.
func TestMain(m *testing.M) {
	if os.Getenv("LOKET_RUN_MAIN") == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// loket is a running `loket` process and what it has printed so far.
type loket struct {
	cmd  *exec.Cmd
	mu   sync.Mutex
	out  strings.Builder
	done chan error
}

func startLoket(t *testing.T, env []string, args ...string) *loket {
	t.Helper()
	l := &loket{cmd: exec.Command(os.Args[0], args...), done: make(chan error, 1)}
	l.cmd.Env = append(os.Environ(), append([]string{"LOKET_RUN_MAIN=1"}, env...)...)
	stdout, _ := l.cmd.StdoutPipe()
	l.cmd.Stderr = l.cmd.Stdout
	if err := l.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			l.mu.Lock()
			l.out.WriteString(sc.Text() + "\n")
			l.mu.Unlock()
		}
		l.done <- l.cmd.Wait()
	}()
	t.Cleanup(func() { l.cmd.Process.Kill() })
	return l
}

func (l *loket) output() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.out.String()
}

// waitReady polls /readyz until it answers 200 or the process dies.
func (l *loket) waitReady(t *testing.T, base string) {
	t.Helper()
	deadline := time.Now().Add(3 * time.Minute)
	for time.Now().Before(deadline) {
		select {
		case err := <-l.done:
			t.Fatalf("loket exited before it was ready: %v\n%s", err, l.output())
		default:
		}
		if resp, err := http.Get(base + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("loket not ready after 3 minutes:\n%s", l.output())
}

// interrupt sends Ctrl-C and waits for a clean exit.
func (l *loket) interrupt(t *testing.T) {
	t.Helper()
	l.cmd.Process.Signal(syscall.SIGINT)
	select {
	case err := <-l.done:
		if err != nil {
			t.Fatalf("loket exited with %v after Ctrl-C:\n%s", err, l.output())
		}
	case <-time.After(time.Minute):
		t.Fatalf("loket still running a minute after Ctrl-C:\n%s", l.output())
	}
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func TestDemoStartsItsOwnPostgreSQLAndReusesTheDataNextTime(t *testing.T) {
	root, err := os.MkdirTemp("", "loket-demo-test-")
	if err != nil {
		t.Fatal(err)
	}
	os.Chmod(root, 0o755) // root's "postgres" account must reach the cluster
	t.Cleanup(func() { os.RemoveAll(root) })
	pgDir := filepath.Join(root, "pg")
	addr := freeAddr(t)
	env := []string{"DATABASE_URL="}
	args := []string{"demo", "-addr", addr, "-pg-dir", pgDir, "-tickets", "3000", "-until", "2026-10-31"}

	first := startLoket(t, env, args...)
	first.waitReady(t, "http://"+addr)
	out := first.output()
	_, port, _ := net.SplitHostPort(addr)
	for _, want := range []string{"http://localhost:" + port, "agent@kortrijk.demo", "tickets/s"} {
		if !strings.Contains(out, want) {
			t.Errorf("first demo run did not print %q:\n%s", want, out)
		}
	}
	first.interrupt(t)
	if _, running := pgcluster.Running(pgDir); running {
		t.Fatal("the private PostgreSQL still runs after Ctrl-C")
	}

	second := startLoket(t, env, args...)
	second.waitReady(t, "http://"+addr)
	if out := second.output(); !strings.Contains(out, "reusing the demo city") || strings.Contains(out, "seeded Kortrijk") {
		t.Errorf("second demo run did not reuse the data:\n%s", out)
	}
	resp, err := http.Get("http://" + addr + "/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(body), "Kortrijk") {
		t.Errorf("home page does not show the demo city")
	}
	second.interrupt(t)
}

func TestMigrateUpThenStatusShowsEveryMigrationApplied(t *testing.T) {
	ctx := context.Background()
	url := testdb.NewURL(t)
	if err := run(ctx, []string{"migrate", "up", "-database-url", url}); err != nil {
		t.Fatalf("migrate up on a migrated database: %v", err)
	}
	list, err := migrations.List(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range list {
		if !m.Applied {
			t.Errorf("%s not applied", m.Name)
		}
	}
	if err := run(ctx, []string{"migrate", "sideways", "-database-url", url}); err == nil {
		t.Error("migrate with an unknown action succeeded")
	}
}

func TestConfigRejectsBadValuesAndMasksThePassword(t *testing.T) {
	cfg := defaultConfig()
	cfg.LogLevel = "loud"
	cfg.LogFormat = "xml"
	err := cfg.Validate()
	if err == nil || !strings.Contains(err.Error(), "loud") || !strings.Contains(err.Error(), "xml") {
		t.Errorf("Validate = %v, want both bad values named", err)
	}
	cfg = defaultConfig()
	cfg.DatabaseURL = "postgres://loket:s3cret@db.example:5432/loket"
	if s := cfg.String(); strings.Contains(s, "s3cret") || !strings.Contains(s, "loket:xxxxx@") {
		t.Errorf("String() = %q, want the password masked", s)
	}
}

func TestUnknownCommandIsAnError(t *testing.T) {
	if err := run(context.Background(), []string{"fly"}); err == nil || !strings.Contains(err.Error(), "fly") {
		t.Errorf("run(fly) = %v", err)
	}
}

func TestBenchExportRefusesUnknownFormatsAndViews(t *testing.T) {
	for _, args := range [][]string{{"-formats", "csv"}, {"-views", "admin"}} {
		err := run(context.Background(), append([]string{"bench", "export", "-tickets", "0"}, args...))
		if err == nil || !strings.Contains(err.Error(), args[1]) {
			t.Errorf("bench export %v = %v, want the bad value named", args, err)
		}
	}
	if f, err := benchFormats("parquet"); err != nil || len(f) != 1 || f[0].Name != "parquet" {
		t.Errorf("benchFormats(parquet) = %v, %v", f, err)
	}
}

func TestBenchFaultsRefusesUnknownScenariosAndSizes(t *testing.T) {
	for _, args := range [][]string{{"-scenarios", "crash"}, {"-outage", "10ms"}, {"-clients", "0"}} {
		err := run(context.Background(), append([]string{"bench", "faults"}, args...))
		if err == nil || !strings.Contains(err.Error(), strings.TrimPrefix(args[0], "-")) && !strings.Contains(err.Error(), args[1]) {
			t.Errorf("bench faults %v = %v, want the bad flag or value named", args, err)
		}
	}
	// Only the private cluster is Loket's to stop.
	cfg := defaultConfig()
	cfg.PGDir = t.TempDir()
	if _, err := privateCluster(cfg, "postgres://postgres@127.0.0.1:5432/loket"); err == nil || !strings.Contains(err.Error(), "no private cluster") {
		t.Errorf("privateCluster without a cluster = %v", err)
	}
}
