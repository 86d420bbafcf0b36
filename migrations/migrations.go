// Package migrations holds the database schema as ordered SQL files, embedded
// in the binary and applied with goose.
package migrations

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"embed"
	"encoding/hex"
	"fmt"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx" for goose
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

//go:embed *.sql
var files embed.FS

// Status is one migration and whether it has been applied.
type Status struct {
	Version   int64
	Name      string
	Applied   bool
	AppliedAt time.Time
}

// Up applies every pending migration and returns how many it applied.
// An advisory lock lets several processes call it at once safely.
func Up(ctx context.Context, databaseURL string) (int, error) {
	var n int
	err := withProvider(databaseURL, func(p *goose.Provider) error {
		results, err := p.Up(ctx)
		n = len(results)
		return err
	})
	return n, err
}

// List reports every known migration with its state.
func List(ctx context.Context, databaseURL string) ([]Status, error) {
	var out []Status
	err := withProvider(databaseURL, func(p *goose.Provider) error {
		list, err := p.Status(ctx)
		for _, s := range list {
			out = append(out, Status{
				Version:   s.Source.Version,
				Name:      s.Source.Path,
				Applied:   s.State == goose.StateApplied,
				AppliedAt: s.AppliedAt,
			})
		}
		return err
	})
	return out, err
}

func withProvider(databaseURL string, fn func(*goose.Provider) error) error {
	db, err := sql.Open("pgx", databaseURL)
	if err != nil {
		return fmt.Errorf("open database: %w", err)
	}
	defer db.Close()
	locker, err := lock.NewPostgresSessionLocker()
	if err != nil {
		return err
	}
	p, err := goose.NewProvider(goose.DialectPostgres, db, files, goose.WithSessionLocker(locker))
	if err != nil {
		return fmt.Errorf("load migrations: %w", err)
	}
	if err := fn(p); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}

// Fingerprint identifies the schema the embedded migrations produce, so a
// database built from an older set of files is never mistaken for current.
func Fingerprint() string {
	h := sha256.New()
	entries, _ := files.ReadDir(".")
	for _, e := range entries {
		b, _ := files.ReadFile(e.Name())
		fmt.Fprintf(h, "%s %d\n", e.Name(), len(b))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))[:12]
}
