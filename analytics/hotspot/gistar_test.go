package hotspot

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/spatial"

	"loket/internal/errs"
)

// Four cells on a line, 0–1–2–3, with counts 0, 0, 2, 6. X̄ = 2 and
// S² = (4+4+0+16)/4 = 6. Cell 3 (neighbourhood {2,3}, Σw = Σw² = 2):
// (8 − 2·2) / (√6 · √((4·2 − 4)/3)) = 4/√8 = √2. Cell 1 ({0,1,2}, Σw = 3):
// (2 − 6) / (√6 · √((12 − 9)/3)) = −4/√6. Likewise cell 0: −√2, cell 2: 2/√6.
func TestGiStarMatchesAWorkedExample(t *testing.T) {
	z, err := GiStar([]float64{0, 0, 2, 6}, Graph{{1}, {0, 2}, {1, 3}, {2}})
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{-math.Sqrt2, -4 / math.Sqrt(6), 2 / math.Sqrt(6), math.Sqrt2}
	for i := range want {
		if math.Abs(z[i]-want[i]) > 1e-12 {
			t.Errorf("Gi*[%d] = %.15g, want %.15g", i, z[i], want[i])
		}
	}
}

func TestGiStarMatchesGonumOnAHexagonMap(t *testing.T) {
	var cells []Hex
	for i := -3; i < 5; i++ {
		for j := -2; j < 4; j++ {
			if i+j != 6 { // a bite out of one corner makes the edge irregular
				cells = append(cells, Hex{i, j})
			}
		}
	}
	g, err := HexGraph(cells)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(7, 7))
	x := make([]float64, len(cells))
	for i := range x {
		x[i] = float64(rng.IntN(12))
	}
	// Gonum wants the full weight matrix, the cell's own weight included.
	w := mat.NewDense(len(x), len(x), nil)
	for i, nbrs := range g {
		w.Set(i, i, 1)
		for _, j := range nbrs {
			w.Set(i, j, 1)
		}
	}
	z, err := GiStar(x, g)
	if err != nil {
		t.Fatal(err)
	}
	for i := range x {
		if want := spatial.GetisOrdGStar(i, x, nil, w); math.Abs(z[i]-want) > 1e-9 {
			t.Errorf("Gi*[%d] = %.12g, gonum says %.12g", i, z[i], want)
		}
	}
}

func TestGiStarOnAFlatMapIsZeroEverywhere(t *testing.T) {
	z, err := GiStar([]float64{4, 4, 4}, Graph{{1}, {0, 2}, {1}})
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range z {
		if v != 0 {
			t.Errorf("Gi*[%d] = %g on equal counts, want 0", i, v)
		}
	}
}

func TestGiStarRefusesInputItCannotUse(t *testing.T) {
	for name, c := range map[string]struct {
		x []float64
		g Graph
	}{
		"too few cells":            {[]float64{1, 2}, Graph{{1}, {0}}},
		"a count that is NaN":      {[]float64{1, math.NaN(), 3}, Graph{{}, {}, {}}},
		"a graph of another size":  {[]float64{1, 2, 3}, Graph{{1}, {0}}},
		"a neighbour off the map":  {[]float64{1, 2, 3}, Graph{{3}, {}, {}}},
		"a cell next to itself":    {[]float64{1, 2, 3}, Graph{{0}, {}, {}}},
		"a neighbour listed twice": {[]float64{1, 2, 3}, Graph{{1, 1}, {}, {}}},
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := GiStar(c.x, c.g); errs.KindOf(err) != errs.Invalid {
				t.Errorf("got %v, want an invalid-input error", err)
			}
		})
	}
}
