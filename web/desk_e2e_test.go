package web_test

import "testing"

// TestAnAgentRegistersAPhoneCallInChromium: an agent registers a phone
// call for a resident found by name and sees a planted duplicate.
func TestAnAgentRegistersAPhoneCallInChromium(t *testing.T) {
	s := newSite(t)
	c := s.caller(6)
	dup := s.plant("zwerfvuil", c.addressID)
	phoned := s.count(`SELECT count(*) FROM ticket WHERE channel = 'phone' AND reporter_resident_id = $1`, c.id)
	s.runBrowser("desk.spec.mjs", "LOKET_CALLER="+c.name, "LOKET_ADDRESS="+c.address, "LOKET_DUPLICATE="+dup)
	if got := s.count(`SELECT count(*) FROM ticket WHERE channel = 'phone' AND reporter_resident_id = $1`, c.id); got != phoned+1 {
		t.Errorf("the call left %d new phone tickets by the caller, want 1", got-phoned)
	}
}
