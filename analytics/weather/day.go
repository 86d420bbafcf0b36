package weather

import (
	"strings"
	"time"
)

// Day is one calendar day's weather; a nil value is not known.
type Day struct {
	Day         time.Time // the calendar day, at midnight UTC
	Source      string    // where the values come from, e.g. "open-meteo"
	TempMinC    *float64
	TempMaxC    *float64
	TempMeanC   *float64
	PrecipMM    *float64 // rain and melted snow
	SnowCM      *float64 // fresh snowfall
	SnowDepthCM *float64 // snow on the ground
}

// Date is t's calendar day at midnight UTC: days given in any time zone
// compare and key maps alike (the convention of analytics/countmodel).
func Date(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Dates outside these years are typing errors, not weather records.
const firstYear, lastYear = 1800, 2200

// parseDay reads 2006-01-02 or 20060102.
func parseDay(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.DateOnly, "20060102"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, t.Year() >= firstYear && t.Year() <= lastYear
		}
	}
	return time.Time{}, false
}

func ptr(v float64) *float64 { return &v }
