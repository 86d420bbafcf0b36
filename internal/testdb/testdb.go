// Package testdb gives each test a fresh database cloned from a migrated
// template, on the server of DATABASE_URL or on a private cluster started for
// the test run.
package testdb

import (
	"context"
	"fmt"
	"net/url"
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

var (
	serverOnce sync.Once
	adminURL   string
	serverErr  error
)

// New returns a pool on a new, migrated, empty database that is dropped when
// the test ends.
func New(tb testing.TB) *pgxpool.Pool {
	tb.Helper()
	pool, err := database.Open(context.Background(), NewURL(tb))
	if err != nil {
		tb.Fatalf("open test database: %v", err)
	}
	tb.Cleanup(pool.Close)
	return pool
}

// NewURL creates a fresh migrated database and returns its connection string.
func NewURL(tb testing.TB) string {
	tb.Helper()
	tmpl, err := template(context.Background(), Server(tb))
	if err != nil {
		tb.Fatalf("build template database: %v", err)
	}
	return create(tb, tmpl)
}

// NewEmptyURL creates a database with nothing in it, not even extensions, for
// tests of the migrations themselves.
func NewEmptyURL(tb testing.TB) string {
	tb.Helper()
	return create(tb, "template0")
}

// create makes a database from tmpl that is dropped when the test ends.
func create(tb testing.TB, tmpl string) string {
	tb.Helper()
	ctx := context.Background()
	admin := Server(tb)
	name := fmt.Sprintf("loket_test_%d_%d", os.Getpid(), time.Now().UnixNano())
	if err := exec(ctx, admin, "CREATE DATABASE "+ident(name)+" TEMPLATE "+ident(tmpl)); err != nil {
		tb.Fatalf("create test database: %v", err)
	}
	tb.Cleanup(func() {
		if err := exec(ctx, admin, "DROP DATABASE IF EXISTS "+ident(name)+" WITH (FORCE)"); err != nil {
			tb.Errorf("drop test database: %v", err)
		}
	})
	return withDatabase(admin, name)
}

// Server returns an admin connection string: DATABASE_URL when set, else a
// private cluster under the module's .loket/test-pg, started on first use and
// left running for the next test binary (`loket pg stop` ends it).
func Server(tb testing.TB) string {
	tb.Helper()
	serverOnce.Do(func() {
		if env := os.Getenv("DATABASE_URL"); env != "" {
			adminURL = env
			return
		}
		root, err := moduleRoot()
		if err != nil {
			serverErr = err
			return
		}
		c, err := pgcluster.Start(pgcluster.Options{Dir: filepath.Join(root, ".loket", "test-pg"), Disposable: true})
		if err != nil {
			serverErr = err
			return
		}
		adminURL = c.URL("postgres")
	})
	if serverErr != nil {
		tb.Fatalf("test database server: %v", serverErr)
	}
	return adminURL
}

// template builds loket_template_<fingerprint> once per schema version; an
// advisory lock keeps parallel test binaries from building it twice.
func template(ctx context.Context, admin string) (string, error) {
	name := "loket_template_" + migrations.Fingerprint()
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		return "", err
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock(hashtext('loket_template'))`); err != nil {
		return "", err
	}
	defer conn.Exec(ctx, `SELECT pg_advisory_unlock(hashtext('loket_template'))`)
	var exists bool
	if err := conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, name).Scan(&exists); err != nil {
		return "", err
	}
	if exists {
		return name, nil
	}
	build := name + "_build"
	if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+ident(build)+" WITH (FORCE)"); err != nil {
		return "", err
	}
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+ident(build)); err != nil {
		return "", err
	}
	if _, err := migrations.Up(ctx, withDatabase(admin, build)); err != nil {
		return "", err
	}
	// Renamed only once complete, so a crash mid-build leaves no half template.
	if _, err := conn.Exec(ctx, "ALTER DATABASE "+ident(build)+" RENAME TO "+ident(name)); err != nil {
		return "", err
	}
	_, err = conn.Exec(ctx, "ALTER DATABASE "+ident(name)+" IS_TEMPLATE true")
	return name, err
}

func exec(ctx context.Context, url, sql string) error {
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, sql)
	return err
}

func ident(name string) string { return pgx.Identifier{name}.Sanitize() }

// withDatabase swaps the database name in a connection string, in either
// of PostgreSQL's forms (URL or key=value).
func withDatabase(conn, name string) string {
	u, err := url.Parse(conn)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return conn + " dbname=" + name
	}
	u.Path = "/" + name
	return u.String()
}

func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod above the test's folder")
		}
		dir = parent
	}
}
