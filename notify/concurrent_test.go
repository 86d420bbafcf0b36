package notify

import (
	"context"
	"fmt"
	"sync"
	"testing"
)

func TestTwoWorkersNeverSendTheSameRow(t *testing.T) {
	pool := outboxDB(t)
	box := &mailbox{}
	addr, _ := serveMail(t, box, "127.0.0.1:0", nil)
	const rows = 20
	for i := range rows {
		enqueue(t, pool, TopicTicketResolved, fmt.Sprintf("c%d@example.org", i), Payload{Reference: fmt.Sprintf("R-%d", i)})
	}
	workers := []*Worker{
		newTestWorker(t, pool, &SMTP{Addr: addr}, nil),
		newTestWorker(t, pool, &SMTP{Addr: addr}, nil),
	}

	start := make(chan struct{})
	sent := make([]int, len(workers))
	var wg sync.WaitGroup
	for i, w := range workers {
		wg.Go(func() {
			<-start
			s, failed, err := w.RunOnce(context.Background())
			if err != nil || failed != 0 {
				t.Errorf("worker %d: failed %d, err %v", i, failed, err)
			}
			sent[i] = s
		})
	}
	close(start)
	wg.Wait()

	if sent[0]+sent[1] != rows {
		t.Fatalf("workers sent %d + %d, want %d in all", sent[0], sent[1], rows)
	}
	seen := map[string]bool{}
	for _, r := range box.received() {
		id := parseMail(t, r.Raw).MessageID
		if seen[id] {
			t.Errorf("%s delivered twice", id)
		}
		seen[id] = true
	}
	if len(seen) != rows {
		t.Errorf("server received %d distinct messages, want %d", len(seen), rows)
	}
	var recorded int
	err := pool.QueryRow(context.Background(),
		`SELECT count(*) FROM outbox WHERE sent_at IS NOT NULL AND attempts = 1`).Scan(&recorded)
	if err != nil || recorded != rows {
		t.Errorf("%d rows recorded as sent once (err %v), want %d", recorded, err, rows)
	}
	t.Logf("worker 0 sent %d, worker 1 sent %d", sent[0], sent[1])
}
