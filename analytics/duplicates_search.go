package analytics

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
)

// search is one run of the candidate query: the probes (tickets or a
// draft) come from probe, a CTE body whose own arguments start at $11.
type search struct {
	municipality int
	probe        string
	args         []any
	rules        Rules
	sameOnly     bool // only the probe's own category (the baseline rule)
}

// pair is one candidate of one probe.
type pair struct {
	probe     int64
	candidate Candidate
	rule      Rule
}

// The probe CTEs: a ticket by id, every placed ticket created in a
// period, or a draft described by its arguments. Reporters are compared
// on the register id, the account, the e-mail (any case) or the phone
// (digits only). Comparing descriptions costs more than the rest of a
// candidate together, so a single probe leaves it out (with_text) and
// compares only the candidates whose rank may depend on it (addText).
const (
	ticketProbeSQL = `
	SELECT id, category_id, geom, geom_3857, created_at AS at, description, address_id, address_text,
	       reporter_resident_id AS resident_id, reporter_citizen_id AS citizen_id, lower(reporter_email) AS email,
	       nullif(regexp_replace(reporter_phone, '[^0-9]', '', 'g'), '') AS phone, false AS with_text
	FROM ticket WHERE municipality_id = $1 AND id = $11 AND geom IS NOT NULL`
	periodProbeSQL = `
	SELECT id, category_id, geom, geom_3857, created_at AS at, description, address_id, address_text,
	       reporter_resident_id AS resident_id, reporter_citizen_id AS citizen_id, lower(reporter_email) AS email,
	       nullif(regexp_replace(reporter_phone, '[^0-9]', '', 'g'), '') AS phone, true AS with_text
	FROM ticket WHERE municipality_id = $1 AND created_at >= $11 AND created_at < $12 AND geom IS NOT NULL`
	draftProbeSQL = `
	SELECT 0::bigint AS id, $11::int AS category_id, g.geom, ST_Transform(g.geom, 3857) AS geom_3857,
	       $12::timestamptz AS at, $13::text AS description, $14::bigint AS address_id, $15::text AS address_text,
	       $16::bigint AS resident_id, $17::bigint AS citizen_id, lower($18::text) AS email,
	       nullif(regexp_replace($19::text, '[^0-9]', '', 'g'), '') AS phone, false AS with_text
	FROM (SELECT ST_SetSRID(ST_MakePoint($20::float8, $21::float8), 4326) AS geom) g`
)

