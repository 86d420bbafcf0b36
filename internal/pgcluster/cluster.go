// Package pgcluster runs a private PostgreSQL cluster with the machine's own
// binaries, so that Loket needs no database set up by hand: initdb once, then
// pg_ctl start/stop on a free loopback port.
package pgcluster

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// Options choose where the cluster lives and how it is tuned.
type Options struct {
	// Dir holds the data; created on first start, reused afterwards.
	Dir string
	// Disposable trades crash safety for speed (fsync off); for test clusters only.
	Disposable bool
	// Port to listen on; 0 picks a free one. A cluster started again on
	// its former port lets running clients reconnect.
	Port int
}

// Cluster is a running private PostgreSQL server.
type Cluster struct {
	Dir  string
	Port int
	bin  string
	user *account
}

// URL is the connection string for database name on this cluster.
func (c *Cluster) URL(database string) string {
	u := url.URL{
		Scheme:   "postgres",
		User:     url.User("postgres"),
		Host:     net.JoinHostPort("127.0.0.1", strconv.Itoa(c.Port)),
		Path:     "/" + database,
		RawQuery: "sslmode=disable",
	}
	return u.String()
}

// Start initialises the cluster if Dir holds none, and starts it unless it
// already runs. Concurrent callers (parallel test binaries) are serialised
// by a lock file beside the data directory.
func Start(opt Options) (*Cluster, error) {
	bin, err := binDir()
	if err != nil {
		return nil, err
	}
	if !hasPostGIS(bin) {
		return nil, ErrNotInstalled
	}
	acct, err := serverAccount()
	if err != nil {
		return nil, err
	}
	dir, err := usableDir(opt.Dir, acct)
	if err != nil {
		return nil, err
	}
	c := &Cluster{Dir: dir, bin: bin, user: acct}

	unlock, err := lockFile(dir + ".lock")
	if err != nil {
		return nil, err
	}
	defer unlock()

	if port, ok := c.runningPort(); ok {
		c.Port = port
		return c, nil
	}
	if _, err := os.Stat(filepath.Join(dir, "PG_VERSION")); errors.Is(err, os.ErrNotExist) {
		if err := c.initdb(); err != nil {
			return nil, err
		}
	}
	if err := c.writeConfig(opt.Disposable); err != nil {
		return nil, err
	}
	c.Port = opt.Port
	if c.Port == 0 {
		if c.Port, err = freePort(); err != nil {
			return nil, err
		}
	}
	logFile := filepath.Join(dir, "server.log")
	if _, err := c.run("pg_ctl", "start", "-w", "-t", "60", "-D", dir, "-l", logFile,
		"-o", "-p "+strconv.Itoa(c.Port)); err != nil {
		return nil, fmt.Errorf("start PostgreSQL (see %s): %w", logFile, err)
	}
	return c, nil
}

// Stop shuts the cluster down, letting running transactions roll back.
func (c *Cluster) Stop() error {
	if _, ok := c.runningPort(); !ok {
		return nil
	}
	_, err := c.run("pg_ctl", "stop", "-w", "-m", "fast", "-D", c.Dir)
	return err
}

// Running reports whether the server of dir is up, and on which port.
func Running(dir string) (*Cluster, bool) {
	bin, err := binDir()
	if err != nil {
		return nil, false
	}
	acct, err := serverAccount()
	if err != nil {
		return nil, false
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, false
	}
	for _, d := range []string{abs, fallbackDir(abs)} {
		c := &Cluster{Dir: d, bin: bin, user: acct}
		if port, ok := c.runningPort(); ok {
			c.Port = port
			return c, true
		}
	}
	return nil, false
}

func (c *Cluster) initdb() error {
	if err := c.user.mkdirOwned(c.Dir); err != nil {
		return err
	}
	args := []string{"-D", c.Dir, "-U", "postgres", "--auth=trust", "--encoding=UTF8"}
	// C.UTF-8 gives Unicode-aware lower()/upper(); older systems lack it.
	if _, err := c.run("initdb", append(args, "--locale=C.UTF-8")...); err == nil {
		return nil
	}
	if err := os.RemoveAll(c.Dir); err != nil {
		return err
	}
	if err := c.user.mkdirOwned(c.Dir); err != nil {
		return err
	}
	if _, err := c.run("initdb", append(args, "--no-locale")...); err != nil {
		return fmt.Errorf("initdb: %w", err)
	}
	return nil
}

