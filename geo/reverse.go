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
	// One round trip: the neighbourhood holding the point, whether the
	// municipality does, and the nearest address. KNN on the planar index
	// picks the nearest few; the geography distance then measures them in
	// metres.
	var r addrRow
	var streetFR string
	var nbh Neighbourhood
	var addressID *int64
	err := g.pool.QueryRow(ctx, `
		SELECT coalesce(ST_Contains(m.boundary, p.g), false),
		       coalesce(n.id, 0), coalesce(n.code, ''), coalesce(n.name, ''),
		       a.id, coalesce(a.street_nl, ''), coalesce(a.street_fr, ''), coalesce(a.house_number, ''), coalesce(a.box, ''),
		       coalesce(a.postcode, ''), coalesce(ST_X(a.geom), 0), coalesce(ST_Y(a.geom), 0),
		       coalesce(a.nid, 0), coalesce(a.ncode, ''), coalesce(a.nname, ''), coalesce(a.d, 0)
		FROM municipality m
		CROSS JOIN (SELECT ST_SetSRID(ST_MakePoint($2, $3), 4326) AS g) p
		LEFT JOIN LATERAL (
			SELECT id, code, name FROM neighbourhood
			WHERE municipality_id = m.id AND ST_Contains(geom, p.g)
			ORDER BY code LIMIT 1) n ON true
		LEFT JOIN LATERAL (
			SELECT k.*, an.id AS nid, an.code AS ncode, an.name AS nname
			FROM (SELECT *, ST_Distance(geom::geography, p.g::geography) AS d
			      FROM address WHERE municipality_id = m.id
			      ORDER BY geom <-> p.g LIMIT 8) k
			LEFT JOIN neighbourhood an ON an.municipality_id = k.municipality_id AND an.id = k.neighbourhood_id
			WHERE k.d <= $4
			ORDER BY k.d, k.id LIMIT 1) a ON true
		WHERE m.id = $1`, municipalityID, lon, lat, radius).Scan(
		&res.Inside, &nbh.ID, &nbh.Code, &nbh.Name,
		&addressID, &r.street, &streetFR, &r.number, &r.box, &r.postcode, &r.lon, &r.lat,
		&r.nbh.ID, &r.nbh.Code, &r.nbh.Name, &res.DistanceMetres)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return res, errs.E(errs.NotFound, "municipality %d does not exist", municipalityID)
	case err != nil:
		return res, errs.Wrap(err, errs.Internal, "reverse geocoding failed")
	}
	res.Neighbourhood = nbh.orNil()
	if !res.Inside {
		if err := g.checkSwapped(ctx, municipalityID, lon, lat); err != nil {
			return res, err
		}
	}
	if addressID == nil {
		res.DistanceMetres = 0
		return res, nil
	}
	r.id = *addressID
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
