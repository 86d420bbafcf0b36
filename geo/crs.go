package geo

import (
	"context"
	"math"

	"github.com/jackc/pgx/v5/pgxpool"

	"loket/internal/errs"
)

// Coordinate systems Loket accepts: WGS84 lon/lat, Belgian Lambert 72 and
// Belgian Lambert 2008.
const (
	SRIDWGS84     = 4326
	SRIDLambert72 = 31370
	SRIDLambert08 = 3812
)

func checkSRID(srid int) error {
	switch srid {
	case SRIDWGS84, SRIDLambert72, SRIDLambert08:
		return nil
	}
	return errs.E(errs.Invalid, "coordinate system EPSG:%d is not supported; use 4326 (WGS84), 31370 (Lambert 72) or 3812 (Lambert 2008)", srid)
}

// ToWGS84 converts (x, y) in srid to lon/lat, with PostGIS doing the datum shift.
func ToWGS84(ctx context.Context, pool *pgxpool.Pool, x, y float64, srid int) (lon, lat float64, err error) {
	return transform(ctx, pool, x, y, srid, SRIDWGS84)
}

// FromWGS84 converts lon/lat to (x, y) in srid.
func FromWGS84(ctx context.Context, pool *pgxpool.Pool, lon, lat float64, srid int) (x, y float64, err error) {
	return transform(ctx, pool, lon, lat, SRIDWGS84, srid)
}

func transform(ctx context.Context, pool *pgxpool.Pool, x, y float64, from, to int) (float64, float64, error) {
	if err := checkSRID(from); err != nil {
		return 0, 0, err
	}
	if err := checkSRID(to); err != nil {
		return 0, 0, err
	}
	if math.IsNaN(x) || math.IsNaN(y) || math.IsInf(x, 0) || math.IsInf(y, 0) {
		return 0, 0, errs.E(errs.Invalid, "coordinates must be finite numbers")
	}
	if from == to {
		return x, y, nil
	}
	var ox, oy float64
	err := pool.QueryRow(ctx, `
		SELECT ST_X(t), ST_Y(t) FROM ST_Transform(ST_SetSRID(ST_MakePoint($1, $2), $3::int), $4::int) AS t`,
		x, y, from, to).Scan(&ox, &oy)
	if err != nil {
		return 0, 0, errs.Wrap(err, errs.Internal, "converting coordinates failed")
	}
	if math.IsNaN(ox) || math.IsNaN(oy) || math.IsInf(ox, 0) || math.IsInf(oy, 0) {
		return 0, 0, errs.E(errs.Invalid, "(%g, %g) lies outside the area EPSG:%d covers", x, y, from)
	}
	return ox, oy, nil
}
