package tiles

import (
	"context"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgxpool"
)

// where builds the ticket conditions of f, appending their values to
// args; status names the status column (of the ticket or the base cell).
func (f filter) where(args *[]any, status string) string {
	var c []string
	add := func(cond string, v any) {
		*args = append(*args, v)
		c = append(c, strings.ReplaceAll(cond, "$?", "$"+strconv.Itoa(len(*args))))
	}
	if len(f.statuses) > 0 {
		add(status+" = ANY($?)", f.statuses)
	}
	if len(f.categories) > 0 {
		add("c.code = ANY($?)", f.categories)
	}
	if f.from != nil {
		add("t.created_at >= $?", *f.from)
	}
	if f.to != nil {
		add("t.created_at < $?", *f.to)
	}
	if f.team != "" {
		add("t.team_id = (SELECT id FROM team WHERE municipality_id = t.municipality_id AND code = $?)", f.team)
	}
	if len(c) == 0 {
		return "true"
	}
	return strings.Join(c, " AND ")
}

// pointsSQL is a tile of tickets as points: small public attributes, and
// for staff the team. Newest first up to the cap, so a crowded tile shows
// what is current.
const pointsSQL = `
	SELECT ST_AsMVT(q, $layer, 4096, 'geom', 'fid') FROM (
		SELECT ST_AsMVTGeom(shown.p, ST_TileEnvelope($1, $2, $3), 4096, 64, true) AS geom,
		       t.id AS fid, t.reference, c.code AS category, t.status,
		       CASE WHEN t.created_at > now() - interval '7 days' THEN 'week'
		            WHEN t.created_at > now() - interval '30 days' THEN 'month'
		            WHEN t.created_at > now() - interval '365 days' THEN 'year'
		            ELSE 'older' END AS age
		       $staff
		FROM ticket t
		JOIN category c ON c.municipality_id = t.municipality_id AND c.id = t.category_id
		$join
		CROSS JOIN LATERAL (SELECT $point AS p) shown
		WHERE t.municipality_id = $4 AND t.geom_3857 && ST_Expand(ST_TileEnvelope($1, $2, $3, margin => $edge), $reach)
		  $shown AND $where
		ORDER BY t.created_at DESC
		LIMIT $5) q`

// levelCells selects the cells of a level within a range, with the
// pending deltas added; its arguments name the parameters holding the
// municipality, the level and the range [x0, x1) × [y0, y1), and
// category codes to keep (none: "", every category).
func levelCells(m, level, x0, x1, y0, y1, categories string) string {
	only := ""
	if categories != "" {
		// Ids, not a join on codes, so the category index narrows the scan.
		only = "AND category_id = ANY((SELECT array_agg(id) FROM category WHERE municipality_id = " + m + " AND code = ANY(" + categories + "))::integer[])"
	}
	return strings.NewReplacer("$m", m, "$level", level, "$x0", x0, "$x1", x1, "$y0", y0, "$y1", y1, "$only", only).Replace(`
	SELECT cx, cy, category_id, status, tickets FROM ticket_cell
	WHERE municipality_id = $m AND level = $level AND cx >= $x0 AND cx < $x1 AND cy >= $y0 AND cy < $y1 AND tickets > 0 $only
	UNION ALL
	SELECT cx >> $level, cy >> $level, category_id, status, delta FROM ticket_map_delta
	WHERE municipality_id = $m AND cx IS NOT NULL
	  AND cx >> $level >= $x0 AND cx >> $level < $x1 AND cy >> $level >= $y0 AND cy >> $level < $y1`)
}

// cellsSQL is a tile of aggregates from the base cells: per cell of the
// tile's 64×64 grid its count, open count and most frequent category.
func cellsSQL(categories string) string {
	return `
	WITH c AS (
		SELECT k.cx >> $5 AS gx, k.cy >> $5 AS gy, k.category_id, k.status, k.tickets
		FROM (` + levelCells("$4", "$12", "$6", "$7", "$8", "$9", categories) + `) k
		JOIN category c ON c.municipality_id = $4 AND c.id = k.category_id
		WHERE $where),
	g AS (SELECT gx, gy, sum(tickets) AS n, sum(tickets) FILTER (WHERE status = ANY($10)) AS open FROM c
	      GROUP BY gx, gy HAVING sum(tickets) > 0),
	d AS (SELECT DISTINCT ON (gx, gy) gx, gy, category_id FROM (
	        SELECT gx, gy, category_id, sum(tickets) AS n FROM c GROUP BY gx, gy, category_id) x
	      ORDER BY gx, gy, n DESC, category_id)
	SELECT ST_AsMVT(q, $layer, 4096, 'geom') FROM (
		SELECT ST_AsMVTGeom(ST_Point(-20037508.342789244 + (g.gx + 0.5) * $11, 20037508.342789244 - (g.gy + 0.5) * $11, 3857),
		                    ST_TileEnvelope($1, $2, $3), 4096, 0, true) AS geom,
		       g.n::int AS count, coalesce(g.open, 0)::int AS open, cat.code AS category
		FROM g JOIN d USING (gx, gy)
		JOIN category cat ON cat.municipality_id = $4 AND cat.id = d.category_id) q`
}

