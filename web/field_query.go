package web

import (
	"context"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"loket/geo"
	"loket/internal/errs"
	"loket/ticketing"
)

// fieldCap is how many tickets the list shows; more means the filters
// are too wide for a visit, and the page says so.
const fieldCap = 200

// fieldTicket is one ticket of the list, with what a crew needs on site:
// where, what, how far along, when it is planned, and what it is linked to.
type fieldTicket struct {
	N             int // its number on the list and on the overview
	id            int64
	Reference     string
	Status        ticketing.Status
	Priority      int
	Category      string
	Description   string
	Address       string
	Neighbourhood string
	Team          string
	Assignee      string
	CreatedAt     time.Time
	DueAt         *time.Time
	PlannedFor    string // YYYY-MM-DD
	Master        string // the ticket this one duplicates
	Duplicates    []string
	Followers     int
	DistanceM     *float64 // from the chosen point
	Events        []fieldEvent
	Lon, Lat      float64
	x, y          float64 // Web Mercator, for the overview
}

// Open says whether the ticket still needs work.
func (t *fieldTicket) Open() bool { return t.Status.Open() }

// Distance is how far the ticket lies from the chosen point, empty in a
// neighbourhood.
func (t *fieldTicket) Distance() string {
	if t.DistanceM == nil {
		return ""
	}
	return strconv.Itoa(int(math.Round(*t.DistanceM))) + " m"
}

// Planned is the planned day as the city writes it.
func (t *fieldTicket) Planned() string { return cityDate(t.PlannedFor) }

// fieldEvent is one line of a ticket's history. Authors are named only
// when they are staff: a reporter's name stays off the crew's paper.
type fieldEvent struct {
	Kind       string
	Internal   bool
	Author     string
	FromStatus string
	ToStatus   string
	Body       string
	PlannedFor string
	MergedInto string // on a duplicate: its master
	Merged     string // on a master: the duplicate merged into it
	Team       string
	Assignee   string
	At         time.Time
}

// Planned is the event's planned day as the city writes it.
func (e fieldEvent) Planned() string { return cityDate(e.PlannedFor) }

// cityDate writes YYYY-MM-DD as DD/MM/YYYY; anything else stays as it is.
func cityDate(s string) string {
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t.Format("02/01/2006")
	}
	return s
}

// fieldCategory is a category of the filter; a parent's Children are
// listed under it and included when it is chosen.
type fieldCategory struct {
	Code, Name string
	Children   []fieldCategory
}

// fieldCategories lists the municipality's categories named in lang,
// parents with their children, inactive ones included: old tickets keep
// theirs.
func (h *Handler) fieldCategories(ctx context.Context, municipalityID int, lang string) ([]fieldCategory, error) {
	rows, err := h.pool.Query(ctx, `
		SELECT c.code, CASE $2 WHEN 'fr' THEN c.name_fr WHEN 'en' THEN c.name_en ELSE c.name_nl END, coalesce(p.code, '')
		FROM category c
		LEFT JOIN category p ON p.municipality_id = c.municipality_id AND p.id = c.parent_id
		WHERE c.municipality_id = $1
		ORDER BY 2, 1`, municipalityID, lang)
	if err != nil {
		return nil, errs.Wrap(err, errs.Internal, "listing categories failed")
	}
	type row struct{ Code, Name, Parent string }
	all, err := pgx.CollectRows(rows, pgx.RowToStructByPos[row])
	if err != nil {
		return nil, errs.Wrap(err, errs.Internal, "listing categories failed")
	}
	var out []fieldCategory
	at := map[string]int{}
	for _, c := range all {
		if c.Parent == "" {
			at[c.Code] = len(out)
			out = append(out, fieldCategory{Code: c.Code, Name: c.Name})
		}
	}
	for _, c := range all {
		if i, ok := at[c.Parent]; ok {
			out[i].Children = append(out[i].Children, fieldCategory{Code: c.Code, Name: c.Name})
		}
	}
	return out, nil
}

// codesOf is the codes category code stands for: itself and its children.
// Nil means the code is unknown.
func codesOf(cs []fieldCategory, code string) []string {
	for _, c := range cs {
		if c.Code == code {
			out := []string{c.Code}
			for _, k := range c.Children {
				out = append(out, k.Code)
			}
			slices.Sort(out)
			return out
		}
		for _, k := range c.Children {
			if k.Code == code {
				return []string{k.Code}
			}
		}
	}
	return nil
}

// fieldNeighbourhoods lists the municipality's neighbourhoods by name.
func (h *Handler) fieldNeighbourhoods(ctx context.Context, municipalityID int) ([]geo.Neighbourhood, error) {
	rows, err := h.pool.Query(ctx, `SELECT id, code, name FROM neighbourhood WHERE municipality_id = $1 ORDER BY name, code`, municipalityID)
	if err != nil {
		return nil, errs.Wrap(err, errs.Internal, "listing neighbourhoods failed")
	}
	ns, err := pgx.CollectRows(rows, pgx.RowToStructByPos[geo.Neighbourhood])
	if err != nil {
		return nil, errs.Wrap(err, errs.Internal, "listing neighbourhoods failed")
	}
	return ns, nil
}

