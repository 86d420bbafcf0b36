package countmodel

import (
	"math"
	"testing"
)

func TestCoefDescribesEffectsAsPercentages(t *testing.T) {
	// β and SE chosen so that the IRR is 1.38 with 95 % CI 1.30–1.47.
	lo, hi := math.Log(1.30), math.Log(1.47)
	frost := Coef{Estimate: (lo + hi) / 2, SE: (hi - lo) / (2 * z95)}
	frost.Lo95, frost.Hi95 = frost.Estimate-z95*frost.SE, frost.Estimate+z95*frost.SE
	if got, want := frost.Describe("frost day"), "+38 % per frost day, 95 % CI 30–47 %"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	rain := Coef{Estimate: math.Log(0.97), Lo95: math.Log(0.9), Hi95: math.Log(1.04)}
	if got, want := rain.Describe("mm of rain"), "-3.0 % per mm of rain, 95 % CI -10 to 4.0 %"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestCoefficientsCarryWaldTests(t *testing.T) {
	spec, days, y, _ := simulateFrost(5, 0.2)
	d, _ := spec.Build(days)
	m, err := Fit(NegBinomial, d, y)
	if err != nil {
		t.Fatal(err)
	}
	sat, _ := m.Coefficient("sat")
	wed, _ := m.Coefficient("wed")
	if sat.P > 1e-6 {
		t.Errorf("a 45 %% Saturday drop on 20 tickets a day should be clear: p = %v", sat.P)
	}
	if wed.P < 0.001 {
		t.Errorf("Wednesday has no effect, yet p = %v", wed.P)
	}
	if _, ok := m.Coefficient("snow"); ok {
		t.Error("a column the model does not have was found")
	}
}
