package geo

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"loket/internal/errs"
)

// FuzzParseResidentCSV feeds the register extract's parser anything: it
// must never panic, and the rows it accepts hold a valid national number,
// a name, an address and text the database takes.
func FuzzParseResidentCSV(f *testing.F) {
	f.Add(residentFile)
	f.Add("national_number;first_name;last_name;birth_date;street_nl;house_number;postcode\n85073003328;Zoë;Desmet;1985-07-30;Grote Markt;1;8500\n")
	f.Add("NATIONAL_NUMBER,First_Name,last_name,birth_date,address_id\n\"85073003328\",\"A\"\"n\",P,1985-02-30,X\n,,,,\n")
	f.Add("\ufeffnational_number,first_name,last_name,birth_date,address_id,language\n85073003328,A\xe9n,P,1985-07-30,X,de\n")
	f.Add("national_number,first_name,last_name,birth_date,address_id\n85073003328,A\x00,P,1985-07-30,X\n")
	f.Fuzz(func(t *testing.T, data string) {
		rows, bad, err := parseResidentCSV(strings.NewReader(data))
		if err != nil {
			if errs.KindOf(err) != errs.Invalid {
				t.Fatalf("failed as an internal error: %v", err)
			}
			return
		}
		for _, r := range rows {
			if r.line < 2 || !validNationalNumber(r.nationalNumber) || r.first == "" || r.last == "" || r.birth.IsZero() {
				t.Fatalf("accepted a bad row: %+v", r)
			}
			if r.addressID == "" && (r.street == "" || r.number == "" || !fourDigits(r.postcode)) {
				t.Fatalf("accepted a row without an address: %+v", r)
			}
			if r.language != "nl" && r.language != "fr" && r.language != "en" {
				t.Fatalf("accepted language %q", r.language)
			}
			if !textOK([]string{r.first, r.last, r.addressID, r.street, r.number, r.box, r.postcode, r.email, r.phone}) {
				t.Fatalf("accepted text the database cannot hold: %+v", r)
			}
		}
		for _, b := range bad {
			if b.Line < 1 || b.Reason == "" {
				t.Fatalf("rejection without a line or reason: %+v", b)
			}
		}
	})
}

// FuzzParseNeighbourhoods feeds the GeoJSON reader anything: it must never
// panic, and what it accepts are polygons with one unique code each, in a
// coordinate system PostGIS is told about.
func FuzzParseNeighbourhoods(f *testing.F) {
	// Real files cut short: the fuzzer mutates small inputs quickly.
	f.Add(firstFeatures(f, "testdata/wijken.geojson", 2), 0)
	f.Add(`{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:OGC:1.3:CRS84"}},"features":[`+
		`{"type":"Feature","properties":{"OBJECTID":1,"WARD":1,"CNT_WARD":14},"geometry":{"type":"Polygon","coordinates":`+
		`[[[-71.0674,42.3655],[-71.0670,42.3651],[-71.0662,42.3655],[-71.0674,42.3655]]]}}]}`, 0)
	f.Add(`{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:31370"}},"features":[`+
		`{"type":"Feature","properties":{"code":7,"name":"A"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}},`+
		`{"type":"Feature","properties":{"code":"7"},"geometry":{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]]]}},`+
		`{"type":"Feature","properties":{"code":"8"},"geometry":{"type":"Point","coordinates":[0,0]}},`+
		`{"type":"Feature","properties":{"code":"9\u0000"},"geometry":{"type":"Polygon","coordinates":[]}}]}`, 0)
	f.Add(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":null},"geometry":null}]}`, 3812)
	f.Add(`{"type":"FeatureCollection","crs":{"properties":{"name":"EPSG::abc"}},"features":[]}`, 0)
	f.Fuzz(func(t *testing.T, data string, srid int) {
		rows, bad, got, err := parseNeighbourhoods(strings.NewReader(data), ImportOptions{SRID: srid})
		if err != nil {
			if errs.KindOf(err) != errs.Invalid {
				t.Fatalf("failed as an internal error: %v", err)
			}
			return
		}
		if _, _, _, _, ok := srsBounds(got); !ok && got != srid {
			t.Fatalf("accepted coordinate system %d", got)
		}
		seen := map[string]bool{}
		for _, r := range rows {
			if r.feature < 1 || r.code == "" || seen[r.code] || !textOK([]string{r.code, r.name}) || !utf8.ValidString(r.name) {
				t.Fatalf("accepted a bad feature: %d %q %q", r.feature, r.code, r.name)
			}
			seen[r.code] = true
			g, err := geojson.UnmarshalGeometry(r.geometry)
			if err != nil {
				t.Fatalf("the geometry of feature %d does not read back: %v", r.feature, err)
			}
			switch g.Geometry().(type) {
			case orb.Polygon, orb.MultiPolygon:
			default:
				t.Fatalf("feature %d is a %s", r.feature, g.Type)
			}
		}
		for _, b := range bad {
			if b.Line < 1 || b.Reason == "" {
				t.Fatalf("rejection without a feature or reason: %+v", b)
			}
		}
	})
}

// firstFeatures is a real file cut to its first n features.
func firstFeatures(tb testing.TB, name string, n int) string {
	tb.Helper()
	raw, err := os.ReadFile(name)
	if err != nil {
		tb.Fatal(err)
	}
	var fc map[string]json.RawMessage
	var features []json.RawMessage
	if err := json.Unmarshal(raw, &fc); err != nil {
		tb.Fatal(err)
	}
	if err := json.Unmarshal(fc["features"], &features); err != nil {
		tb.Fatal(err)
	}
	fc["features"], _ = json.Marshal(features[:min(n, len(features))])
	out, _ := json.Marshal(fc)
	return string(out)
}
