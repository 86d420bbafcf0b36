package ticketing

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"loket/internal/errs"
)

// ticketSelect reads tickets with their category, team, assignee,
// neighbourhood and master; $lang names categories and teams.
const ticketSelect = `
	SELECT t.municipality_id, t.id, t.reference, t.channel, t.status, coalesce(t.waiting_on, ''), t.priority,
	       c.code, CASE $lang WHEN 'fr' THEN c.name_fr WHEN 'en' THEN c.name_en ELSE c.name_nl END,
	       t.description, ST_X(t.geom), ST_Y(t.geom), t.geocode_quality, coalesce(t.address_text, ''), coalesce(n.name, ''),
	       t.team_id, coalesce(tm.code, ''), coalesce(CASE $lang WHEN 'fr' THEN tm.name_fr WHEN 'en' THEN tm.name_en ELSE tm.name_nl END, ''),
	       coalesce(tm.phone, ''), coalesce(tm.email, ''),
	       coalesce(s.id, 0), coalesce(s.name, ''), coalesce(s.phone, ''),
	       t.reporter_resident_id, t.reporter_citizen_id, coalesce(t.reporter_name, ''), coalesce(t.reporter_email, ''),
	       coalesce(t.reporter_phone, ''), t.language, coalesce(d.reference, ''),
	       t.created_at, t.updated_at, t.due_at, to_char(t.planned_for, 'YYYY-MM-DD'), t.resolved_at, t.closed_at, t.version,
	       t.attributes, coalesce(t.media_url, '')
	FROM ticket t
	JOIN category c ON c.municipality_id = t.municipality_id AND c.id = t.category_id
	LEFT JOIN neighbourhood n ON n.municipality_id = t.municipality_id AND n.id = t.neighbourhood_id
	LEFT JOIN team tm ON tm.municipality_id = t.municipality_id AND tm.id = t.team_id
	LEFT JOIN staff s ON s.municipality_id = t.municipality_id AND s.id = t.assignee_id
	LEFT JOIN ticket d ON d.municipality_id = t.municipality_id AND d.id = t.duplicate_of`

// scanTicket reads one row of ticketSelect.
func scanTicket(row pgx.Row) (*Ticket, error) {
	var t Ticket
	var lon, lat *float64
	var quality, address, nbh string
	var team Team
	var h Handler
	var r Reporter
	err := row.Scan(&t.municipalityID, &t.id, &t.Reference, &t.Channel, &t.Status, &t.WaitingOn, &t.Priority,
		&t.Category.Code, &t.Category.Name, &t.Description, &lon, &lat, &quality, &address, &nbh,
		&t.teamID, &team.Code, &team.Name, &team.Phone, &team.Email, &h.ID, &h.Name, &h.Phone,
		&r.ResidentID, &r.CitizenID, &r.Name, &r.Email, &r.Phone, &t.Language, &t.DuplicateOf,
		&t.CreatedAt, &t.UpdatedAt, &t.DueAt, &t.PlannedFor, &t.ResolvedAt, &t.ClosedAt, &t.Version,
		&t.Attributes, &t.MediaURL)
	if err != nil {
		return nil, err
	}
	if len(t.Attributes) == 0 {
		t.Attributes = nil
	}
	if lon != nil && lat != nil {
		t.Location = &Location{Lon: *lon, Lat: *lat, Quality: quality, Address: address, Neighbourhood: nbh}
	}
	if t.teamID != nil {
		t.Team = &team
	}
	if h.ID != 0 {
		t.Assignee = &h
	}
	r.Anonymous = r.ResidentID == nil && r.CitizenID == nil && r.Name == "" && r.Email == "" && r.Phone == ""
	t.Reporter = &r
	return &t, nil
}

// named puts a parameter or literal in place of $lang.
func named(q, lang string) string { return strings.ReplaceAll(q, "$lang", lang) }

// getByID reads a ticket and its timeline (internal events only when
// internal is set).
func (s *Service) getByID(ctx context.Context, municipalityID int, id int64, internal bool) (*Ticket, error) {
	t, err := scanTicket(s.pool.QueryRow(ctx, named(ticketSelect, "'nl'")+` WHERE t.municipality_id = $1 AND t.id = $2`, municipalityID, id))
	if err != nil {
		return nil, notFound(err, "that ticket")
	}
	t.Events, err = s.events(ctx, municipalityID, id, internal)
	return t, err
}

// getByRef reads a ticket by its reference, in language lang.
func (s *Service) getByRef(ctx context.Context, municipalityID int, ref, lang string, internal bool) (*Ticket, error) {
	t, err := scanTicket(s.pool.QueryRow(ctx, named(ticketSelect, "$3")+` WHERE t.municipality_id = $1 AND t.reference = $2`,
		municipalityID, ref, lang))
	if err != nil {
		return nil, notFound(err, "ticket "+ref)
	}
	t.Events, err = s.events(ctx, municipalityID, t.id, internal)
	return t, err
}

func notFound(err error, what string) error {
	if errors.Is(err, pgx.ErrNoRows) {
		return errs.E(errs.NotFound, "%s does not exist", what)
	}
	return errs.Wrap(err, errs.Internal, "reading the ticket failed")
}

// events reads a ticket's timeline, oldest first. A staff author shows by
// name; others by the label written with the event.
func (s *Service) events(ctx context.Context, municipalityID int, id int64, internal bool) ([]Event, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT e.kind, e.visibility, coalesce(st.name, e.author_label, ''), coalesce(e.from_status, ''),
		       coalesce(e.to_status, ''), e.body, e.data, e.created_at
		FROM ticket_event e
		LEFT JOIN staff st ON st.municipality_id = e.municipality_id AND st.id = e.author_staff_id
		WHERE e.municipality_id = $1 AND e.ticket_id = $2 AND ($3 OR e.visibility = 'public')
		ORDER BY e.created_at, e.id`, municipalityID, id, internal)
	if err != nil {
		return nil, errs.Wrap(err, errs.Internal, "reading the timeline failed")
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Event, error) {
		var e Event
		var at time.Time
		err := r.Scan(&e.Kind, &e.Visibility, &e.Author, &e.FromStatus, &e.ToStatus, &e.Body, &e.Data, &at)
		e.At = at
		if len(e.Data) == 0 {
			e.Data = nil
		}
		return e, err
	})
	if err != nil {
		return nil, errs.Wrap(err, errs.Internal, "reading the timeline failed")
	}
	return out, nil
}