// totalCells selects the totals of a level's cells within a range, with
// the pending deltas added; parameters as in levelCells.
func totalCells(m, level, x0, x1, y0, y1 string) string {
	return strings.NewReplacer("$m", m, "$level", level, "$x0", x0, "$x1", x1, "$y0", y0, "$y1", y1).Replace(`
	SELECT cx, cy, tickets, open, top_category_id, top_open_category_id FROM ticket_cell_total
	WHERE municipality_id = $m AND level = $level AND cx >= $x0 AND cx < $x1 AND cy >= $y0 AND cy < $y1 AND tickets > 0
	UNION ALL
	SELECT cx >> $level, cy >> $level, delta, CASE WHEN loket_open_status(status) THEN delta ELSE 0 END, NULL, NULL
	FROM ticket_map_delta
	WHERE municipality_id = $m AND cx IS NOT NULL
	  AND cx >> $level >= $x0 AND cx >> $level < $x1 AND cy >> $level >= $y0 AND cy >> $level < $y1`)
}

// totalsSQL is a tile of aggregates from the cell totals, for all
// tickets or the open ones ($count and $top name the columns): a level
// as fine as the tile's 64×64 grid, so one row per grid cell, except at
// the lowest zooms, where a grid cell takes the top category of its
// largest part.
var totalsSQL = `
	WITH g AS (
		SELECT cx >> $5 AS gx, cy >> $5 AS gy, sum(tickets) AS tickets, sum(open) AS open,
		       (array_agg(top_category_id ORDER BY tickets DESC) FILTER (WHERE top_category_id IS NOT NULL))[1] AS top_category_id,
		       (array_agg(top_open_category_id ORDER BY open DESC) FILTER (WHERE top_open_category_id IS NOT NULL))[1] AS top_open_category_id
		FROM (` + totalCells("$4", "$10", "$6", "$7", "$8", "$9") + `) k
		GROUP BY 1, 2)
	SELECT ST_AsMVT(q, $layer, 4096, 'geom') FROM (
		SELECT ST_AsMVTGeom(ST_Point(-20037508.342789244 + (g.gx + 0.5) * $11, 20037508.342789244 - (g.gy + 0.5) * $11, 3857),
		                    ST_TileEnvelope($1, $2, $3), 4096, 0, true) AS geom,
		       g.$count::int AS count, g.open::int AS open, cat.code AS category
		FROM g LEFT JOIN category cat ON cat.municipality_id = $4 AND cat.id = g.$top
		WHERE g.$count > 0) q`

// liveCellsSQL aggregates straight from the tickets, for filters the
// base cells do not keep (dates, team).
const liveCellsSQL = `
	WITH c AS (
		SELECT k.cx >> $5 AS gx, k.cy >> $5 AS gy, t.category_id, t.status, 1 AS tickets
		FROM ticket t JOIN category c ON c.municipality_id = t.municipality_id AND c.id = t.category_id
		CROSS JOIN LATERAL loket_cell(t.geom_3857) k
		WHERE t.municipality_id = $4 AND t.geom_3857 && ST_TileEnvelope($1, $2, $3)
		  AND k.cx >= $6 AND k.cx < $7 AND k.cy >= $8 AND k.cy < $9 AND $12::int = 0 AND $where),`

// neighbourhoodsSQL is a tile of the neighbourhoods with their open
// tickets, and open tickets per 1,000 residents.
const neighbourhoodsSQL = `
	SELECT ST_AsMVT(q, 'neighbourhoods', 4096, 'geom') FROM (
		SELECT ST_AsMVTGeom(ST_Transform(n.geom, 3857), ST_TileEnvelope($1, $2, $3), 4096, 64, true) AS geom,
		       n.code, n.name, coalesce(o.open, 0)::int AS open,
		       round(1000.0 * coalesce(o.open, 0) / nullif(r.residents, 0), 2)::float8 AS open_per_1000
		FROM neighbourhood n
		LEFT JOIN (SELECT neighbourhood_id, sum(tickets) AS open FROM (
		               SELECT neighbourhood_id, status, tickets FROM ticket_nbh WHERE municipality_id = $4
		               UNION ALL
		               SELECT neighbourhood_id, status, delta FROM ticket_map_delta WHERE municipality_id = $4) x
		           WHERE status = ANY($5) GROUP BY neighbourhood_id) o ON o.neighbourhood_id = n.id
		LEFT JOIN (SELECT a.neighbourhood_id, count(*) AS residents FROM resident re
		           JOIN address a ON a.municipality_id = re.municipality_id AND a.id = re.address_id
		           WHERE re.municipality_id = $4 GROUP BY a.neighbourhood_id) r ON r.neighbourhood_id = n.id
		WHERE n.municipality_id = $4 AND ST_Transform(n.geom, 3857) && ST_TileEnvelope($1, $2, $3)) q`

