package migrations_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"loket/internal/testdb"
	"loket/migrations"
)

func TestUpFromEmptyAppliesEverythingOnceAndIsIdempotent(t *testing.T) {
	ctx := context.Background()
	url := testdb.NewEmptyURL(t)
	files, _ := filepath.Glob("*.sql")

	n, err := migrations.Up(ctx, url)
	if err != nil {
		t.Fatalf("up from empty: %v", err)
	}
	if n != len(files) {
		t.Fatalf("up from empty applied %d migrations, want %d", n, len(files))
	}
	n, err = migrations.Up(ctx, url)
	if err != nil || n != 0 {
		t.Fatalf("second up = %d, %v; want 0 applied and no error", n, err)
	}
	list, err := migrations.List(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range list {
		if !m.Applied {
			t.Errorf("%s is not applied after up", m.Name)
		}
	}
}

func query[T any](t *testing.T, conn *pgx.Conn, sql string) []T {
	t.Helper()
	rows, err := conn.Query(context.Background(), sql)
	if err != nil {
		t.Fatal(err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[T])
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func connect(t *testing.T) *pgx.Conn {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), testdb.NewURL(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

func TestSchemaHasEveryTableOfTheDesign(t *testing.T) {
	conn := connect(t)
	have := map[string]bool{}
	for _, name := range query[string](t, conn, `SELECT tablename::text FROM pg_tables WHERE schemaname = 'public'`) {
		have[name] = true
	}
	for _, want := range []string{"municipality", "address", "resident", "neighbourhood", "team", "staff",
		"category", "ticket", "ticket_event", "weather_daily", "audit_log", "outbox", "idempotency_key"} {
		if !have[want] {
			t.Errorf("table %s is missing", want)
		}
	}
	for _, ext := range []string{"postgis", "pg_trgm", "unaccent"} {
		if n := query[int](t, conn, `SELECT count(*)::int FROM pg_extension WHERE extname = '`+ext+`'`)[0]; n != 1 {
			t.Errorf("extension %s is not installed", ext)
		}
	}
}

// Citus shards by municipality: every growing table must carry it, first in
// its primary key and in every unique key.
func TestEveryGrowingTableIsKeyedByMunicipality(t *testing.T) {
	conn := connect(t)
	bad := query[string](t, conn, `
		SELECT c.conrelid::regclass::text || ' ' || c.conname::text
		  FROM pg_constraint c
		  JOIN pg_namespace n ON n.oid = c.connamespace AND n.nspname = 'public'
		 WHERE c.contype IN ('p', 'u')
		   AND c.conrelid::regclass::text NOT IN ('municipality', 'goose_db_version', 'spatial_ref_sys')
		   AND c.conkey[1] <> (SELECT attnum FROM pg_attribute
		                        WHERE attrelid = c.conrelid AND attname = 'municipality_id')`)
	for _, b := range bad {
		t.Errorf("key does not start with municipality_id: %s", b)
	}
}

func TestEveryGeometryHasASpatialIndexAndAFixedSRID(t *testing.T) {
	conn := connect(t)
	type column struct {
		Table, Column string
		SRID          int
		Indexed       bool
	}
	rows, err := conn.Query(context.Background(), `
		SELECT g.f_table_name::text, g.f_geometry_column::text, g.srid,
		       EXISTS (SELECT 1 FROM pg_index i
		                 JOIN pg_class ic ON ic.oid = i.indexrelid
		                 JOIN pg_am am ON am.oid = ic.relam AND am.amname = 'gist'
		                 JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
		                WHERE i.indrelid = (g.f_table_name)::regclass AND a.attname = g.f_geometry_column)
		       -- or a stored column computed from it (ticket.geom_3857 from ticket.geom) is indexed
		       OR EXISTS (SELECT 1 FROM pg_attrdef d
		                    JOIN pg_attribute ga ON ga.attrelid = d.adrelid AND ga.attnum = d.adnum AND ga.attgenerated = 's'
		                    JOIN pg_index i ON i.indrelid = d.adrelid AND ga.attnum = ANY (i.indkey)
		                   WHERE d.adrelid = (g.f_table_name)::regclass
		                     AND pg_get_expr(d.adbin, d.adrelid) ~ ('\m' || g.f_geometry_column || '\M'))
		  FROM geometry_columns g WHERE g.f_table_schema = 'public'`)
	if err != nil {
		t.Fatal(err)
	}
	cols, err := pgx.CollectRows(rows, pgx.RowToStructByPos[column])
	if err != nil {
		t.Fatal(err)
	}
	if len(cols) < 4 {
		t.Fatalf("found %d geometry columns, want at least 4", len(cols))
	}
	for _, c := range cols {
		if !c.Indexed {
			t.Errorf("%s.%s has no GiST index", c.Table, c.Column)
		}
		if c.SRID == 0 {
			t.Errorf("%s.%s has no fixed SRID", c.Table, c.Column)
		}
	}
}

func TestConstraintsRejectImpossibleRows(t *testing.T) {
	ctx := context.Background()
	conn := connect(t)
	if _, err := conn.Exec(ctx, `INSERT INTO municipality (id, nis_code, name_nl, name_fr, name_en, ticket_prefix)
		VALUES (1, '34022', 'Kortrijk', 'Courtrai', 'Kortrijk', '1777')`); err != nil {
		t.Fatal(err)
	}
	for name, sql := range map[string]string{
		"an unknown role": `INSERT INTO staff (municipality_id, name, email, roles) VALUES (1, 'A', 'a@x.be', '{wizard}')`,
		"no role at all":  `INSERT INTO staff (municipality_id, name, email, roles) VALUES (1, 'A', 'a@x.be', '{}')`,
		"a frost warmer than the thaw": `INSERT INTO weather_daily (municipality_id, day, source, temp_min_c, temp_max_c)
			VALUES (1, '2026-01-01', 'test', 5, -5)`,
		"a neighbourhood in the wrong SRID": `INSERT INTO neighbourhood (municipality_id, code, name, geom)
			VALUES (1, 'X', 'X', ST_Multi(ST_MakeEnvelope(0, 0, 1, 1, 31370)))`,
		"a malformed NIS code": `INSERT INTO municipality (id, nis_code, name_nl, name_fr, name_en, ticket_prefix)
			VALUES (2, '3402', 'X', 'X', 'X', 'X')`,
	} {
		_, err := conn.Exec(ctx, sql)
		var pgErr *pgconn.PgError
		if !errors.As(err, &pgErr) || pgErr.Code[:2] != "23" && pgErr.Code != "22023" {
			t.Errorf("%s was accepted or failed oddly: %v", name, err)
		}
	}
}
