package geo

import (
	"context"
	"math"
	"strings"
	"testing"

	"loket/internal/errs"
)

func TestReverseFindsTheNearestAddressAndItsNeighbourhood(t *testing.T) {
	pool := demoCity(t)
	a := addressWhere(t, `box = '' AND house_number = '7'`)
	// Two metres east of the house: still that house.
	lon := a.lon + 2/(111320*math.Cos(a.lat*math.Pi/180))
	res, err := NewGeocoder(pool).Reverse(context.Background(), 1, lon, a.lat, 50)
	if err != nil {
		t.Fatal(err)
	}
	if res.Address == nil || res.Address.StreetNL != a.street || res.Address.HouseNumber != "7" {
		t.Fatalf("got %+v, want %s 7", res.Address, a.street)
	}
	if res.DistanceMetres < 1.5 || res.DistanceMetres > 2.5 {
		t.Errorf("distance %.2f m, want about 2", res.DistanceMetres)
	}
	var code string
	if err := pool.QueryRow(context.Background(), `SELECT code FROM neighbourhood
		WHERE ST_Contains(geom, ST_SetSRID(ST_MakePoint($1, $2), 4326))`, lon, a.lat).Scan(&code); err != nil {
		t.Fatal(err)
	}
	if !res.Inside || res.Neighbourhood == nil || res.Neighbourhood.Code != code {
		t.Errorf("location %+v, want inside %s", res.Location, code)
	}
}

func TestReverseFarFromAnyHouseFindsNoAddress(t *testing.T) {
	// Brussels: valid, outside Kortrijk, and not Kortrijk when swapped.
	res, err := NewGeocoder(demoCity(t)).Reverse(context.Background(), 1, 4.3517, 50.8466, 100)
	if err != nil {
		t.Fatal(err)
	}
	if res.Address != nil || res.Inside || res.Neighbourhood != nil {
		t.Errorf("got %+v", res)
	}
}

func TestEveryNeighbourhoodLocatesItsOwnInnerPoint(t *testing.T) {
	pool := demoCity(t)
	rows, err := pool.Query(context.Background(), `
		SELECT code, ST_X(p), ST_Y(p) FROM (SELECT code, ST_PointOnSurface(geom) AS p FROM neighbourhood) n`)
	if err != nil {
		t.Fatal(err)
	}
	type pt struct {
		code     string
		lon, lat float64
	}
	var pts []pt
	for rows.Next() {
		var p pt
		if err := rows.Scan(&p.code, &p.lon, &p.lat); err != nil {
			t.Fatal(err)
		}
		pts = append(pts, p)
	}
	if len(pts) != 14 {
		t.Fatalf("%d neighbourhoods, want Kortrijk's 14", len(pts))
	}
	g := NewGeocoder(pool)
	for _, p := range pts {
		loc, err := g.Locate(context.Background(), 1, p.lon, p.lat)
		if err != nil {
			t.Fatal(err)
		}
		if !loc.Inside || loc.Neighbourhood == nil || loc.Neighbourhood.Code != p.code {
			t.Errorf("%s: got %+v", p.code, loc)
		}
	}
}

func TestAPointOutsideKortrijkSaysSo(t *testing.T) {
	loc, err := NewGeocoder(demoCity(t)).Locate(context.Background(), 1, 3.0, 50.5) // near Lille
	if err != nil {
		t.Fatal(err)
	}
	if loc.Inside || loc.Neighbourhood != nil {
		t.Errorf("got %+v", loc)
	}
}

func TestBadCoordinatesAreRefused(t *testing.T) {
	g := NewGeocoder(demoCity(t))
	for name, c := range map[string]struct {
		lon, lat, radius float64
		says             string
	}{
		"NaN":             {math.NaN(), 50.8, 100, "finite"},
		"infinite":        {3.26, math.Inf(1), 100, "finite"},
		"lon too big":     {181, 50.8, 100, "-180..180"},
		"lat too big":     {3.26, 95, 100, "swapped"},
		"swapped":         {50.8281, 3.2649, 100, "swapped"},
		"radius zero":     {3.26, 50.8, 0, "radius"},
		"radius too wide": {3.26, 50.8, 1e6, "radius"},
	} {
		_, err := g.Reverse(context.Background(), 1, c.lon, c.lat, c.radius)
		if errs.KindOf(err) != errs.Invalid || !strings.Contains(errs.MessageOf(err), c.says) {
			t.Errorf("%s: got %v, want invalid saying %q", name, err, c.says)
		}
	}
}
