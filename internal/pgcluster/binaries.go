package pgcluster

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
)

// ErrNotInstalled says what to do when the machine has no PostgreSQL or PostGIS.
var ErrNotInstalled = errors.New("PostgreSQL with PostGIS is not installed: " +
	"run `make demo` (it installs them), or `sudo apt-get install postgresql postgis`")

// binDir finds the folder holding initdb and pg_ctl. Debian keeps them in
// /usr/lib/postgresql/<version>/bin, off PATH; other systems put them on PATH.
func binDir() (string, error) {
	if dir := os.Getenv("LOKET_PG_BIN"); dir != "" {
		return dir, nil
	}
	// A pg_ctl on PATH may be a link into the versioned folder; follow it so
	// initdb and pg_config are found beside it.
	if p, err := exec.LookPath("pg_ctl"); err == nil {
		if real, err := filepath.EvalSymlinks(p); err == nil {
			p = real
		}
		if _, err := os.Stat(filepath.Join(filepath.Dir(p), "initdb")); err == nil {
			return filepath.Dir(p), nil
		}
	}
	versions, _ := filepath.Glob("/usr/lib/postgresql/*/bin/pg_ctl")
	sort.Slice(versions, func(i, j int) bool { return pgVersion(versions[i]) > pgVersion(versions[j]) })
	for _, p := range versions {
		if _, err := os.Stat(filepath.Join(filepath.Dir(p), "initdb")); err == nil {
			return filepath.Dir(p), nil
		}
	}
	return "", ErrNotInstalled
}

// pgVersion reads the major version out of /usr/lib/postgresql/<v>/bin/pg_ctl.
func pgVersion(pgCtl string) int {
	v, _ := strconv.Atoi(filepath.Base(filepath.Dir(filepath.Dir(pgCtl))))
	return v
}

// hasPostGIS reports whether the server behind bin can create the postgis extension.
func hasPostGIS(bin string) bool {
	out, err := exec.Command(filepath.Join(bin, "pg_config"), "--sharedir").Output()
	var shareDirs []string
	if err == nil {
		shareDirs = append(shareDirs, string(trimNewline(out)))
	}
	// Debian's pg_config may belong to another version than the server: also
	// look beside the binaries' own version.
	if v := filepath.Base(filepath.Dir(bin)); v != "" {
		shareDirs = append(shareDirs, filepath.Join("/usr/share/postgresql", v))
	}
	for _, d := range shareDirs {
		if _, err := os.Stat(filepath.Join(d, "extension", "postgis.control")); err == nil {
			return true
		}
	}
	return false
}

func trimNewline(b []byte) []byte {
	for len(b) > 0 && (b[len(b)-1] == '\n' || b[len(b)-1] == '\r') {
		b = b[:len(b)-1]
	}
	return b
}
