package geo

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"loket/internal/errs"
)

// QualityPoint is a position given as such: a tap on the map, a phone's
// GPS fix, a machine client's coordinates.
const QualityPoint Quality = "point"

// attachRadius is how near a given point an address must be to be named
// as the ticket's address, in metres.
const attachRadius = 25

// Where is a ticket's location as it was given: a point (lon/lat, or x/y
// in a Belgian Lambert system), an address of the register, or words to
// geocode, tried in that order.
type Where struct {
	Point     *Point `json:"point,omitempty"`
	AddressID int64  `json:"address_id,omitempty"`
	Text      string `json:"text,omitempty"`
	// AllowOutside keeps a point outside the municipality (a road just
	// over the border the city maintains); without it such a point is refused.
	AllowOutside bool `json:"allow_outside,omitempty"`
}

// Point is a position in WGS84 (SRID 4326 or 0: X is longitude) or in a
// projected system PostGIS transforms (31370, 3812).
type Point struct {
	X    float64 `json:"x"`
	Y    float64 `json:"y"`
	SRID int     `json:"srid,omitempty"`
}

// Placement is where a ticket lies: its WGS84 point, how precisely it was
// placed, the register address when there is one, and its neighbourhood.
type Placement struct {
	Lon           float64        `json:"lon"`
	Lat           float64        `json:"lat"`
	Quality       Quality        `json:"quality"`
	AddressID     int64          `json:"address_id,omitempty"`
	AddressText   string         `json:"address,omitempty"`
	Neighbourhood *Neighbourhood `json:"neighbourhood,omitempty"`
	Inside        bool           `json:"inside"`
}

// Place resolves w into a Placement for a ticket of the municipality. A
// point keeps its position (quality point) and names the nearest address
// within 25 m; an address id takes the address's point; text takes the
// geocoder's best candidate. The neighbourhood is found by point in
// polygon. A point outside the municipality is refused unless
// w.AllowOutside.
func (g *Geocoder) Place(ctx context.Context, municipalityID int, w Where) (Placement, error) {
	switch {
	case w.Point != nil:
		return g.placePoint(ctx, municipalityID, *w.Point, w.AllowOutside)
	case w.AddressID != 0:
		return g.placeAddress(ctx, municipalityID, w.AddressID)
	case strings.TrimSpace(w.Text) != "":
		return g.placeText(ctx, municipalityID, w.Text)
	}
	return Placement{}, errs.E(errs.Invalid, "say where: give a point, an address id or an address to look up")
}

func (g *Geocoder) placePoint(ctx context.Context, municipalityID int, p Point, allowOutside bool) (Placement, error) {
	lon, lat := p.X, p.Y
	if p.SRID != 0 && p.SRID != 4326 {
		var err error
		if lon, lat, err = ToWGS84(ctx, g.pool, p.X, p.Y, p.SRID); err != nil {
			return Placement{}, err
		}
	}
	if err := checkLonLat(lon, lat); err != nil {
		return Placement{}, err
	}
	// Reverse locates the point too, and says when lon and lat look swapped.
	near, err := g.Reverse(ctx, municipalityID, lon, lat, attachRadius)
	if err != nil {
		return Placement{}, err
	}
	out := Placement{Lon: lon, Lat: lat, Quality: QualityPoint, Inside: near.Inside, Neighbourhood: near.Neighbourhood}
	if !near.Inside {
		if !allowOutside {
			return out, errs.E(errs.Invalid,
				"the point (lon %.6f, lat %.6f) lies outside the municipality; set allow_outside if the city handles it anyway", lon, lat)
		}
		return out, nil
	}
	if a := near.Address; a != nil {
		out.AddressID, out.AddressText = a.AddressID, a.Label()
	}
	return out, nil
}

func (g *Geocoder) placeAddress(ctx context.Context, municipalityID int, id int64) (Placement, error) {
	var r addrRow
	err := g.pool.QueryRow(ctx, `
		SELECT a.id, a.street_nl, a.house_number, a.box, a.postcode, ST_X(a.geom), ST_Y(a.geom),
		       coalesce(n.id, 0), coalesce(n.code, ''), coalesce(n.name, '')
		FROM address a
		LEFT JOIN neighbourhood n ON n.municipality_id = a.municipality_id AND n.id = a.neighbourhood_id
		WHERE a.municipality_id = $1 AND a.id = $2`, municipalityID, id).Scan(
		&r.id, &r.street, &r.number, &r.box, &r.postcode, &r.lon, &r.lat, &r.nbh.ID, &r.nbh.Code, &r.nbh.Name)
	if errors.Is(err, pgx.ErrNoRows) {
		return Placement{}, errs.E(errs.Invalid, "address %d is not in the register of this municipality", id)
	}
	if err != nil {
		return Placement{}, errs.Wrap(err, errs.Internal, "reading the address failed")
	}
	return placement(r.candidate(QualityAddress)), nil
}

func (g *Geocoder) placeText(ctx context.Context, municipalityID int, text string) (Placement, error) {
	cands, err := g.Geocode(ctx, municipalityID, text, 1)
	if err != nil {
		return Placement{}, err
	}
	if len(cands) == 0 || cands[0].Quality == QualityNone {
		return Placement{}, errs.E(errs.Invalid, "no place in the municipality matches %q: check the street name, or give a point", text)
	}
	p := placement(cands[0])
	if p.Neighbourhood == nil {
		loc, err := g.locate(ctx, municipalityID, p.Lon, p.Lat)
		if err != nil {
			return p, err
		}
		p.Neighbourhood = loc.Neighbourhood
	}
	return p, nil
}

// placement is a register candidate as a ticket's place; candidates lie
// in the municipality, since the register holds only its addresses.
func placement(c Candidate) Placement {
	p := Placement{Lon: c.Lon, Lat: c.Lat, Quality: c.Quality, AddressID: c.AddressID, Neighbourhood: c.Neighbourhood, Inside: true}
	if c.StreetNL != "" {
		p.AddressText = c.Label()
	}
	return p
}

// Label is a candidate as people write it: "Meersstraat 12 bus 3, 8500".
func (c Candidate) Label() string {
	var b strings.Builder
	b.WriteString(c.StreetNL)
	if c.HouseNumber != "" {
		b.WriteString(" " + c.HouseNumber)
	}
	if c.Box != "" {
		b.WriteString(" bus " + c.Box)
	}
	if c.Postcode != "" {
		fmt.Fprintf(&b, ", %s", c.Postcode)
	}
	return b.String()
}
