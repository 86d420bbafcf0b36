package faults

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// Server is a `loket serve` running as a child process, so that it can be
// killed like a real one.
type Server struct {
	URL    string
	cmd    *exec.Cmd
	exited chan struct{} // closed once the process is gone
	log    *tail
}

// StartServer runs `binary serve` on databaseURL on a free loopback port,
// with its mail written to files in dir, and waits until /readyz answers.
// env adds to or overrides the server's environment.
func StartServer(binary, databaseURL, dir string, env ...string) (*Server, error) {
	cmd := exec.Command(binary, "serve", "-addr", "127.0.0.1:0")
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
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start loket: %w", err)
	}
	s := &Server{cmd: cmd, exited: make(chan struct{}), log: &tail{}}
	urls := make(chan string, 1)
	go s.readLog(stderr, urls)
	go func() { cmd.Wait(); close(s.exited) }()

	select {
	case s.URL = <-urls:
	case <-s.exited:
		return nil, fmt.Errorf("loket serve stopped before serving:\n%s", s.log)
	case <-time.After(30 * time.Second):
		s.Kill()
		return nil, fmt.Errorf("loket serve did not start within 30s:\n%s", s.log)
	}
	err = waitFor(20*time.Second, "loket's /readyz answers 200 while it runs", func() bool {
		select {
		case <-s.exited:
			return true // said below
		default:
		}
		res, err := quickClient.Get(s.URL + "/readyz")
		if err != nil {
			return false
		}
		res.Body.Close()
		return res.StatusCode == http.StatusOK
	})
	select {
	case <-s.exited:
		err = errors.New("loket serve stopped")
	default:
	}
	if err != nil {
		s.Kill()
		return nil, fmt.Errorf("%w:\n%s", err, s.log)
	}
	return s, nil
}

// readLog keeps the log's last lines and reports the URL of the
// "serving" line.
func (s *Server) readLog(r io.Reader, urls chan<- string) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		s.log.add(line)
		var entry struct{ Msg, URL string }
		if json.Unmarshal([]byte(line), &entry) == nil && entry.Msg == "serving" && entry.URL != "" {
			select {
			case urls <- entry.URL:
			default:
			}
		}
	}
}

// Kill ends the process at once, as a power cut or the OOM killer would:
// SIGKILL leaves it no time to finish anything.
func (s *Server) Kill() error {
	s.cmd.Process.Kill()
	select {
	case <-s.exited:
		return nil
	case <-time.After(10 * time.Second):
		return fmt.Errorf("loket serve (pid %d) did not exit after SIGKILL", s.cmd.Process.Pid)
	}
}

// Log is the server's last log lines, for failure messages.
func (s *Server) Log() string { return s.log.String() }

// tail keeps the last lines of a log.
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

// waitFor polls cond until it holds, or says what did not happen in time.
func waitFor(timeout time.Duration, what string, cond func() bool) error {
	for deadline := time.Now().Add(timeout); !cond(); {
		if time.Now().After(deadline) {
			return fmt.Errorf("timed out after %s waiting until %s", timeout, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
	return nil
}
