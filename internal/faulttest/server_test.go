package faulttest

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
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

// process is a `loket serve` running as a child process.
type process struct {
	t      *testing.T
	cmd    *exec.Cmd
	url    string
	exited chan struct{} // closed once the process is gone
	log    *tail
}

// startLoket runs `loket serve` on databaseURL on a free loopback port and
// waits until /readyz answers. The test's end kills it if it still runs.
func startLoket(t *testing.T, databaseURL string, env ...string) *process {
	t.Helper()
	dir := t.TempDir()
	cmd := exec.Command(loketBinary(t), "serve", "-addr", "127.0.0.1:0")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(),
		"DATABASE_URL="+databaseURL,
		"LOKET_LOG_FORMAT=json",
		"LOKET_LOG_LEVEL=info",
		"LOKET_SMTP_ADDR=",
		"LOKET_MAIL_DIR="+filepath.Join(dir, "mail"),
		"LOKET_PG_DIR="+filepath.Join(dir, "pg"))
	cmd.Env = append(cmd.Env, env...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start loket: %v", err)
	}
	p := &process{t: t, cmd: cmd, exited: make(chan struct{}), log: &tail{}}
	urls := make(chan string, 1)
	go p.readLog(stderr, urls)
	go func() { cmd.Wait(); close(p.exited) }()
	t.Cleanup(p.kill)

	select {
	case p.url = <-urls:
	case <-p.exited:
		t.Fatalf("loket serve stopped before serving:\n%s", p.log)
	case <-time.After(30 * time.Second):
		t.Fatalf("loket serve did not start within 30s:\n%s", p.log)
	}
	waitFor(t, 20*time.Second, "loket's /readyz answers 200", func() bool {
		select {
		case <-p.exited:
			t.Fatalf("loket serve stopped:\n%s", p.log)
		default:
		}
		res, err := quickClient.Get(p.url + "/readyz")
		if err != nil {
			return false
		}
		res.Body.Close()
		return res.StatusCode == http.StatusOK
	})
	return p
}

// readLog keeps the log's last lines and reports the URL of the
// "serving" line.
func (p *process) readLog(r io.Reader, urls chan<- string) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		p.log.add(line)
		var entry struct{ Msg, URL string }
		if json.Unmarshal([]byte(line), &entry) == nil && entry.Msg == "serving" && entry.URL != "" {
			select {
			case urls <- entry.URL:
			default:
			}
		}
	}
}

// kill ends the process at once, as a power cut or the OOM killer would:
// SIGKILL leaves it no time to finish anything.
func (p *process) kill() {
	p.cmd.Process.Kill()
	select {
	case <-p.exited:
	case <-time.After(10 * time.Second):
		p.t.Errorf("loket serve (pid %d) did not exit after SIGKILL", p.cmd.Process.Pid)
	}
}

// tail keeps the last lines of a log for failure messages.
type tail struct {
	mu    sync.Mutex
	lines []string
}

func (l *tail) add(line string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, line)
	if len(l.lines) > 200 {
		l.lines = l.lines[len(l.lines)-100:]
	}
}

func (l *tail) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.lines, "\n")
}

// quickClient gives up on a request after ten seconds: a request that
// takes longer counts as hanging.
var quickClient = &http.Client{Timeout: 10 * time.Second}

// waitFor polls cond until it holds, failing the test after timeout.
func waitFor(t *testing.T, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(timeout); !cond(); {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting until %s", timeout, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
