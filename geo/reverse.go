package geo

import (
	"context"
	"errors"
	"math"

	"github.com/jackc/pgx/v5"

	"loket/internal/errs"
)

// MaxRadius bounds a reverse search, in metres.
const MaxRadius = 5000

// ReverseResult is what lies at a point: the nearest address within the
// radius (nil when none), and the neighbourhood containing the point.
type ReverseResult struct {
	Location
	Address        *Candidate `json:"address,omitempty"`
	DistanceMetres float64    `json:"distance_m,omitempty"`
}

// Reverse finds the address nearest (lon, lat) within radius metres.
func (g *Geocoder) Reverse(ctx context.Context, municipalityID int, lon, lat, radius float64) (ReverseResult, error) {
	var res ReverseResult
	if err := checkLonLat(lon, lat); err != nil {
		return res, err
	}
	if math.IsNaN(radius) || radius <= 0 || radius > MaxRadius {
		return res, errs.E(errs.Invalid, "radius must be more than 0 and at most %d metres", MaxRadius)
	}
	loc, err := g.locate(ctx, municipalityID, lon, lat)
	if err != nil {
		return res, err
	}
	if !loc.Inside {
		if err := g.checkSwapped(ctx, municipalityID, lon, lat); err != nil {
			return res, err
		}
	}
	res.Location = loc
	// KNN on the planar index picks the nearest few; the geography distance
	// then measures them in metres.
	var r addrRow
	var streetFR string
	err = g.pool.QueryRow(ctx, `
		SELECT a.id, a.street_nl, coalesce(a.street_fr, ''), a.house_number, a.box, a.postcode,
		       ST_X(a.geom), ST_Y(a.geom), coalesce(n.id, 0), coalesce(n.code, ''), coalesce(n.name, ''), a.d
		FROM (SELECT *, ST_Distance(geom::geography, ST_SetSRID(ST_MakePoint($2, $3), 4326)::geography) AS d
		      FROM address WHERE municipality_id = $1
		      ORDER BY geom <-> ST_SetSRID(ST_MakePoint($2, $3), 4326) LIMIT 8) a
		LEFT JOIN neighbourhood n ON n.municipality_id = a.municipality_id AND n.id = a.neighbourhood_id
		WHERE a.d <= $4
		ORDER BY a.d, a.id LIMIT 1`, municipalityID, lon, lat, radius).Scan(
		&r.id, &r.street, &streetFR, &r.number, &r.box, &r.postcode, &r.lon, &r.lat,
		&r.nbh.ID, &r.nbh.Code, &r.nbh.Name, &res.DistanceMetres)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return res, nil
	case err != nil:
		return res, errs.Wrap(err, errs.Internal, "reverse geocoding failed")
	}
	c := r.candidate(QualityAddress)
	c.StreetFR, c.Score = streetFR, 1
	res.Address = &c
	return res, nil
}

// checkLonLat rejects what cannot be a WGS84 position.
func checkLonLat(lon, lat float64) error {
	switch {
	case math.IsNaN(lon) || math.IsNaN(lat) || math.IsInf(lon, 0) || math.IsInf(lat, 0):
		return errs.E(errs.Invalid, "lon and lat must be finite numbers")
	case lon < -180 || lon > 180:
		if lat >= -180 && lat <= 180 && lon >= -90 && lon <= 90 {
			return errs.E(errs.Invalid, "lon %g is outside -180..180; are lon and lat swapped?", lon)
		}
		return errs.E(errs.Invalid, "lon %g is outside -180..180", lon)
	case lat < -90 || lat > 90:
		if lon >= -90 && lon <= 90 {
			return errs.E(errs.Invalid, "lat %g is outside -90..90; are lon and lat swapped? lon comes first", lat)
		}
		return errs.E(errs.Invalid, "lat %g is outside -90..90", lat)
	}
	return nil
}

// checkSwapped catches the commonest mistake, lat/lon order: a point outside
// the municipality whose swap falls inside it.
func (g *Geocoder) checkSwapped(ctx context.Context, municipalityID int, lon, lat float64) error {
	if lat < -180 || lat > 180 || lon < -90 || lon > 90 {
		return nil
	}
	swapped, err := g.locate(ctx, municipalityID, lat, lon)
	if err != nil {
		return err
	}
	if swapped.Inside {
		return errs.E(errs.Invalid,
			"(lon %g, lat %g) lies outside the municipality, but (lon %g, lat %g) lies inside: lon and lat look swapped", lon, lat, lat, lon)
	}
	return nil
}
