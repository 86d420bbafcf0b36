package hotspot

import (
	"math"
	"slices"
	"testing"
)

func TestMannKendallMatchesWorkedExamples(t *testing.T) {
	for _, c := range []struct {
		name    string
		series  []float64
		s       int
		v, z, p float64
	}{
		// Pairs up minus pairs down: from 1: +4; from 3: −1+1+1; from 2:
		// +2; from 5: −1. S = 6. Var = 5·4·15/18 = 300/18; Z = 5/√Var.
		{"rising, no ties", []float64{1, 3, 2, 5, 4}, 6, 300.0 / 18, 5 / math.Sqrt(300.0/18), 0.22067136191984688},
		{"falling, no ties", []float64{4, 5, 2, 3, 1}, -6, 300.0 / 18, -5 / math.Sqrt(300.0/18), 0.22067136191984688},
		// S = 5 + 3 + 3 = 11. Ties: a pair of 2s (2·1·9 = 18) and three 3s
		// (3·2·11 = 66): Var = (6·5·17 − 84)/18 = 426/18; Z = 10/√Var.
		{"rising with ties", []float64{1, 2, 2, 3, 3, 3}, 11, 426.0 / 18, 10 / math.Sqrt(426.0/18), 0.039824355364810736},
		{"flat", []float64{2, 2, 2, 2}, 0, 0, 0, 1},
		{"one value", []float64{7}, 0, 0, 0, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := MannKendall(c.series)
			if got.S != c.s || math.Abs(got.Var-c.v) > 1e-12 || math.Abs(got.Z-c.z) > 1e-12 || math.Abs(got.P-c.p) > 1e-12 {
				t.Errorf("got S %d Var %g Z %g P %g, want S %d Var %g Z %g P %g", got.S, got.Var, got.Z, got.P, c.s, c.v, c.z, c.p)
			}
		})
	}
}

func TestMannKendallSeesAClearTrendAndLeavesTheSeriesAlone(t *testing.T) {
	series := []float64{1, 2, 2.5, 2, 4, 5, 5.5, 7, 6.5, 9}
	orig := slices.Clone(series)
	tr := MannKendall(series)
	if !(tr.P < 0.01 && tr.Z > 0 && tr.Tau > 0.8) {
		t.Errorf("a steady climb gave %+v", tr)
	}
	if !slices.Equal(series, orig) {
		t.Error("MannKendall reordered its input")
	}
}
