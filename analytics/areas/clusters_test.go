package areas

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/planar"
)

// clusterTown plants 25 dumping tickets within 30 m of hexagon A's centre
// and 20 street-light tickets within 20 m of the same point, over a
// background of dumping tickets 400 m apart that no default makes a
// cluster of. It returns the dumping points in WGS84.
func clusterTown(t *testing.T, when time.Time) (*town, []orb.Point) {
	tw := newTown(t)
	x, y := tw.centre(hexA)
	dumping := disc(x, y, 30, 25)
	tw.plant("sluikstort", when, dumping)
	tw.plant("openbare-verlichting", when.Add(time.Hour), disc(x+5, y-5, 20, 20))
	var background [][2]float64
	for bx := 1.5 * townSize * iLo; bx < 1.5*townSize*iHi; bx += 400 {
		for by := sqrt3 * townSize * jLo; by < sqrt3*townSize*jHi; by += 400 {
			if math.Hypot(bx-x, by-y) > 300 {
				background = append(background, [2]float64{bx, by})
			}
		}
	}
	tw.plant("sluikstort", when, background)
	return tw, tw.wgs84(dumping)
}

// wgs84 converts Lambert 72 points as the database does.
func (tw *town) wgs84(pts [][2]float64) []orb.Point {
	tw.t.Helper()
	xs, ys := make([]float64, len(pts)), make([]float64, len(pts))
	for i, p := range pts {
		xs[i], ys[i] = p[0], p[1]
	}
	rows, err := tw.pool.Query(context.Background(), `
		SELECT ST_X(g), ST_Y(g) FROM unnest($1::float8[], $2::float8[]) WITH ORDINALITY AS u(x, y, n),
		       LATERAL (SELECT ST_Transform(ST_SetSRID(ST_MakePoint(u.x, u.y), 31370), 4326) AS g) p ORDER BY u.n`, xs, ys)
	if err != nil {
		tw.t.Fatal(err)
	}
	defer rows.Close()
	var out []orb.Point
	for rows.Next() {
		var p orb.Point
		if err := rows.Scan(&p[0], &p[1]); err != nil {
			tw.t.Fatal(err)
		}
		out = append(out, p)
	}
	return out
}

