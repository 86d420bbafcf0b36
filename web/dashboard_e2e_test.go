package web_test

import (
	"context"
	"testing"

	"loket/analytics/areas"
)

// TestTheManagerDashboardShowsAHotspotAndAChart: a manager signs in on a
// desk's screen and sees the hotspot map's hexagons, the charts and the
// season section. The test site does not run the server's hotspot refresh,
// so the map is stored here first, as `loket serve` does at start.
func TestTheManagerDashboardShowsAHotspotAndAChart(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	var municipality int
	if err := s.pool.QueryRow(ctx, `SELECT id FROM municipality`).Scan(&municipality); err != nil {
		t.Fatal(err)
	}
	hot, err := areas.New(s.pool).StoreHotspotMap(ctx, municipality)
	if err != nil {
		t.Fatal(err)
	}
	if len(hot.Cells) == 0 {
		t.Fatal("the hotspot map has no hexagons")
	}
	s.runBrowser("manager.spec.mjs", "LOKET_EMAIL=manager@kortrijk.demo", "LOKET_PASSWORD=demo")
}
