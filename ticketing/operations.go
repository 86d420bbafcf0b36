package ticketing

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"loket/internal/auth"
	"loket/internal/errs"
)

// StatusChange moves a ticket along its lifecycle. Waiting needs what it
// waits on; waiting on planning needs the planned date, which may be
// months away. Message, when given, is a public reply sent with it.
type StatusChange struct {
	Status     Status `json:"status"`
	WaitingOn  string `json:"waiting_on,omitempty"`  // citizen or planning
	PlannedFor string `json:"planned_for,omitempty"` // YYYY-MM-DD
	Message    string `json:"message,omitempty"`
}

// SetStatus applies a status change to ticket ref.
func (s *Service) SetStatus(ctx context.Context, p *auth.Principal, ref string, ifMatch int, in StatusChange) (*Ticket, error) {
	var planned *time.Time
	switch {
	case in.Status == StatusWaiting && in.WaitingOn != "citizen" && in.WaitingOn != "planning":
		return nil, errs.E(errs.Invalid, "waiting needs waiting_on: citizen or planning")
	case in.Status != StatusWaiting && (in.WaitingOn != "" || in.PlannedFor != ""):
		return nil, errs.E(errs.Invalid, "waiting_on and planned_for only go with status waiting")
	case in.WaitingOn == "planning":
		d, err := time.ParseInLocation(time.DateOnly, in.PlannedFor, cityTime)
		if err != nil {
			return nil, errs.E(errs.Invalid, "planned_for must be a date like 2026-12-01")
		}
		if today := s.clock().In(cityTime).Format(time.DateOnly); in.PlannedFor < today || d.Year() > 2200 {
			return nil, errs.E(errs.Invalid, "planned_for %s is in the past", in.PlannedFor)
		}
		planned = &d
	}
	msg, err := text(in.Message, "message", false)
	if err != nil {
		return nil, err
	}
	return s.change(ctx, actorOf(p), ref, ifMatch, "status", func(tx pgx.Tx, c *current, now time.Time) (event, error) {
		if err := checkMove(c.status, in.Status); err != nil {
			return event{}, err
		}
		if in.Status == StatusInProgress && c.teamID == nil {
			return event{}, errs.E(errs.Conflict, "assign ticket %s to a team before work starts on it", c.reference)
		}
		_, err := tx.Exec(ctx, `
			UPDATE ticket SET status = $3, waiting_on = $4, planned_for = $5,
			       resolved_at = CASE WHEN $3 = 'resolved' THEN $6 WHEN $3 IN ('closed', 'rejected') THEN resolved_at END,
			       closed_at = CASE WHEN $3 IN ('closed', 'rejected') THEN $6 END
			WHERE municipality_id = $1 AND id = $2`,
			p.MunicipalityID, c.id, string(in.Status), nullText(in.WaitingOn), planned, now)
		if err != nil {
			return event{}, err
		}
		e := event{kind: "status", visibility: Public, from: c.status, to: in.Status, body: msg,
			data: map[string]any{}}
		if in.WaitingOn != "" {
			e.data["waiting_on"] = in.WaitingOn
		}
		switch {
		case planned != nil:
			e.kind = "planning"
			e.data["planned_for"] = in.PlannedFor
			e.topic, e.extra = "ticket.planned", map[string]any{"planned_for": in.PlannedFor}
		case in.Status == StatusResolved:
			e.topic, e.extra = "ticket.resolved", map[string]any{"body": msg}
		case msg != "":
			e.topic, e.extra = "ticket.reply", map[string]any{"body": msg, "handler": p.Name}
		}
		return e, nil
	})
}

// Assignment gives a ticket to a team and, optionally, a person of it.
type Assignment struct {
	Team       string `json:"team,omitempty"`        // team code; default: the assignee's team
	AssigneeID int    `json:"assignee_id,omitempty"` // staff id
}