// hotspotsSQL is a tile of the hotspot map: hexagons with their count,
// Gi* z-score, confidence bin and emerging pattern.
const hotspotsSQL = `
	SELECT ST_AsMVT(q, 'hotspots', 4096, 'geom') FROM (
		SELECT ST_AsMVTGeom(h.geom, ST_TileEnvelope($1, $2, $3), 4096, 64, true) AS geom,
		       h.tickets, round(h.z::numeric, 2)::float8 AS z, h.bin, h.pattern,
		       h.period_from::text AS period_from, h.period_to::text AS period_to
		FROM hotspot_hexagon h
		WHERE h.municipality_id = $4 AND h.geom && ST_TileEnvelope($1, $2, $3, margin => 64.0 / 4096)) q`

// render builds one tile in PostGIS: points where the tile holds few
// enough tickets, grid aggregates where it does not.
func render(ctx context.Context, pool *pgxpool.Pool, municipalityID int, layer string, t Tile, f filter) ([]byte, error) {
	args := []any{t.Z, t.X, t.Y, municipalityID}
	var sql string
	switch {
	case layer == "neighbourhoods":
		sql = neighbourhoodsSQL
		args = append(args, openStatuses)
	case layer == "hotspots":
		sql = hotspotsSQL
	default:
		points, err := fewEnough(ctx, pool, municipalityID, t, f)
		if err != nil {
			return nil, err
		}
		if points {
			sql = pointsQuery(layer, t, f, &args)
		} else {
			sql = cellsQuery(layer, t, f, &args)
		}
	}
	var mvt []byte
	err := pool.QueryRow(ctx, sql, args...).Scan(&mvt)
	return mvt, err
}

// cellRange is the base cells of tile t, as [x0, x1) × [y0, y1).
func cellRange(t Tile) (x0, x1, y0, y1 int) {
	if t.Z > 20 {
		x, y := t.X>>(t.Z-20), t.Y>>(t.Z-20)
		return x, x + 1, y, y + 1
	}
	side := 1 << (20 - t.Z)
	return t.X * side, (t.X + 1) * side, t.Y * side, (t.Y + 1) * side
}

// fewEnough says whether tile t is to show points: from RawZoom on, when
// it holds at most RawCap tickets (counted on the base cells, or on the
// tickets themselves, up to the cap, for filters the cells do not keep).
func fewEnough(ctx context.Context, pool *pgxpool.Pool, municipalityID int, t Tile, f filter) (bool, error) {
	if t.Z < RawZoom {
		return false, nil
	}
	if t.Z > 20 {
		return true, nil
	}
	var args []any
	var sql string
	if count, ok := f.totalled(); ok {
		// The level whose cells are the tile's size.
		level := 20 - t.Z
		x0, _, y0, _ := cellRange(t)
		args = []any{municipalityID, level, x0 >> level, (x0 >> level) + 1, y0 >> level, (y0 >> level) + 1}
		sql = `SELECT coalesce(sum(k.` + count + `), 0) FROM (` + totalCells("$1", "$2", "$3", "$4", "$5", "$6") + `) k`
	} else if f.summarised() {
		// The coarsest level whose cells still nest in the tile.
		level := min(8, (20-t.Z)&^1)
		x0, x1, y0, y1 := cellRange(t)
		args = []any{municipalityID, level, x0 >> level, x1 >> level, y0 >> level, y1 >> level}
		categories := ""
		if len(f.categories) > 0 {
			args, categories = append(args, f.categories), "$7"
		}
		sql = `SELECT coalesce(sum(k.tickets), 0) FROM (` + levelCells("$1", "$2", "$3", "$4", "$5", "$6", categories) + `) k
			JOIN category c ON c.municipality_id = $1 AND c.id = k.category_id
			WHERE ` + f.where(&args, "k.status")
	} else {
		args = []any{t.Z, t.X, t.Y, municipalityID, RawCap + 1}
		sql = `SELECT count(*) FROM (SELECT FROM ticket t JOIN category c ON c.municipality_id = t.municipality_id AND c.id = t.category_id
			WHERE t.municipality_id = $4 AND t.geom_3857 && ST_TileEnvelope($1, $2, $3) AND ` + f.where(&args, "t.status") + ` LIMIT $5) x`
	}
	var n int
	err := pool.QueryRow(ctx, sql, args...).Scan(&n)
	return n <= RawCap, err
}

