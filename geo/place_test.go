package geo

import (
	"context"
	"math"
	"strings"
	"testing"

	"loket/internal/errs"
)

func TestAPointIsPlacedWhereItWasGivenWithItsNeighbourhoodAndNearbyAddress(t *testing.T) {
	pool := demoCity(t)
	ctx := context.Background()
	g := NewGeocoder(pool)
	a := addressWhere(t, `box = '' AND house_number = '7'`)
	// Three metres north of the house, as a phone would report it.
	lat := a.lat + 3/111320.0
	got, err := g.Place(ctx, 1, Where{Point: &Point{X: a.lon, Y: lat}})
	if err != nil {
		t.Fatal(err)
	}
	if got.Quality != QualityPoint || got.Lon != a.lon || got.Lat != lat || !got.Inside {
		t.Errorf("placement %+v, want the given point with quality point", got)
	}
	if got.AddressID != a.id || !strings.HasPrefix(got.AddressText, a.street+" 7") {
		t.Errorf("address %d %q, want %d (%s 7)", got.AddressID, got.AddressText, a.id, a.street)
	}
	var code string
	if err := pool.QueryRow(ctx, `SELECT code FROM neighbourhood WHERE ST_Contains(geom, ST_SetSRID(ST_MakePoint($1, $2), 4326))`,
		a.lon, lat).Scan(&code); err != nil {
		t.Fatal(err)
	}
	if got.Neighbourhood == nil || got.Neighbourhood.Code != code {
		t.Errorf("neighbourhood %+v, want %s", got.Neighbourhood, code)
	}

	// The same point in Lambert 72 lands on the same spot.
	x, y, err := FromWGS84(ctx, pool, a.lon, lat, 31370)
	if err != nil {
		t.Fatal(err)
	}
	l72, err := g.Place(ctx, 1, Where{Point: &Point{X: x, Y: y, SRID: 31370}})
	if err != nil {
		t.Fatal(err)
	}
	if metres(l72.Lon, l72.Lat, a.lon, lat) > 0.01 || l72.AddressID != a.id {
		t.Errorf("Lambert 72 placement %+v is not the WGS84 one", l72)
	}
}

func TestAPointOutsideTheMunicipalityIsRefusedUnlessAllowed(t *testing.T) {
	g := NewGeocoder(demoCity(t))
	ctx := context.Background()
	brussels := &Point{X: 4.3517, Y: 50.8466}
	_, err := g.Place(ctx, 1, Where{Point: brussels})
	if errs.KindOf(err) != errs.Invalid || !strings.Contains(errs.MessageOf(err), "outside the municipality") {
		t.Fatalf("err = %v, want a refusal naming the municipality", err)
	}
	got, err := g.Place(ctx, 1, Where{Point: brussels, AllowOutside: true})
	if err != nil || got.Inside || got.Neighbourhood != nil || got.Quality != QualityPoint {
		t.Fatalf("allowed outside: %+v, %v", got, err)
	}
	// Kortrijk's lat/lon given as lon/lat: refused as swapped even when allowed.
	_, err = g.Place(ctx, 1, Where{Point: &Point{X: 50.8279, Y: 3.2651}, AllowOutside: true})
	if errs.KindOf(err) != errs.Invalid || !strings.Contains(errs.MessageOf(err), "swapped") {
		t.Fatalf("swapped: err = %v", err)
	}
}

func TestAnAddressIDOrTextIsPlacedOnTheRegister(t *testing.T) {
	g := NewGeocoder(demoCity(t))
	ctx := context.Background()
	a := addressWhere(t, `street_nl = 'Leiestraat' AND box = '' AND house_number ~ '^[0-9]+$'`)
	byID, err := g.Place(ctx, 1, Where{AddressID: a.id})
	if err != nil {
		t.Fatal(err)
	}
	byText, err := g.Place(ctx, 1, Where{Text: "leiestr " + a.number})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []Placement{byID, byText} {
		if p.Quality != QualityAddress || p.AddressID != a.id || p.Lon != a.lon || p.Lat != a.lat ||
			p.Neighbourhood == nil || !p.Inside || p.AddressText != "Leiestraat "+a.number+", "+a.postcode {
			t.Errorf("placement %+v, want address %d (Leiestraat %s)", p, a.id, a.number)
		}
	}
}

func TestAPlaceThatCannotBeFoundIsRefusedWithAReason(t *testing.T) {
	g := NewGeocoder(demoCity(t))
	for _, c := range []struct {
		w    Where
		says string
	}{
		{Where{}, "say where"},
		{Where{Text: "   "}, "say where"},
		{Where{AddressID: 999_999_999}, "not in the register"},
		{Where{Text: "Qwxzyvbnm 12"}, "no place"},
		{Where{Point: &Point{X: math.NaN(), Y: 50}}, "finite"},
		{Where{Point: &Point{X: 1, Y: 2, SRID: 1234}}, "1234"},
	} {
		_, err := g.Place(context.Background(), 1, c.w)
		if errs.KindOf(err) != errs.Invalid || !strings.Contains(errs.MessageOf(err), c.says) {
			t.Errorf("Place(%+v): err = %v, want a 4xx saying %q", c.w, err, c.says)
		}
	}
}

// metres is the distance between two nearby WGS84 points.
func metres(lon1, lat1, lon2, lat2 float64) float64 {
	dx := (lon1 - lon2) * 111320 * math.Cos(lat1*math.Pi/180)
	dy := (lat1 - lat2) * 110540
	return math.Hypot(dx, dy)
}
