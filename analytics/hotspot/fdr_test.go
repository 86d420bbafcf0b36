package hotspot

import (
	"math"
	"testing"

	"loket/internal/errs"
)

// Five p-values, m = 5. Sorted: 0.01, 0.012, 0.03, 0.04, 0.5, so p·m/rank is
// 0.05, 0.03, 0.05, 0.05, 0.5. Carrying the minimum down from the largest
// lowers the first to 0.03: adjusted 0.03, 0.03, 0.05, 0.05, 0.5.
func TestBHMatchesAWorkedExample(t *testing.T) {
	for _, c := range []struct {
		name    string
		p, want []float64
	}{
		{"five p-values", []float64{0.04, 0.01, 0.5, 0.012, 0.03}, []float64{0.05, 0.03, 0.5, 0.03, 0.05}},
		// 0.9·2/1 = 1.8 is capped by the running minimum 0.95·2/2.
		{"large p-values", []float64{0.9, 0.95}, []float64{0.95, 0.95}},
		{"ties", []float64{0.02, 0.02, 0.02}, []float64{0.02, 0.02, 0.02}},
		{"none", nil, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := BH(c.p)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(c.want) {
				t.Fatalf("got %d adjusted p-values, want %d", len(got), len(c.want))
			}
			for i := range c.want {
				if math.Abs(got[i]-c.want[i]) > 1e-12 {
					t.Errorf("adjusted p[%d] = %g, want %g", i, got[i], c.want[i])
				}
			}
		})
	}
}

func TestBHRefusesSomethingThatIsNotAProbability(t *testing.T) {
	for _, p := range []float64{-0.1, 1.5, math.NaN()} {
		if _, err := BH([]float64{0.2, p}); errs.KindOf(err) != errs.Invalid {
			t.Errorf("p = %g: got %v, want an invalid-input error", p, err)
		}
	}
}
