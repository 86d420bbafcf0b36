package season

import (
	"slices"
	"time"

	"loket/analytics/countmodel"
)

// forCategory is m less the columns on whose days the category never had
// a ticket. Their effect would be minus infinity: the fit would chase it
// until the design turns singular. Every column is 0 or more, so "days
// on which it is above 0" is the same test for indicators and amounts.
func (m *modelSpec) forCategory(days []time.Time, counts []float64) *modelSpec {
	silent := func(value func(time.Time) (float64, bool)) bool {
		for _, i := range m.rows {
			if v, _ := value(days[i]); v > 0 && counts[i] > 0 {
				return false
			}
		}
		return true
	}
	out := *m
	out.leftOut = slices.Clone(m.leftOut)
	const reason = "no ticket of the category on any of its days, so its effect cannot be estimated"
	if m.spec.Holiday != nil && silent(func(d time.Time) (float64, bool) { return flag(true, m.spec.Holiday(d)) }) {
		out.spec.Holiday = nil
		out.leftOut = append(out.leftOut, LeftOut{"holiday", reason})
	}
	firstWeather := len(m.spec.Columns) - len(m.weather)
	out.spec.Columns, out.weather = nil, nil
	for j, c := range m.spec.Columns {
		if silent(c.Value) {
			out.leftOut = append(out.leftOut, LeftOut{c.Name, reason})
			continue
		}
		out.spec.Columns = append(out.spec.Columns, c)
		if j >= firstWeather {
			out.weather = append(out.weather, m.weather[j-firstWeather])
		}
	}
	return &out
}

// weatherStart is the index of the first weather column in the design.
func (m *modelSpec) weatherStart() int {
	return len(m.spec.Names()) - len(m.weather)
}

// withoutWeather is the spec less its weather block: the null model of
// the weather test.
func (m *modelSpec) withoutWeather() countmodel.Spec {
	s := m.spec
	s.Columns = s.Columns[:len(s.Columns)-len(m.weather)]
	return s
}

// withoutSeason is the spec less its annual terms: the null model of the
// season test.
func (m *modelSpec) withoutSeason() countmodel.Spec {
	s := m.spec
	s.Harmonics = 0
	return s
}

// dropWeather is m without its weather block, for a category whose fit
// with it failed.
func (m *modelSpec) dropWeather(reason string) *modelSpec {
	return m.drop(func(string) bool { return true }, reason)
}

// drop is m without the weather columns named by gone.
func (m *modelSpec) drop(gone func(name string) bool, reason string) *modelSpec {
	out := *m
	out.leftOut = slices.Clone(m.leftOut)
	out.spec.Columns = slices.Clone(m.withoutWeather().Columns)
	out.weather = nil
	first := len(m.spec.Columns) - len(m.weather)
	for k, c := range m.weather {
		if gone(c.name()) {
			out.leftOut = append(out.leftOut, LeftOut{c.name(), reason})
			continue
		}
		out.weather = append(out.weather, c)
		out.spec.Columns = append(out.spec.Columns, m.spec.Columns[first+k])
	}
	return &out
}
