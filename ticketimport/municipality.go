package ticketimport

import (
	"context"
	"errors"
	"regexp"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"loket/internal/errs"
)

var nisPattern = regexp.MustCompile(`^[0-9]{5}$`)

// Boston's settings when the import creates it: Massachusetts State Plane
// metres for local work, English, its own clock and country (holidays),
// references BOS-<case number>.
const (
	bostonPrefix = "BOS"
	bostonSRID   = 26986
)

// ensureMunicipality finds the municipality with NIS code nis, or creates
// it named name. Ids are handed out under a lock because the table has no
// sequence (it is a reference table, replicated as is).
func ensureMunicipality(ctx context.Context, pool *pgxpool.Pool, nis, name string) (id int, created bool, err error) {
	if !nisPattern.MatchString(nis) {
		return 0, false, errs.E(errs.Invalid, "municipality %q: give a five-digit NIS code", nis)
	}
	err = pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		find := func() error {
			return tx.QueryRow(ctx, `SELECT id FROM municipality WHERE nis_code = $1`, nis).Scan(&id)
		}
		if err := find(); !errors.Is(err, pgx.ErrNoRows) {
			return err
		}
		if _, err := tx.Exec(ctx, `LOCK TABLE municipality IN SHARE ROW EXCLUSIVE MODE`); err != nil {
			return err
		}
		if err := find(); !errors.Is(err, pgx.ErrNoRows) {
			return err
		}
		created = true
		return tx.QueryRow(ctx, `
			INSERT INTO municipality (id, nis_code, name_nl, name_fr, name_en, ticket_prefix, local_srid, default_language,
			                          time_zone, country)
			SELECT coalesce(max(id), 0) + 1, $1, $2, $2, $2, $3, $4, 'en', 'America/New_York', 'US' FROM municipality
			RETURNING id`, nis, name, bostonPrefix, bostonSRID).Scan(&id)
	})
	return id, created, err
}
