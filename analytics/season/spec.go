package season

import (
	"fmt"
	"time"

	"loket/analytics/countmodel"
	"loket/analytics/weather"
)

// Limits on what a history must show before a column goes in: an effect
// seen on fewer days is a guess, and a column missing on many days would
// cost the model those days.
const (
	minEventDays   = 10  // days with (and without) frost, heavy rain, a school holiday…
	minKnownShare  = 0.9 // of the days, the weather of a feature must be known on this share
	minSeasonDays  = 365 // annual terms and a trend need a whole year
	schoolTermName = "school_holiday"
)

// LeftOut is a term a model could not have, and why.
type LeftOut struct {
	Term   string `json:"term"`
	Reason string `json:"reason"`
}

// modelSpec is the design of every category's model over one history:
// which columns it has and the days that have a value for each.
type modelSpec struct {
	spec    countmodel.Spec
	weather []weatherColumn // the last columns of the design, in this order
	rows    []int           // indexes of the history days the model is fitted on
	leftOut []LeftOut
}

// newModelSpec picks the columns days can support. wx may hold more days
// than the history (a forecast's), which the columns then read as well.
func newModelSpec(days []time.Time, wx weatherByDay, cal weather.Calendar, harmonics int) *modelSpec {
	m := &modelSpec{spec: countmodel.Spec{Weekdays: true}}
	if len(days) >= minSeasonDays {
		m.spec.Harmonics, m.spec.TrendFrom = harmonics, days[0]
	} else {
		m.leftOut = append(m.leftOut, LeftOut{"season and trend", fmt.Sprintf("%d days of history; a year is needed", len(days))})
	}
	var kept [][]float64
	for _, c := range allWeatherColumns() {
		values, reason := columnValues(days, wx, c)
		for k, other := range kept {
			if reason == "" && c.f.indicator && m.weather[k].f.indicator {
				if n := differing(values, other); n < minEventDays {
					reason = fmt.Sprintf("it differs from %s on %d days; at least %d are needed to tell them apart", m.weather[k].name(), n, minEventDays)
				}
			}
		}
		if reason != "" {
			m.leftOut = append(m.leftOut, LeftOut{c.name(), reason})
			continue
		}
		m.weather = append(m.weather, c)
		kept = append(kept, values)
	}
	for i, d := range days {
		if m.known(wx, d) {
			m.rows = append(m.rows, i)
		}
	}
	m.addHolidays(days, cal)
	for _, c := range m.weather {
		m.spec.Columns = append(m.spec.Columns, countmodel.Column{Name: c.name(), Value: weatherValue(wx, c)})
	}
	return m
}

// columnValues reads a weather column over days (NaN where unknown), or
// says why the column cannot be estimated.
func columnValues(days []time.Time, wx weatherByDay, c weatherColumn) ([]float64, string) {
	values := make([]float64, len(days))
	known, events := 0, 0
	for i, d := range days {
		v, ok := wx.value(c, d)
		if !ok {
			values[i] = -1 // no weather value is negative
			continue
		}
		values[i] = v
		known++
		if v != 0 {
			events++
		}
	}
	switch {
	case float64(known) < minKnownShare*float64(len(days)):
		return nil, fmt.Sprintf("the weather is known on %d of %d days", known, len(days))
	case events < minEventDays:
		return nil, fmt.Sprintf("%d days of the history have any; at least %d are needed", events, minEventDays)
	case c.f.indicator && known-events < minEventDays:
		return nil, fmt.Sprintf("%d of %d days have it: nothing to compare with", events, known)
	}
	return values, ""
}

// differing counts the days on which two indicators disagree, among those
// where both are known (unknown is -1).
func differing(a, b []float64) int {
	n := 0
	for i := range a {
		if a[i] >= 0 && b[i] >= 0 && a[i] != b[i] {
			n++
		}
	}
	return n
}

func (m *modelSpec) known(wx weatherByDay, day time.Time) bool {
	for _, c := range m.weather {
		if _, ok := wx.value(c, day); !ok {
			return false
		}
	}
	return true
}

// addHolidays adds the public-holiday indicator and a school-holiday
// column when the fitted days hold enough of both kinds of day.
func (m *modelSpec) addHolidays(days []time.Time, cal weather.Calendar) {
	public, school := 0, 0
	for _, i := range m.rows {
		if cal.IsPublic(days[i]) {
			public++
		}
		if cal.IsSchool(days[i]) {
			school++
		}
	}
	if public >= 2 {
		m.spec.Holiday = cal.IsPublic
	} else {
		m.leftOut = append(m.leftOut, LeftOut{"holiday", fmt.Sprintf("%d public holidays known in the history (see loket import holidays)", public)})
	}
	if school >= minEventDays && len(m.rows)-school >= minEventDays {
		m.spec.Columns = append(m.spec.Columns, countmodel.Column{Name: schoolTermName, Value: func(d time.Time) (float64, bool) {
			return flag(true, cal.IsSchool(d))
		}})
	}
}

func weatherValue(wx weatherByDay, c weatherColumn) func(time.Time) (float64, bool) {
	return func(d time.Time) (float64, bool) { return wx.value(c, d) }
}

// fitDays are the days the model is fitted on.
func (m *modelSpec) fitDays(days []time.Time) []time.Time {
	out := make([]time.Time, len(m.rows))
	for k, i := range m.rows {
		out[k] = days[i]
	}
	return out
}
