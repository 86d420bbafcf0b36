package ticketing

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"loket/geo"
	"loket/internal/errs"
)

// intake is what a new ticket needs from the database besides its place:
// its category and team, the municipality, and its reporter as known.
type intake struct {
	categoryID, targetDays, teamID int
	categoryName, prefix, city     string
	reporter                       Reporter
	language                       string
}

// create places, routes and writes a new ticket in one statement.
func (s *Service) create(ctx context.Context, a actor, in NewTicket, mail *mailOrigin) (*Ticket, error) {
	if err := in.validate(); err != nil {
		return nil, err
	}
	// An e-mail rarely says where in words a geocoder can trust: it comes
	// in unplaced, and the agent who triages it places it.
	place := geo.Placement{Quality: geo.QualityNone}
	if mail == nil {
		var err error
		if place, err = s.geo.Place(ctx, a.municipalityID, in.Where); err != nil {
			return nil, err
		}
	}
	k, err := s.readIntake(ctx, a, in, place)
	if err != nil {
		return nil, err
	}
	now := s.clock().In(cityTime)
	var due *time.Time
	if k.targetDays > 0 {
		d := now.AddDate(0, 0, k.targetDays)
		due = &d
	}
	var lon, lat *float64
	if place.Quality != geo.QualityNone {
		lon, lat = &place.Lon, &place.Lat
	}
	var nbh *int
	if place.Neighbourhood != nil {
		nbh = &place.Neighbourhood.ID
	}
	args := []any{a.municipalityID, now.Year(), k.prefix, string(in.Channel), k.categoryID, in.Priority, in.Description,
		lon, nullID(place.AddressID), nullText(place.AddressText), nbh, string(place.Quality),
		k.reporter.ResidentID, nullText(k.reporter.Name), nullText(k.reporter.Email), nullText(k.reporter.Phone),
		k.reporter.CitizenID, nullInt(a.clientID), k.language, k.teamID, due, now,
		a.staffOrNil(), a.label, k.categoryName, k.city, mail.messageID(), lat}
	var id int64
	if mail == nil {
		// One statement is one transaction: no BEGIN and COMMIT round trips.
		err = s.pool.QueryRow(ctx, createSQL, args...).Scan(&id)
	} else {
		err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
			if err := tx.QueryRow(ctx, createSQL, args...).Scan(&id); err != nil {
				return err
			}
			return keepAttachments(ctx, tx, a.municipalityID, id, mail.attachments, a.label)
		})
	}
	if err != nil {
		return nil, errs.Wrap(err, errs.Internal, "the ticket could not be saved")
	}
	if k.reporter.Email != "" {
		s.wake()
	}
	return s.getByID(ctx, a.municipalityID, id, true)
}

// createSQL writes the ticket, its first event, its reporter as follower,
// the reporter's confirmation mail, the audit line and (for e-mail) the
// message's record in one round trip. The reference counter row is locked
// only for this statement and its commit.
const createSQL = `
WITH c AS (
	INSERT INTO ticket_counter AS tc (municipality_id, year, last_value) VALUES ($1, $2, 1)
	ON CONFLICT (municipality_id, year) DO UPDATE SET last_value = tc.last_value + 1
	RETURNING last_value),
t AS (
	INSERT INTO ticket (municipality_id, reference, channel, category_id, priority, description,
	                    geom, address_id, address_text, neighbourhood_id, geocode_quality,
	                    reporter_resident_id, reporter_name, reporter_email, reporter_phone,
	                    reporter_citizen_id, client_id, language, team_id, due_at, created_at, updated_at)
	SELECT $1, $3 || '-' || $2 || '-' || right('00000' || c.last_value, greatest(6, length(c.last_value::text))),
	       $4, $5, $6, $7, ST_SetSRID(ST_MakePoint($8, $28), 4326), $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $22
	FROM c
	RETURNING id, reference),
e AS (
	INSERT INTO ticket_event (municipality_id, ticket_id, kind, visibility, author_staff_id, author_label,
	                          to_status, data, created_at)
	SELECT $1, t.id, 'created', 'public', $23, $24, 'new', jsonb_build_object('channel', $4::text, 'team_id', $20::int), $22
	FROM t),
f AS (
	INSERT INTO ticket_follower (municipality_id, ticket_id, email, name, language, citizen_id)
	SELECT $1, t.id, $15, coalesce($14, ''), $19, $17 FROM t WHERE $15::text IS NOT NULL),
o AS (
	INSERT INTO outbox (municipality_id, topic, ticket_id, recipient, payload)
	SELECT $1, 'ticket.created', t.id, $15,
	       jsonb_build_object('language', $19::text, 'municipality', $26::text, 'name', coalesce($14, ''),
	                          'reference', t.reference, 'category', $25::text, 'description', $7::text,
	                          'address', coalesce($10, ''), 'url', '/my/tickets/' || t.reference)
	FROM t WHERE $15::text IS NOT NULL),
m AS (
	INSERT INTO mail_message (municipality_id, message_id, ticket_id, outcome)
	SELECT $1, $27, t.id, 'ticket' FROM t WHERE $27::text IS NOT NULL),
au AS (
	INSERT INTO audit_log (municipality_id, actor_staff_id, action, subject, reason, data)
	SELECT $1, $23, 'ticket.create', t.reference, 'intake by ' || $4::text,
	       jsonb_build_object('ticket_id', t.id, 'resident_id', $13::bigint, 'citizen_id', $17::bigint, 'client_id', $18::int)
	FROM t)
SELECT id FROM t`

