package areas

import (
	"time"

	"loket/internal/errs"
)

// cityTime is the calendar of a municipality whose time zone cannot be
// read: Belgian, as the schema's default.
var cityTime = mustZone("Europe/Brussels")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// Weeks an emerging analysis may span: the Mann–Kendall trend needs a run
// of them to mean anything (ArcGIS asks for ten); two years of weeks is
// more than a hexagon map can show.
const (
	defaultWeeks = 12
	minWeeks     = 2
	maxWeeks     = 104
)

// weekBounds cuts [from, to) into whole weeks counted back from to, so
// the latest week is complete: bounds[0] is the oldest week's start and
// bounds[len−1] is to. Days before the oldest whole week are left out. A
// zero from means defaultWeeks. Weeks are counted on loc's calendar.
func weekBounds(from, to time.Time, loc *time.Location) ([]time.Time, error) {
	end := to.In(loc)
	weeks := defaultWeeks
	if !from.IsZero() {
		weeks = 0
		for !end.AddDate(0, 0, -7*(weeks+1)).Before(from) && weeks <= maxWeeks {
			weeks++
		}
	}
	switch {
	case weeks < minWeeks:
		return nil, errs.E(errs.Invalid, "emerging hot spots need at least %d whole weeks between from and to", minWeeks)
	case weeks > maxWeeks:
		return nil, errs.E(errs.Invalid, "emerging hot spots span at most %d weeks", maxWeeks)
	}
	bounds := make([]time.Time, weeks+1)
	for k := range bounds {
		bounds[k] = end.AddDate(0, 0, -7*(weeks-k))
	}
	return bounds, nil
}