// Assign (re)assigns ticket ref; a new or triaged ticket becomes
// assigned. The previous team and person stay in the event's data.
func (s *Service) Assign(ctx context.Context, p *auth.Principal, ref string, ifMatch int, in Assignment) (*Ticket, error) {
	if in.Team == "" && in.AssigneeID == 0 {
		return nil, errs.E(errs.Invalid, "give a team code, an assignee_id, or both")
	}
	return s.change(ctx, actorOf(p), ref, ifMatch, "assign", func(tx pgx.Tx, c *current, now time.Time) (event, error) {
		if !canAssign(c.status) {
			return event{}, errs.E(errs.Conflict, "a %s ticket cannot be assigned; reopen it first", c.status)
		}
		var teamID, staffTeam *int
		if in.AssigneeID != 0 {
			err := tx.QueryRow(ctx, `SELECT team_id FROM staff WHERE municipality_id = $1 AND id = $2 AND active`,
				p.MunicipalityID, in.AssigneeID).Scan(&staffTeam)
			if err == pgx.ErrNoRows {
				return event{}, errs.E(errs.Invalid, "staff member %d does not exist or has left", in.AssigneeID)
			}
			if err != nil {
				return event{}, err
			}
			teamID = staffTeam
		}
		if in.Team != "" {
			var id int
			err := tx.QueryRow(ctx, `SELECT id FROM team WHERE municipality_id = $1 AND code = $2`, p.MunicipalityID, in.Team).Scan(&id)
			if err == pgx.ErrNoRows {
				return event{}, errs.E(errs.Invalid, "team %q does not exist", in.Team)
			}
			if err != nil {
				return event{}, err
			}
			if staffTeam != nil && *staffTeam != id {
				return event{}, errs.E(errs.Invalid, "staff member %d is not in team %s", in.AssigneeID, in.Team)
			}
			teamID = &id
		}
		if teamID == nil {
			return event{}, errs.E(errs.Invalid, "staff member %d has no team: give the team too", in.AssigneeID)
		}
		to := c.status
		if to == StatusNew || to == StatusTriaged {
			to = StatusAssigned
		}
		_, err := tx.Exec(ctx, `UPDATE ticket SET team_id = $3, assignee_id = $4, status = $5 WHERE municipality_id = $1 AND id = $2`,
			p.MunicipalityID, c.id, *teamID, nullInt(in.AssigneeID), string(to))
		if err != nil {
			return event{}, err
		}
		e := event{kind: "assignment", visibility: Public, data: map[string]any{
			"team_id": *teamID, "assignee_id": nullInt(in.AssigneeID),
			"previous_team_id": c.teamID, "previous_assignee_id": c.assigneeID}}
		if to != c.status {
			e.from, e.to = c.status, to
		}
		return e, nil
	})
}

// Reply sends a public reply to ticket ref's followers.
func (s *Service) Reply(ctx context.Context, p *auth.Principal, ref string, ifMatch int, body string) (*Ticket, error) {
	body, err := text(body, "body", true)
	if err != nil {
		return nil, err
	}
	return s.change(ctx, actorOf(p), ref, ifMatch, "reply", func(tx pgx.Tx, c *current, now time.Time) (event, error) {
		return event{kind: "public_reply", visibility: Public, body: body,
			topic: "ticket.reply", extra: map[string]any{"body": body, "handler": p.Name}}, nil
	})
}

// Note adds an internal note: staff only, never shown to a citizen.
func (s *Service) Note(ctx context.Context, p *auth.Principal, ref string, ifMatch int, body string) (*Ticket, error) {
	body, err := text(body, "body", true)
	if err != nil {
		return nil, err
	}
	return s.change(ctx, actorOf(p), ref, ifMatch, "note", func(tx pgx.Tx, c *current, now time.Time) (event, error) {
		return event{kind: "internal_note", visibility: Internal, body: body}, nil
	})
}

// text trims and checks a free-text field.
func text(s, name string, required bool) (string, error) {
	s = strings.TrimSpace(s)
	switch {
	case required && s == "":
		return "", errs.E(errs.Invalid, "%s is required", name)
	case !utf8.ValidString(s):
		return "", errs.E(errs.Invalid, "%s is not valid UTF-8 text", name)
	case utf8.RuneCountInString(s) > MaxDescription:
		return "", errs.E(errs.Invalid, "%s is longer than %d characters", name, MaxDescription)
	}
	return s, nil
}
