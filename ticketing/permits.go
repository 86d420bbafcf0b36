package ticketing

import (
	"slices"

	"loket/internal/auth"
)

// Op is a change to a ticket, for asking who may make it.
type Op string

const (
	OpStatus Op = "status"
	OpAssign Op = "assign"
	OpReply  Op = "reply"
	OpNote   Op = "note"
	OpMerge  Op = "merge"
)

var opRoles = map[Op][]string{OpStatus: movers, OpAssign: assigners, OpReply: repliers, OpNote: noters, OpMerge: mergers}

// Permits reports whether p may make change op, as the ticket API allows
// it: pages offer a role the operations the API gives that role, no more.
func Permits(p *auth.Principal, op Op) bool {
	return slices.ContainsFunc(opRoles[op], p.Has)
}