// candidatesSQL finds, for each probe, the tickets of its related
// categories within its category's radius that were created before it,
// were not already merged away, and were open or ended within the
// window at its time. The inner query stays one index scan per probe
// and category (OFFSET 0 keeps the planner from flattening it into a
// join over all categories at once), over the grid squares around the
// probe (see migration 00018); Web Mercator stretches ground distances
// by 1/cos(latitude).
const candidatesSQL = `,
rule AS (
	SELECT c.id, c.parent_id,
	       coalesce(o.radius_m, CASE WHEN NOT $8::bool THEN c.duplicate_radius_m END, $2)::float8 AS radius_m,
	       coalesce(o.window_days, CASE WHEN NOT $8::bool THEN c.duplicate_window_days END, $3) AS window_days,
	       coalesce(nullif(o.share, 0), CASE WHEN NOT $8::bool THEN c.duplicate_share END, $9)::float8 AS share
	FROM category c
	LEFT JOIN unnest($4::int[], $5::int[], $6::int[], $7::float8[]) AS o (id, radius_m, window_days, share) ON o.id = c.id
	WHERE c.municipality_id = $1),
related AS (
	SELECT a.id AS probe_category, b.id AS category_id
	FROM rule a JOIN rule b ON b.id = a.id
	  OR (NOT $10::bool AND (b.parent_id = a.id OR (a.parent_id IS NOT NULL AND (b.parent_id = a.parent_id OR b.id = a.parent_id)))))
SELECT p.id, t.id, t.reference, c.code, t.status, t.created_at, t.distance_m,
       extract(epoch FROM p.at - t.created_at)::float8 / 86400,
       t.category_id = p.category_id,
       CASE WHEN p.with_text THEN similarity(t.description, p.description) ELSE 0 END,
       ((p.resident_id IS NOT NULL AND t.reporter_resident_id = p.resident_id)
        OR (p.citizen_id IS NOT NULL AND t.reporter_citizen_id = p.citizen_id)
        OR (p.email IS NOT NULL AND lower(t.reporter_email) = p.email)
        OR (p.phone IS NOT NULL AND regexp_replace(t.reporter_phone, '[^0-9]', '', 'g') = p.phone)) IS TRUE,
       ((p.address_id IS NOT NULL AND t.address_id = p.address_id)
        OR (p.address_text IS NOT NULL AND lower(t.address_text) = lower(p.address_text))) IS TRUE,
       coalesce(t.resolved_at, t.closed_at, 'infinity') > p.at,
       r.radius_m, r.window_days, r.share
FROM probe p
JOIN rule r ON r.id = p.category_id
JOIN related k ON k.probe_category = p.category_id
JOIN LATERAL (
	SELECT t.id, t.reference, t.category_id, t.status, t.created_at, t.resolved_at, t.closed_at, t.description,
	       t.address_id, t.address_text, t.reporter_resident_id, t.reporter_citizen_id, t.reporter_email, t.reporter_phone,
	       ST_DistanceSphere(t.geom, p.geom) AS distance_m
	FROM ticket t
	WHERE t.category_id = k.category_id
	  AND loket_dup_cell(t.geom_3857) = ANY (loket_dup_cells(p.geom_3857, r.radius_m / cos(radians(ST_Y(p.geom)))))
	  AND coalesce(t.resolved_at, t.closed_at, 'infinity'::timestamptz) > p.at - make_interval(days => r.window_days)
	  AND t.geom_3857 IS NOT NULL
	  AND t.municipality_id = $1 AND t.created_at < p.at AND t.id <> p.id
	  AND NOT (t.status = 'duplicate' AND t.closed_at <= p.at)
	OFFSET 0) t ON t.distance_m <= r.radius_m
JOIN category c ON c.municipality_id = $1 AND c.id = t.category_id`

// run streams the pairs q finds to each. The query's arguments: $1 the
// municipality; $2, $3 the default radius and window; $4 to $7 the rules
// given per category; $8 whether to ignore the rules categories store; $9
// the default share of duplicates; $10 same category only; then the
// probe's own.
func (d *Duplicates) run(ctx context.Context, q search, each func(pair) error) error {
	def := q.rules.def()
	if def.Share == 0 {
		def.Share = d.model.Share
	}
	ids, radii, windows, shares := q.rules.arrays()
	args := append([]any{q.municipality, def.RadiusM, def.WindowDays, ids, radii, windows, shares, q.rules.Fixed,
		def.Share, q.sameOnly}, q.args...)
	rows, err := d.pool.Query(ctx, "WITH probe AS ("+q.probe+")"+candidatesSQL, args...)
	if err != nil {
		return err
	}
	var p pair
	c, f := &p.candidate, &p.candidate.features
	var radius float64
	_, err = pgx.ForEachRow(rows, []any{&p.probe, &c.ID, &c.Reference, &c.Category, &c.Status, &c.CreatedAt,
		&f.DistanceM, &f.AgeDays, &f.SameCategory, &f.TextSimilarity, &f.SameReporter, &f.SameAddress, &f.OpenThen,
		&radius, &p.rule.WindowDays, &p.rule.Share}, func() error {
		c.DistanceM, c.AgeDays, c.SameCategory = f.DistanceM, f.AgeDays, f.SameCategory
		p.rule.RadiusM, f.CategoryShare = int(radius), p.rule.Share
		return each(p)
	})
	return err
}

// period is the search over every placed ticket created in [from, to).
func period(municipality int, from, to time.Time, rules Rules) search {
	return search{municipality: municipality, probe: periodProbeSQL, args: []any{from, to}, rules: rules}
}
