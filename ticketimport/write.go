package ticketimport

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"loket/internal/errs"
)

// importAuthor signs the events an import writes.
const importAuthor = "Boston 311 import"

// writeCases turns the staged cases into tickets. A case closed as a
// duplicate of a case that is in Loket too becomes status duplicate of
// it; other closed cases are closed (resolved at the same moment), open
// ones assigned to their queue's team.
func writeCases(ctx context.Context, tx pgx.Tx, municipality int, rep *Report) error {
	_, err := tx.Exec(ctx, `
		CREATE TEMP TABLE case_ticket ON COMMIT DROP AS
		SELECT l.line, l.id, l.old_id, l.external_id, m.ticket_prefix || '-' || l.external_id AS reference,
		       l.channel, l.category_id, l.team_id,
		       CASE WHEN NOT l.closed_status THEN 'assigned'
		            WHEN o.id IS NOT NULL THEN 'duplicate'
		            ELSE 'closed' END AS status,
		       o.id AS duplicate_of, l.description, l.point AS geom, l.address_text, i.neighbourhood_id,
		       CASE WHEN l.point IS NULL THEN 'none' ELSE 'point' END AS geocode_quality,
		       l.opened AS created_at, greatest(l.opened, l.closed) AS updated_at, l.due AS due_at,
		       CASE WHEN o.id IS NULL THEN l.closed END AS resolved_at, l.closed AS closed_at,
		       l.duplicate, l.original, l.note
		FROM case_load l
		JOIN municipality m ON m.id = $1
		LEFT JOIN case_in i ON i.line = l.line AND l.point IS NOT NULL
		LEFT JOIN LATERAL (
			SELECT coalesce((SELECT x.id FROM case_load x WHERE x.external_id = l.original),
			                (SELECT t.id FROM ticket t WHERE t.municipality_id = $1 AND t.external_id = l.original)) AS id
		) o ON l.closed_status AND l.duplicate AND l.original IS NOT NULL`, municipality)
	if err != nil {
		return err
	}
	if err := insertNew(ctx, tx, municipality, rep); err != nil {
		return fmt.Errorf("insert new cases: %w", err)
	}
	if err := updateChanged(ctx, tx, municipality, rep); err != nil {
		return fmt.Errorf("update changed cases: %w", err)
	}
	if err := writeLabels(ctx, tx, municipality); err != nil {
		return fmt.Errorf("duplicate labels: %w", err)
	}
	return tx.QueryRow(ctx, `SELECT count(*) FILTER (WHERE duplicate), count(*) FILTER (WHERE status = 'duplicate') FROM case_ticket`).
		Scan(&rep.Duplicates, &rep.Linked)
}

// insertNew writes the cases not imported before, with their creation
// event and, when closed, the closing event with the closure note. New
// tickets fire no map trigger (intake writes their delta itself): the
// import counts the map whole afterwards.
func insertNew(ctx context.Context, tx pgx.Tx, municipality int, rep *Report) error {
	restore, err := skipReferenceChecks(ctx, tx)
	if err != nil {
		return err
	}
	tag, err := tx.Exec(ctx, `
		INSERT INTO ticket (municipality_id, id, reference, external_id, channel, category_id, status, description,
		                    geom, address_text, neighbourhood_id, geocode_quality, team_id, duplicate_of,
		                    created_at, updated_at, due_at, resolved_at, closed_at, language)
		SELECT $1, id, reference, external_id, channel, category_id, status, description,
		       geom, address_text, neighbourhood_id, geocode_quality, team_id, duplicate_of,
		       created_at, updated_at, due_at, resolved_at, closed_at, 'en'
		FROM case_ticket WHERE old_id IS NULL`, municipality)
	if err != nil {
		return err
	}
	rep.Inserted = int(tag.RowsAffected())
	_, err = tx.Exec(ctx, `
		INSERT INTO ticket_event (municipality_id, ticket_id, kind, visibility, author_label, from_status, to_status, body, data, created_at)
		SELECT $1::int, id, 'created', 'public', $2, NULL, 'new', '',
		       jsonb_build_object('channel', channel, 'team_id', team_id, 'case', external_id), created_at
		FROM case_ticket WHERE old_id IS NULL
		UNION ALL
		SELECT $1::int, id, CASE status WHEN 'duplicate' THEN 'merge' ELSE 'status' END, 'public', $2, 'assigned', status,
		       coalesce(note, ''), CASE WHEN duplicate_of IS NULL THEN '{}' ELSE jsonb_build_object('duplicate_of', duplicate_of) END,
		       greatest(closed_at, created_at)
		FROM case_ticket WHERE old_id IS NULL AND status IN ('closed', 'duplicate')`, municipality, importAuthor)
	if err != nil {
		return err
	}
	return restore()
}

