package web

import (
	"context"
	"slices"

	"github.com/jackc/pgx/v5"

	"loket/internal/errs"
)

// teamInfo is a team as the queue's choices show it, with its active
// members.
type teamInfo struct {
	ID      int
	Code    string
	Name    string
	Members []memberInfo
}

type memberInfo struct {
	ID     int
	Name   string
	TeamID int
}

// staffDirectory is who works where: the teams and their members, for
// the filters, the assignment form and the names on a timeline. It reads
// names only; who may be assigned stays ticketing's to decide.
type staffDirectory struct {
	Teams []teamInfo
}

func (d staffDirectory) team(id int) *teamInfo {
	i := slices.IndexFunc(d.Teams, func(t teamInfo) bool { return t.ID == id })
	if i < 0 {
		return nil
	}
	return &d.Teams[i]
}

func (d staffDirectory) teamByCode(code string) *teamInfo {
	i := slices.IndexFunc(d.Teams, func(t teamInfo) bool { return t.Code == code })
	if i < 0 {
		return nil
	}
	return &d.Teams[i]
}

func (d staffDirectory) member(id int) *memberInfo {
	for _, t := range d.Teams {
		if i := slices.IndexFunc(t.Members, func(m memberInfo) bool { return m.ID == id }); i >= 0 {
			return &t.Members[i]
		}
	}
	return nil
}

// directory reads the municipality's teams, named in lang, and their
// active members.
func (h *Handler) directory(ctx context.Context, municipalityID int, lang string) (staffDirectory, error) {
	var d staffDirectory
	rows, err := h.pool.Query(ctx, `
		SELECT id, code, CASE $2 WHEN 'fr' THEN name_fr WHEN 'en' THEN name_en ELSE name_nl END
		FROM team WHERE municipality_id = $1 ORDER BY 3, 2`, municipalityID, lang)
	if err != nil {
		return d, errs.Wrap(err, errs.Internal, "listing the teams failed")
	}
	d.Teams, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (teamInfo, error) {
		var t teamInfo
		return t, r.Scan(&t.ID, &t.Code, &t.Name)
	})
	if err != nil {
		return d, errs.Wrap(err, errs.Internal, "listing the teams failed")
	}
	rows, err = h.pool.Query(ctx, `
		SELECT id, name, team_id FROM staff
		WHERE municipality_id = $1 AND active AND team_id IS NOT NULL ORDER BY name, id`, municipalityID)
	if err != nil {
		return d, errs.Wrap(err, errs.Internal, "listing the staff failed")
	}
	members, err := pgx.CollectRows(rows, pgx.RowToStructByPos[memberInfo])
	if err != nil {
		return d, errs.Wrap(err, errs.Internal, "listing the staff failed")
	}
	for _, m := range members {
		if t := d.team(m.TeamID); t != nil {
			t.Members = append(t.Members, m)
		}
	}
	return d, nil
}

// neighbourhoods lists the municipality's neighbourhoods by name.
func (h *Handler) neighbourhoods(ctx context.Context, municipalityID int) ([]choice, error) {
	rows, err := h.pool.Query(ctx, `SELECT code, name FROM neighbourhood WHERE municipality_id = $1 ORDER BY name, code`, municipalityID)
	if err != nil {
		return nil, errs.Wrap(err, errs.Internal, "listing the neighbourhoods failed")
	}
	ns, err := pgx.CollectRows(rows, pgx.RowToStructByPos[choice])
	if err != nil {
		return nil, errs.Wrap(err, errs.Internal, "listing the neighbourhoods failed")
	}
	return ns, nil
}
