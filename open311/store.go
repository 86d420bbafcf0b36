package open311

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// services reads the active categories, named in lang.
func services(ctx context.Context, pool *pgxpool.Pool, municipalityID int, lang, code string) ([]service, error) {
	rows, err := pool.Query(ctx, `
		SELECT c.code, CASE $2 WHEN 'fr' THEN c.name_fr WHEN 'en' THEN c.name_en ELSE c.name_nl END,
		       c.target_days, array_to_string(c.keywords, ','), jsonb_array_length(c.attributes) > 0,
		       coalesce(CASE $2 WHEN 'fr' THEN p.name_fr WHEN 'en' THEN p.name_en ELSE p.name_nl END, '')
		FROM category c LEFT JOIN category p ON p.municipality_id = c.municipality_id AND p.id = c.parent_id
		WHERE c.municipality_id = $1 AND c.active AND ($3 = '' OR c.code = $3)
		ORDER BY c.code`, municipalityID, lang, code)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (service, error) {
		var s service
		var days int
		err := r.Scan(&s.Code, &s.Name, &days, &s.Keywords, &s.Metadata, &s.Group)
		s.Type, s.Description = "realtime", targetText(lang, days)
		return s, err
	})
}

func targetText(lang string, days int) string {
	switch lang {
	case "fr":
		return fmt.Sprintf("Traité en %d jours en général.", days)
	case "en":
		return fmt.Sprintf("Usually handled within %d days.", days)
	}
	return fmt.Sprintf("Doorgaans binnen %d dagen behandeld.", days)
}

// query is a filter over requests, built from the spec's parameters.
type query struct {
	ids, codes             []string
	from, to               *time.Time // requested_datetime
	updatedAfter, updBefor *time.Time
	status                 string // open or closed
	near                   *[3]float64
	bbox                   *[4]float64
	page, pageSize         int
	lang                   string
	extensions             bool
}

// requestSelect reads tickets as public requests. Only the street of the
// address is shown, and a ticket at its reporter's registered home shows
// a point rounded to about 100 m: a request must not say where someone lives.
const requestSelect = `
	SELECT t.id, t.reference, t.status, c.code,
	       CASE $lang WHEN 'fr' THEN c.name_fr WHEN 'en' THEN c.name_en ELSE c.name_nl END,
	       t.description, coalesce(CASE $lang WHEN 'fr' THEN tm.name_fr WHEN 'en' THEN tm.name_en ELSE tm.name_nl END, ''),
	       c.target_days, t.created_at, t.updated_at, t.due_at, coalesce(t.media_url, ''),
	       coalesce(a.street_nl, ''), coalesce(a.id::text, ''), coalesce(a.postcode, ''),
	       CASE WHEN home THEN round(ST_Y(t.geom)::numeric, 3)::float8 ELSE ST_Y(t.geom) END,
	       CASE WHEN home THEN round(ST_X(t.geom)::numeric, 3)::float8 ELSE ST_X(t.geom) END,
	       coalesce((SELECT e.body FROM ticket_event e
	                 WHERE e.municipality_id = t.municipality_id AND e.ticket_id = t.id AND e.visibility = 'public'
	                   AND e.kind IN ('public_reply', 'status', 'planning') AND e.body <> ''
	                 ORDER BY e.created_at DESC, e.id DESC LIMIT 1), '')
	FROM ticket t
	JOIN category c ON c.municipality_id = t.municipality_id AND c.id = t.category_id
	LEFT JOIN team tm ON tm.municipality_id = t.municipality_id AND tm.id = t.team_id
	LEFT JOIN address a ON a.municipality_id = t.municipality_id AND a.id = t.address_id
	CROSS JOIN LATERAL (SELECT t.address_id IS NOT NULL AND t.address_id IN (
		SELECT r.address_id FROM resident r WHERE r.municipality_id = t.municipality_id
		  AND (r.id = t.reporter_resident_id OR r.id = (SELECT ci.resident_id FROM citizen ci
		       WHERE ci.municipality_id = t.municipality_id AND ci.id = t.reporter_citizen_id)))) h(home)`

