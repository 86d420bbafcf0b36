package areas

import (
	"time"

	"loket/internal/errs"
)

// Filter selects the tickets an analysis reads.
type Filter struct {
	// From and To bound the creation time, [From, To). Zero values take
	// the analysis's default period, ending now.
	From, To time.Time
	// Categories are codes; a parent category's code takes its
	// sub-categories too. None means every category.
	Categories []string
	// Neighbourhood is a neighbourhood's code: the analysis keeps to its
	// tickets, residents and area. Empty means the whole municipality.
	Neighbourhood string
}

// maxPeriod keeps a typo in a year (2206 for 2026) from reading everything.
const maxPeriod = 10 * 366 * 24 * time.Hour

// withPeriod fills in the default period, ending now and lasting days,
// and checks the result.
func (f Filter) withPeriod(now time.Time, days int) (Filter, error) {
	if f.To.IsZero() {
		f.To = now
	}
	if f.From.IsZero() {
		f.From = f.To.AddDate(0, 0, -days)
	}
	switch {
	case !f.From.Before(f.To):
		return f, errs.E(errs.Invalid, "from (%s) must come before to (%s)", f.From.Format(time.DateOnly), f.To.Format(time.DateOnly))
	case f.To.Sub(f.From) > maxPeriod:
		return f, errs.E(errs.Invalid, "the period may last at most 10 years")
	}
	return f, nil
}