// readIntake finds the category (by code, active), its team for the
// ticket's neighbourhood, the municipality's prefix and name, and the
// reporter.
func (s *Service) readIntake(ctx context.Context, a actor, in NewTicket, place geo.Placement) (intake, error) {
	k := intake{language: language(in.Language)}
	var nbh *int
	if place.Neighbourhood != nil {
		nbh = &place.Neighbourhood.ID
	}
	err := s.pool.QueryRow(ctx, `
		SELECT c.id, c.target_days, coalesce(r.team_id, c.default_team_id),
		       CASE $4 WHEN 'fr' THEN c.name_fr WHEN 'en' THEN c.name_en ELSE c.name_nl END,
		       m.ticket_prefix, CASE $4 WHEN 'fr' THEN m.name_fr WHEN 'en' THEN m.name_en ELSE m.name_nl END
		FROM category c
		JOIN municipality m ON m.id = c.municipality_id
		LEFT JOIN routing_rule r ON r.municipality_id = c.municipality_id AND r.category_id = c.id AND r.neighbourhood_id = $3
		WHERE c.municipality_id = $1 AND c.code = $2 AND c.active`,
		a.municipalityID, in.Category, nbh, k.language).Scan(
		&k.categoryID, &k.targetDays, &k.teamID, &k.categoryName, &k.prefix, &k.city)
	if errors.Is(err, pgx.ErrNoRows) {
		return k, errs.E(errs.Invalid, "category %q does not exist; GET /api/categories lists them", in.Category)
	}
	if err != nil {
		return k, errs.Wrap(err, errs.Internal, "reading the category failed")
	}
	k.reporter, k.language, err = s.readReporter(ctx, a, in.Reporter, k.language)
	return k, err
}

// readReporter completes the reporter: a citizen from their account, a
// resident from the register (contact details given win over the
// register's), or the details as given.
func (s *Service) readReporter(ctx context.Context, a actor, r *NewReporter, lang string) (Reporter, string, error) {
	var out Reporter
	switch {
	case a.citizenID != 0:
		var l string
		err := s.pool.QueryRow(ctx, `
			SELECT name, email, coalesce(phone, ''), language, resident_id FROM citizen
			WHERE municipality_id = $1 AND id = $2`, a.municipalityID, a.citizenID).
			Scan(&out.Name, &out.Email, &out.Phone, &l, &out.ResidentID)
		if err != nil {
			return out, lang, errs.Wrap(err, errs.Internal, "reading the citizen's account failed")
		}
		out.CitizenID = &a.citizenID
		return out, l, nil
	case r == nil || r.Anonymous:
		out.Anonymous = true
		return out, lang, nil
	case r.ResidentID != 0:
		err := s.pool.QueryRow(ctx, `
			SELECT first_name || ' ' || last_name, coalesce(email, ''), coalesce(phone, '') FROM resident
			WHERE municipality_id = $1 AND id = $2`, a.municipalityID, r.ResidentID).Scan(&out.Name, &out.Email, &out.Phone)
		if errors.Is(err, pgx.ErrNoRows) {
			return out, lang, errs.E(errs.Invalid, "resident %d is not in the register", r.ResidentID)
		}
		if err != nil {
			return out, lang, errs.Wrap(err, errs.Internal, "reading the register failed")
		}
		out.ResidentID = &r.ResidentID
	}
	if r.Name != "" {
		out.Name = r.Name
	}
	if r.Email != "" {
		out.Email = r.Email
	}
	if r.Phone != "" {
		out.Phone = r.Phone
	}
	return out, lang, nil
}

func nullText(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func nullID(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

func nullInt(id int) *int {
	if id == 0 {
		return nil
	}
	return &id
}
