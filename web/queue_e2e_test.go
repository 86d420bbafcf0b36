package web_test

import (
	"context"
	"testing"
)

// TestAStaffMembersNoteStaysInternalAndTheirReplyReachesTheCitizen: a
// staff member writes an internal note and a public reply in Chromium;
// the citizen sees the reply and not the note.
func TestAStaffMembersNoteStaysInternalAndTheirReplyReachesTheCitizen(t *testing.T) {
	s := newSite(t)
	// The most urgent open ticket of staff@'s team whose reporter left an
	// e-mail address: the first of the queue that has a reporter to tell.
	var email, ref string
	if err := s.pool.QueryRow(context.Background(), `SELECT lower(t.reporter_email), t.reference FROM ticket t
		WHERE t.team_id = (SELECT team_id FROM staff WHERE email = 'staff@kortrijk.demo')
		  AND t.status IN ('new', 'triaged', 'assigned', 'in_progress', 'waiting') AND t.reporter_email IS NOT NULL
		  AND t.geom IS NOT NULL
		ORDER BY t.due_at ASC NULLS LAST, t.created_at, t.id LIMIT 1`).Scan(&email, &ref); err != nil {
		t.Fatal(err)
	}
	s.browser().signInAs(email) // gives the reporter an account
	s.runBrowser("staff.spec.mjs", "LOKET_STAFF_EMAIL=staff@kortrijk.demo", "LOKET_STAFF_PASSWORD=demo",
		"LOKET_REF="+ref, "LOKET_EMAIL="+email, "LOKET_PASSWORD=a-long-password")
}