// requests reads one page of requests matching q, newest first.
func requests(ctx context.Context, pool *pgxpool.Pool, municipalityID int, q query) ([]request, error) {
	conds := []string{"t.municipality_id = $1"}
	args := []any{municipalityID, q.lang}
	add := func(cond string, v any) {
		args = append(args, v)
		conds = append(conds, strings.ReplaceAll(cond, "$?", "$"+strconv.Itoa(len(args))))
	}
	if len(q.ids) > 0 {
		add("t.reference = ANY($?)", q.ids)
	}
	if len(q.codes) > 0 {
		add("c.code = ANY($?)", q.codes)
	}
	if q.from != nil {
		add("t.created_at >= $?", *q.from)
	}
	if q.to != nil {
		add("t.created_at <= $?", *q.to)
	}
	if q.updatedAfter != nil {
		add("t.updated_at > $?", *q.updatedAfter)
	}
	if q.updBefor != nil {
		add("t.updated_at < $?", *q.updBefor)
	}
	switch q.status {
	case "open":
		conds = append(conds, "t.status NOT IN ('resolved', 'closed', 'rejected', 'duplicate')")
	case "closed":
		conds = append(conds, "t.status IN ('resolved', 'closed', 'rejected', 'duplicate')")
	}
	if n := q.near; n != nil {
		// The box, in Mercator metres (stretched by 1/cos(lat)), uses the index; the distance is exact.
		add(`t.geom_3857 && ST_Expand(ST_Transform(ST_SetSRID(ST_MakePoint(($?::float8[])[2], ($?::float8[])[1]), 4326), 3857),
			($?::float8[])[3] / cos(radians(($?::float8[])[1])))
			AND ST_DWithin(t.geom::geography, ST_SetSRID(ST_MakePoint(($?::float8[])[2], ($?::float8[])[1]), 4326)::geography, ($?::float8[])[3])`, n[:])
	}
	if b := q.bbox; b != nil {
		add("t.geom_3857 && ST_Transform(ST_MakeEnvelope(($?::float8[])[1], ($?::float8[])[2], ($?::float8[])[3], ($?::float8[])[4], 4326), 3857)", b[:])
	}
	args = append(args, q.pageSize, (q.page-1)*q.pageSize)
	sql := strings.ReplaceAll(requestSelect, "$lang", "$2") + " WHERE " + strings.Join(conds, " AND ") +
		fmt.Sprintf(" ORDER BY t.created_at DESC, t.id DESC LIMIT $%d OFFSET $%d", len(args)-1, len(args))
	rows, err := pool.Query(ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	type row struct {
		id int64
		r  request
	}
	got, err := pgx.CollectRows(rows, func(cr pgx.CollectableRow) (row, error) {
		var x row
		var days int
		err := cr.Scan(&x.id, &x.r.ID, &x.r.Status, &x.r.ServiceCode, &x.r.ServiceName, &x.r.Description,
			&x.r.AgencyResponsible, &days, &x.r.Requested, &x.r.Updated, &x.r.Expected, &x.r.MediaURL,
			&x.r.Address, &x.r.AddressID, &x.r.Zipcode, &x.r.Lat, &x.r.Long, &x.r.StatusNotes)
		if q.extensions {
			x.r.Extended = &extended{DetailedStatus: x.r.Status}
		}
		x.r.Status = openOrClosed(x.r.Status)
		x.r.ServiceNotice = targetText(q.lang, days)
		return x, err
	})
	if err != nil {
		return nil, err
	}
	out := make([]request, len(got))
	ids := make([]int64, len(got))
	for i, x := range got {
		out[i], ids[i] = x.r, x.id
	}
	if !q.extensions || len(got) == 0 {
		return out, nil
	}
	byTicket, err := notes(ctx, pool, municipalityID, ids)
	if err != nil {
		return nil, err
	}
	for i, id := range ids {
		out[i].Extended.StatusNotes = byTicket[id]
	}
	return out, nil
}

func openOrClosed(status string) string {
	switch status {
	case "resolved", "closed", "rejected", "duplicate":
		return "closed"
	}
	return "open"
}

// notes is the public timeline of each ticket of ids, in one query.
func notes(ctx context.Context, pool *pgxpool.Pool, municipalityID int, ids []int64) (map[int64][]statusNote, error) {
	rows, err := pool.Query(ctx, `
		SELECT e.ticket_id, e.created_at, coalesce(e.to_status, ''), e.body FROM ticket_event e
		WHERE e.municipality_id = $1 AND e.ticket_id = ANY($2) AND e.visibility = 'public'
		  AND e.kind IN ('created', 'status', 'planning', 'public_reply', 'merge')
		ORDER BY e.ticket_id, e.created_at, e.id`, municipalityID, ids)
	if err != nil {
		return nil, err
	}
	out := make(map[int64][]statusNote, len(ids))
	var id int64
	var n statusNote
	_, err = pgx.ForEachRow(rows, []any{&id, &n.Datetime, &n.Status, &n.Note}, func() error {
		out[id] = append(out[id], n)
		return nil
	})
	return out, err
}