// fieldSelect reads the list's tickets; $1 is the municipality, $2 the
// language, and $area and $where are filled in by fieldTickets.
const fieldSelect = `
	SELECT t.id, t.reference, t.status, t.priority,
	       CASE $2 WHEN 'fr' THEN c.name_fr WHEN 'en' THEN c.name_en ELSE c.name_nl END,
	       t.description, coalesce(t.address_text, ''), coalesce(n.name, ''),
	       coalesce(CASE $2 WHEN 'fr' THEN tm.name_fr WHEN 'en' THEN tm.name_en ELSE tm.name_nl END, ''), coalesce(s.name, ''),
	       t.created_at, t.due_at, coalesce(to_char(t.planned_for, 'YYYY-MM-DD'), ''), coalesce(m.reference, ''),
	       ST_X(t.geom), ST_Y(t.geom), ST_X(t.geom_3857), ST_Y(t.geom_3857), $distance, count(*) OVER ()
	FROM ticket t
	JOIN category c ON c.municipality_id = t.municipality_id AND c.id = t.category_id
	LEFT JOIN neighbourhood n ON n.municipality_id = t.municipality_id AND n.id = t.neighbourhood_id
	LEFT JOIN team tm ON tm.municipality_id = t.municipality_id AND tm.id = t.team_id
	LEFT JOIN staff s ON s.municipality_id = t.municipality_id AND s.id = t.assignee_id
	LEFT JOIN ticket m ON m.municipality_id = t.municipality_id AND m.id = t.duplicate_of
	WHERE t.municipality_id = $1 AND $area AND $where
	ORDER BY t.status IN ('resolved', 'closed', 'rejected', 'duplicate'), t.created_at DESC, t.id DESC
	LIMIT $cap`

// fieldFilter narrows the list as the form asks.
type fieldFilter struct {
	categories []string // codes; empty: all
	status     string   // "", "open" or "closed"
	from, to   *time.Time
}

// closedStatuses are the statuses of tickets that need no more work.
var closedStatuses = func() []string {
	var out []string
	for _, s := range []ticketing.Status{ticketing.StatusNew, ticketing.StatusTriaged, ticketing.StatusAssigned,
		ticketing.StatusInProgress, ticketing.StatusWaiting, ticketing.StatusResolved, ticketing.StatusClosed,
		ticketing.StatusRejected, ticketing.StatusDuplicate} {
		if !s.Open() {
			out = append(out, string(s))
		}
	}
	return out
}()

// fieldTickets lists the tickets in area that pass f, open ones first and
// then the newest, at most fieldCap; total is how many passed. The area
// conditions go through the Web Mercator point's index: a box around the
// point or the neighbourhood first, the exact test after.
func (h *Handler) fieldTickets(ctx context.Context, municipalityID int, lang string, a *fieldArea, f fieldFilter) (ts []*fieldTicket, total int, err error) {
	args := []any{municipalityID, lang}
	param := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	var area, distance string
	if a.Neighbourhood != nil {
		area = "ST_Intersects(t.geom_3857, (SELECT ST_Transform(geom, 3857) FROM neighbourhood WHERE municipality_id = $1 AND id = " +
			param(a.Neighbourhood.ID) + "))"
		distance = "NULL::float8"
	} else {
		x, y, r := param(a.Lon), param(a.Lat), param(float64(a.Radius))
		point := "ST_SetSRID(ST_MakePoint(" + x + "::float8, " + y + "::float8), 4326)"
		// A Web Mercator metre is 1/cos(latitude) metres on the ground.
		area = "t.geom_3857 && ST_Expand(ST_Transform(" + point + ", 3857), " + r + "::float8 / cos(radians(" + y + "::float8)))" +
			" AND ST_DWithin(t.geom::geography, " + point + "::geography, " + r + "::float8)"
		distance = "ST_Distance(t.geom::geography, " + point + "::geography)"
	}
	where := []string{"true"}
	if len(f.categories) > 0 {
		where = append(where, "c.code = ANY("+param(f.categories)+"::text[])")
	}
	switch f.status {
	case "open":
		where = append(where, "NOT t.status = ANY("+param(closedStatuses)+"::text[])")
	case "closed":
		where = append(where, "t.status = ANY("+param(closedStatuses)+"::text[])")
	}
	if f.from != nil {
		where = append(where, "t.created_at >= "+param(*f.from))
	}
	if f.to != nil {
		where = append(where, "t.created_at < "+param(*f.to))
	}
	sql := strings.NewReplacer("$area", area, "$where", strings.Join(where, " AND "), "$distance", distance,
		"$cap", param(fieldCap)).Replace(fieldSelect)
	rows, err := h.pool.Query(ctx, sql, args...)
	if err != nil {
		return nil, 0, errs.Wrap(err, errs.Internal, "listing the tickets around the place failed")
	}
	ts, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (*fieldTicket, error) {
		var t fieldTicket
		err := r.Scan(&t.id, &t.Reference, &t.Status, &t.Priority, &t.Category, &t.Description, &t.Address, &t.Neighbourhood,
			&t.Team, &t.Assignee, &t.CreatedAt, &t.DueAt, &t.PlannedFor, &t.Master,
			&t.Lon, &t.Lat, &t.x, &t.y, &t.DistanceM, &total)
		return &t, err
	})
	if err != nil {
		return nil, 0, errs.Wrap(err, errs.Internal, "listing the tickets around the place failed")
	}
	for i, t := range ts {
		t.N = i + 1
	}
	return ts, total, h.fieldLinks(ctx, municipalityID, lang, ts)
}

