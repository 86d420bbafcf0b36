// Package auth tells handlers who is calling and with which roles: staff
// and citizens signed in with a password, or machine clients holding a
// bearer token.
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

// Roles of callers who are not staff.
const (
	RoleCitizen = "citizen"
	RoleClient  = "client"
)

// staffRoles are the roles an admin holds implicitly. Citizen and client
// are not among them: an admin is not a citizen with an account.
var staffRoles = []string{RoleAgent, RoleStaff, RoleField, RoleManager, RoleAdmin}

// Principal is who is behind a request: a staff member (StaffID set), a
// citizen (CitizenID set) or a machine client (ClientID set).
type Principal struct {
	MunicipalityID int      `json:"municipality_id"`
	StaffID        int      `json:"staff_id,omitempty"`
	CitizenID      int64    `json:"citizen_id,omitempty"`
	ClientID       int      `json:"client_id,omitempty"`
	Name           string   `json:"name"`
	Email          string   `json:"email"`
	TeamID         *int     `json:"team_id,omitempty"`
	Roles          []string `json:"roles"`
	Language       string   `json:"language,omitempty"`
	EmailVerified  bool     `json:"email_verified,omitempty"`
	// ResidentID links a citizen to the population register; it is
	// personal data and never leaves the server.
	ResidentID *int64 `json:"-"`
}

// Has reports whether p holds role; admins hold every staff role.
func (p *Principal) Has(role string) bool {
	if p == nil {
		return false
	}
	if slices.Contains(p.Roles, role) {
		return true
	}
	return slices.Contains(staffRoles, role) && slices.Contains(p.Roles, RoleAdmin)
}

// IsStaff reports whether p is a signed-in staff member.
func (p *Principal) IsStaff() bool { return p != nil && p.StaffID != 0 }

// IsCitizen reports whether p is a signed-in citizen.
func (p *Principal) IsCitizen() bool { return p != nil && p.CitizenID != 0 }

// IsClient reports whether p is a machine client.
func (p *Principal) IsClient() bool { return p != nil && p.ClientID != 0 }

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
