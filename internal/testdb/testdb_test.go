package testdb

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"
)

func TestNewGivesAFreshMigratedDatabaseEachTime(t *testing.T) {
	ctx := context.Background()
	a, b := New(t), New(t)
	if _, err := a.Exec(ctx, `INSERT INTO municipality (id, nis_code, name_nl, name_fr, name_en, ticket_prefix)
		VALUES (9, '99999', 'X', 'X', 'X', 'X')`); err != nil {
		t.Fatalf("write to first database: %v", err)
	}
	var n int
	if err := b.QueryRow(ctx, `SELECT count(*) FROM municipality`).Scan(&n); err != nil {
		t.Fatalf("read second database: %v", err)
	}
	if n != 0 {
		t.Fatalf("second database sees %d municipalities written to the first", n)
	}
	var postgis string
	if err := b.QueryRow(ctx, `SELECT postgis_lib_version()`).Scan(&postgis); err != nil {
		t.Fatalf("PostGIS missing in test database: %v", err)
	}
}

func TestWithDatabaseReplacesOnlyTheDatabaseName(t *testing.T) {
	cases := map[string]string{
		"postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable": "postgres://postgres@127.0.0.1:5432/other?sslmode=disable",
		"postgresql://u:p@db/test":                                    "postgresql://u:p@db/other",
		"host=127.0.0.1 user=postgres":                                "host=127.0.0.1 user=postgres dbname=other",
	}
	for in, want := range cases {
		if got := withDatabase(in, "other"); got != want {
			t.Errorf("withDatabase(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNewWithBuildsTheTemplateOnceAndGivesEachTestItsOwnCopy(t *testing.T) {
	ctx := context.Background()
	builds := 0
	fill := func(ctx context.Context, pool *pgxpool.Pool) error {
		builds++
		_, err := pool.Exec(ctx, `INSERT INTO municipality (id, nis_code, name_nl, name_fr, name_en, ticket_prefix)
			VALUES (1, '34022', 'Kortrijk', 'Courtrai', 'Kortrijk', '1777')`)
		return err
	}
	a := NewWith(t, "city", fill)
	b := NewWith(t, "city", fill)
	if builds > 1 {
		t.Fatalf("template built %d times, want at most once per test binary", builds)
	}
	if _, err := a.Exec(ctx, `DELETE FROM municipality`); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := b.QueryRow(ctx, `SELECT count(*) FROM municipality`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("second copy holds %d municipalities (%v), want the 1 the template built", n, err)
	}
}
