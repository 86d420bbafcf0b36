package geo

import (
	"context"
	"testing"

	"loket/internal/errs"
)

func TestLambert72RoundTripsWithinAMetre(t *testing.T) {
	pool := demoCity(t)
	ctx := context.Background()
	lon, lat := 3.2649, 50.8281 // Grote Markt, Kortrijk
	for _, srid := range []int{SRIDLambert72, SRIDLambert08} {
		x, y, err := FromWGS84(ctx, pool, lon, lat, srid)
		if err != nil {
			t.Fatal(err)
		}
		// Kortrijk lies in the west of Belgium: Lambert 72 x ≈ 72 km, y ≈ 168 km.
		if srid == SRIDLambert72 && (x < 60_000 || x > 85_000 || y < 155_000 || y > 180_000) {
			t.Errorf("Lambert 72 of Kortrijk = %.0f, %.0f", x, y)
		}
		lon2, lat2, err := ToWGS84(ctx, pool, x, y, srid)
		if err != nil {
			t.Fatal(err)
		}
		if d := metresBetween(lon, lat, lon2, lat2); d > 1 {
			t.Errorf("EPSG:%d round trip drifted %.3f m", srid, d)
		}
	}
}

func TestAnUnknownCoordinateSystemIsRefused(t *testing.T) {
	_, _, err := ToWGS84(context.Background(), demoCity(t), 1, 2, 2154)
	if errs.KindOf(err) != errs.Invalid {
		t.Errorf("got %v, want invalid", err)
	}
}
