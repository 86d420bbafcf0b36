package areas

import (
	"context"
	"math/rand/v2"
	"testing"
	"time"

	"loket/analytics/hotspot"
)

// uniform returns n points spread uniformly over the town.
func uniform(g hexGrid, rng *rand.Rand, n int) [][2]float64 {
	x0, x1 := 1.5*townSize*(iLo-1), 1.5*townSize*(iHi+1)
	y0, y1 := sqrt3*townSize*(jLo-1), sqrt3*townSize*(jHi+1)
	out := make([][2]float64, 0, n)
	for len(out) < n {
		x, y := x0+rng.Float64()*(x1-x0), y0+rng.Float64()*(y1-y0)
		if inTown(g, x, y) {
			out = append(out, [2]float64{x, y})
		}
	}
	return out
}

func (tw *town) hotspots(q HotspotQuery) map[hotspot.Hex]HotCell {
	tw.t.Helper()
	if q.SizeMetres == 0 {
		q.SizeMetres = townSize
	}
	m, err := tw.svc.Hotspots(context.Background(), townMunicipality, q)
	if err != nil {
		tw.t.Fatal(err)
	}
	if len(m.Cells) != len(townHexes()) {
		tw.t.Fatalf("%d hexagons on the map, want %d", len(m.Cells), len(townHexes()))
	}
	out := map[hotspot.Hex]HotCell{}
	for _, c := range m.Cells {
		out[hotspot.Hex{I: c.I, J: c.J}] = c
	}
	return out
}

// ring1 is hexes and their neighbours.
func ring1(hexes ...hotspot.Hex) map[hotspot.Hex]bool {
	out := map[hotspot.Hex]bool{}
	for _, h := range hexes {
		out[h] = true
		for _, n := range h.Neighbours() {
			out[n] = true
		}
	}
	return out
}

func TestAPlantedHotspotIsSignificant(t *testing.T) {
	tw := newTown(t)
	rng := rand.New(rand.NewPCG(1, 2))
	when := day(2026, 2, 10)
	tw.plant("sluikstort", when, uniform(tw.grid, rng, 432))                   // three per hexagon
	hot := []hotspot.Hex{{I: 195, J: 396}, {I: 195, J: 397}, {I: 196, J: 397}} // three that touch each other
	for _, h := range hot {
		x, y := tw.centre(h)
		tw.plant("sluikstort", when, disc(x, y, 120, 40))
	}
	cells := tw.hotspots(HotspotQuery{HexQuery: HexQuery{Filter: Filter{From: day(2026, 2, 1), To: day(2026, 3, 1)}}})
	for _, h := range hot {
		if c := cells[h]; !c.Significant || c.Bin != 3 || c.Z < 3 {
			t.Errorf("planted hexagon %v: %+v, want a significant hot spot at 99 %%", h, c)
		}
	}
	near := ring1(hot...)
	for h, c := range cells {
		if c.Bin > 0 && !near[h] {
			t.Errorf("hexagon %v, away from the planted ones, is hot: %+v", h, c)
		}
	}
}

func TestUniformNoiseLightsNoHexagonAfterFDR(t *testing.T) {
	tw := newTown(t)
	rng := rand.New(rand.NewPCG(3, 4))
	const maps = 20
	start := day(2025, 1, 6)
	for w := range maps {
		tw.plant("sluikstort", start.AddDate(0, 0, 7*w+2), uniform(tw.grid, rng, 1000))
	}
	withFinding, uncorrected := 0, 0
	for w := range maps {
		from := start.AddDate(0, 0, 7*w)
		cells := tw.hotspots(HotspotQuery{HexQuery: HexQuery{Filter: Filter{From: from, To: from.AddDate(0, 0, 7)}}})
		total, significant := 0, 0
		for _, c := range cells {
			total += c.Tickets
			if c.Significant {
				significant++
			}
			if c.P <= 0.05 {
				uncorrected++
			}
		}
		if total != 1000 {
			t.Fatalf("week %d counts %d tickets, want 1000", w, total)
		}
		if significant > 0 {
			withFinding++
		}
	}
	// BH holds the chance of any false finding on a map of pure noise at
	// q = 5 %: more than 3 maps of 20 would happen about once in 60 runs.
	if withFinding > 3 {
		t.Errorf("%d of %d noise maps show a significant hexagon", withFinding, maps)
	}
	// Without the correction, about 5 % of all 2,880 hexagons would pass.
	if uncorrected < 50 {
		t.Errorf("only %d hexagons had p ≤ 0.05 before correction: the noise is too tame to test anything", uncorrected)
	}
}

