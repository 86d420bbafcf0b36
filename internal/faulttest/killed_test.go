package faulttest

import (
	"context"
	"testing"

	"loket/internal/faults"
)

// TestKilledServerLosesNoAcknowledgedTicket kills loket with SIGKILL while
// agents report tickets, then checks the database against what the agents
// were told, and that sending the reports again with their keys makes
// each ticket once.
func TestKilledServerLosesNoAcknowledgedTicket(t *testing.T) {
	pool := city(t)
	ctx := context.Background()
	before, err := faults.LastTicketID(ctx, pool)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := faults.KillDuringIntake(ctx, loketBinary(t), pool.Config().ConnString(), t.TempDir(),
		pool, smallLoad(t, pool, "kill"))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("before the kill: %d sent, %d acknowledged, %d unanswered of which %d saved; %d tickets checked whole",
		rep.Sent, rep.Acked, rep.Unanswered, rep.SavedUnanswered, rep.Checked)
	report(t, rep.Problems)
	if rep.Acked < 20 || rep.Checked < rep.Acked {
		t.Errorf("%d tickets acknowledged and %d checked: the load did not run", rep.Acked, rep.Checked)
	}

	// A full-size run removes what it made, and only that.
	var others int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM ticket`).Scan(&others); err != nil {
		t.Fatal(err)
	}
	if err := faults.Remove(ctx, pool, before, "kill"); err != nil {
		t.Fatal(err)
	}
	var tickets, after, keys, mails int
	err = pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM ticket), (SELECT count(*) FROM ticket WHERE id > $1),
		(SELECT count(*) FROM idempotency_key WHERE key LIKE 'kill-%'),
		(SELECT count(*) FROM outbox WHERE recipient LIKE 'kill-%')`, before).Scan(&tickets, &after, &keys, &mails)
	if err != nil {
		t.Fatal(err)
	}
	if after != 0 || keys != 0 || mails != 0 || tickets != others-rep.Checked {
		t.Errorf("after Remove: %d tickets (of %d, %d made), %d new, %d keys, %d mails left", tickets, others, rep.Checked, after, keys, mails)
	}
}