// fieldLinks reads the listed tickets' histories, the duplicates merged
// into them and how many people follow them, in three indexed reads.
func (h *Handler) fieldLinks(ctx context.Context, municipalityID int, lang string, ts []*fieldTicket) error {
	if len(ts) == 0 {
		return nil
	}
	ids := make([]int64, len(ts))
	byID := make(map[int64]*fieldTicket, len(ts))
	for i, t := range ts {
		ids[i], byID[t.id] = t.id, t
	}
	fail := func(err error) error { return errs.Wrap(err, errs.Internal, "reading the tickets' histories failed") }

	rows, err := h.pool.Query(ctx, `
		SELECT e.ticket_id, e.kind, e.visibility = 'internal', coalesce(st.name, ''),
		       coalesce(e.from_status, ''), coalesce(e.to_status, ''), e.body, coalesce(e.data->>'planned_for', ''),
		       coalesce(mt.reference, e.data->>'master_reference', ''), coalesce(e.data->>'merged', ''),
		       coalesce(CASE $3 WHEN 'fr' THEN tm.name_fr WHEN 'en' THEN tm.name_en ELSE tm.name_nl END, ''),
		       coalesce(asg.name, ''), e.created_at
		FROM ticket_event e
		LEFT JOIN staff st ON st.municipality_id = e.municipality_id AND st.id = e.author_staff_id
		LEFT JOIN ticket mt ON mt.municipality_id = e.municipality_id
		     AND mt.id = CASE WHEN e.data->>'duplicate_of' ~ '^[0-9]{1,18}$' THEN (e.data->>'duplicate_of')::bigint END
		LEFT JOIN team tm ON tm.municipality_id = e.municipality_id
		     AND tm.id = CASE WHEN e.data->>'team_id' ~ '^[0-9]{1,9}$' THEN (e.data->>'team_id')::int END
		LEFT JOIN staff asg ON asg.municipality_id = e.municipality_id
		     AND asg.id = CASE WHEN e.data->>'assignee_id' ~ '^[0-9]{1,9}$' THEN (e.data->>'assignee_id')::int END
		WHERE e.municipality_id = $1 AND e.ticket_id = ANY($2)
		ORDER BY e.ticket_id, e.created_at, e.id`, municipalityID, ids, lang)
	if err != nil {
		return fail(err)
	}
	var id int64
	var e fieldEvent
	_, err = pgx.ForEachRow(rows, []any{&id, &e.Kind, &e.Internal, &e.Author, &e.FromStatus, &e.ToStatus, &e.Body,
		&e.PlannedFor, &e.MergedInto, &e.Merged, &e.Team, &e.Assignee, &e.At}, func() error {
		byID[id].Events = append(byID[id].Events, e)
		return nil
	})
	if err != nil {
		return fail(err)
	}

	rows, err = h.pool.Query(ctx, `
		SELECT duplicate_of, reference FROM ticket
		WHERE municipality_id = $1 AND duplicate_of = ANY($2) ORDER BY reference`, municipalityID, ids)
	if err != nil {
		return fail(err)
	}
	var ref string
	_, err = pgx.ForEachRow(rows, []any{&id, &ref}, func() error {
		byID[id].Duplicates = append(byID[id].Duplicates, ref)
		return nil
	})
	if err != nil {
		return fail(err)
	}

	rows, err = h.pool.Query(ctx, `
		SELECT ticket_id, count(*) FROM ticket_follower
		WHERE municipality_id = $1 AND ticket_id = ANY($2) GROUP BY ticket_id`, municipalityID, ids)
	if err != nil {
		return fail(err)
	}
	var n int
	_, err = pgx.ForEachRow(rows, []any{&id, &n}, func() error {
		byID[id].Followers = n
		return nil
	})
	if err != nil {
		return fail(err)
	}
	return nil
}
