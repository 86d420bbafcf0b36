package faulttest

import (
	"context"
	"fmt"
	"io"

	"github.com/jackc/pgx/v5"
)

// copyRows copies every row and sequence position of database src into
// dst, which the migrations have brought to the same schema: a seeded city
// moves to another server in seconds where seeding it again takes longer.
func copyRows(ctx context.Context, src, dst *pgx.Conn) error {
	// Foreign keys and triggers are checked where the rows came from.
	if _, err := dst.Exec(ctx, `SET session_replication_role = replica`); err != nil {
		return err
	}
	rows, err := src.Query(ctx, `
		SELECT c.oid::regclass::text, c.relkind::text,
		       coalesce((SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum) FROM pg_attribute a
		                 WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''), '')
		FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = 'public' AND c.relkind IN ('r', 'S') AND c.relname NOT LIKE 'goose_db_version%'
		  AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')
		ORDER BY c.relkind, c.relname`)
	if err != nil {
		return err
	}
	type relation struct{ Name, Kind, Columns string }
	rels, err := pgx.CollectRows(rows, pgx.RowToStructByPos[relation])
	if err != nil {
		return err
	}
	for _, r := range rels {
		if r.Kind == "S" {
			var last int64
			var called bool
			if err := src.QueryRow(ctx, `SELECT last_value, is_called FROM `+r.Name).Scan(&last, &called); err != nil {
				return err
			}
			if _, err := dst.Exec(ctx, `SELECT setval($1::regclass, $2, $3)`, r.Name, last, called); err != nil {
				return fmt.Errorf("sequence %s: %w", r.Name, err)
			}
			continue
		}
		if err := copyTable(ctx, src, dst, r.Name, r.Columns); err != nil {
			return fmt.Errorf("table %s: %w", r.Name, err)
		}
	}
	return nil
}

// copyTable streams one table's rows from src into dst. The indexes that
// back no constraint are built afresh after the load, which is much
// quicker than keeping them up to date row by row.
func copyTable(ctx context.Context, src, dst *pgx.Conn, table, columns string) error {
	rows, err := dst.Query(ctx, `
		SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i
		WHERE i.indrelid = $1::regclass AND NOT EXISTS (SELECT FROM pg_constraint c WHERE c.conindid = i.indexrelid)`, table)
	if err != nil {
		return err
	}
	type index struct{ Name, Definition string }
	indexes, err := pgx.CollectRows(rows, pgx.RowToStructByPos[index])
	if err != nil {
		return err
	}
	for _, i := range indexes {
		if _, err := dst.Exec(ctx, "DROP INDEX "+i.Name); err != nil {
			return err
		}
	}
	if err := copyData(ctx, src, dst, table, columns); err != nil {
		return err
	}
	for _, i := range indexes {
		if _, err := dst.Exec(ctx, i.Definition); err != nil {
			return err
		}
	}
	return nil
}

func copyData(ctx context.Context, src, dst *pgx.Conn, table, columns string) error {
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		_, err := src.PgConn().CopyTo(ctx, pw, fmt.Sprintf("COPY %s (%s) TO STDOUT", table, columns))
		pw.CloseWithError(err)
		done <- err
	}()
	_, err := dst.PgConn().CopyFrom(ctx, pr, fmt.Sprintf("COPY %s (%s) FROM STDIN", table, columns))
	pr.CloseWithError(err)
	if srcErr := <-done; srcErr != nil {
		return srcErr
	}
	return err
}
