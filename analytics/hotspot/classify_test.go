package hotspot

import (
	"math"
	"testing"

	"loket/internal/errs"
)

// p-values already sorted, m = 6: p·m/rank = 0.006, 0.006, 0.04, 0.045,
// 0.084, 0.6, which is monotone, so these are the adjusted values; they fall
// in the 99, 99, 95, 95, 90 % bins and none.
func TestClassifyBinsCellsByAdjustedPValueAndSignOfZ(t *testing.T) {
	z := []float64{4, -4, 2.5, -2, 1.8, 0.5}
	p := []float64{0.001, 0.002, 0.02, 0.03, 0.07, 0.6}
	got, err := Classify(z, p, 0.05)
	if err != nil {
		t.Fatal(err)
	}
	wantBin := []int{3, -3, 2, -2, 1, 0}
	wantAdj := []float64{0.006, 0.006, 0.04, 0.045, 0.084, 0.6}
	for i, r := range got {
		if r.Bin != wantBin[i] || math.Abs(r.Adjusted-wantAdj[i]) > 1e-12 {
			t.Errorf("cell %d: bin %d adjusted %g, want bin %d adjusted %g", i, r.Bin, r.Adjusted, wantBin[i], wantAdj[i])
		}
		if want := i < 4; r.Significant != want {
			t.Errorf("cell %d: significant = %v at q = 0.05, want %v", i, r.Significant, want)
		}
		if hot, cold := r.Hot(), r.Cold(); hot != (i < 4 && z[i] > 0) || cold != (i < 4 && z[i] < 0) {
			t.Errorf("cell %d: hot %v cold %v", i, hot, cold)
		}
	}
}

func TestNormalPIsTheTwoSidedTailOfTheStandardNormal(t *testing.T) {
	got := NormalP([]float64{0, 1.959963984540054, -2.5758293035489})
	for i, want := range []float64{1, 0.05, 0.01} {
		if math.Abs(got[i]-want) > 1e-12 {
			t.Errorf("p[%d] = %.15g, want %g", i, got[i], want)
		}
	}
}

func TestClassifyRefusesMismatchedInputAndAnImpossibleRate(t *testing.T) {
	if _, err := Classify([]float64{1, 2}, []float64{0.1}, 0.05); errs.KindOf(err) != errs.Invalid {
		t.Errorf("mismatched lengths: got %v", err)
	}
	for _, q := range []float64{0, 1, -0.05, math.NaN()} {
		if _, err := Classify([]float64{1}, []float64{0.1}, q); errs.KindOf(err) != errs.Invalid {
			t.Errorf("q = %g: got %v", q, err)
		}
	}
}
