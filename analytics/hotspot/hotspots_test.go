package hotspot

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// pSources are the two ways Hotspots can judge a z-score.
var pSources = []struct {
	name  string
	perms int
}{{"normal p-values", 0}, {"999 permutations", DefaultPerms}}

// A flower of seven hexagons with 12 tickets each, on a 20 × 20 map of
// Poisson(3) noise, must come out hot after FDR correction, and nothing
// farther than one ring beyond it may light up.
func TestAPlantedHotspotIsSignificantAfterFDR(t *testing.T) {
	cells, g := hexMap(t, 20, 20)
	x := poisson(rand.New(rand.NewPCG(1, 2)), len(cells), 3)
	index := map[Hex]int{}
	for n, h := range cells {
		index[h] = n
	}
	centre := Hex{10, 10}
	ring := centre.Neighbours()
	flower := append([]Hex{centre}, ring[:]...)
	near := map[Hex]bool{}
	for _, h := range flower {
		x[index[h]] = 12
		near[h] = true
		for _, o := range h.Neighbours() {
			near[o] = true
		}
	}
	for _, src := range pSources {
		t.Run(src.name, func(t *testing.T) {
			r, err := Hotspots(x, g, Options{Perms: src.perms, Seed: 9})
			if err != nil {
				t.Fatal(err)
			}
			for _, h := range flower {
				if got := r[index[h]]; !got.Hot() || got.Bin < 2 {
					t.Errorf("planted cell %v: %+v, want a hot spot at 95 %% or more", h, got)
				}
			}
			for n, got := range r {
				if got.Significant && (!near[cells[n]] || got.Cold()) {
					t.Errorf("cell %v away from the plant is significant: %+v", cells[n], got)
				}
			}
		})
	}
}

func TestPoissonNoiseHasNoSignificantCellAfterFDR(t *testing.T) {
	cells, g := hexMap(t, 20, 20)
	for seed := range uint64(3) {
		x := poisson(rand.New(rand.NewPCG(seed, 11)), len(cells), 3)
		for _, src := range pSources {
			t.Run(fmt.Sprintf("map %d, %s", seed, src.name), func(t *testing.T) {
				r, err := Hotspots(x, g, Options{Perms: src.perms, Seed: seed})
				if err != nil {
					t.Fatal(err)
				}
				raw := 0
				for n, got := range r {
					// The 90 % bin is FDR at q = 0.10 and may keep a stray
					// cell: one false alarm in ten is what it allows.
					if got.Significant || got.Bin >= 2 || got.Bin <= -2 {
						t.Errorf("cell %v of pure noise is significant: %+v", cells[n], got)
					}
					if got.P <= 0.05 {
						raw++
					}
				}
				// Without correction about one cell in twenty would pass;
				// far fewer or far more means the p-values are off.
				if raw < 5 || raw > 45 {
					t.Errorf("%d of %d cells have p ≤ 0.05 before correction, expected about 20", raw, len(r))
				}
			})
		}
	}
}
