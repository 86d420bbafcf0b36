package season

import (
	"fmt"
	"math"

	"loket/analytics/countmodel"
)

// Effect is what one term does to the expected number of tickets.
type Effect struct {
	Term        string  `json:"term"`
	Per         string  `json:"per"`
	Percent     float64 `json:"percent"` // +38: 38 % more tickets per unit of the term
	Lo95        float64 `json:"lo95"`
	Hi95        float64 `json:"hi95"`
	P           float64 `json:"p"`
	Estimable   bool    `json:"estimable"` // false: too few days to tell; the numbers are left at 0
	Description string  `json:"description"`
}

// maxSE is the largest standard error (log scale) an effect may have and
// still be stated: beyond it the 95 % interval spans a factor over 50,000.
const maxSE = 2.75

// bigFactor is where effects read better as a factor than a percentage:
// "×12" rather than "+1,100 %".
const bigFactor = 4.0

// effects states the weather and holiday terms of m.
func effects(m *countmodel.Model, ms *modelSpec) []Effect {
	var out []Effect
	add := func(name, per string) {
		c, ok := m.Coefficient(name)
		if !ok {
			return
		}
		out = append(out, effect(c, per))
	}
	for _, c := range ms.weather {
		add(c.name(), c.per())
	}
	add("holiday", "public holiday")
	add(schoolTermName, "day of the school holidays")
	return out
}

func effect(c countmodel.Coef, per string) Effect {
	e := Effect{Term: c.Name, Per: per, P: c.P}
	if c.SE == 0 || c.SE > maxSE || math.IsNaN(c.SE) {
		e.P = 1
		e.Description = fmt.Sprintf("too few days to tell the effect per %s", per)
		return e
	}
	e.Estimable = true
	e.Percent, e.Lo95, e.Hi95 = c.Percent()
	e.Description = describe(c, per)
	return e
}

// describe says an effect in words: countmodel's "+38 % per frost day,
// 95 % CI 30–47 %", or a factor for large effects.
func describe(c countmodel.Coef, per string) string {
	est, lo, hi := c.IRR()
	if est < bigFactor && lo < bigFactor {
		return c.Describe(per)
	}
	return fmt.Sprintf("×%s per %s, 95 %% CI ×%s–×%s", factor(est), per, factor(lo), factor(hi))
}

func factor(x float64) string {
	if x < 10 {
		return fmt.Sprintf("%.1f", x)
	}
	return fmt.Sprintf("%.0f", x)
}
