package testdb

import (
	"context"
	"testing"
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
