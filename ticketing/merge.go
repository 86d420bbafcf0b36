package ticketing

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"loket/internal/auth"
	"loket/internal/errs"
)

// Merge closes ticket ref as a duplicate of master. The duplicate's
// followers follow the master from then on (and hear when it is
// resolved); each is told of the merge now.
func (s *Service) Merge(ctx context.Context, p *auth.Principal, ref string, ifMatch int, master string) (*Ticket, error) {
	if master == "" || master == ref {
		return nil, errs.E(errs.Invalid, "give the reference of another ticket to merge %s into", ref)
	}
	return s.change(ctx, actorOf(p), ref, ifMatch, "merge", func(tx pgx.Tx, c *current, now time.Time) (event, error) {
		if !c.status.Open() {
			return event{}, errs.E(errs.Conflict, "a %s ticket cannot be merged", c.status)
		}
		var masterID int64
		var masterStatus Status
		err := tx.QueryRow(ctx, `
			SELECT id, status FROM ticket WHERE municipality_id = $1 AND reference = $2 FOR UPDATE`,
			p.MunicipalityID, master).Scan(&masterID, &masterStatus)
		if err == pgx.ErrNoRows {
			return event{}, errs.E(errs.Invalid, "ticket %s does not exist", master)
		}
		if err != nil {
			return event{}, err
		}
		if masterStatus == StatusDuplicate {
			return event{}, errs.E(errs.Conflict, "ticket %s is itself a duplicate: merge into its master", master)
		}
		_, err = tx.Exec(ctx, `
			UPDATE ticket SET status = 'duplicate', waiting_on = NULL, duplicate_of = $3, closed_at = $4
			WHERE municipality_id = $1 AND id = $2`, p.MunicipalityID, c.id, masterID, now)
		if err != nil {
			return event{}, err
		}
		// The master gains the followers and a line saying so.
		_, err = tx.Exec(ctx, `
			WITH f AS (
				INSERT INTO ticket_follower (municipality_id, ticket_id, email, name, language, citizen_id, via_ticket_id)
				SELECT municipality_id, $3, email, name, language, citizen_id, ticket_id FROM ticket_follower
				WHERE municipality_id = $1 AND ticket_id = $2
				ON CONFLICT DO NOTHING)
			INSERT INTO ticket_event (municipality_id, ticket_id, kind, visibility, author_staff_id, author_label, data, created_at)
			VALUES ($1, $3, 'merge', 'public', $4, $5, jsonb_build_object('merged', $6::text), $7)`,
			p.MunicipalityID, c.id, masterID, actorOf(p).staffOrNil(), p.Name, c.reference, now)
		if err != nil {
			return event{}, err
		}
		_, err = tx.Exec(ctx, `UPDATE ticket SET version = version + 1, updated_at = greatest($3, created_at)
			WHERE municipality_id = $1 AND id = $2`, p.MunicipalityID, masterID, now)
		if err != nil {
			return event{}, err
		}
		return event{kind: "merge", visibility: Public, from: c.status, to: StatusDuplicate,
			data:  map[string]any{"duplicate_of": masterID, "master_reference": master},
			topic: "ticket.merged", extra: map[string]any{"master_reference": master}}, nil
	})
}
