package geo

import (
	"context"
	"encoding/json"
	"errors"
	"strings"

	"github.com/jackc/pgx/v5"

	"loket/internal/errs"
)

// Resident reads register entry id again for an agent who picked it from
// a Lookup and goes on with the call. Like a look-up, the read is written
// to the audit log with who asked and why, in the same transaction.
func (g *Register) Resident(ctx context.Context, municipalityID, staffID int, id int64, reason string) (Resident, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" || len(reason) > 200 {
		return Resident{}, errs.E(errs.Invalid, "say why you look this person up (the call or ticket), in at most 200 characters")
	}
	var r Resident
	err := pgx.BeginFunc(ctx, g.pool, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `
			SELECT r.id, r.first_name, r.last_name, r.birth_date::text, r.email, r.phone, r.language,
			       a.id, a.street_nl || ' ' || a.house_number || CASE WHEN a.box <> '' THEN ' bus ' || a.box ELSE '' END
			             || ', ' || a.postcode,
			       ST_X(a.geom), ST_Y(a.geom)
			  FROM resident r
			  LEFT JOIN address a ON a.municipality_id = r.municipality_id AND a.id = r.address_id
			 WHERE r.municipality_id = $1 AND r.id = $2`, municipalityID, id).Scan(
			&r.ID, &r.FirstName, &r.LastName, &r.BirthDate, &r.Email, &r.Phone, &r.Language,
			&r.AddressID, &r.Address, &r.Lon, &r.Lat)
		if errors.Is(err, pgx.ErrNoRows) {
			return errs.E(errs.NotFound, "resident %d is not in the register", id)
		}
		if err != nil {
			return err
		}
		data, _ := json.Marshal(map[string]any{"returned": []int64{r.ID}})
		_, err = tx.Exec(ctx, `
			INSERT INTO audit_log (municipality_id, actor_staff_id, action, subject, reason, data)
			VALUES ($1, $2, 'resident.read', 'resident', $3, $4)`, municipalityID, staffID, reason, data)
		return err
	})
	if err != nil && errs.KindOf(err) == errs.Internal {
		return Resident{}, errs.Wrap(err, errs.Internal, "reading the register failed")
	}
	r.Score = 1
	return r, err
}
