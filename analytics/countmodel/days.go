package countmodel

import "time"

// date is t's calendar day at midnight UTC, so that days given in any time
// zone compare and count alike.
func date(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// dayNumber counts days since 1970-01-01. Seasonal terms use it rather
// than the day of the year so that leap years do not make them jump.
func dayNumber(t time.Time) int {
	return int(date(t).Unix() / 86400)
}

// Days lists n consecutive days starting at start's calendar day.
func Days(start time.Time, n int) []time.Time {
	first := date(start)
	days := make([]time.Time, n)
	for i := range days {
		days[i] = first.AddDate(0, 0, i)
	}
	return days
}

// ByDay turns values aligned with days into a lookup for a Column.
func ByDay(days []time.Time, values []float64) func(time.Time) (float64, bool) {
	m := make(map[time.Time]float64, len(days))
	for i, d := range days {
		if i < len(values) {
			m[date(d)] = values[i]
		}
	}
	return func(day time.Time) (float64, bool) {
		v, ok := m[date(day)]
		return v, ok
	}
}
