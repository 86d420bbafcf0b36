package areas

import (
	"context"
	"encoding/json"
	"time"

	"github.com/jackc/pgx/v5"
)

// cluster runs DBSCAN over each partition and fills out. The points are
// read once, at most MaxPoints+1 of them: past the limit nothing is
// clustered and the request is refused.
func (s *Service) cluster(ctx context.Context, tx pgx.Tx, sc *scope, parts []partition, all []category, out *ClusterMap) error {
	var cats, mins, partIDs []int32
	var eps []float64
	for _, p := range parts {
		for _, c := range p.categories {
			cats = append(cats, int32(c.id))
			eps = append(eps, p.params.EpsMetres*sc.crs.perMetre)
			mins = append(mins, int32(p.params.MinPoints))
			partIDs = append(partIDs, int32(p.id))
		}
	}
	var a sqlArgs
	params := "unnest(" + a.add(cats) + "::int[], " + a.add(eps) + "::float8[], " + a.add(mins) + "::int[], " + a.add(partIDs) + "::int[])"
	srid := a.add(sc.crs.srid) + "::int"
	where := sc.ticketWhere(&a, mappedQualities)
	limit := a.add(s.limits.MaxPoints)
	mun := a.add(sc.municipality)
	// ST_ClusterDBSCAN reads eps and minpoints from a partition's first
	// row; every row of a partition carries the same ones. Clusters are
	// summed up in one pass, per category first: counts, times, the sum of
	// the coordinates for the centroid and the hull of each category's
	// points, whose hulls make the cluster's.
	rows, err := tx.Query(ctx, `
		WITH params (category_id, eps, min_points, part) AS (SELECT * FROM `+params+`),
		pts AS MATERIALIZED (
		    SELECT t.category_id, t.created_at, ST_Transform(t.geom, `+srid+`) AS g, p.eps, p.min_points, p.part
		      FROM ticket t JOIN params p ON p.category_id = t.category_id
		     WHERE `+where+`
		     LIMIT `+limit+` + 1),
		total AS (SELECT count(*) AS n FROM pts),
		labelled AS (
		    SELECT part, category_id, created_at, g, ST_ClusterDBSCAN(g, eps, min_points) OVER (PARTITION BY part) AS cid
		      FROM pts WHERE (SELECT n FROM total) <= `+limit+`),
		members AS (
		    SELECT part, cid, category_id, count(*) AS n, min(created_at) AS first_seen, max(created_at) AS last_seen,
		           sum(ST_X(g)) AS sx, sum(ST_Y(g)) AS sy, ST_ConvexHull(ST_Collect(g)) AS hull
		      FROM labelled WHERE cid IS NOT NULL GROUP BY part, cid, category_id),
		found AS (
		    SELECT part, sum(n)::int AS n, min(first_seen) AS first_seen, max(last_seen) AS last_seen,
		           ST_Transform(ST_ConvexHull(ST_Collect(hull)), 4326) AS hull,
		           ST_Transform(ST_SetSRID(ST_MakePoint(sum(sx) / sum(n), sum(sy) / sum(n)), `+srid+`), 4326) AS centre,
		           array_agg(category_id ORDER BY n DESC, category_id) AS cats, array_agg(n ORDER BY n DESC, category_id) AS ns
		      FROM members GROUP BY part, cid)
		SELECT total.n, f.part, f.n, f.first_seen, f.last_seen, ST_AsGeoJSON(f.hull, 7), ST_X(f.centre), ST_Y(f.centre),
		       nb.code, nb.name, f.cats, f.ns
		  FROM total
		  LEFT JOIN found f ON true
		  LEFT JOIN LATERAL (
		      SELECT n.code, n.name FROM neighbourhood n
		       WHERE n.municipality_id = `+mun+` AND ST_Intersects(n.geom, f.centre) ORDER BY n.id LIMIT 1) nb ON true
		 ORDER BY f.n DESC, f.first_seen, f.part`, a...)
	if err != nil {
		return err
	}
	byPart := map[int]partition{}
	for _, p := range parts {
		byPart[p.id] = p
	}
	codeOf := map[int32]string{}
	for _, c := range all {
		codeOf[int32(c.id)] = c.code
	}
	var (
		part           *int
		n              *int
		first, last    *time.Time
		hull           []byte
		lon, lat       *float64
		nbCode, nbName *string
		catIDs         []int32
		catTickets     []int64
	)
	_, err = pgx.ForEachRow(rows, []any{&out.Tickets, &part, &n, &first, &last, &hull, &lon, &lat, &nbCode, &nbName, &catIDs, &catTickets}, func() error {
		if n == nil { // the total alone: nothing clustered
			return nil
		}
		p := byPart[*part]
		c := Cluster{ID: len(out.Clusters) + 1, Tickets: *n, Centroid: [2]float64{*lon, *lat},
			FirstSeen: *first, LastSeen: *last, EpsMetres: p.params.EpsMetres, MinPoints: p.params.MinPoints,
			hull: json.RawMessage(hull)}
		if p.id != 0 {
			c.Category = codeOf[int32(p.id)]
		}
		for i, id := range catIDs {
			c.Categories = append(c.Categories, CategoryCount{Code: codeOf[id], Tickets: int(catTickets[i])})
		}
		if nbCode != nil {
			c.Neighbourhood = &Place{Code: *nbCode, Name: *nbName}
		}
		out.Clustered += c.Tickets
		out.Clusters = append(out.Clusters, c)
		return nil
	})
	if err != nil {
		return err
	}
	if out.Tickets > s.limits.MaxPoints {
		return tooLarge("clustering would read more than %d tickets, the limit: choose a shorter period or fewer categories",
			s.limits.MaxPoints)
	}
	return nil
}
