package areas

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"loket/internal/errs"
)

// scope is a Filter resolved against the database: ids instead of codes,
// and the coordinate system to measure in.
type scope struct {
	municipality  int
	from, to      time.Time
	categories    []category // the chosen ones; nil: every category
	neighbourhood int        // 0: the whole municipality
	crs           metric
}

// Geocode qualities whose point may stand on a map, and those that place a
// ticket at least in its neighbourhood (see the package comment).
var (
	mappedQualities  = []string{"address", "interpolated", "street", "point"}
	locatedQualities = append(mappedQualities[:len(mappedQualities):len(mappedQualities)], "neighbourhood")
)

// resolve checks f's codes against municipality's categories and
// neighbourhoods and finds its coordinate system.
func resolve(ctx context.Context, tx pgx.Tx, municipality int, f Filter) (*scope, error) {
	sc := &scope{municipality: municipality, from: f.From, to: f.To}
	var local int
	var lat *float64
	err := tx.QueryRow(ctx, `
		SELECT m.local_srid, ST_Y(ST_Centroid(coalesce(m.boundary::box2d,
		       (SELECT ST_Extent(n.geom) FROM neighbourhood n WHERE n.municipality_id = m.id))::geometry))
		  FROM municipality m WHERE m.id = $1`, municipality).Scan(&local, &lat)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, errs.E(errs.NotFound, "municipality %d is not known", municipality)
	}
	if err != nil {
		return nil, err
	}
	sc.crs = metricCRS(local, deref(lat))
	if len(f.Categories) > 0 {
		all, err := loadCategories(ctx, tx, municipality)
		if err != nil {
			return nil, err
		}
		if sc.categories, err = pickCategories(all, f.Categories); err != nil {
			return nil, err
		}
	}
	if f.Neighbourhood != "" {
		err := tx.QueryRow(ctx, `SELECT id FROM neighbourhood WHERE municipality_id = $1 AND code = $2`,
			municipality, f.Neighbourhood).Scan(&sc.neighbourhood)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil, errs.E(errs.Invalid, "there is no neighbourhood with code %q", f.Neighbourhood)
		}
		if err != nil {
			return nil, err
		}
	}
	return sc, nil
}

func deref(p *float64) float64 {
	if p == nil {
		return 0
	}
	return *p
}

// sqlArgs collects a statement's arguments and hands out their placeholders.
type sqlArgs []any

func (a *sqlArgs) add(v any) string {
	*a = append(*a, v)
	return "$" + strconv.Itoa(len(*a))
}

// ticketWhere is the condition on ticket t for the tickets in scope whose
// geocode quality is one of qualities.
func (sc *scope) ticketWhere(a *sqlArgs, qualities []string) string {
	conds := []string{
		"t.municipality_id = " + a.add(sc.municipality),
		"t.created_at >= " + a.add(sc.from),
		"t.created_at < " + a.add(sc.to),
		"t.geocode_quality = ANY(" + a.add(qualities) + "::text[])",
	}
	if sc.categories != nil {
		conds = append(conds, "t.category_id = ANY("+a.add(categoryIDs(sc.categories))+"::int[])")
	}
	if sc.neighbourhood != 0 {
		conds = append(conds, "t.neighbourhood_id = "+a.add(sc.neighbourhood))
	}
	return strings.Join(conds, " AND ")
}

// areaSQL is the study area in WGS84: the neighbourhood chosen, else the
// municipality's boundary, else the union of its neighbourhoods.
func (sc *scope) areaSQL(a *sqlArgs) string {
	m := a.add(sc.municipality)
	if sc.neighbourhood != 0 {
		return "(SELECT geom FROM neighbourhood WHERE municipality_id = " + m + " AND id = " + a.add(sc.neighbourhood) + ")"
	}
	return "coalesce((SELECT boundary FROM municipality WHERE id = " + m + "), " +
		"(SELECT ST_Multi(ST_Union(geom)) FROM neighbourhood WHERE municipality_id = " + m + "))"
}
