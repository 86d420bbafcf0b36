package ticketing

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"loket/internal/errs"
)

// current is a ticket locked for a change.
type current struct {
	lon, lat   *float64
	id         int64
	reference  string
	status     Status
	waitingOn  *string
	version    int
	teamID     *int
	assigneeID *int
}

// event is a timeline line to write with a change.
type event struct {
	kind       string
	visibility Visibility
	from, to   Status
	body       string
	data       map[string]any
	// topic, when set, is the notification the ticket's followers get,
	// with extra merged into its payload.
	topic string
	extra map[string]any
}

// AnyVersion skips the optimistic concurrency check (no If-Match header).
const AnyVersion = 0

// change locks the ticket ref, checks that it is still at version
// ifMatch (unless AnyVersion), lets apply change it within the
// transaction, then bumps its version and writes the event apply returns,
// an audit line and the notification of the event, if any. A stale version is a precondition failure: someone
// else changed the ticket since it was read.
func (s *Service) change(ctx context.Context, a actor, ref string, ifMatch int, action string,
	apply func(tx pgx.Tx, c *current, now time.Time) (event, error)) (*Ticket, error) {
	var id int64
	var lon, lat *float64
	notify := false
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		c, err := lockTicket(ctx, tx, a.municipalityID, ref)
		if err != nil {
			return err
		}
		lon, lat = c.lon, c.lat
		if ifMatch != AnyVersion && ifMatch != c.version {
			return errs.E(errs.Precondition, "ticket %s changed since you read it (version %d, now %d): reload and try again",
				ref, ifMatch, c.version)
		}
		now := s.clock()
		e, err := apply(tx, c, now)
		if err != nil {
			return err
		}
		id = c.id
		if err := writeChange(ctx, tx, a, c, e, action, now); err != nil {
			return err
		}
		if e.topic == "" {
			return nil
		}
		notify = true
		return notifyFollowers(ctx, tx, a.municipalityID, c.id, e.topic, e.extra)
	})
	if err != nil {
		return nil, translate(err)
	}
	if notify {
		s.wake()
	}
	s.changed(lon, lat)
	return s.getByID(ctx, a.municipalityID, id, true)
}

func lockTicket(ctx context.Context, tx pgx.Tx, municipalityID int, ref string) (*current, error) {
	var c current
	err := tx.QueryRow(ctx, `
		SELECT id, reference, status, waiting_on, version, team_id, assignee_id, ST_X(geom), ST_Y(geom) FROM ticket
		WHERE municipality_id = $1 AND reference = $2 FOR UPDATE`, municipalityID, ref).
		Scan(&c.id, &c.reference, &c.status, &c.waitingOn, &c.version, &c.teamID, &c.assigneeID, &c.lon, &c.lat)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, errs.E(errs.NotFound, "ticket %s does not exist", ref)
	}
	return &c, err
}

// writeChange bumps the version, writes the event and the audit line.
func writeChange(ctx context.Context, tx pgx.Tx, a actor, c *current, e event, action string, now time.Time) error {
	_, err := tx.Exec(ctx, `
		UPDATE ticket SET version = version + 1, updated_at = greatest($3, created_at)
		WHERE municipality_id = $1 AND id = $2`, a.municipalityID, c.id, now)
	if err != nil {
		return err
	}
	var from, to *string
	if e.from != "" {
		f, t := string(e.from), string(e.to)
		from, to = &f, &t
	}
	data := e.data
	if data == nil {
		data = map[string]any{}
	}
	_, err = tx.Exec(ctx, `
		WITH e AS (
			INSERT INTO ticket_event (municipality_id, ticket_id, kind, visibility, author_staff_id, author_label,
			                          from_status, to_status, body, data, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11))
		INSERT INTO audit_log (municipality_id, actor_staff_id, action, subject, reason, data)
		VALUES ($1, $5, $12, $13, $14, jsonb_build_object('ticket_id', $2::bigint, 'citizen_id', $15::bigint, 'client_id', $16::int))`,
		a.municipalityID, c.id, e.kind, string(e.visibility), a.staffOrNil(), a.label, from, to, e.body, data, now,
		action, c.reference, "ticket "+action, nullID(a.citizenID), nullInt(a.clientID))
	return err
}

// notifyFollowers queues topic for everyone following ticket id, each in
// their own language; extra is merged into every payload.
func notifyFollowers(ctx context.Context, tx pgx.Tx, municipalityID int, id int64, topic string, extra map[string]any) error {
	if extra == nil {
		extra = map[string]any{}
	}
	_, err := tx.Exec(ctx, `
		INSERT INTO outbox (municipality_id, topic, ticket_id, recipient, payload)
		SELECT f.municipality_id, $3, f.ticket_id, f.email,
		       jsonb_build_object('language', f.language, 'name', f.name, 'reference', t.reference,
		                          'url', '/my/tickets/' || t.reference,
		                          'municipality', CASE f.language WHEN 'fr' THEN m.name_fr WHEN 'en' THEN m.name_en ELSE m.name_nl END,
		                          'category', CASE f.language WHEN 'fr' THEN c.name_fr WHEN 'en' THEN c.name_en ELSE c.name_nl END)
		       || $4::jsonb
		FROM ticket_follower f
		JOIN ticket t ON t.municipality_id = f.municipality_id AND t.id = f.ticket_id
		JOIN category c ON c.municipality_id = t.municipality_id AND c.id = t.category_id
		JOIN municipality m ON m.id = f.municipality_id
		WHERE f.municipality_id = $1 AND f.ticket_id = $2`, municipalityID, id, topic, extra)
	return err
}

// translate maps the database's refusals to errors a person can act on.
func translate(err error) error {
	if errs.KindOf(err) != errs.Internal {
		return err
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) && (pe.Code == "40P01" || pe.Code == "40001") {
		// Two changes crossed (merging two tickets into each other at once).
		return errs.Wrap(err, errs.Conflict, "another change to these tickets happened at the same moment; try again")
	}
	return errs.Wrap(err, errs.Internal, "the change could not be saved")
}