// writeConfig rewrites loket.conf on every start so tuning changes apply to
// existing clusters too.
func (c *Cluster) writeConfig(disposable bool) error {
	conf := `# Written by loket on every start.
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
max_connections = 200
work_mem = 16MB
maintenance_work_mem = 512MB
max_wal_size = 4GB
checkpoint_timeout = 15min
jit = off
# A private cluster has no replicas: minimal WAL lets bulk loads and index
# builds skip most of the log.
wal_level = minimal
max_wal_senders = 0
wal_buffers = 64MB
`
	conf += memorySettings(disposable)
	if disposable {
		conf += "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
	}
	path := filepath.Join(c.Dir, "loket.conf")
	if err := os.WriteFile(path, []byte(conf), 0o644); err != nil {
		return err
	}
	if err := c.user.chown(path); err != nil {
		return err
	}
	main := filepath.Join(c.Dir, "postgresql.conf")
	b, err := os.ReadFile(main)
	if err != nil {
		return err
	}
	if !bytes.Contains(b, []byte("include_if_exists = 'loket.conf'")) {
		b = append(b, "\ninclude_if_exists = 'loket.conf'\n"...)
		if err := os.WriteFile(main, b, 0o600); err != nil {
			return err
		}
	}
	return nil
}

// memorySettings sizes PostgreSQL's own cache by the machine's memory: a
// quarter of it (512 MB to 8 GB) as shared_buffers, so that the indexes a
// ten-million-ticket city writes and searches stay there rather than being
// copied in from the kernel's cache on every miss, which cost intake and
// search a system call per page. The planner is told the kernel holds
// most of the rest, and that a random page costs little more than a
// sequential one there. Disposable clusters (tests) stay small.
func memorySettings(disposable bool) string {
	const mb = 1 << 20
	shared := int64(512)
	total := totalMemory()
	if !disposable && total > 0 {
		shared = min(max(total/4/mb, 512), 8192)
	}
	cache := max(total*3/4/mb, 2*shared)
	return fmt.Sprintf("shared_buffers = %dMB\neffective_cache_size = %dMB\nrandom_page_cost = 1.1\n", shared, cache)
}

// totalMemory is the machine's memory in bytes from /proc/meminfo, or 0
// where that cannot be read.
func totalMemory() int64 {
	b, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "MemTotal:" {
			kb, err := strconv.ParseInt(f[1], 10, 64)
			if err != nil {
				return 0
			}
			return kb * 1024
		}
	}
	return 0
}

// runningPort reads postmaster.pid and checks that its process is alive.
func (c *Cluster) runningPort() (int, bool) {
	b, err := os.ReadFile(filepath.Join(c.Dir, "postmaster.pid"))
	if err != nil {
		return 0, false
	}
	lines := strings.Split(string(b), "\n")
	if len(lines) < 4 {
		return 0, false
	}
	pid, err1 := strconv.Atoi(strings.TrimSpace(lines[0]))
	port, err2 := strconv.Atoi(strings.TrimSpace(lines[3]))
	if err1 != nil || err2 != nil || syscall.Kill(pid, 0) != nil {
		return 0, false
	}
	return port, true
}

func (c *Cluster) run(tool string, args ...string) ([]byte, error) {
	cmd := exec.Command(filepath.Join(c.bin, tool), args...)
	cmd.Dir = "/"
	c.user.apply(cmd)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return out, fmt.Errorf("%s: %w: %s", tool, err, strings.TrimSpace(string(out)))
	}
	return out, nil
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("find a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// fallbackDir is where a root user's cluster goes when the postgres account
// cannot reach the chosen folder (e.g. a clone under /root).
func fallbackDir(abs string) string {
	sum := sha256.Sum256([]byte(abs))
	return filepath.Join("/var/tmp", "loket-"+hex.EncodeToString(sum[:6]), "pg")
}
