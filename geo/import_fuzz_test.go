package geo

import (
	"math"
	"strings"
	"testing"
)

// FuzzParseAddressCSV feeds the row parser anything: it must never panic,
// and whatever it accepts must be a row the database will take.
func FuzzParseAddressCSV(f *testing.F) {
	f.Add(badFile, 0)
	f.Add("street_nl;house_number;postcode;x;y\nMarkt;1;8500;72000,5;170000\n", 31370)
	f.Add("STREET_NL,house_number,postcode,lon,lat\n\"Markt\"\"\",1,8500,3.26,50.82\n,,\n", 0)
	f.Add("\ufeffstreet_nl,house_number,postcode,lon,lat\nMarkt,1,8500,\"3.26\n", 0)
	f.Add("street_nl,house_number,postcode,x,y,srid\nA,1,8500,Inf,-0,EPSG:3812\n", 4326)
	f.Fuzz(func(t *testing.T, data string, srid int) {
		rows, bad, err := parseAddressCSV(strings.NewReader(data), srid)
		if err != nil {
			return
		}
		for _, r := range rows {
			if r.line < 2 || r.streetNL == "" || r.number == "" || !fourDigits(r.postcode) {
				t.Fatalf("accepted a bad row: %+v", r)
			}
			if math.IsNaN(r.x) || math.IsNaN(r.y) || checkRange(r.x, r.y, r.srid) != "" {
				t.Fatalf("accepted bad coordinates: %+v", r)
			}
		}
		for _, b := range bad {
			if b.Line < 1 || b.Reason == "" {
				t.Fatalf("rejection without a line or reason: %+v", b)
			}
		}
	})
}
