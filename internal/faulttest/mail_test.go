package faulttest

import (
	"context"
	"testing"

	"loket/internal/faults"
)

// TestMailServerDownLosesNoNotification runs the server with its
// notification worker while the mail server is unreachable, then refusing,
// then back: the notifications of the tickets made meanwhile wait in the
// outbox with their failed attempts, and each is delivered exactly once.
func TestMailServerDownLosesNoNotification(t *testing.T) {
	pool := city(t)
	// Eight reports with an e-mail address, and public replies on three
	// of them: eleven notifications.
	rep, err := faults.MailServerDown(context.Background(), pool, smallLoad(t, pool, "mail"), 8, 3)
	if err != nil {
		t.Fatal(err)
	}
	report(t, rep.Problems)
	if rep.Notifications != 11 || rep.Delivered != 11 || rep.MostAttempts < 4 {
		t.Errorf("%d notifications, %d delivered, at most %d attempts; want 11, 11 and 4 or more",
			rep.Notifications, rep.Delivered, rep.MostAttempts)
	}
}
