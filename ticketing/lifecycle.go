package ticketing

import (
	"slices"

	"loket/internal/errs"
)

// Status is where a ticket is in its life.
type Status string

const (
	StatusNew        Status = "new"
	StatusTriaged    Status = "triaged"
	StatusAssigned   Status = "assigned"
	StatusInProgress Status = "in_progress"
	StatusWaiting    Status = "waiting" // on the citizen, or on planning
	StatusResolved   Status = "resolved"
	StatusClosed     Status = "closed"
	StatusRejected   Status = "rejected"
	StatusDuplicate  Status = "duplicate"
)

// next lists, for each status, where a status change may take a ticket.
// Assignment (→ assigned) and merging (→ duplicate) have operations of
// their own; reopening is a resolved, closed or rejected ticket taken
// back into work.
var next = map[Status][]Status{
	StatusNew:        {StatusTriaged, StatusRejected},
	StatusTriaged:    {StatusRejected},
	StatusAssigned:   {StatusInProgress, StatusWaiting, StatusResolved, StatusRejected},
	StatusInProgress: {StatusWaiting, StatusResolved, StatusRejected},
	StatusWaiting:    {StatusInProgress, StatusResolved, StatusRejected},
	StatusResolved:   {StatusClosed, StatusInProgress},
	StatusClosed:     {StatusInProgress},
	StatusRejected:   {StatusTriaged},
	StatusDuplicate:  {},
}

// Open reports whether a ticket in s still needs work.
func (s Status) Open() bool {
	return s != StatusResolved && s != StatusClosed && s != StatusRejected && s != StatusDuplicate
}

// Allowed lists the statuses a ticket in s may move to by a status change.
func Allowed(s Status) []Status { return next[s] }

// checkMove refuses a status change the lifecycle does not allow, naming
// the ones it does.
func checkMove(from, to Status) error {
	if _, known := next[to]; !known {
		return errs.E(errs.Invalid, "%q is not a status", to)
	}
	if slices.Contains(next[from], to) {
		return nil
	}
	switch to {
	case StatusAssigned:
		return errs.E(errs.Conflict, "a ticket becomes assigned by assigning it to a team; from %s it may go to %s", from, list(next[from]))
	case StatusDuplicate:
		return errs.E(errs.Conflict, "a ticket becomes a duplicate by merging it into another; from %s it may go to %s", from, list(next[from]))
	}
	if len(next[from]) == 0 {
		return errs.E(errs.Conflict, "a %s ticket cannot change status", from)
	}
	return errs.E(errs.Conflict, "a %s ticket cannot become %s; it may go to %s", from, to, list(next[from]))
}

// canAssign says whether a ticket in s may be (re)assigned.
func canAssign(s Status) bool { return s.Open() }

func list(ss []Status) string {
	out := ""
	for i, s := range ss {
		switch {
		case i == 0:
		case i == len(ss)-1:
			out += " or "
		default:
			out += ", "
		}
		out += string(s)
	}
	return out
}
