package countmodel

import (
	"encoding/json"
	"time"
)

// Date is a calendar day, kept at midnight UTC and written as 2026-11-27
// in JSON: the day of a count, an alert or a forecast.
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
