package areas

import (
	"context"
	"encoding/json"
	"time"

	"github.com/jackc/pgx/v5"

	"loket/analytics/hotspot"
	"loket/internal/errs"
)

// hexMap is the hexagons of a study area, in a fixed order.
type hexMap struct {
	grid  hexGrid
	hexes []hotspot.Hex
	shape []json.RawMessage // GeoJSON polygons in WGS84
	index map[hotspot.Hex]int
}

// Hexagon sizes a request may ask for, centre to corner in metres: below
// 50 m a hexagon is smaller than the uncertainty of most points.
const (
	DefaultSizeMetres = 250
	minSizeMetres     = 50
	maxSizeMetres     = 5000
)

// minInside is the share of a hexagon that must lie in the study area for
// the hexagon to be on the map; tickets in slivers below it count as outside.
const minInside = 0.01

func checkSize(metres float64) error {
	if !(metres >= minSizeMetres && metres <= maxSizeMetres) {
		return errs.E(errs.Invalid, "size must be %d to %d metres (centre to corner), got %g", minSizeMetres, maxSizeMetres, metres)
	}
	return nil
}

// newHexMap lays hexagons of sizeMetres over sc's study area, refusing
// maps of more than maxCells hexagons before building them.
func newHexMap(ctx context.Context, tx pgx.Tx, sc *scope, sizeMetres float64, maxCells int) (*hexMap, error) {
	m := &hexMap{grid: hexGrid{size: sizeMetres * sc.crs.perMetre}, index: map[hotspot.Hex]int{}}
	var a sqlArgs
	area := "ST_Transform(" + sc.areaSQL(&a) + ", " + a.add(sc.crs.srid) + "::int)"
	var w, h *float64
	if err := tx.QueryRow(ctx, `SELECT ST_XMax(b) - ST_XMin(b), ST_YMax(b) - ST_YMin(b) FROM (SELECT `+area+`::box2d AS b) x`,
		a...).Scan(&w, &h); err != nil {
		return nil, err
	}
	if w == nil {
		return nil, errs.E(errs.Conflict, "the municipality has neither a boundary nor neighbourhoods to lay hexagons over")
	}
	if n := m.grid.cellsOver(*w, *h); n > float64(maxCells) {
		return nil, tooLarge("hexagons of %g m would make about %.0f cells over this area; the limit is %d: choose larger hexagons or one neighbourhood",
			sizeMetres, n, maxCells)
	}
	size := a.add(m.grid.size) + "::float8"
	// A hexagon that merely touches the area, or overlaps it by a rounding
	// error after the area's trip through WGS84, would ring the map with
	// empty cells: one is on the map when at least minInside of it is
	// inside. Only hexagons on the area's edge need the overlay, and only
	// against the part of the area in their box.
	rows, err := tx.Query(ctx, `
		WITH area AS MATERIALIZED (SELECT `+area+` AS g)
		SELECT h.i, h.j, ST_AsGeoJSON(ST_Transform(h.geom, 4326), 7)
		  FROM area, ST_HexagonGrid(`+size+`, area.g) h
		 WHERE ST_Intersects(h.geom, area.g)
		   AND (ST_Within(h.geom, area.g)
		        OR ST_Area(ST_Intersection(ST_ClipByBox2D(area.g, h.geom::box2d), h.geom)) >= `+a.add(minInside)+` * ST_Area(h.geom))
		 ORDER BY h.i, h.j`, a...)
	if err != nil {
		return nil, err
	}
	var hex hotspot.Hex
	var shape []byte
	_, err = pgx.ForEachRow(rows, []any{&hex.I, &hex.J, &shape}, func() error {
		m.index[hex] = len(m.hexes)
		m.hexes = append(m.hexes, hex)
		m.shape = append(m.shape, json.RawMessage(shape))
		return nil
	})
	return m, err
}

