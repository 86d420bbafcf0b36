package geo

import (
	"context"
	"fmt"
	"runtime"
	"sync"

	"github.com/jackc/pgx/v5"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"
)

// area is one neighbourhood drawn in the coordinate system of the rows
// being imported: its rings, each with its bounds.
type area struct {
	id    int32
	bound orb.Bound
	rings []ring
}

type ring struct {
	bound  orb.Bound
	points orb.Ring
}

// placeAddresses finds each row's neighbourhood. PostGIS draws the
// neighbourhoods in the rows' own coordinate systems, once per system, and
// the point-in-polygon tests run here, on every core, instead of one
// function call per point and polygon in the database: on a first load
// that was the largest part of the import. The lowest id wins where
// neighbourhoods overlap. A row in no neighbourhood keeps 0; the database
// tests it against the boundary.
func placeAddresses(ctx context.Context, tx pgx.Tx, municipality int, rows []addressRow) error {
	drawn := make(map[int][]area)
	for i := range rows {
		srid := rows[i].srid
		if _, ok := drawn[srid]; ok {
			continue
		}
		areas, err := drawAreas(ctx, tx, municipality, srid)
		if err != nil {
			return err
		}
		drawn[srid] = areas
	}
	workers := runtime.GOMAXPROCS(0)
	chunk := (len(rows) + workers - 1) / workers
	var wg sync.WaitGroup
	for start := 0; start < len(rows); start += chunk {
		part := rows[start:min(start+chunk, len(rows))]
		wg.Go(func() {
			for i := range part {
				r := &part[i]
				r.neighbourhood = areaOf(drawn[r.srid], orb.Point{r.x, r.y})
			}
		})
	}
	wg.Wait()
	return nil
}

func areaOf(areas []area, p orb.Point) int32 {
	for _, a := range areas {
		if a.bound.Contains(p) && a.contains(p) {
			return a.id
		}
	}
	return 0
}

// contains counts the rings around p: inside an odd number of them (an
// outer ring, or a hole's island) is inside. Unlike planar's tests, a
// ring's bounds are computed once, not for every point.
func (a *area) contains(p orb.Point) bool {
	in := false
	for _, r := range a.rings {
		if r.bound.Contains(p) && crosses(r.points, p) {
			in = !in
		}
	}
	return in
}

// crosses tells whether a ray from p to the east crosses the ring an odd
// number of times.
func crosses(r orb.Ring, p orb.Point) bool {
	odd := false
	for i, j := 0, len(r)-1; i < len(r); j, i = i, i+1 {
		a, b := r[i], r[j]
		if (a[1] > p[1]) != (b[1] > p[1]) && p[0] < (b[0]-a[0])*(p[1]-a[1])/(b[1]-a[1])+a[0] {
			odd = !odd
		}
	}
	return odd
}

// drawAreas reads the municipality's neighbourhoods in srid, by id.
func drawAreas(ctx context.Context, tx pgx.Tx, municipality, srid int) ([]area, error) {
	rows, err := tx.Query(ctx, `
		SELECT id, ST_AsBinary(ST_Multi(ST_Transform(geom, $2::integer)))
		FROM neighbourhood WHERE municipality_id = $1 ORDER BY id`, municipality, srid)
	if err != nil {
		return nil, err
	}
	var areas []area
	var id int32
	var shape []byte
	_, err = pgx.ForEachRow(rows, []any{&id, &shape}, func() error {
		g, err := wkb.Unmarshal(shape)
		if err != nil {
			return fmt.Errorf("neighbourhood %d: %w", id, err)
		}
		mp, ok := g.(orb.MultiPolygon)
		if !ok {
			return fmt.Errorf("neighbourhood %d is a %s", id, g.GeoJSONType())
		}
		a := area{id: id, bound: mp.Bound()}
		for _, polygon := range mp {
			for _, r := range polygon {
				a.rings = append(a.rings, ring{bound: r.Bound(), points: r})
			}
		}
		areas = append(areas, a)
		return nil
	})
	return areas, err
}
