package areas

import (
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"loket/internal/errs"
)

// filterParams are the parameters every analysis takes.
var filterParams = []string{"from", "to", "category", "neighbourhood"}

// params reads one endpoint's query string; the first mistake sticks in
// err. Names the endpoint does not know are refused, so a misspelt filter
// does not quietly analyse every ticket.
type params struct {
	v   url.Values
	loc *time.Location // of dates
	err error
}

func readParams(v url.Values, loc *time.Location, extra ...string) *params {
	p := &params{v: v, loc: loc}
	known := append(slices.Clone(filterParams), extra...)
	for k, vals := range v {
		switch {
		case !slices.Contains(known, k):
			p.fail(errs.E(errs.Invalid, "unknown parameter %q: use %s", k, strings.Join(known, ", ")))
		case len(vals) > 1 && k != "category":
			p.fail(errs.E(errs.Invalid, "give %s once", k))
		}
	}
	return p
}

func (p *params) fail(err error) {
	if p.err == nil {
		p.err = err
	}
}

// filter reads from, to (dates in the municipality's time, both days included, or
// RFC 3339 times), category (codes, comma-separated or repeated) and
// neighbourhood (a code).
func (p *params) filter() Filter {
	f := Filter{Neighbourhood: strings.TrimSpace(p.v.Get("neighbourhood"))}
	for _, list := range p.v["category"] {
		for _, c := range strings.Split(list, ",") {
			if c = strings.TrimSpace(c); c != "" {
				f.Categories = append(f.Categories, c)
			}
		}
	}
	f.From = p.time("from", 0)
	f.To = p.time("to", 1) // a date ends at the next midnight
	return f
}

func (p *params) time(name string, plusDays int) time.Time {
	s := p.v.Get(name)
	if s == "" {
		return time.Time{}
	}
	if t, err := time.ParseInLocation(time.DateOnly, s, p.loc); err == nil {
		return t.AddDate(0, 0, plusDays)
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		p.fail(errs.E(errs.Invalid, "%s must be a date like 2026-11-27 or a time like 2026-11-27T10:00:00+01:00", name))
	}
	return t
}

// positive reads a number above 0; absent is 0.
func (p *params) positive(name, unit string) float64 {
	s := p.v.Get(name)
	if s == "" {
		return 0
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || !(v > 0) || math.IsInf(v, 0) {
		p.fail(errs.E(errs.Invalid, "%s must be a number of %s above 0", name, unit))
		return 0
	}
	return v
}

// integer reads a whole number from lo to hi; absent is 0.
func (p *params) integer(name string, lo, hi int) int {
	s := p.v.Get(name)
	if s == "" {
		return 0
	}
	v, err := strconv.Atoi(s)
	if err != nil || v < lo || v > hi {
		p.fail(errs.E(errs.Invalid, "%s must be a whole number from %d to %d", name, lo, hi))
		return 0
	}
	return v
}

// fraction reads a number strictly between 0 and hi; absent is 0.
func (p *params) fraction(name string, hi float64) float64 {
	s := p.v.Get(name)
	if s == "" {
		return 0
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || !(v > 0 && v < hi) {
		p.fail(errs.E(errs.Invalid, "%s must be a number above 0 and below %g", name, hi))
		return 0
	}
	return v
}

func (p *params) flag(name string) bool {
	s := p.v.Get(name)
	if s == "" {
		return false
	}
	v, err := strconv.ParseBool(s)
	if err != nil {
		p.fail(errs.E(errs.Invalid, "%s must be true or false", name))
	}
	return v
}
