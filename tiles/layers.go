package tiles

import (
	"net/url"
	"slices"
	"strings"
	"time"

	"loket/internal/errs"
)

// Layers served; tickets_staff adds staff-only attributes and needs a staff sign-in.
var layers = []string{"tickets", "tickets_staff", "neighbourhoods", "hotspots"}

// filtered says whether a layer takes the ticket filters; the others are
// summaries kept whole.
func filtered(layer string) bool { return layer == "tickets" || layer == "tickets_staff" }

// filter narrows the tickets layers.
type filter struct {
	statuses   []string // empty: all
	categories []string // codes
	from, to   *time.Time
	team       string
}

// open and closed are the shorthands of the status filter.
var (
	openStatuses   = []string{"new", "triaged", "assigned", "in_progress", "waiting"}
	closedStatuses = []string{"resolved", "closed", "rejected", "duplicate"}
	allStatuses    = append(slices.Clone(openStatuses), closedStatuses...)
)

// parseFilter reads the query string of a tickets layer; any other
// parameter is refused, so a typo does not silently show everything.
func parseFilter(q url.Values) (filter, string, error) {
	var f filter
	for k := range q {
		if !slices.Contains([]string{"status", "category", "from", "to", "team"}, k) {
			return f, "", errs.E(errs.Invalid, "unknown filter %q: use status, category, from, to or team", k)
		}
	}
	for _, s := range splitList(q.Get("status")) {
		switch {
		case s == "open":
			f.statuses = append(f.statuses, openStatuses...)
		case s == "closed":
			f.statuses = append(f.statuses, closedStatuses...)
		case slices.Contains(allStatuses, s):
			f.statuses = append(f.statuses, s)
		default:
			return f, "", errs.E(errs.Invalid, "status %q: use open, closed or a status such as in_progress", s)
		}
	}
	f.categories = splitList(q.Get("category"))
	for _, d := range []struct {
		name string
		to   **time.Time
	}{{"from", &f.from}, {"to", &f.to}} {
		if v := q.Get(d.name); v != "" {
			t, err := time.Parse(time.DateOnly, v)
			if err != nil {
				if t, err = time.Parse(time.RFC3339, v); err != nil {
					return f, "", errs.E(errs.Invalid, "%s must be a date like 2026-11-27", d.name)
				}
			}
			*d.to = &t
		}
	}
	f.team = q.Get("team")
	slices.Sort(f.statuses)
	f.statuses = slices.Compact(f.statuses)
	slices.Sort(f.categories)
	return f, f.key(), nil
}

// key is the filter in a canonical form, for the cache. Each value is
// escaped, so no code holding a separator can pass for another filter,
// and times keep their fractions of a second.
func (f filter) key() string {
	k := url.Values{"s": f.statuses, "c": f.categories, "t": {f.team}}
	for name, t := range map[string]*time.Time{"from": f.from, "to": f.to} {
		if t != nil {
			k.Set(name, t.UTC().Format(time.RFC3339Nano))
		}
	}
	return k.Encode()
}

// summarised says whether the aggregate table can answer: it is counted
// per category and status only.
func (f filter) summarised() bool { return f.from == nil && f.to == nil && f.team == "" }

// totalled says whether the cell totals can answer, and which of their
// counts: all tickets, or the open ones.
func (f filter) totalled() (count string, ok bool) {
	switch {
	case !f.summarised() || len(f.categories) > 0:
		return "", false
	case len(f.statuses) == 0:
		return "tickets", true
	case slices.Equal(f.statuses, sortedOpen):
		return "open", true
	}
	return "", false
}

var sortedOpen = slices.Sorted(slices.Values(openStatuses))

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
