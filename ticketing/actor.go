package ticketing

import (
	"loket/internal/auth"
)

// actor is who makes a change: a staff member, a citizen, a machine
// client, or the system itself (e-mail intake).
type actor struct {
	municipalityID int
	staffID        int   // 0 unless staff
	citizenID      int64 // 0 unless a citizen
	clientID       int   // 0 unless a machine client
	label          string
}

func actorOf(p *auth.Principal) actor {
	return actor{municipalityID: p.MunicipalityID, staffID: p.StaffID, citizenID: p.CitizenID, clientID: p.ClientID, label: p.Name}
}

// staffOrNil is the author column of events and audit lines.
func (a actor) staffOrNil() *int {
	if a.staffID == 0 {
		return nil
	}
	return &a.staffID
}
