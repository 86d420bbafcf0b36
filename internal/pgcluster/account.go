package pgcluster

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"syscall"
)

// account is the OS user the server runs as. PostgreSQL refuses to run as
// root, so root runs it as the "postgres" account of the distribution's
// packages; anyone else runs it as themselves (account nil).
type account struct {
	uid, gid uint32
}

func serverAccount() (*account, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return nil, errors.New("running as root needs the system user \"postgres\" " +
			"(created by the postgresql package) to run the database server")
	}
	uid, _ := strconv.ParseUint(u.Uid, 10, 32)
	gid, _ := strconv.ParseUint(u.Gid, 10, 32)
	return &account{uid: uint32(uid), gid: uint32(gid)}, nil
}

func (a *account) apply(cmd *exec.Cmd) {
	if a == nil {
		return
	}
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: a.uid, Gid: a.gid}}
	cmd.Env = append(os.Environ(), "HOME=/var/lib/postgresql")
}

func (a *account) chown(path string) error {
	if a == nil {
		return nil
	}
	return os.Chown(path, int(a.uid), int(a.gid))
}

// mkdirOwned creates dir with the mode PostgreSQL demands, owned by the account.
func (a *account) mkdirOwned(dir string) error {
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return err
	}
	if err := os.Mkdir(dir, 0o700); err != nil && !errors.Is(err, os.ErrExist) {
		return err
	}
	return a.chown(dir)
}

// reaches reports whether the account can enter dir (every parent searchable).
func (a *account) reaches(dir string) bool {
	if a == nil {
		return true
	}
	cmd := exec.Command("test", "-x", dir)
	a.apply(cmd)
	return cmd.Run() == nil
}

// usableDir makes dir absolute and, for root, moves it where the server
// account can reach it.
func usableDir(dir string, a *account) (string, error) {
	if dir == "" {
		return "", errors.New("no directory given for the database cluster")
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
		return "", fmt.Errorf("create %s: %w", filepath.Dir(abs), err)
	}
	if a.reaches(filepath.Dir(abs)) {
		return abs, nil
	}
	alt := fallbackDir(abs)
	if err := os.MkdirAll(filepath.Dir(alt), 0o755); err != nil {
		return "", err
	}
	return alt, nil
}

// lockFile takes an exclusive lock that lasts until the returned func runs.
func lockFile(path string) (func(), error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	return func() { syscall.Flock(int(f.Fd()), syscall.LOCK_UN); f.Close() }, nil
}