// skipReferenceChecks turns off the foreign-key triggers for the rest of
// the transaction when the role may (a superuser): every reference the
// insert writes was read in this transaction, and checking each row one
// by one costs more than writing it. restore turns them on again, so the
// updates that follow fire the map's trigger.
func skipReferenceChecks(ctx context.Context, tx pgx.Tx) (restore func() error, err error) {
	var super bool
	if err := tx.QueryRow(ctx, `SELECT rolsuper FROM pg_roles WHERE rolname = current_user`).Scan(&super); err != nil || !super {
		return func() error { return nil }, err
	}
	if _, err := tx.Exec(ctx, `SET LOCAL session_replication_role = replica`); err != nil {
		return nil, err
	}
	return func() error {
		_, err := tx.Exec(ctx, `SET LOCAL session_replication_role = origin`)
		return err
	}, nil
}

// updateChanged rewrites the tickets whose case changed in the file since
// the last import (closed since, for one); the map follows through the
// ticket trigger, and a status change gets its event.
func updateChanged(ctx context.Context, tx pgx.Tx, municipality int, rep *Report) error {
	_, err := tx.Exec(ctx, `
		CREATE TEMP TABLE case_changed ON COMMIT DROP AS
		SELECT c.*, t.status AS old_status
		FROM case_ticket c JOIN ticket t ON t.municipality_id = $1 AND t.id = c.old_id
		WHERE (t.reference, t.channel, t.category_id, t.status, t.duplicate_of, t.description, t.geom, t.address_text,
		       t.neighbourhood_id, t.geocode_quality, t.team_id, t.created_at, t.due_at, t.resolved_at, t.closed_at)
		      IS DISTINCT FROM
		      (c.reference, c.channel, c.category_id, c.status, c.duplicate_of, c.description, c.geom, c.address_text,
		       c.neighbourhood_id, c.geocode_quality, c.team_id, c.created_at, c.due_at, c.resolved_at, c.closed_at)`, municipality)
	if err != nil {
		return err
	}
	tag, err := tx.Exec(ctx, `
		UPDATE ticket t SET reference = c.reference, channel = c.channel, category_id = c.category_id,
		       status = c.status, waiting_on = NULL, duplicate_of = c.duplicate_of, description = c.description,
		       geom = c.geom, address_text = c.address_text, neighbourhood_id = c.neighbourhood_id,
		       geocode_quality = c.geocode_quality, team_id = c.team_id, created_at = c.created_at,
		       updated_at = c.updated_at, due_at = c.due_at, resolved_at = c.resolved_at, closed_at = c.closed_at,
		       version = t.version + 1
		FROM case_changed c
		WHERE t.municipality_id = $1 AND t.id = c.id`, municipality)
	if err != nil {
		return err
	}
	rep.Updated = int(tag.RowsAffected())
	var old int
	if err := tx.QueryRow(ctx, `SELECT count(*) FROM case_ticket WHERE old_id IS NOT NULL`).Scan(&old); err != nil {
		return err
	}
	rep.Unchanged = old - rep.Updated
	_, err = tx.Exec(ctx, `
		INSERT INTO ticket_event (municipality_id, ticket_id, kind, visibility, author_label, from_status, to_status, body, data, created_at)
		SELECT $1::int, id, CASE status WHEN 'duplicate' THEN 'merge' ELSE 'status' END, 'public', $2, old_status, status,
		       coalesce(note, ''), CASE WHEN duplicate_of IS NULL THEN '{}' ELSE jsonb_build_object('duplicate_of', duplicate_of) END,
		       $3::timestamptz
		FROM case_changed WHERE status <> old_status`, municipality, importAuthor, time.Now())
	return err
}

// writeLabels keeps what the register says about duplicates: every case
// closed as one, with the case its note names. A case no longer closed
// as a duplicate loses its label.
func writeLabels(ctx context.Context, tx pgx.Tx, municipality int) error {
	_, err := tx.Exec(ctx, `
		DELETE FROM ticket_duplicate_label d USING case_ticket c
		WHERE d.municipality_id = $1 AND d.ticket_id = c.id AND NOT c.duplicate`, municipality)
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `
		INSERT INTO ticket_duplicate_label AS d (municipality_id, ticket_id, original_external_id, original_id, note)
		SELECT $1::int, c.id, c.original,
		       coalesce(c.duplicate_of, (SELECT t.id FROM ticket t WHERE t.municipality_id = $1 AND t.external_id = c.original)),
		       coalesce(c.note, '')
		FROM case_ticket c WHERE c.duplicate
		ON CONFLICT (municipality_id, ticket_id) DO UPDATE
		SET original_external_id = excluded.original_external_id, original_id = excluded.original_id, note = excluded.note
		WHERE (d.original_external_id, d.original_id, d.note) IS DISTINCT FROM
		      (excluded.original_external_id, excluded.original_id, excluded.note)`, municipality)
	return err
}

// translateError turns the database's refusals into errors a person can
// act on; errors that already carry a kind pass through.
func translateError(err error) error {
	if err == nil || errs.KindOf(err) != errs.Internal {
		return err
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) && (pe.Code == "23505" || pe.Code == "23514" || pe.Code == "23503") {
		return errs.Wrap(err, errs.Conflict, fmt.Sprintf("the import clashes with the tickets already there (%s: %s)", pe.ConstraintName, pe.Detail))
	}
	return err
}

func nullText(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}
