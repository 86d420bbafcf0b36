package export

import (
	"net/url"
	"slices"
	"strings"

	"loket/internal/auth"
	"loket/internal/errs"
	"loket/ticketing"
)

// The ticket list's filters an export takes; anything else is refused,
// so a misspelt filter does not quietly export every ticket.
var (
	publicFilters = []string{"status", "category", "team", "neighbourhood", "bbox",
		"created_from", "created_to", "updated_from", "updated_to"}
	// Staff-only: they search what only staff may read.
	staffFilters = []string{"q", "assignee"}
)

// columnsParam picks the columns: columns=created_at,category, in the
// order wanted.
const columnsParam = "columns"

// parseRequest reads the filters and the columns of an export by p (nil:
// anonymous).
func parseRequest(q url.Values, p *auth.Principal) (ticketing.Filter, []string, error) {
	for k := range q {
		switch {
		case k == columnsParam:
		case k == "cursor" || k == "limit":
			return ticketing.Filter{}, nil, errs.E(errs.Invalid, "an export has no pages: it streams every ticket that matches, so drop %s", k)
		case slices.Contains(staffFilters, k) && !p.IsStaff():
			return ticketing.Filter{}, nil, errs.E(notStaff(p), "filtering by %s is for staff: sign in as staff", k)
		case !slices.Contains(publicFilters, k) && !slices.Contains(staffFilters, k):
			return ticketing.Filter{}, nil, errs.E(errs.Invalid, "unknown filter %q: use %s, or %s to choose columns", k,
				strings.Join(append(slices.Clone(publicFilters), staffFilters...), ", "), columnsParam)
		}
	}
	columns, err := parseColumns(q[columnsParam], p)
	if err != nil {
		return ticketing.Filter{}, nil, err
	}
	f, err := ticketing.ParseFilter(q)
	return f, columns, err
}

// parseColumns reads the names of columns=, given once or more; a staff
// column is refused to others as a staff filter is. Unknown and repeated
// names are for Request.Schema to refuse.
func parseColumns(values []string, p *auth.Principal) ([]string, error) {
	var out []string
	for _, v := range values {
		for name := range strings.SplitSeq(v, ",") {
			name = strings.TrimSpace(name)
			if name == "" {
				return nil, errs.E(errs.Invalid, "columns must be column names separated by commas: %s", knownColumns())
			}
			if _, staff, ok := field(name); ok && staff && !p.IsStaff() {
				return nil, errs.E(notStaff(p), "column %s is for staff: sign in as staff", name)
			}
			out = append(out, name)
		}
	}
	return out, nil
}

// notStaff is the kind of refusal of something for staff: sign in, or
// you may not.
func notStaff(p *auth.Principal) errs.Kind {
	if p == nil {
		return errs.Unauthorized
	}
	return errs.Forbidden
}
