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

// parseRequest reads the filters of an export by p (nil: anonymous).
func parseRequest(q url.Values, p *auth.Principal) (ticketing.Filter, error) {
	for k := range q {
		switch {
		case k == "cursor" || k == "limit":
			return ticketing.Filter{}, errs.E(errs.Invalid, "an export has no pages: it streams every ticket that matches, so drop %s", k)
		case slices.Contains(staffFilters, k) && !p.IsStaff():
			kind := errs.Forbidden
			if p == nil {
				kind = errs.Unauthorized
			}
			return ticketing.Filter{}, errs.E(kind, "filtering by %s is for staff: sign in as staff", k)
		case !slices.Contains(publicFilters, k) && !slices.Contains(staffFilters, k):
			return ticketing.Filter{}, errs.E(errs.Invalid, "unknown filter %q: use %s", k, strings.Join(append(slices.Clone(publicFilters), staffFilters...), ", "))
		}
	}
	return ticketing.ParseFilter(q)
}
