package countmodel

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// z95 is the standard normal quantile for two-sided 95 % intervals.
var z95 = distuv.UnitNormal.Quantile(0.975)

// Coef is one coefficient with its uncertainty, on the log scale.
type Coef struct {
	Name     string
	Estimate float64
	SE       float64 // from the Fisher information
	Z, P     float64 // Wald test of "no effect"
	Lo95     float64
	Hi95     float64
}

// Coefficients lists the model's coefficients in column order.
func (m *Model) Coefficients() []Coef {
	out := make([]Coef, len(m.Beta))
	for j, b := range m.Beta {
		se := math.Sqrt(math.Max(m.Cov.At(j, j), 0))
		c := Coef{Name: m.Names[j], Estimate: b, SE: se, P: 1, Lo95: b - z95*se, Hi95: b + z95*se}
		if se > 0 {
			c.Z = b / se
			c.P = 2 * distuv.UnitNormal.Survival(math.Abs(c.Z))
		}
		out[j] = c
	}
	return out
}

// Coefficient returns the named coefficient.
func (m *Model) Coefficient(name string) (Coef, bool) {
	for _, c := range m.Coefficients() {
		if c.Name == name {
			return c, true
		}
	}
	return Coef{}, false
}

// IRR is the incidence-rate ratio: the factor on the expected count per
// unit of the column, with its 95 % interval.
func (c Coef) IRR() (est, lo, hi float64) {
	return math.Exp(c.Estimate), math.Exp(c.Lo95), math.Exp(c.Hi95)
}

// Percent is the IRR as a percentage change: +38 means 38 % more.
func (c Coef) Percent() (est, lo, hi float64) {
	e, l, h := c.IRR()
	return 100 * (e - 1), 100 * (l - 1), 100 * (h - 1)
}

// Describe says the effect in words, e.g. "+38 % per frost day, 95 % CI
// 30–47 %"; per names the unit of the column.
func (c Coef) Describe(per string) string {
	e, l, h := c.Percent()
	sep := "–"
	if l < 0 {
		sep = " to " // a dash between negative numbers reads as minus signs
	}
	return fmt.Sprintf("%s %% per %s, 95 %% CI %s%s%s %%", signedPct(e), per, pct(l), sep, pct(h))
}

// pct rounds to whole percents, keeping one decimal for small effects
// where whole percents would hide them.
func pct(x float64) string {
	if math.Abs(x) < 9.95 {
		return fmt.Sprintf("%.1f", x)
	}
	return fmt.Sprintf("%.0f", x)
}

func signedPct(x float64) string {
	if x >= 0 {
		return "+" + pct(x)
	}
	return pct(x)
}
