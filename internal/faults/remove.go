package faults

import (
	"context"

	"github.com/jackc/pgx/v5/pgxpool"
)

// Remove deletes what scenarios with keys starting with prefix wrote after
// ticket before: the tickets with their events, followers, mails and
// audit lines, and the keys. A full-size run leaves the city as it found
// it.
func Remove(ctx context.Context, pool *pgxpool.Pool, before int64, prefix string) error {
	tx, err := pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	_, err = tx.Exec(ctx, `
		CREATE TEMP TABLE made ON COMMIT DROP AS
		SELECT municipality_id, id, reference FROM ticket
		WHERE id > $1 AND description LIKE 'Afval naast de glasbol, melding ' || $2 || '-%'`, before, prefix)
	if err != nil {
		return err
	}
	for _, sql := range []string{
		`DELETE FROM outbox o USING made m WHERE o.municipality_id = m.municipality_id AND o.ticket_id = m.id`,
		`DELETE FROM ticket_follower f USING made m WHERE f.municipality_id = m.municipality_id AND f.ticket_id = m.id`,
		`DELETE FROM ticket_event e USING made m WHERE e.municipality_id = m.municipality_id AND e.ticket_id = m.id`,
		`DELETE FROM audit_log a USING made m WHERE a.municipality_id = m.municipality_id AND a.subject = m.reference`,
		`DELETE FROM ticket t USING made m WHERE t.municipality_id = m.municipality_id AND t.id = m.id`,
	} {
		if _, err := tx.Exec(ctx, sql); err != nil {
			return err
		}
	}
	if _, err := tx.Exec(ctx, `DELETE FROM idempotency_key WHERE key LIKE $1 || '-%'`, prefix); err != nil {
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return err
	}
	// The removed tickets lie at the newest end of the list's index, where
	// every search that walks it would step over them until a vacuum.
	_, err = pool.Exec(ctx, `VACUUM ticket`)
	return err
}