func TestAPlantedClusterIsFoundWithItsCountHullAndPlace(t *testing.T) {
	when := day(2026, 3, 10)
	tw, planted := clusterTown(t, when)
	m, err := tw.svc.Clusters(context.Background(), townMunicipality, ClusterQuery{
		Filter: Filter{From: day(2026, 1, 1), To: day(2026, 4, 1), Categories: []string{"sluikstort"}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Clusters) != 1 {
		t.Fatalf("found %d clusters, want the one planted: %+v", len(m.Clusters), m.Clusters)
	}
	c := m.Clusters[0]
	if c.Tickets != 25 || c.Category != "sluikstort" || len(c.Categories) != 1 || c.Categories[0] != (CategoryCount{"sluikstort", 25}) {
		t.Errorf("cluster = %d tickets of %q %+v, want 25 of sluikstort", c.Tickets, c.Category, c.Categories)
	}
	if c.Neighbourhood == nil || c.Neighbourhood.Code != "N1" {
		t.Errorf("cluster lies in %+v, want N1", c.Neighbourhood)
	}
	if !c.FirstSeen.Equal(when) || !c.LastSeen.Equal(when) || c.EpsMetres != 150 || c.MinPoints != 5 {
		t.Errorf("cluster seen %s–%s with eps %g, min %d", c.FirstSeen, c.LastSeen, c.EpsMetres, c.MinPoints)
	}
	if m.Tickets != 25+countBackground(t, tw) || m.Clustered != 25 {
		t.Errorf("read %d tickets, clustered %d", m.Tickets, m.Clustered)
	}

	hull, err := geojson.UnmarshalGeometry(c.hull)
	if err != nil {
		t.Fatalf("hull %s: %v", c.hull, err)
	}
	poly, ok := hull.Geometry().(orb.Polygon)
	if !ok {
		t.Fatalf("hull is a %T", hull.Geometry())
	}
	for _, corner := range poly[0] {
		if nearest(planted, corner) > 1e-6 {
			t.Errorf("hull corner %v is no planted ticket", corner)
		}
	}
	grown := grow(poly[0], 1e-7)
	var mean orb.Point
	for _, p := range planted {
		if !planar.RingContains(grown, p) {
			t.Errorf("planted ticket %v lies outside the hull", p)
		}
		mean[0] += p[0] / float64(len(planted))
		mean[1] += p[1] / float64(len(planted))
	}
	if d := math.Hypot(c.Centroid[0]-mean[0], c.Centroid[1]-mean[1]); d > 1e-6 {
		t.Errorf("centroid %v, mean of the tickets %v", c.Centroid, mean)
	}
}

func countBackground(t *testing.T, tw *town) int {
	var n int
	if err := tw.pool.QueryRow(context.Background(), `SELECT count(*) - 25 FROM ticket t JOIN category c ON c.id = t.category_id WHERE c.code = 'sluikstort'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func nearest(pts []orb.Point, q orb.Point) float64 {
	best := math.Inf(1)
	for _, p := range pts {
		best = min(best, math.Hypot(p[0]-q[0], p[1]-q[1]))
	}
	return best
}

// grow pushes a ring's corners away from its centroid, so points on an
// edge count as inside whatever the rounding.
func grow(r orb.Ring, by float64) orb.Ring {
	c, _ := planar.CentroidArea(r)
	out := make(orb.Ring, len(r))
	for i, p := range r {
		d := math.Hypot(p[0]-c[0], p[1]-c[1])
		out[i] = orb.Point{p[0] + (p[0]-c[0])/d*by, p[1] + (p[1]-c[1])/d*by}
	}
	return out
}

func TestClustersFollowCategoriesDefaultsAndOverrides(t *testing.T) {
	tw, _ := clusterTown(t, day(2026, 3, 10))
	period := Filter{From: day(2026, 3, 1), To: day(2026, 4, 1)}
	run := func(q ClusterQuery) *ClusterMap {
		t.Helper()
		q.Filter.From, q.Filter.To = period.From, period.To
		m, err := tw.svc.Clusters(context.Background(), townMunicipality, q)
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	t.Run("each category apart, with its own defaults", func(t *testing.T) {
		m := run(ClusterQuery{})
		got := map[string]int{}
		for _, c := range m.Clusters {
			got[c.Category] = c.Tickets
			if c.Category == "openbare-verlichting" && (c.EpsMetres != 50 || c.MinPoints != 3) {
				t.Errorf("street lights clustered with eps %g, min %d; want the spot defaults 50, 3", c.EpsMetres, c.MinPoints)
			}
		}
		if len(got) != 2 || got["sluikstort"] != 25 || got["openbare-verlichting"] != 20 {
			t.Errorf("clusters %v, want sluikstort 25 and openbare-verlichting 20", got)
		}
	})
	t.Run("together, one cluster with the mix", func(t *testing.T) {
		m := run(ClusterQuery{Together: true})
		if len(m.Clusters) != 1 || m.Clusters[0].Tickets != 45 || m.Clusters[0].Category != "" {
			t.Fatalf("clusters %+v, want one of 45", m.Clusters)
		}
		want := []CategoryCount{{"sluikstort", 25}, {"openbare-verlichting", 20}}
		if got := m.Clusters[0].Categories; len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
			t.Errorf("mix %v, want %v", got, want)
		}
	})
	t.Run("a tiny eps finds nothing", func(t *testing.T) {
		if m := run(ClusterQuery{EpsMetres: 0.5}); len(m.Clusters) != 0 {
			t.Errorf("eps 0.5 m found %+v", m.Clusters)
		}
	})
	t.Run("more points than planted finds nothing", func(t *testing.T) {
		if m := run(ClusterQuery{MinPoints: 30, Filter: Filter{Categories: []string{"sluikstort"}}}); len(m.Clusters) != 0 {
			t.Errorf("min_points 30 found %+v", m.Clusters)
		}
	})
	t.Run("a wide eps joins the background", func(t *testing.T) {
		m := run(ClusterQuery{EpsMetres: 450, MinPoints: 3, Filter: Filter{Categories: []string{"sluikstort"}}})
		if len(m.Clusters) != 1 || m.Clusters[0].Tickets != m.Tickets {
			t.Errorf("eps 450 m: %d clusters over %d tickets", len(m.Clusters), m.Tickets)
		}
	})
	t.Run("tickets outside the period are not read", func(t *testing.T) {
		m, err := tw.svc.Clusters(context.Background(), townMunicipality, ClusterQuery{Filter: Filter{From: day(2026, 4, 1), To: day(2026, 5, 1)}})
		if err != nil || m.Tickets != 0 || len(m.Clusters) != 0 {
			t.Errorf("April: %+v, %v", m, err)
		}
	})
	t.Run("a parent's code takes its sub-categories", func(t *testing.T) {
		x, y := tw.centre(hexC)
		tw.plant("putten-verzakkingen", day(2026, 3, 12), disc(x, y, 20, 6))
		m := run(ClusterQuery{Filter: Filter{Categories: []string{"gemeenteweg"}}})
		if len(m.Clusters) != 1 || m.Clusters[0].Category != "putten-verzakkingen" || m.Clusters[0].Neighbourhood.Code != "N4" {
			t.Errorf("gemeenteweg: %+v", m.Clusters)
		}
	})
}
