package hotspot

import (
	"math"
	"testing"

	"loket/internal/errs"
)

// history10 turns a picture of ten weekly slices into one cell's results:
// H a significant hot spot, C a significant cold spot, . neither. Without
// z-scores, hot slices get z = 3, cold ones −3 and the rest 0.5.
func history10(t *testing.T, picture string, z ...float64) []Result {
	t.Helper()
	if len(picture) != 10 || (z != nil && len(z) != 10) {
		t.Fatalf("a history needs 10 slices: %q %v", picture, z)
	}
	out := make([]Result, len(picture))
	for i, c := range picture {
		r := Result{Z: 0.5}
		switch c {
		case 'H':
			r = Result{Z: 3, Significant: true}
		case 'C':
			r = Result{Z: -3, Significant: true}
		}
		if z != nil {
			r.Z = z[i]
		}
		out[i] = r
	}
	return out
}

func rising(from float64) []float64 {
	z := make([]float64, 10)
	for i := range z {
		z[i] = from + float64(i)
	}
	return z
}

func falling(from float64) []float64 {
	z := rising(from - 9)
	for i, j := 0, len(z)-1; i < j; i, j = i+1, j-1 {
		z[i], z[j] = z[j], z[i]
	}
	return z
}

func TestEmergingGivesEachHistoryItsArcGISPattern(t *testing.T) {
	wobble := []float64{3.1, 2.9, 3.3, 2.8, 3.0, 3.2, 2.7, 3.1, 2.9, 3.0}
	negWobble := make([]float64, 10)
	for i, v := range wobble {
		negWobble[i] = -v
	}
	cases := []struct {
		name string
		cell []Result
		want Pattern
	}{
		{"quiet throughout", history10(t, ".........."), NoPattern},
		{"hot once long ago, cold once since", history10(t, "..H..C...."), NoPattern},
		{"hot for 8 of 10 weeks but not the last", history10(t, "HHHHHHHH.."), NoPattern},
		{"hot in the last week only", history10(t, ".........H"), NewHot},
		{"hot in the last three weeks only", history10(t, ".......HHH"), ConsecutiveHot},
		{"hot every week and ever hotter", history10(t, "HHHHHHHHHH", rising(2)...), IntensifyingHot},
		{"hot 9 of 10 weeks, last included, no trend", history10(t, ".HHHHHHHHH", wobble...), PersistentHot},
		{"hot every week but ever less", history10(t, "HHHHHHHHHH", falling(12)...), DiminishingHot},
		{"hot on and off, and now", history10(t, "..H..H...H"), SporadicHot},
		{"hot long ago and again in a run up to now", history10(t, "H......HHH"), SporadicHot},
		{"cold earlier, hot now", history10(t, "..C....HHH"), OscillatingHot},
		{"cold earlier, hot for the first time now", history10(t, "C........H"), OscillatingHot},
		{"hot 9 of 10 weeks but not the last", history10(t, "HHHHHHHHH."), HistoricalHot},
		{"cold in the last week only", history10(t, ".........C"), NewCold},
		{"cold in the last five weeks only", history10(t, ".....CCCCC"), ConsecutiveCold},
		{"cold every week and ever colder", history10(t, "CCCCCCCCCC", falling(-2)...), IntensifyingCold},
		{"cold every week, no trend", history10(t, "CCCCCCCCCC", negWobble...), PersistentCold},
		{"cold every week but warming", history10(t, "CCCCCCCCCC", rising(-12)...), DiminishingCold},
		{"cold on and off, and now", history10(t, "C.C.C....C"), SporadicCold},
		{"hot earlier, cold now", history10(t, "H.......CC"), OscillatingCold},
		{"cold 9 of 10 weeks but not the last", history10(t, "CCCCCCCCC."), HistoricalCold},
	}
	// Emerging takes slices of cells: cell c of slice t is cases[c].cell[t].
	weeks := make([][]Result, 10)
	for s := range weeks {
		for _, c := range cases {
			weeks[s] = append(weeks[s], c.cell[s])
		}
	}
	got, err := Emerging(weeks, DefaultTrendAlpha)
	if err != nil {
		t.Fatal(err)
	}
	for c, want := range cases {
		if got[c] != want.want {
			t.Errorf("%s: %v, want %v", want.name, got[c], want.want)
		}
	}
}

func TestPatternNamesAndSides(t *testing.T) {
	if s := IntensifyingCold.String(); s != "Intensifying Cold Spot" {
		t.Errorf("IntensifyingCold prints as %q", s)
	}
	if !HistoricalHot.Hot() || HistoricalHot.Cold() || !NewCold.Cold() || NoPattern.Hot() || NoPattern.Cold() {
		t.Error("a pattern is on the wrong side")
	}
}

func TestEmergingRefusesRaggedOrTooShortInput(t *testing.T) {
	one := []Result{{Z: 1}}
	for name, c := range map[string]struct {
		slices [][]Result
		alpha  float64
	}{
		"a single slice":            {[][]Result{one}, 0.05},
		"slices of different sizes": {[][]Result{one, {{Z: 1}, {Z: 2}}}, 0.05},
		"a z-score that is NaN":     {[][]Result{one, {{Z: math.NaN()}}}, 0.05},
		"a level of zero":           {[][]Result{one, one}, 0},
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := Emerging(c.slices, c.alpha); errs.KindOf(err) != errs.Invalid {
				t.Errorf("got %v, want an invalid-input error", err)
			}
		})
	}
}
