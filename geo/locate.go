package geo

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"loket/internal/errs"
)

// Location says where a point lies in a municipality.
type Location struct {
	Inside        bool           `json:"inside"` // within the municipality's boundary
	Neighbourhood *Neighbourhood `json:"neighbourhood,omitempty"`
}

// Locate finds the neighbourhood containing (lon, lat) and whether the point
// lies inside the municipality. Coordinates are checked as in Reverse.
func (g *Geocoder) Locate(ctx context.Context, municipalityID int, lon, lat float64) (Location, error) {
	if err := checkLonLat(lon, lat); err != nil {
		return Location{}, err
	}
	return g.locate(ctx, municipalityID, lon, lat)
}

func (g *Geocoder) locate(ctx context.Context, municipalityID int, lon, lat float64) (Location, error) {
	var loc Location
	var n Neighbourhood
	err := g.pool.QueryRow(ctx, `
		SELECT coalesce(ST_Contains(m.boundary, p.g), false),
		       coalesce(n.id, 0), coalesce(n.code, ''), coalesce(n.name, '')
		FROM municipality m
		CROSS JOIN (SELECT ST_SetSRID(ST_MakePoint($2, $3), 4326) AS g) p
		LEFT JOIN LATERAL (
			SELECT id, code, name FROM neighbourhood
			WHERE municipality_id = m.id AND ST_Contains(geom, p.g)
			ORDER BY code LIMIT 1) n ON true
		WHERE m.id = $1`, municipalityID, lon, lat).Scan(&loc.Inside, &n.ID, &n.Code, &n.Name)
	if errors.Is(err, pgx.ErrNoRows) {
		return loc, errs.E(errs.NotFound, "municipality %d does not exist", municipalityID)
	}
	if err != nil {
		return loc, errs.Wrap(err, errs.Internal, "locating the point failed")
	}
	loc.Neighbourhood = n.orNil()
	return loc, nil
}
