package web

import (
	"context"
	"fmt"
	"sync"

	"loket/geo"
	"loket/internal/errs"
)

// fieldArea is where the crew looks: a circle around a point, or a
// neighbourhood.
type fieldArea struct {
	Label         string             // the address, point or neighbourhood the heading names
	Lon, Lat      float64            // the point, or a point inside the neighbourhood
	Radius        int                // metres, around the point
	Neighbourhood *geo.Neighbourhood // the area itself; nil for a circle
	Within        *geo.Neighbourhood // the neighbourhood holding the point
	Outline       string             // the area as GeoJSON, for the map
	Bounds        [4]float64         // west, south, east, north
	outlineSVG    string             // the area as an SVG path in Web Mercator
	frame         [4]float64         // the overview's box in Web Mercator: xmin, ymin, xmax, ymax
	x, y          float64            // the point in Web Mercator
}

// IsPoint says whether the area is a circle around a point.
func (a *fieldArea) IsPoint() bool { return a.Neighbourhood == nil }

// BoundsAttr is the bounds as the map element's data attribute.
func (a *fieldArea) BoundsAttr() string {
	return fmt.Sprintf("%.6f,%.6f,%.6f,%.6f", a.Bounds[0], a.Bounds[1], a.Bounds[2], a.Bounds[3])
}

// geocoders keeps one geocoder per database, so its street cache serves
// every request.
var geocoders sync.Map

func (h *Handler) geocoder() *geo.Geocoder {
	g, _ := geocoders.LoadOrStore(h.pool, geo.NewGeocoder(h.pool))
	return g.(*geo.Geocoder)
}

// placeOf resolves the asked place into an area, with the geocoder's other
// candidates for an address. A place the city does not know is Invalid,
// with a message for the page.
func (h *Handler) placeOf(ctx context.Context, municipalityID int, ask fieldAsk, ns []geo.Neighbourhood, lang string) (*fieldArea, []geo.Candidate, error) {
	switch {
	case ask.Lon != nil:
		near, err := h.geocoder().Reverse(ctx, municipalityID, *ask.Lon, *ask.Lat, 50)
		if errs.KindOf(err) == errs.Invalid {
			// The range is checked already: what Reverse refuses is a
			// point whose swap lies in the municipality.
			return nil, nil, badAsk("field.bad.swapped")
		}
		if err != nil {
			return nil, nil, err
		}
		if !near.Inside {
			return nil, nil, badAsk("field.outside")
		}
		a := &fieldArea{Lon: *ask.Lon, Lat: *ask.Lat, Radius: ask.Radius, Within: near.Neighbourhood,
			Label: fmt.Sprintf("%.5f, %.5f", *ask.Lat, *ask.Lon)}
		if near.Address != nil {
			a.Label = translate(lang, "field.near") + " " + near.Address.Label()
		}
		return a, nil, h.outline(ctx, municipalityID, a)
	case ask.Address != "":
		cands, err := h.geocoder().Geocode(ctx, municipalityID, ask.Address, 5)
		if errs.KindOf(err) == errs.Invalid {
			return nil, nil, badAsk("field.bad.address")
		}
		if err != nil {
			return nil, nil, err
		}
		if len(cands) == 0 || cands[0].Quality == geo.QualityNone {
			return nil, nil, errs.E(errs.Invalid, translate(lang, "field.address.unknown"), ask.Address)
		}
		best := cands[0]
		var a *fieldArea
		if best.Quality == geo.QualityNeighbourhood && best.Neighbourhood != nil {
			// A district's name: the district is the area.
			a = &fieldArea{Neighbourhood: best.Neighbourhood, Label: best.Neighbourhood.Name}
		} else {
			a = &fieldArea{Lon: best.Lon, Lat: best.Lat, Radius: ask.Radius, Within: best.Neighbourhood, Label: best.Label()}
		}
		var others []geo.Candidate
		seen := map[string]bool{best.Label(): true}
		for _, c := range cands[1:] {
			if c.StreetNL != "" && !seen[c.Label()] {
				seen[c.Label()] = true
				others = append(others, c)
			}
		}
		return a, others, h.outline(ctx, municipalityID, a)
	default:
		for i := range ns {
			if ns[i].Code == ask.Neighbourhood {
				a := &fieldArea{Neighbourhood: &ns[i], Label: ns[i].Name}
				return a, nil, h.outline(ctx, municipalityID, a)
			}
		}
		return nil, nil, badAsk("field.bad.neighbourhood")
	}
}

// outline fills in the area's shape: a circle of the radius on the
// ground, or the neighbourhood's polygon, with its bounds for the map and
// its box in Web Mercator for the overview (a margin around it).
func (h *Handler) outline(ctx context.Context, municipalityID int, a *fieldArea) error {
	shape := `ST_Buffer(ST_SetSRID(ST_MakePoint($1::float8, $2::float8), 4326)::geography, $3::float8, 'quad_segs=16')::geometry`
	args := []any{a.Lon, a.Lat, float64(a.Radius)}
	if a.Neighbourhood != nil {
		shape = `(SELECT geom FROM neighbourhood WHERE municipality_id = $1 AND id = $2)`
		args = []any{municipalityID, a.Neighbourhood.ID}
	}
	var inside [2]float64
	err := h.pool.QueryRow(ctx, `
		WITH a AS (SELECT `+shape+` AS g)
		SELECT ST_AsGeoJSON(ST_SimplifyPreserveTopology(g, 0.00001), 6), ST_AsSVG(m, 0, 1),
		       ST_XMin(g), ST_YMin(g), ST_XMax(g), ST_YMax(g),
		       ST_XMin(m), ST_YMin(m), ST_XMax(m), ST_YMax(m),
		       ST_X(ST_PointOnSurface(g)), ST_Y(ST_PointOnSurface(g))
		FROM a, LATERAL (SELECT ST_Transform(g, 3857) AS m) w`, args...).Scan(
		&a.Outline, &a.outlineSVG, &a.Bounds[0], &a.Bounds[1], &a.Bounds[2], &a.Bounds[3],
		&a.frame[0], &a.frame[1], &a.frame[2], &a.frame[3], &inside[0], &inside[1])
	if err != nil {
		return errs.Wrap(err, errs.Internal, "drawing the area failed")
	}
	if a.Neighbourhood != nil {
		// The map opens over a point of the neighbourhood itself: its
		// centre may lie outside when it bends.
		a.Lon, a.Lat = inside[0], inside[1]
	}
	a.x, a.y = mercator(a.Lon, a.Lat)
	return nil
}