// binTickets counts the tickets in scope per hexagon (into counts, by
// index) and returns how many fell outside every hexagon of the map. The
// database groups tickets on the same point and projects each point once;
// Go finds the hexagons.
func (m *hexMap) binTickets(ctx context.Context, tx pgx.Tx, sc *scope) (counts []int, outside int, err error) {
	var a sqlArgs
	where := sc.ticketWhere(&a, mappedQualities)
	// OFFSET 0 keeps the planner from copying the projection into both
	// ST_X and ST_Y.
	sql := `
		SELECT ST_X(g), ST_Y(g), n FROM (
		  SELECT ST_Transform(p.geom, ` + a.add(sc.crs.srid) + `::int) AS g, p.n
		    FROM (SELECT t.geom, count(*) AS n FROM ticket t WHERE ` + where + ` GROUP BY t.geom) p
		  OFFSET 0) q`
	counts = make([]int, len(m.hexes))
	outside, err = m.bin(ctx, tx, sql, a, func(cell, n int) { counts[cell] += n })
	return counts, outside, err
}

// binResidents counts the residents registered at an address in each
// hexagon; with a neighbourhood chosen, only that neighbourhood's.
func (m *hexMap) binResidents(ctx context.Context, tx pgx.Tx, sc *scope) ([]int, error) {
	var a sqlArgs
	mun := a.add(sc.municipality)
	nbh := ""
	if sc.neighbourhood != 0 {
		nbh = " AND a.neighbourhood_id = " + a.add(sc.neighbourhood)
	}
	sql := `
		SELECT ST_X(g), ST_Y(g), n FROM (
		  SELECT ST_Transform(a.geom, ` + a.add(sc.crs.srid) + `::int) AS g, r.n
		    FROM (SELECT address_id, count(*) AS n FROM resident
		           WHERE municipality_id = ` + mun + ` AND address_id IS NOT NULL GROUP BY address_id) r
		    JOIN address a ON a.municipality_id = ` + mun + ` AND a.id = r.address_id` + nbh + `
		  OFFSET 0) q`
	counts := make([]int, len(m.hexes))
	_, err := m.bin(ctx, tx, sql, a, func(cell, n int) { counts[cell] += n })
	return counts, err
}

// bin reads rows of (x, y, n) and hands each hexagon of the map its n;
// it returns the n of points outside the map.
func (m *hexMap) bin(ctx context.Context, tx pgx.Tx, sql string, args []any, add func(cell, n int)) (outside int, err error) {
	rows, err := tx.Query(ctx, sql, args...)
	if err != nil {
		return 0, err
	}
	var x, y float64
	var n int
	_, err = pgx.ForEachRow(rows, []any{&x, &y, &n}, func() error {
		if cell, ok := m.index[m.grid.cellOf(x, y)]; ok {
			add(cell, n)
		} else {
			outside += n
		}
		return nil
	})
	return outside, err
}

// binWeeks counts the tickets in scope per week (bounds, ascending) and
// hexagon: counts[week][cell], the oldest week first.
func (m *hexMap) binWeeks(ctx context.Context, tx pgx.Tx, sc *scope, bounds []time.Time) (counts [][]int, outside int, err error) {
	week := *sc
	week.from, week.to = bounds[0], bounds[len(bounds)-1]
	var a sqlArgs
	where := week.ticketWhere(&a, mappedQualities)
	sql := `
		SELECT ST_X(g), ST_Y(g), w, n FROM (
		  SELECT ST_Transform(p.geom, ` + a.add(sc.crs.srid) + `::int) AS g, p.w, p.n
		    FROM (SELECT t.geom, width_bucket(t.created_at, ` + a.add(bounds) + `::timestamptz[]) AS w, count(*) AS n
		            FROM ticket t WHERE ` + where + ` GROUP BY 1, 2) p
		  OFFSET 0) q`
	rows, err := tx.Query(ctx, sql, a...)
	if err != nil {
		return nil, 0, err
	}
	counts = make([][]int, len(bounds)-1)
	for w := range counts {
		counts[w] = make([]int, len(m.hexes))
	}
	var x, y float64
	var w, n int
	_, err = pgx.ForEachRow(rows, []any{&x, &y, &w, &n}, func() error {
		cell, ok := m.index[m.grid.cellOf(x, y)]
		if !ok || w < 1 || w > len(counts) {
			outside += n
			return nil
		}
		counts[w-1][cell] += n
		return nil
	})
	return counts, outside, err
}
