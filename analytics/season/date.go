package season

import (
	"encoding/json"
	"time"
)

// Date is a calendar day, kept at midnight UTC and written as 2026-11-27.
type Date struct{ time.Time }

func (d Date) String() string { return d.Format(time.DateOnly) }

func (d Date) MarshalJSON() ([]byte, error) { return json.Marshal(d.String()) }

func (d *Date) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	t, err := time.Parse(time.DateOnly, s)
	d.Time = t
	return err
}

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
