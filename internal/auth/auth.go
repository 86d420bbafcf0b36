// Package auth signs staff in and tells handlers who is calling and with
// which roles. Citizens' accounts are a separate concern.
package auth

import (
	"context"
	"slices"
)

// Roles a staff member can hold, as constrained in the schema.
const (
	RoleAgent   = "agent"
	RoleStaff   = "staff"
	RoleField   = "field"
	RoleManager = "manager"
	RoleAdmin   = "admin"
)

// Principal is the signed-in staff member behind a request.
type Principal struct {
	MunicipalityID int      `json:"municipality_id"`
	StaffID        int      `json:"staff_id"`
	Name           string   `json:"name"`
	Email          string   `json:"email"`
	TeamID         *int     `json:"team_id,omitempty"`
	Roles          []string `json:"roles"`
}

// Has reports whether p holds role; admins hold every role.
func (p *Principal) Has(role string) bool {
	return p != nil && (slices.Contains(p.Roles, role) || slices.Contains(p.Roles, RoleAdmin))
}

type ctxKey struct{}

// With returns ctx carrying p.
func With(ctx context.Context, p *Principal) context.Context {
	return context.WithValue(ctx, ctxKey{}, p)
}

// From returns the principal of ctx, or nil for an anonymous caller.
func From(ctx context.Context) *Principal {
	p, _ := ctx.Value(ctxKey{}).(*Principal)
	return p
}