func TestTicketsWithoutATruePlaceNeverMakeAHotspot(t *testing.T) {
	tw := newTown(t)
	rng := rand.New(rand.NewPCG(5, 6))
	when := day(2026, 2, 10)
	period := HotspotQuery{HexQuery: HexQuery{Filter: Filter{From: day(2026, 2, 1), To: day(2026, 3, 1)}}}
	tw.plant("sluikstort", when, uniform(tw.grid, rng, 432))
	// A foreign register's fallback: 100 cases with no place, and 100
	// more placed only as "somewhere in N1", on its stand-in point.
	tw.plantUnplaced("sluikstort", "N1", when, 100)
	stand := hotspot.Hex{I: 193, J: 398}
	x, y := tw.centre(stand)
	tw.plantAs("sluikstort", "neighbourhood", when, disc(x, y, 1, 100))
	cells := tw.hotspots(period)
	total := 0
	for h, c := range cells {
		total += c.Tickets
		if c.Bin > 0 {
			t.Errorf("hexagon %v is hot: %+v", h, c)
		}
	}
	if total != 432 {
		t.Errorf("%d tickets on the map, want the 432 placed", total)
	}

	// The same pile with a real address is a hot spot: the test can fail.
	tw.plant("sluikstort", when, disc(x, y, 1, 100))
	if c := tw.hotspots(period)[stand]; !c.Significant || c.Bin != 3 {
		t.Errorf("100 addressed tickets at %v: %+v, want a hot spot", stand, c)
	}
}

func TestPermutationPValuesComeBesideTheAnalyticOnes(t *testing.T) {
	tw := newTown(t)
	rng := rand.New(rand.NewPCG(7, 8))
	when := day(2026, 2, 10)
	tw.plant("sluikstort", when, uniform(tw.grid, rng, 432))
	// A pile over a hexagon and its ring: conditional permutations keep a
	// hexagon's own count and ask whether its neighbours are unusual.
	x, y := tw.centre(hexA)
	tw.plant("sluikstort", when, disc(x, y, 400, 200))
	period := HexQuery{Filter: Filter{From: day(2026, 2, 1), To: day(2026, 3, 1)}}
	plain := tw.hotspots(HotspotQuery{HexQuery: period})
	perm := tw.hotspots(HotspotQuery{HexQuery: period, Perms: 999, Seed: 42})
	again := tw.hotspots(HotspotQuery{HexQuery: period, Perms: 999, Seed: 42})
	for h, c := range perm {
		if c.PermP == nil || *c.PermP < 1.0/1000 || *c.PermP > 1 {
			t.Fatalf("hexagon %v: permutation p %v", h, c.PermP)
		}
		if *c.PermP != *again[h].PermP {
			t.Errorf("hexagon %v: the same seed gave p %g and %g", h, *c.PermP, *again[h].PermP)
		}
		if plain[h].PermP != nil || c.Bin != plain[h].Bin || c.Z != plain[h].Z {
			t.Errorf("hexagon %v: permutations changed the verdict: %+v vs %+v", h, c, plain[h])
		}
	}
	if p := *perm[hexA].PermP; p > 0.002 {
		t.Errorf("the planted hexagon's permutation p = %g, want the smallest possible", p)
	}
}

