package ticketing

import (
	"context"
	"errors"
	"fmt"
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
	category                       Category // in the staff's language
	team                           Team
	reference                      string
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
		if err := s.whereHome(ctx, a, &in); err != nil {
			return nil, err
		}
		var err error
		if place, err = s.geo.Place(ctx, a.municipalityID, in.Where); err != nil {
			return nil, err
		}
	}
	attrs, err := s.checkAnswers(ctx, a.municipalityID, in.Category, in.Attributes)
	if err != nil {
		return nil, err
	}
	now := s.clock().In(cityTime).Truncate(time.Microsecond)
	k, err := s.readIntake(ctx, a, in, place, now.Year())
	if err != nil {
		return nil, err
	}
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
	row := newTicketRow{municipalityID: a.municipalityID, reference: k.reference, channel: string(in.Channel),
		categoryID: k.categoryID, priority: in.Priority, description: in.Description, lon: lon, lat: lat,
		addressID: nullID(place.AddressID), addressText: nullText(place.AddressText), neighbourhoodID: nbh,
		quality: string(place.Quality), residentID: k.reporter.ResidentID, citizenID: k.reporter.CitizenID,
		name: nullText(k.reporter.Name), email: nullText(k.reporter.Email), phone: nullText(k.reporter.Phone),
		clientID: nullInt(a.clientID), language: k.language, teamID: k.teamID, due: due, now: now,
		staffID: a.staffOrNil(), authorLabel: a.label, categoryName: k.categoryName, city: k.city,
		messageID: mail.messageID(), attributes: attrs, mediaURL: nullText(in.MediaURL)}
	key := keyedFrom(ctx)
	key.withTicket(&row)
	var id int64
	if mail == nil {
		id, err = s.intakes.write(ctx, row)
	} else {
		err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
			ids, err := writeTickets(ctx, tx, []newTicketRow{row})
			if err != nil {
				return err
			}
			id = ids[0]
			return keepAttachments(ctx, tx, a.municipalityID, id, mail.attachments, a.label)
		})
	}
	if keyTaken(err) {
		return nil, errs.E(errs.Conflict, "another request with this Idempotency-Key saved its ticket meanwhile; send it again for that answer")
	}
	if err != nil {
		return nil, errs.Wrap(err, errs.Internal, "the ticket could not be saved")
	}
	if key != nil {
		key.saved = true
	}
	if k.reporter.Email != "" {
		s.wake()
	}
	s.changed(lon, lat)
	if mail != nil {
		return s.getByID(ctx, a.municipalityID, id, true)
	}
	// Everything a new ticket holds is known here: no need to read it back.
	t := &Ticket{Reference: k.reference, Channel: in.Channel, Status: StatusNew, Priority: in.Priority,
		Category: k.category, Description: in.Description, Team: &k.team, Reporter: &k.reporter, Language: k.language,
		CreatedAt: now, UpdatedAt: now, DueAt: due, Version: 1, id: id, municipalityID: int64(a.municipalityID), teamID: &k.teamID,
		MediaURL: in.MediaURL}
	if len(attrs) > 0 {
		t.Attributes = attrs
	}
	if place.Quality != geo.QualityNone {
		t.Location = &Location{Lon: place.Lon, Lat: place.Lat, Quality: string(place.Quality), Address: place.AddressText}
		if place.Neighbourhood != nil {
			t.Location.Neighbourhood = place.Neighbourhood.Name
		}
	}
	t.Events = []Event{{Kind: "created", Visibility: Public, Author: a.label, ToStatus: StatusNew,
		Data: map[string]any{"channel": in.Channel, "team_id": k.teamID}, At: now}}
	return t, nil
}

// whereHome turns "at the reporter's home" into the address the register
// holds for them: a resident, or a citizen whose account is linked to one.
func (s *Service) whereHome(ctx context.Context, a actor, in *NewTicket) error {
	if !in.AtHome {
		return nil
	}
	if in.Where != (geo.Where{}) {
		return errs.E(errs.Invalid, "give either where or at_home, not both")
	}
	var address *int64
	var err error
	switch {
	case a.citizenID != 0:
		err = s.pool.QueryRow(ctx, `SELECT r.address_id FROM citizen c JOIN resident r ON r.municipality_id = c.municipality_id AND r.id = c.resident_id
			WHERE c.municipality_id = $1 AND c.id = $2`, a.municipalityID, a.citizenID).Scan(&address)
	case in.Reporter != nil && in.Reporter.ResidentID != 0:
		err = s.pool.QueryRow(ctx, `SELECT address_id FROM resident WHERE municipality_id = $1 AND id = $2`,
			a.municipalityID, in.Reporter.ResidentID).Scan(&address)
	default:
		return errs.E(errs.Invalid, "at_home needs a reporter from the register")
	}
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return errs.Wrap(err, errs.Internal, "reading the register failed")
	}
	if address == nil {
		return errs.E(errs.Invalid, "the register holds no address for this reporter: say where")
	}
	in.Where.AddressID = *address
	return nil
}