// publicHome and publicPoint put a ticket at its reporter's registered
// home (looked up only for tickets with an address and a reporter) on
// the public map at the centre of its level-2 cell (about 150 m
// of Web Mercator, 100 m on the ground here), as Open311 rounds it: a map
// must not say where someone lives. The cell nests in every tile up to
// zoom 18, so the point stays in its tile there; above, a tile reads one
// cell around itself. The look-ups are scalar subqueries, one index read
// per reporter: as EXISTS, the planner hashed the whole register for
// every tile (15 ms of a 100 ms tile at ten million tickets). A reporter
// not found gives NULL, which CASE takes as not at home, like false.
const (
	publicHome = `CROSS JOIN LATERAL (SELECT t.address_id IS NOT NULL AND (
		t.reporter_resident_id IS NOT NULL AND (SELECT r.address_id = t.address_id FROM resident r
		          WHERE r.municipality_id = t.municipality_id AND r.id = t.reporter_resident_id)
		OR t.reporter_citizen_id IS NOT NULL AND (SELECT r.address_id = t.address_id FROM citizen ci
		          JOIN resident r ON r.municipality_id = ci.municipality_id AND r.id = ci.resident_id
		          WHERE ci.municipality_id = t.municipality_id AND ci.id = t.reporter_citizen_id))) h(home)`
	publicPoint = `CASE WHEN h.home THEN (SELECT ST_Point(-20037508.342789244 + ((k.cx >> 2) + 0.5) * 152.8740565703525,
		20037508.342789244 - ((k.cy >> 2) + 0.5) * 152.8740565703525, 3857) FROM loket_cell(t.geom_3857) k) ELSE t.geom_3857 END`
	homeCellZoom = 18                  // the last zoom whose tiles hold whole level-2 cells
	homeReach    = "152.8740565703525" // a level-2 cell's side
)

// pointMargin is how far around a tile its points are read: a quarter of
// the 64-pixel buffer, which is enough for the circles the style draws
// (radius 5 and a stroke) and keeps a tile beside a busy street from
// reading that street's tickets too.
const pointMargin = "16.0 / 4096"

func pointsQuery(layer string, t Tile, f filter, args *[]any) string {
	*args = append(*args, FeatureCap)
	sql := strings.NewReplacer("$where", f.where(args, "t.status"), "$layer", "'"+layer+"'").Replace(pointsSQL)
	staff, join, point, reach, shown := "", publicHome, publicPoint, "0", ""
	if t.Z > homeCellZoom {
		reach, shown = homeReach, "AND shown.p && ST_TileEnvelope($1, $2, $3, margin => $edge)"
	}
	if layer == "tickets_staff" {
		staff = ", coalesce(tm.code, '') AS team, t.priority"
		join = "LEFT JOIN team tm ON tm.municipality_id = t.municipality_id AND tm.id = t.team_id"
		point, reach = "t.geom_3857", "0"
	}
	sql = strings.NewReplacer("$staff", staff, "$join", join, "$point", point, "$reach", reach, "$shown", shown).Replace(sql)
	return strings.ReplaceAll(sql, "$edge", pointMargin)
}

// cellsQuery groups cells into the tile's 64×64 grid (at zoom 14 and
// above, the base cells themselves), reading the coarsest level of the
// totals, or for other filters of the pyramid, that is still as fine as
// the grid.
func cellsQuery(layer string, t Tile, f filter, args *[]any) string {
	shift := max(0, baseZoom-t.Z)
	if count, ok := f.totalled(); ok {
		level := min(8, shift)
		x0, x1, y0, y1 := cellRange(t)
		cell := worldMeters / float64(int(1)<<(20-shift))
		*args = append(*args, shift-level, x0>>level, x1>>level, y0>>level, y1>>level, level, cell)
		top := "top_category_id"
		if count == "open" {
			top = "top_open_category_id"
		}
		return strings.NewReplacer("$count", count, "$top", top, "$layer", "'"+layer+"'").Replace(totalsSQL)
	}
	level := min(8, shift&^1)
	if !f.summarised() {
		level = 0 // counted from the tickets, per base cell
	}
	x0, x1, y0, y1 := cellRange(t)
	cell := worldMeters / float64(int(1)<<(20-shift))
	*args = append(*args, shift-level, x0>>level, x1>>level, y0>>level, y1>>level, openStatuses, cell, level)
	head, status := cellsSQL(""), "k.status"
	switch {
	case !f.summarised():
		head, status = liveCellsSQL+head[strings.Index(head, "\tg AS"):], "t.status"
	case len(f.categories) > 0:
		*args = append(*args, f.categories)
		head = cellsSQL("$13")
	}
	return strings.NewReplacer("$where", f.where(args, status), "$layer", "'"+layer+"'").Replace(head)
}
