package testdb

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"loket/internal/database"
)

// NewWith returns a pool on a fresh database cloned from a template that
// build fills once: a seeded city is built once per test binary and each
// test still gets its own copy to change. The template is named after the
// test binary's content, so a change to the code builds it anew, and the
// package's older templates are dropped then.
func NewWith(tb testing.TB, key string, build func(context.Context, *pgxpool.Pool) error) *pgxpool.Pool {
	tb.Helper()
	ctx := context.Background()
	admin := Server(tb)
	base, err := template(ctx, admin)
	if err != nil {
		tb.Fatalf("build template database: %v", err)
	}
	name, prefix, err := builtName(key)
	if err != nil {
		tb.Fatalf("name template %s: %v", key, err)
	}
	if err := buildOnce(ctx, admin, base, name, prefix, build); err != nil {
		tb.Fatalf("build template %s: %v", key, err)
	}
	pool, err := database.Open(ctx, create(tb, name))
	if err != nil {
		tb.Fatalf("open test database: %v", err)
	}
	tb.Cleanup(pool.Close)
	return pool
}

var unsafeChars = regexp.MustCompile(`[^a-z0-9]+`)

// builtName is loket_tpl_<binary>_<key>_<hash of the binary>, at most 63 bytes.
func builtName(key string) (name, prefix string, err error) {
	exe, err := os.Executable()
	if err != nil {
		return "", "", err
	}
	f, err := os.Open(exe)
	if err != nil {
		return "", "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", "", err
	}
	bin := unsafeChars.ReplaceAllString(strings.TrimSuffix(strings.ToLower(filepath.Base(exe)), ".test"), "")
	key = unsafeChars.ReplaceAllString(strings.ToLower(key), "")
	prefix = fmt.Sprintf("loket_tpl_%.16s_%.12s_", bin, key)
	return prefix + hex.EncodeToString(h.Sum(nil))[:12], prefix, nil
}

func buildOnce(ctx context.Context, admin, base, name, prefix string, build func(context.Context, *pgxpool.Pool) error) error {
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock(hashtext($1))`, prefix); err != nil {
		return err
	}
	defer conn.Exec(ctx, `SELECT pg_advisory_unlock(hashtext($1))`, prefix)
	var exists bool
	if err := conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, name).Scan(&exists); err != nil || exists {
		return err
	}
	rows, err := conn.Query(ctx, `SELECT datname::text FROM pg_database WHERE starts_with(datname, $1)`, prefix)
	if err != nil {
		return err
	}
	stale, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return err
	}
	for _, s := range stale {
		conn.Exec(ctx, "ALTER DATABASE "+ident(s)+" IS_TEMPLATE false")
		if _, err := conn.Exec(ctx, "DROP DATABASE "+ident(s)+" WITH (FORCE)"); err != nil {
			return err
		}
	}
	work := name[:len(name)-1] + "w" // built under another name, renamed when complete
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+ident(work)+" TEMPLATE "+ident(base)); err != nil {
		return err
	}
	pool, err := database.Open(ctx, withDatabase(admin, work))
	if err != nil {
		return err
	}
	err = build(ctx, pool)
	pool.Close()
	if err != nil {
		conn.Exec(ctx, "DROP DATABASE "+ident(work)+" WITH (FORCE)")
		return err
	}
	if _, err := conn.Exec(ctx, "ALTER DATABASE "+ident(work)+" RENAME TO "+ident(name)); err != nil {
		return err
	}
	_, err = conn.Exec(ctx, "ALTER DATABASE "+ident(name)+" IS_TEMPLATE true")
	return err
}
