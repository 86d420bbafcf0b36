package areas

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"loket/analytics/hotspot"
)

func TestTheStoredHotspotMapHoldsEveryHexagonWithItsVerdict(t *testing.T) {
	tw := newTown(t)
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(3, 4))
	when := day(2026, 2, 10)
	tw.plant("sluikstort", when, uniform(tw.grid, rng, 432))
	hot := []hotspot.Hex{{I: 195, J: 396}, {I: 195, J: 397}, {I: 196, J: 397}}
	for _, h := range hot {
		x, y := tw.centre(h)
		tw.plant("sluikstort", when, disc(x, y, 120, 40))
	}
	tw.svc.now = func() time.Time { return day(2026, 3, 1) }
	for range 2 { // the second time replaces the first
		if _, err := tw.svc.StoreHotspotMap(ctx, townMunicipality); err != nil {
			t.Fatal(err)
		}
	}
	var n, hotCells int
	if err := tw.pool.QueryRow(ctx, `SELECT count(*), count(*) FILTER (WHERE bin = 3) FROM hotspot_hexagon`).Scan(&n, &hotCells); err != nil {
		t.Fatal(err)
	}
	if n != len(townHexes()) || hotCells < len(hot) {
		t.Errorf("%d hexagons stored with %d hot at 99 %%, want %d with at least %d", n, hotCells, len(townHexes()), len(hot))
	}
	for _, h := range hot {
		var bin int
		var x, y float64
		err := tw.pool.QueryRow(ctx, `SELECT bin, ST_X(c), ST_Y(c) FROM hotspot_hexagon,
			LATERAL ST_Transform(ST_Centroid(geom), 31370) c WHERE i = $1 AND j = $2`, h.I, h.J).Scan(&bin, &x, &y)
		if err != nil {
			t.Fatalf("hexagon %v: %v", h, err)
		}
		if cx, cy := tw.centre(h); bin != 3 || math.Hypot(x-cx, y-cy) > 1 {
			t.Errorf("hexagon %v stored with bin %d at (%.1f, %.1f), want bin 3 at (%.1f, %.1f)", h, bin, x, y, cx, cy)
		}
	}
}
