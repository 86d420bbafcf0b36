package geo

import (
	"compress/gzip"
	"encoding/csv"
	"math"
	"os"
	"strconv"
	"testing"
)

// The real Boston 2015 cases put about 14 % of their rows on one
// city-centre point; City Hall, 80 m away, carries 387 real cases at one
// address and must not be taken for a fallback.
func TestBostonsCityCentreDefaultIsTheOnlyFallback(t *testing.T) {
	f, err := os.Open("../testdata/boston/boston311-2015.csv.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(gz)
	head, err := r.Read()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[h] = i
	}
	var d FallbackDetector
	rows := 0
	for {
		rec, err := r.Read()
		if err != nil {
			break
		}
		lat, err1 := strconv.ParseFloat(rec[col["LATITUDE"]], 64)
		lon, err2 := strconv.ParseFloat(rec[col["LONGITUDE"]], 64)
		if err1 != nil || err2 != nil {
			continue
		}
		d.Add(lon, lat, rec[col["LOCATION_STREET_NAME"]])
		rows++
	}
	if rows < 120_000 {
		t.Fatalf("read %d rows of the Boston file", rows)
	}
	got := d.Fallbacks()
	if len(got) != 1 {
		t.Fatalf("fallbacks = %+v, want exactly the city-centre point", got)
	}
	fb := got[0]
	if math.Abs(fb.Lon - -71.0587) > 1e-9 || math.Abs(fb.Lat-42.3594) > 1e-9 {
		t.Errorf("fallback at (%v, %v), want (-71.0587, 42.3594)", fb.Lon, fb.Lat)
	}
	if share := float64(fb.Rows) / float64(rows); share < 0.13 || share > 0.15 {
		t.Errorf("fallback carries %.1f %% of the rows, want about 14 %%", share*100)
	}
	if !IsFallback(got, -71.05870, 42.35940) || IsFallback(got, -71.0579, 42.3601) {
		t.Errorf("IsFallback does not tell the default from City Hall")
	}
}

func TestAPointWithoutAddressesIsAFallbackOnlyWhenItCarriesAShareOfAllRows(t *testing.T) {
	var d FallbackDetector
	for i := range 1000 {
		d.Add(4+float64(i)/1000, 50, "")
	}
	for range 60 {
		d.Add(3.2651, 50.8279, "")
	}
	if got := d.Fallbacks(); len(got) != 1 || got[0].Rows != 60 {
		t.Fatalf("fallbacks = %+v, want the point with 60 of 1060 rows", got)
	}
	for range 2000 {
		d.Add(float64(len(d.points)), 1, "")
	}
	if got := d.Fallbacks(); len(got) != 0 {
		t.Fatalf("60 of 3060 rows is under 5 %%, yet fallbacks = %+v", got)
	}
}
