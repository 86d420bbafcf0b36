package geo

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// upsertCounted runs upsert, an INSERT … ON CONFLICT … DO UPDATE … WHERE
// (something changed) ending in RETURNING xmax = 0 AS inserted, and records
// how many rows it inserted and updated; the rest of the good rows were
// already there unchanged. extraUpdates counts updates made beforehand.
func upsertCounted(ctx context.Context, tx pgx.Tx, rep *ImportReport, extraUpdates int, upsert string, args ...any) error {
	var ins, upd int
	err := tx.QueryRow(ctx, `WITH w AS (`+upsert+`)
		SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM w`, args...).Scan(&ins, &upd)
	if err != nil {
		return err
	}
	rep.Inserted, rep.Updated = ins, upd+extraUpdates
	rep.Unchanged = rep.Read - len(rep.Rejected) - rep.Inserted - rep.Updated
	return nil
}

// rejectDeleted runs remove, a DELETE from a staging table RETURNING the
// line (or feature number) of each row it drops, and rejects those rows
// with reason.
func rejectDeleted(ctx context.Context, tx pgx.Tx, rep *ImportReport, reason, remove string, args ...any) error {
	rows, err := tx.Query(ctx, remove, args...)
	if err != nil {
		return err
	}
	var line int
	_, err = pgx.ForEachRow(rows, []any{&line}, func() error {
		rep.reject(line, "%s", reason)
		return nil
	})
	return err
}
