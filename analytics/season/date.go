package season

import (
	"time"

	"loket/analytics/countmodel"
)

// Date is a calendar day, written as 2026-11-27.
type Date = countmodel.Date

// day is t's calendar day at midnight UTC, the convention of
// analytics/countmodel and analytics/weather.
func day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// daysBetween lists the days from first to last, both included.
func daysBetween(first, last time.Time) []time.Time {
	var out []time.Time
	for d := day(first); !d.After(last); d = d.AddDate(0, 0, 1) {
		out = append(out, d)
	}
	return out
}