func TestEmergingPatternsFollowTheWeeks(t *testing.T) {
	tw := newTown(t)
	rng := rand.New(rand.NewPCG(9, 10))
	to := day(2026, 6, 1)
	// Each spot is a pile over a hexagon and its ring, as a real one is:
	// Gi* judges a hexagon with its neighbours.
	newSpot := hotspot.Hex{I: 192, J: 392}
	persistent := hotspot.Hex{I: 199, J: 398}
	rising := hotspot.Hex{I: 193, J: 398}
	// The persistent spot is of another category, analysed apart: beside
	// a growing spot a steady one fades relatively, and rightly so.
	pile := func(code string, h hotspot.Hex, when time.Time, n int) {
		x, y := tw.centre(h)
		tw.plant(code, when, disc(x, y, 380, n))
	}
	for w := range 12 {
		when := to.AddDate(0, 0, -7*(12-w)+3)
		tw.plant("sluikstort", when, uniform(tw.grid, rng, 300))
		tw.plant("openbare-verlichting", when, uniform(tw.grid, rng, 300))
		pile("openbare-verlichting", persistent, when, 100)
		pile("sluikstort", rising, when, 20+5*w)
	}
	pile("sluikstort", newSpot, to.AddDate(0, 0, -2), 150)

	for _, run := range []struct {
		category string
		planted  map[hotspot.Hex]string
		tickets  int
	}{
		{"sluikstort", map[hotspot.Hex]string{newSpot: "New Hot Spot", rising: "Intensifying Hot Spot"}, 12*300 + (20+75)*6 + 150},
		{"openbare-verlichting", map[hotspot.Hex]string{persistent: "Persistent Hot Spot"}, 12*300 + 12*100},
	} {
		m, err := tw.svc.Emerging(context.Background(), townMunicipality, EmergingQuery{
			HexQuery: HexQuery{Filter: Filter{To: to, Categories: []string{run.category}}, SizeMetres: townSize}})
		if err != nil {
			t.Fatal(err)
		}
		if m.Weeks != 12 || !m.From.Equal(to.AddDate(0, 0, -84)) || m.Tickets != run.tickets {
			t.Errorf("%s: %d weeks from %s, %d tickets; want 12 from %s, %d", run.category, m.Weeks, m.From, m.Tickets,
				to.AddDate(0, 0, -84), run.tickets)
		}
		var spots []hotspot.Hex
		for h := range run.planted {
			spots = append(spots, h)
		}
		near := ring1(keys(ring1(spots...))...)
		for _, c := range m.Cells {
			h := hotspot.Hex{I: c.I, J: c.J}
			if p, ok := run.planted[h]; ok && c.Pattern != p {
				t.Errorf("%s, hexagon %v: %s (hot %d weeks), want %s", run.category, h, c.Pattern, c.HotWeeks, p)
			}
			if c.HotWeeks > 0 && !near[h] {
				t.Errorf("%s, hexagon %v, away from the planted ones: %s", run.category, h, c.Pattern)
			}
		}
	}
}

func keys(m map[hotspot.Hex]bool) []hotspot.Hex {
	var out []hotspot.Hex
	for h := range m {
		out = append(out, h)
	}
	return out
}

func TestWeeksCountBackFromTheEnd(t *testing.T) {
	to := day(2026, 4, 1) // Belgium moves its clocks on 29 March
	b, err := weekBounds(day(2026, 3, 1), to, cityTime)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) != 5 || !b[0].Equal(day(2026, 3, 4)) || !b[4].Equal(to) {
		t.Errorf("bounds %v, want 4 weeks from 4 March", b)
	}
	for _, t0 := range b {
		if t0.In(cityTime).Hour() != 0 {
			t.Errorf("week bound %s is not midnight in the city", t0)
		}
	}
	if b, err := weekBounds(time.Time{}, to, cityTime); err != nil || len(b) != defaultWeeks+1 {
		t.Errorf("no from: %d bounds, %v", len(b), err)
	}
	for _, from := range []time.Time{day(2026, 3, 20), day(2023, 1, 1)} {
		if _, err := weekBounds(from, to, cityTime); err == nil {
			t.Errorf("from %s: no error", from.Format(time.DateOnly))
		}
	}
}
