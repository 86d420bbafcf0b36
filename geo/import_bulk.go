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
// and at least a quarter of what the table holds: its indexes are dropped
// except the primary key and those foreign keys lean on, and, for a
// superuser, foreign-key triggers are skipped, since every reference an
// import writes was read in the same transaction. rebuild puts the
// indexes back before commit; a unique index that no longer holds fails
// there, and the whole import with it. The load must therefore be plain
// INSERTs: ON CONFLICT needs its unique index. Dropping an index locks
// the table until the commit, so readers wait for a big import, as they
// would for the seed.
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
	// Unique constraints are dropped as constraints and come back as an
	// index the constraint then adopts.
	rows, err := tx.Query(ctx, `
		SELECT quote_ident(c.relname), pg_get_indexdef(i.indexrelid),
		       coalesce('ALTER TABLE ' || i.indrelid::regclass || ' DROP CONSTRAINT ' || quote_ident(k.conname), 'DROP INDEX ' || quote_ident(c.relname)),
		       coalesce('ALTER TABLE ' || i.indrelid::regclass || ' ADD CONSTRAINT ' || quote_ident(k.conname) || ' UNIQUE USING INDEX ' || quote_ident(c.relname), '')
		FROM pg_index i
		JOIN pg_class c ON c.oid = i.indexrelid
		LEFT JOIN pg_constraint k ON k.conindid = i.indexrelid AND k.contype = 'u' AND k.conrelid = i.indrelid
		WHERE i.indrelid = $1::regclass AND NOT i.indisprimary
		  AND NOT EXISTS (SELECT FROM pg_constraint f WHERE f.contype = 'f' AND f.conindid = i.indexrelid)`, table)
	if err != nil {
		return none, err
	}
	defs, err := pgx.CollectRows(rows, pgx.RowToStructByPos[struct{ Name, Create, Drop, Adopt string }])
	if err != nil {
		return none, err
	}
	for _, d := range defs {
		if _, err := tx.Exec(ctx, d.Drop); err != nil {
			return none, fmt.Errorf("drop index %s: %w", d.Name, err)
		}
	}
	return func() error {
		if _, err := tx.Exec(ctx, `SET LOCAL maintenance_work_mem = '512MB'`); err != nil {
			return err
		}
		for _, d := range defs {
			if _, err := tx.Exec(ctx, d.Create); err != nil {
				return fmt.Errorf("rebuild index %s: %w", d.Name, err)
			}
			if d.Adopt == "" {
				continue
			}
			if _, err := tx.Exec(ctx, d.Adopt); err != nil {
				return fmt.Errorf("restore constraint on %s: %w", d.Name, err)
			}
		}
		if super {
			_, err := tx.Exec(ctx, `SET LOCAL session_replication_role = origin`)
			return err
		}
		return nil
	}, nil
}
