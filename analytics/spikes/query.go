package spikes

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"loket/internal/errs"
)

// Query says which days and series to test.
type Query struct {
	// Day is the last day tested, a date in the municipality's calendar;
	// zero: today there (so far, so only a strong spike shows before the
	// day ends).
	Day time.Time
	// Days is how many days up to Day are tested [7]; they are kept out of
	// the fit, so a spike cannot hide itself by raising its own prediction.
	Days int
	// Categories limits the series to these codes; a parent code stands
	// for its sub-categories. Nil: every category.
	Categories []string
	// Neighbourhood, a code, limits the series to that neighbourhood's, and
	// then monitors each category there whatever its volume.
	Neighbourhood string
	// Language of the category names: nl, fr or en; otherwise the
	// municipality's own.
	Language string
}

// MaxDays is the most days one query may test: countmodel's longest window.
const MaxDays = 366

func (q Query) normalized() (Query, error) {
	q.Days = cmp.Or(q.Days, 7)
	if q.Days < 1 || q.Days > MaxDays {
		return q, errs.E(errs.Invalid, "days must be between 1 and %d, not %d", MaxDays, q.Days)
	}
	if !q.Day.IsZero() {
		q.Day = dateOf(q.Day)
	}
	var codes []string
	for _, c := range q.Categories {
		if c = strings.TrimSpace(c); c != "" && !slices.Contains(codes, c) {
			codes = append(codes, c)
		}
	}
	q.Categories = codes
	q.Neighbourhood = strings.TrimSpace(q.Neighbourhood)
	return q, nil
}

// dateOf is t's calendar date at midnight UTC, the form countmodel and
// PostgreSQL's date type use.
func dateOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
