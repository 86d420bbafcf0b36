package geo

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"loket/internal/errs"
)

// neighbourhoodRow is one good feature: its number in the file (from 1),
// code, name and geometry as GeoJSON in the file's coordinate system.
type neighbourhoodRow struct {
	feature    int
	code, name string
	geometry   []byte
}

// Property names tried, in order, when the caller names none: Kortrijk's
// wijken (geoitem, naam), Boston's neighborhoods (Neighborhood_ID, Name)
// and wards (WARD), and the usual generic ones.
func codeCandidates() []string {
	return []string{"geoitem", "code", "neighborhood_id", "neighbourhood_id", "wijkcode", "ward", "id", "objectid"}
}

func nameCandidates() []string {
	return []string{"naam", "name", "wijknaam", "neighborhood", "neighbourhood"}
}

// parseNeighbourhoods decodes a GeoJSON FeatureCollection of polygons. The
// coordinate system comes from its crs member, else srid, else WGS84.
func parseNeighbourhoods(in io.Reader, opt ImportOptions) (rows []neighbourhoodRow, bad []Rejection, srid int, err error) {
	data, err := io.ReadAll(in)
	if err != nil {
		return nil, nil, 0, err
	}
	fc, err := geojson.UnmarshalFeatureCollection(data)
	if err != nil {
		return nil, nil, 0, errs.Wrap(err, errs.Invalid, "the file is not a GeoJSON FeatureCollection")
	}
	if srid, err = collectionSRID(fc, opt.SRID); err != nil {
		return nil, nil, 0, err
	}
	codeProp, nameProp := opt.CodeProperty, opt.NameProperty
	if codeProp == "" {
		if codeProp = detectProperty(fc, codeCandidates()); codeProp == "" {
			return nil, nil, 0, errs.E(errs.Invalid, "no code property found (tried %s): name it with -code-property", strings.Join(codeCandidates(), ", "))
		}
	}
	if nameProp == "" {
		nameProp = detectProperty(fc, nameCandidates()) // none: the code is the name
	}
	last := map[string]int{}
	for i, f := range fc.Features {
		n := i + 1
		code := propertyText(f.Properties, codeProp)
		name := propertyText(f.Properties, nameProp)
		if name == "" {
			name = code
		}
		switch f.Geometry.(type) {
		case orb.Polygon, orb.MultiPolygon:
		default:
			bad = append(bad, Rejection{n, fmt.Sprintf("the geometry is %s, not a Polygon or MultiPolygon", geometryType(f.Geometry))})
			continue
		}
		if code == "" {
			bad = append(bad, Rejection{n, fmt.Sprintf("property %q is missing", codeProp)})
			continue
		}
		if !textOK([]string{code, name}) {
			bad = append(bad, Rejection{n, "the code or name is not UTF-8 text or holds a NUL"})
			continue
		}
		g, err := geojson.NewGeometry(f.Geometry).MarshalJSON()
		if err != nil {
			bad = append(bad, Rejection{n, "the geometry cannot be encoded: " + err.Error()})
			continue
		}
		if j, dup := last[code]; dup {
			bad = append(bad, Rejection{rows[j].feature, fmt.Sprintf("code %s is used again by feature %d, which wins", code, n)})
			rows[j].code = "" // dropped below
		}
		last[code] = len(rows)
		rows = append(rows, neighbourhoodRow{n, code, name, g})
	}
	rows = slices.DeleteFunc(rows, func(r neighbourhoodRow) bool { return r.code == "" })
	return rows, bad, srid, nil
}

// collectionSRID reads a crs member such as "urn:ogc:def:crs:EPSG::31370"
// or "EPSG:3812"; CRS84 is WGS84.
func collectionSRID(fc *geojson.FeatureCollection, fallback int) (int, error) {
	crs, _ := fc.ExtraMembers["crs"].(map[string]any)
	props, _ := crs["properties"].(map[string]any)
	name, _ := props["name"].(string)
	switch {
	case name == "" && fallback != 0:
		return fallback, nil
	case name == "" || strings.HasSuffix(name, "CRS84"):
		return 4326, nil
	}
	n, err := strconv.Atoi(name[strings.LastIndex(name, ":")+1:])
	if err != nil {
		return 0, errs.E(errs.Invalid, "crs %q is not understood: give -srid", name)
	}
	if _, _, _, _, ok := srsBounds(n); !ok {
		return 0, errs.E(errs.Invalid, "crs %q is not supported", name)
	}
	return n, nil
}

// detectProperty returns the first candidate that the first feature
// carries, spelled as the file spells it.
func detectProperty(fc *geojson.FeatureCollection, candidates []string) string {
	if len(fc.Features) == 0 {
		return ""
	}
	props := fc.Features[0].Properties
	for _, c := range candidates {
		for k := range props {
			if strings.EqualFold(k, c) {
				return k
			}
		}
	}
	return ""
}

// propertyText renders a property as text: ward 7 is "7", not "7.000000".
func propertyText(p geojson.Properties, key string) string {
	switch v := p[key].(type) {
	case nil:
		return ""
	case string:
		return strings.TrimSpace(v)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	default:
		return strings.TrimSpace(fmt.Sprint(v))
	}
}

func geometryType(g orb.Geometry) string {
	if g == nil {
		return "missing"
	}
	return g.GeoJSONType()
}
