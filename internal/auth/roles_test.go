package auth

import "testing"

func TestAdminsHoldEveryStaffRoleButAreNoCitizenOrClient(t *testing.T) {
	admin := &Principal{StaffID: 1, Roles: []string{RoleAdmin}}
	citizen := &Principal{CitizenID: 7, Roles: []string{RoleCitizen}}
	client := &Principal{ClientID: 3, Roles: []string{RoleClient}}
	var nobody *Principal
	cases := []struct {
		name string
		p    *Principal
		role string
		want bool
	}{
		{"an admin is a manager", admin, RoleManager, true},
		{"an admin is field crew", admin, RoleField, true},
		{"an admin is no citizen", admin, RoleCitizen, false},
		{"an admin is no client", admin, RoleClient, false},
		{"a citizen is a citizen", citizen, RoleCitizen, true},
		{"a citizen is no agent", citizen, RoleAgent, false},
		{"a client is a client", client, RoleClient, true},
		{"a client is no admin", client, RoleAdmin, false},
		{"nobody holds nothing", nobody, RoleCitizen, false},
	}
	for _, c := range cases {
		if got := c.p.Has(c.role); got != c.want {
			t.Errorf("%s: Has(%q) = %v", c.name, c.role, got)
		}
	}
	kinds := func(p *Principal) [3]bool { return [3]bool{p.IsStaff(), p.IsCitizen(), p.IsClient()} }
	if kinds(admin) != [3]bool{true, false, false} || kinds(citizen) != [3]bool{false, true, false} ||
		kinds(client) != [3]bool{false, false, true} || kinds(nobody) != [3]bool{} {
		t.Error("IsStaff/IsCitizen/IsClient disagree with the principal's kind")
	}
}