// readIntake finds the category (by code, active), its team for the
// ticket's neighbourhood, the municipality's prefix and name and the
// reporter, and hands out the reference: the next number of the
// municipality's year, like 1777-2026-000123. The counter row is locked
// only for this statement, not for the whole intake; a ticket that then
// fails to save leaves a gap in the numbers, never a duplicate. An
// unknown category takes no number.
//
// The statement commits without waiting for its log to reach the disk
// (synchronous_commit off for it alone): the ticket's own commit comes
// later in the same log and flushes it too, and a number whose ticket
// never commits is a gap. Waiting made every intake queue behind the
// previous one's disk flush for the counter row.
func (s *Service) readIntake(ctx context.Context, a actor, in NewTicket, place geo.Placement, year int) (intake, error) {
	var k intake
	var err error
	k.reporter, k.language, err = s.readReporter(ctx, a, in.Reporter, in.Language)
	if err != nil {
		return k, err
	}
	var nbh *int
	if place.Neighbourhood != nil {
		nbh = &place.Neighbourhood.ID
	}
	var serial int
	err = s.pool.QueryRow(ctx, `
		WITH async AS (SELECT set_config('synchronous_commit', 'off', true)),
		k AS (
			SELECT c.id, c.code, c.target_days, tm.id AS team_id, c.name_nl,
			       CASE $4 WHEN 'fr' THEN c.name_fr WHEN 'en' THEN c.name_en ELSE c.name_nl END AS category_name,
			       m.ticket_prefix, CASE $4 WHEN 'fr' THEN m.name_fr WHEN 'en' THEN m.name_en ELSE m.name_nl END AS city,
			       tm.code AS team_code, tm.name_nl AS team_name, coalesce(tm.phone, '') AS team_phone, coalesce(tm.email, '') AS team_email
			FROM category c
			JOIN municipality m ON m.id = c.municipality_id
			LEFT JOIN routing_rule r ON r.municipality_id = c.municipality_id AND r.category_id = c.id AND r.neighbourhood_id = $3
			JOIN team tm ON tm.municipality_id = c.municipality_id AND tm.id = coalesce(r.team_id, c.default_team_id)
			WHERE c.municipality_id = $1 AND c.code = $2 AND c.active),
		n AS (
			INSERT INTO ticket_counter AS tc (municipality_id, year, last_value) SELECT $1, $5, 1 FROM k, async
			ON CONFLICT (municipality_id, year) DO UPDATE SET last_value = tc.last_value + 1
			RETURNING last_value)
		SELECT k.id, k.code, k.target_days, k.team_id, k.name_nl, k.category_name, k.ticket_prefix, k.city,
		       k.team_code, k.team_name, k.team_phone, k.team_email, n.last_value
		FROM k, n`,
		a.municipalityID, in.Category, nbh, k.language, year).Scan(
		&k.categoryID, &k.category.Code, &k.targetDays, &k.teamID, &k.category.Name, &k.categoryName, &k.prefix, &k.city,
		&k.team.Code, &k.team.Name, &k.team.Phone, &k.team.Email, &serial)
	if errors.Is(err, pgx.ErrNoRows) {
		return k, errs.E(errs.Invalid, "category %q does not exist; GET /api/categories lists them", in.Category)
	}
	if err != nil {
		return k, errs.Wrap(err, errs.Internal, "reading the category failed")
	}
	k.reference = fmt.Sprintf("%s-%d-%06d", k.prefix, year, serial)
	return k, nil
}

// readReporter completes the reporter: a citizen from their account, a
// resident from the register (contact details given win over the
// register's), or the details as given.
func (s *Service) readReporter(ctx context.Context, a actor, r *NewReporter, asked string) (Reporter, string, error) {
	var out Reporter
	lang := Language(asked)
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
		var registered string
		err := s.pool.QueryRow(ctx, `
			SELECT first_name || ' ' || last_name, coalesce(email, ''), coalesce(phone, ''), language FROM resident
			WHERE municipality_id = $1 AND id = $2`, a.municipalityID, r.ResidentID).Scan(&out.Name, &out.Email, &out.Phone, &registered)
		if asked == "" {
			lang = registered
		}
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
