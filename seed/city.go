package seed

import (
	"context"
	"embed"
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

//go:embed data/*.geojson data/streets.csv
var dataFS embed.FS

// The demo municipality: Kortrijk.
const (
	municipalityID = 1
	nisCode        = "34022"
	ticketPrefix   = "1777"
)

// Local metres per degree around Kortrijk (50.82 N): an equirectangular
// projection is exact enough over 80 km² for spacing houses and jitter.
const (
	lat0      = 50.82
	mPerDegLa = 110_574.0
)

var mPerDegLo = 111_320.0 * math.Cos(lat0*math.Pi/180)

// area is one polygon of the city (a neighbourhood or former municipality).
type area struct {
	code, name string
	geom       orb.MultiPolygon
	bound      orb.Bound
	geoJSON    []byte
}

// contains is the even-odd ray test over all rings (holes included), with
// the bounding box checked first; orb's version recomputes ring bounds on
// every call, which dominated address generation.
func (a *area) contains(p orb.Point) bool {
	if !a.bound.Contains(p) {
		return false
	}
	in := false
	for _, poly := range a.geom {
		for _, ring := range poly {
			for i, j := 0, len(ring)-1; i < len(ring); j, i = i, i+1 {
				yi, yj := ring[i][1], ring[j][1]
				if (yi > p[1]) != (yj > p[1]) &&
					p[0] < (ring[j][0]-ring[i][0])*(p[1]-yi)/(yj-yi)+ring[i][0] {
					in = !in
				}
			}
		}
	}
	return in
}

// clearance is the distance in metres from p to the nearest edge of a.
func (a *area) clearance(p orb.Point) float64 {
	best := math.Inf(1)
	px, py := p[0]*mPerDegLo, p[1]*mPerDegLa
	for _, poly := range a.geom {
		for _, ring := range poly {
			for i := 1; i < len(ring); i++ {
				ax, ay := ring[i-1][0]*mPerDegLo, ring[i-1][1]*mPerDegLa
				bx, by := ring[i][0]*mPerDegLo, ring[i][1]*mPerDegLa
				if d := segDist(px, py, ax, ay, bx, by); d < best {
					best = d
				}
			}
		}
	}
	return best
}

func segDist(px, py, ax, ay, bx, by float64) float64 {
	dx, dy := bx-ax, by-ay
	t := 0.0
	if l := dx*dx + dy*dy; l > 0 {
		t = math.Max(0, math.Min(1, ((px-ax)*dx+(py-ay)*dy)/l))
	}
	ex, ey := px-ax-t*dx, py-ay-t*dy
	return math.Sqrt(ex*ex + ey*ey)
}

// city holds the real geography the demo city is built on.
type city struct {
	boundary area
	wijken   []area // neighbourhood id = index + 1, sorted by code
	deel     []area // former municipalities, with postcode and place name
	postcode []string
	place    []string
	streets  []streetRow
}

// deelPost maps the former municipalities to their postcodes and place names.
var deelPost = map[string][2]string{
	"Kortrijk": {"8500", "Kortrijk"},
	"Heule":    {"8501", "Heule"},
	"Bissegem": {"8501", "Bissegem"},
	"Marke":    {"8510", "Marke"},
	"Bellegem": {"8510", "Bellegem"},
	"Kooigem":  {"8510", "Kooigem"},
	"Rollegem": {"8510", "Rollegem"},
	"Aalbeke":  {"8511", "Aalbeke"},
}

func loadCity() (*city, error) {
	c := &city{}
	b, err := loadAreas("data/gemeente.geojson", "naam")
	if err != nil {
		return nil, err
	}
	if len(b) != 1 {
		return nil, fmt.Errorf("seed: gemeente.geojson holds %d features, want 1", len(b))
	}
	c.boundary = b[0]
	if c.wijken, err = loadAreas("data/wijken.geojson", "geoitem"); err != nil {
		return nil, err
	}
	if c.deel, err = loadAreas("data/deelgemeenten.geojson", "geoitem"); err != nil {
		return nil, err
	}
	for _, d := range c.deel {
		key := strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(d.name, " (Kortrijk)"), " (Dg.)"))
		pp, ok := deelPost[key]
		if !ok {
			return nil, fmt.Errorf("seed: no postcode for former municipality %q", d.name)
		}
		c.postcode = append(c.postcode, pp[0])
		c.place = append(c.place, pp[1])
	}
	if c.streets, err = loadStreets(); err != nil {
		return nil, err
	}
	return c, nil
}

// loadAreas reads a GeoJSON file; features are sorted by the key property
// so ids never depend on file order.
func loadAreas(path, key string) ([]area, error) {
	raw, err := dataFS.ReadFile(path)
	if err != nil {
		return nil, err
	}
	fc, err := geojson.UnmarshalFeatureCollection(raw)
	if err != nil {
		return nil, fmt.Errorf("seed: %s: %w", path, err)
	}
	var out []area
	for _, f := range fc.Features {
		var mp orb.MultiPolygon
		switch g := f.Geometry.(type) {
		case orb.Polygon:
			mp = orb.MultiPolygon{g}
		case orb.MultiPolygon:
			mp = g
		default:
			return nil, fmt.Errorf("seed: %s: unexpected geometry %s", path, f.Geometry.GeoJSONType())
		}
		gj, err := geojson.NewGeometry(mp).MarshalJSON()
		if err != nil {
			return nil, err
		}
		out = append(out, area{
			code:    fmt.Sprint(f.Properties[key]),
			name:    strings.TrimSuffix(fmt.Sprint(f.Properties["naam"]), " (Kortrijk)"),
			geom:    mp,
			bound:   mp.Bound(),
			geoJSON: gj,
		})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].code < out[j].code })
	return out, nil
}

// locate returns the neighbourhood id of p when p lies inside the boundary
// and inside exactly one neighbourhood, else 0.
func (c *city) locate(p orb.Point) int {
	if !c.boundary.contains(p) {
		return 0
	}
	id := 0
	for i := range c.wijken {
		if c.wijken[i].contains(p) {
			if id != 0 {
				return 0
			}
			id = i + 1
		}
	}
	return id
}

// deelOf returns the index of the former municipality holding p, or -1.
func (c *city) deelOf(p orb.Point) int {
	for i := range c.deel {
		if c.deel[i].contains(p) {
			return i
		}
	}
	return -1
}

// writeCity inserts the municipality and its neighbourhoods.
func writeCity(ctx context.Context, pool *pgxpool.Pool, c *city) error {
	_, err := pool.Exec(ctx, `INSERT INTO municipality
		(id, nis_code, name_nl, name_fr, name_en, ticket_prefix, local_srid, default_language, boundary)
		VALUES ($1, $2, 'Kortrijk', 'Courtrai', 'Kortrijk', $3, 31370, 'nl',
		        ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($4), 4326)))`,
		municipalityID, nisCode, ticketPrefix, string(c.boundary.geoJSON))
	if err != nil {
		return fmt.Errorf("seed: municipality: %w", err)
	}
	for i, w := range c.wijken {
		_, err := pool.Exec(ctx, `INSERT INTO neighbourhood (municipality_id, id, code, name, geom)
			SELECT $1, $2, $3, $4, CASE WHEN ST_IsValid(g) THEN g
			                            ELSE ST_Multi(ST_CollectionExtract(ST_MakeValid(g), 3)) END
			FROM (SELECT ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($5), 4326)) AS g) s`,
			municipalityID, i+1, w.code, w.name, string(w.geoJSON))
		if err != nil {
			return fmt.Errorf("seed: neighbourhood %s: %w", w.code, err)
		}
	}
	return nil
}
