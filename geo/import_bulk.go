package geo

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// bulkRows is the size from which an import loads like the seed does:
// maintaining a GiST index row by row costs several times one sorted
// build at the end, and the foreign-key triggers as much again.
const bulkRows = 20_000

// prepareBulk readies table for a load of n rows in tx, when n is large
// and at least a quarter of what the table holds: its non-unique indexes
// are dropped (the unique ones stay, ON CONFLICT needs them) and, for a
// superuser, foreign-key triggers are skipped, since every reference an
// import writes was read in the same transaction. rebuild puts the
// indexes back before commit. Dropping an index locks the table until the
// commit, so readers wait for a big import, as they would for the seed.
func prepareBulk(ctx context.Context, tx pgx.Tx, table string, n int) (rebuild func() error, err error) {
	none := func() error { return nil }
	var estimate float64
	var super bool
	err = tx.QueryRow(ctx, `
		SELECT c.reltuples, r.rolsuper
		FROM pg_class c, pg_roles r
		WHERE c.oid = $1::regclass AND r.rolname = current_user`, table).Scan(&estimate, &super)
	if err != nil || n < bulkRows || float64(n) < estimate/4 {
		return none, err
	}
	if super {
		if _, err := tx.Exec(ctx, `SET LOCAL session_replication_role = replica`); err != nil {
			return none, err
		}
	}
	rows, err := tx.Query(ctx, `
		SELECT quote_ident(c.relname), pg_get_indexdef(i.indexrelid)
		FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
		WHERE i.indrelid = $1::regclass AND NOT i.indisunique AND NOT i.indisprimary`, table)
	if err != nil {
		return none, err
	}
	defs, err := pgx.CollectRows(rows, pgx.RowToStructByPos[struct{ Name, SQL string }])
	if err != nil {
		return none, err
	}
	for _, d := range defs {
		if _, err := tx.Exec(ctx, `DROP INDEX `+d.Name); err != nil {
			return none, fmt.Errorf("drop index %s: %w", d.Name, err)
		}
	}
	return func() error {
		if _, err := tx.Exec(ctx, `SET LOCAL maintenance_work_mem = '512MB'`); err != nil {
			return err
		}
		for _, d := range defs {
			if _, err := tx.Exec(ctx, d.SQL); err != nil {
				return fmt.Errorf("rebuild index %s: %w", d.Name, err)
			}
		}
		if super {
			_, err := tx.Exec(ctx, `SET LOCAL session_replication_role = origin`)
			return err
		}
		return nil
	}, nil
}
