package areas

import (
	"context"
	"testing"

	"loket/analytics/hotspot"
)

// countTown plants, in March 2026:
//
//	N1: 7 tickets in hexagon A (100 residents), 3 in (191, 399); 100 unplaced
//	N2: 5 in (200, 396), and 6 placed only by neighbourhood at (197, 397)
//	N3: 4 in (193, 391), where nobody lives
//	N4: none, 50 residents
//
// plus 9 tickets in A in 2025, outside the period asked.
func countTown(t *testing.T) *town {
	tw := newTown(t)
	at := func(h hotspot.Hex, n int) [][2]float64 {
		x, y := tw.centre(h)
		return disc(x, y, 40, n)
	}
	march := day(2026, 3, 15)
	tw.plant("sluikstort", march, at(hexA, 7))
	tw.plant("gemeenteweg", march, at(hotspot.Hex{I: 191, J: 399}, 3))
	tw.plantUnplaced("sluikstort", "N1", march, 100)
	tw.plant("sluikstort", march, at(hotspot.Hex{I: 200, J: 396}, 5))
	tw.plantAs("sluikstort", "neighbourhood", march, at(hotspot.Hex{I: 197, J: 397}, 6))
	tw.plant("openbare-verlichting", march, at(hotspot.Hex{I: 193, J: 391}, 4))
	tw.plant("sluikstort", day(2025, 3, 15), at(hexA, 9))
	return tw
}

var march2026 = Filter{From: day(2026, 3, 1), To: day(2026, 4, 1)}

func TestRatesPer1000ResidentsPerNeighbourhood(t *testing.T) {
	tw := countTown(t)
	m, err := tw.svc.Neighbourhoods(context.Background(), townMunicipality, march2026)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]struct {
		tickets, residents int
		rate               float64 // -1: none
	}{
		"N1": {10, 100, 100}, // the 100 unplaced tickets never count
		"N2": {11, 200, 55},  // a neighbourhood-quality point counts here
		"N3": {4, 0, -1},
		"N4": {0, 50, 0},
	}
	if len(m.Neighbourhoods) != len(want) {
		t.Fatalf("%d neighbourhoods", len(m.Neighbourhoods))
	}
	for _, n := range m.Neighbourhoods {
		w := want[n.Code]
		rate := -1.0
		if n.Rate != nil {
			rate = *n.Rate
		}
		if n.Tickets != w.tickets || n.Residents != w.residents || rate != w.rate {
			t.Errorf("%s: %d tickets, %d residents, rate %g; want %d, %d, %g", n.Code, n.Tickets, n.Residents, rate, w.tickets, w.residents, w.rate)
		}
	}
	if m.Tickets != 25 || m.Unplaced != 0 {
		t.Errorf("%d tickets, %d without neighbourhood; want 25, 0", m.Tickets, m.Unplaced)
	}

	only, err := tw.svc.Neighbourhoods(context.Background(), townMunicipality, Filter{From: march2026.From, To: march2026.To,
		Neighbourhood: "N2", Categories: []string{"sluikstort"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(only.Neighbourhoods) != 1 || only.Neighbourhoods[0].Tickets != 11 || only.Tickets != 11 {
		t.Errorf("N2 alone: %+v", only.Neighbourhoods)
	}
}

func TestRatesPer1000ResidentsPerHexagon(t *testing.T) {
	tw := countTown(t)
	m, err := tw.svc.Hexagons(context.Background(), townMunicipality, HexQuery{Filter: march2026, SizeMetres: townSize})
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Hexagons) != len(townHexes()) {
		t.Errorf("%d hexagons on the map, want the town's %d", len(m.Hexagons), len(townHexes()))
	}
	// Neither the unplaced tickets nor those placed only by neighbourhood
	// stand on the map.
	if m.Tickets != 19 || m.Outside != 0 {
		t.Errorf("%d tickets in hexagons, %d outside; want 19, 0", m.Tickets, m.Outside)
	}
	got := map[hotspot.Hex]Hexagon{}
	residents := 0
	for _, h := range m.Hexagons {
		got[hotspot.Hex{I: h.I, J: h.J}] = h
		residents += h.Residents
		if h.Residents == 0 && h.Rate != nil {
			t.Errorf("hexagon (%d, %d) has a rate %g without residents", h.I, h.J, *h.Rate)
		}
	}
	for hex, w := range map[hotspot.Hex]struct {
		tickets, residents int
		rate               float64
	}{hexA: {7, 100, 70}, hexB: {0, 200, 0}, hexC: {0, 50, 0}} {
		h := got[hex]
		if h.Tickets != w.tickets || h.Residents != w.residents || h.Rate == nil || *h.Rate != w.rate {
			t.Errorf("hexagon %v: %+v, want %d tickets, %d residents, rate %g", hex, h, w.tickets, w.residents, w.rate)
		}
	}
	if residents != 350 {
		t.Errorf("%d residents on the map, want 350", residents)
	}
	if h := got[hotspot.Hex{I: 193, J: 391}]; h.Tickets != 4 || h.Rate != nil {
		t.Errorf("hexagon (193, 391): %+v, want 4 tickets and no rate", h)
	}

	n1, err := tw.svc.Hexagons(context.Background(), townMunicipality, HexQuery{Filter: Filter{From: march2026.From, To: march2026.To, Neighbourhood: "N1"}, SizeMetres: townSize})
	if err != nil {
		t.Fatal(err)
	}
	n1Residents := 0
	for _, h := range n1.Hexagons {
		n1Residents += h.Residents
		if h.I >= iSplit || h.J < jSplit {
			t.Errorf("hexagon (%d, %d) lies outside N1", h.I, h.J)
		}
	}
	if len(n1.Hexagons) != 36 || n1.Tickets != 10 || n1Residents != 100 {
		t.Errorf("N1 alone: %d hexagons, %d tickets, %d residents; want 36, 10, 100", len(n1.Hexagons), n1.Tickets, n1Residents)
	}
}

func TestHexagonsOfAnotherSizeStillCoverTheTown(t *testing.T) {
	tw := countTown(t)
	m, err := tw.svc.Hexagons(context.Background(), townMunicipality, HexQuery{Filter: march2026, SizeMetres: 110})
	if err != nil {
		t.Fatal(err)
	}
	residents := 0
	for _, h := range m.Hexagons {
		residents += h.Residents
	}
	if m.Tickets != 19 || m.Outside != 0 || residents != 350 {
		t.Errorf("110 m: %d tickets, %d outside, %d residents; want 19, 0, 350", m.Tickets, m.Outside, residents)
	}
}
